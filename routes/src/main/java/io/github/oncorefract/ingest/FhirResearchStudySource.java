package io.github.oncorefract.ingest;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the server's research studies for trial matching: one paged search
 * {@code ResearchStudy?status=<statuses>&_count=<pageSize>} run to its end by a {@link FhirPager}. A server whose
 * CapabilityStatement lists resources but not ResearchStudy is not searched (asked on every load: a server may add it;
 * a load happens once per pass). Studies in other statuses that a server returns anyway are dropped here.
 */
public class FhirResearchStudySource {

  private static final Logger log = LoggerFactory.getLogger(FhirResearchStudySource.class);

  private final Supplier<IGenericClient> client;
  private final Set<String> statuses;
  private final int pageSize;
  private final FhirPager pager;

  /**
   * With {@link FhirPager#defaults()}.
   *
   * @param client   the server's client, supplied lazily
   * @param statuses accepted {@code ResearchStudy.status} codes, e.g. {@code [active]}
   * @param pageSize {@code _count}
   * @throws IllegalArgumentException when {@code statuses} is empty
   */
  public FhirResearchStudySource(Supplier<IGenericClient> client, Set<String> statuses, int pageSize) {
    this(client, statuses, pageSize, FhirPager.defaults());
  }

  /**
   * @param client   the server's client, supplied lazily
   * @param statuses accepted {@code ResearchStudy.status} codes, e.g. {@code [active]}
   * @param pageSize {@code _count}
   * @param pager    runs the search to its end ({@code adapter.fhir.paging.*})
   * @throws IllegalArgumentException when {@code statuses} is empty
   */
  public FhirResearchStudySource(Supplier<IGenericClient> client, Set<String> statuses, int pageSize,
      FhirPager pager) {
    this.pager = Objects.requireNonNull(pager, "pager");
    this.client = Objects.requireNonNull(client, "client");
    if (statuses.isEmpty()) {
      throw new IllegalArgumentException("at least one ResearchStudy status is needed");
    }
    this.statuses = new TreeSet<>(statuses);
    this.pageSize = pageSize;
  }

  /**
   * Every study in an accepted status, sorted by logical id.
   *
   * @return the studies; empty when the server does not support ResearchStudy
   * @throws RuntimeException (HAPI client exceptions) when the server cannot be searched
   */
  public List<ResearchStudy> load() {
    IGenericClient c = client.get();
    if (!supportsResearchStudy(c)) {
      log.debug("FHIR server does not list ResearchStudy: no trial matching");
      return List.of();
    }
    Map<String, ResearchStudy> byId = new LinkedHashMap<>();
    String url = "ResearchStudy?status=" + String.join(",", statuses) + "&_count=" + pageSize;
    // Tolerant: an unparseable value is removed from its study (logged with the study's id and element path only);
    // the study and the rest of the catalogue are kept.
    for (FhirPager.Found f : pager.search(c, "ResearchStudy", url).resources()) {
      if (f.resource() instanceof ResearchStudy rs && !f.included()) {
        if (!f.droppedPaths().isEmpty()) {
          log.info("ResearchStudy/{}: invalid value removed at {}", rs.getIdElement().getIdPart(),
              String.join(", ", f.droppedPaths()));
        }
        if (rs.hasStatus() && statuses.contains(rs.getStatus().toCode())) {
          byId.putIfAbsent(rs.getIdElement().getIdPart(), rs);
        }
      }
    }
    List<ResearchStudy> out = new ArrayList<>(byId.values());
    out.sort(Comparator.comparing(rs -> rs.getIdElement().getIdPart()));
    log.debug("read {} research studies", out.size());
    return out;
  }

  private static boolean supportsResearchStudy(IGenericClient c) {
    try {
      CapabilityStatement cs = c.capabilities().ofType(CapabilityStatement.class).execute();
      Set<String> types = new TreeSet<>();
      cs.getRest().forEach(rest -> rest.getResource().forEach(res -> types.add(res.getType())));
      return types.isEmpty() || types.contains("ResearchStudy");
    } catch (RuntimeException e) {
      log.debug("CapabilityStatement not readable ({}): searching ResearchStudy anyway", e.getClass().getSimpleName());
      return true;
    }
  }
}
