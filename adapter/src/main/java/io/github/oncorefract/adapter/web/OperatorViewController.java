package io.github.oncorefract.adapter.web;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.deadletter.DeadLetters;
import io.github.oncorefract.ingest.TolerantParsing;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.routing.FaultClassifier;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /}: the operator view, server-rendered HTML ({@link OperatorViewRenderer}): health, the last passes with
 * their counts and sanitised failures, the quarantine and unrecognised-medication counts of the last pass, the number
 * of dead letters, and the adapter's active Flags by status ({@code Flag?_tag=tags|adapter-output}, status {@code active}) with a link to each flagged
 * patient's timeline ({@code /patients/{id}/timeline}). Logical ids only.
 */
@RestController
public class OperatorViewController {

  private static final int MAX_FLAG_PAGES = 50;

  private final OperatorPassHistory history;
  private final ObjectProvider<IGenericClient> client;
  private final HealthIndicator fhirServer;
  private final ApplicationAvailability availability;
  private final Clock clock;
  private final DeadLetters deadLetters;
  private final OperatorViewRenderer renderer = new OperatorViewRenderer();

  /**
   * @param history      the last passes
   * @param client       the FHIR server's client
   * @param fhirServer   the {@code fhirServer} health indicator
   * @param availability Spring Boot's availability states
   * @param clock        UTC clock
   * @param deadLetters  the dead-letter ledger
   */
  public OperatorViewController(OperatorPassHistory history, ObjectProvider<IGenericClient> client,
      @Qualifier("fhirServer") HealthIndicator fhirServer, ApplicationAvailability availability, Clock clock,
      DeadLetters deadLetters) {
    this.deadLetters = deadLetters;
    this.history = history;
    this.client = client;
    this.fhirServer = fhirServer;
    this.availability = availability;
    this.clock = clock;
  }

  /** The page. */
  @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> page() {
    Health health = fhirServer.health();
    String server = health.getStatus().getCode();
    Object reason = health.getDetails().get("reason");
    if (reason != null) {
      server += " (" + reason + ")";
    }
    Map<String, List<String>> flags = Map.of();
    String flagsError = null;
    try {
      flags = activeFlags();
    } catch (RuntimeException e) {
      flagsError = FaultClassifier.sanitisedReason(e);
    }
    int dead;
    try {
      dead = deadLetters.count();
    } catch (RuntimeException e) {
      dead = -1;
    }
    OperatorViewModel m = new OperatorViewModel(clock.instant(), server,
        availability.getReadinessState().toString(), history.passes(), history.failedPasses(), flags, flagsError,
        dead);
    return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
        .header("Cache-Control", "no-store").body(renderer.render(m));
  }

  private Map<String, List<String>> activeFlags() {
    IGenericClient c = client.getObject();
    Map<String, TreeSet<String>> byStatus = new TreeMap<>();
    String url = "Flag?_tag=" + URLEncoder.encode(Canonical.CS_TAGS + "|" + Canonical.TAG_ADAPTER_OUTPUT,
        StandardCharsets.UTF_8) + "&_elements=subject,code,status&_count=200";
    Bundle page = TolerantParsing.during(() -> c.search().byUrl(url).returnBundle(Bundle.class).execute()).value();
    for (int n = 0; n < MAX_FLAG_PAGES; n++) {
      for (Bundle.BundleEntryComponent e : page.getEntry()) {
        // R4 Flag has no status search parameter: retired (inactive) Flags are skipped here.
        if (e.getResource() instanceof Flag f && f.getStatus() == Flag.FlagStatus.ACTIVE
            && f.getSubject().getReference() != null
            && f.getSubject().getReference().startsWith("Patient/")) {
          String status = f.getCode().getCoding().stream()
              .filter(cd -> Canonical.CS_REFRACTORY_STATUS.equals(cd.getSystem())).map(cd -> cd.getCode())
              .findFirst().orElse("other");
          byStatus.computeIfAbsent(status, k -> new TreeSet<>())
              .add(f.getSubject().getReferenceElement().getIdPart());
        }
      }
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        break;
      }
      Bundle current = page;
      page = TolerantParsing.during(() -> c.loadPage().next(current).execute()).value();
    }
    Map<String, List<String>> out = new TreeMap<>();
    byStatus.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
    return out;
  }
}
