package io.github.oncorefract.ingest;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.github.oncorefract.domain.QuarantineEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a patient with one paged search per resource type, following every {@code next} link: Condition,
 * MedicationStatement, MedicationRequest and MedicationAdministration (each with {@code _include} of its referenced
 * Medication; no wildcard includes), Observation (one search, or one per category where the server requires it) and
 * Procedure, and a read of the Patient. Types the server's
 * CapabilityStatement does not list are skipped (asked once per instance).
 *
 * <p>Each search is run to its end by a {@link FhirPager} (paging faults, foreign {@code next} links, de-duplication).
 * Responses are parsed with {@link TolerantParsing}: a value that cannot be parsed (an invalid date, an unknown status
 * code) is removed from its resource, which is kept, and reported in {@link PatientData#quarantined()} with the
 * resource's type, id and the element path (never the value), so a Condition with an impossible onset date is still a
 * cancer. This needs {@link TolerantParsing#errorHandler()} installed on the client's {@code FhirContext}; without it
 * an invalid value fails the read as before.
 */
public class FhirSearchPatientDataSource implements PatientDataSource {

  private static final Logger log = LoggerFactory.getLogger(FhirSearchPatientDataSource.class);

  /** Searched types and their {@code _include}, in this order. */
  static final Map<String, String> SEARCHES = new LinkedHashMap<>();

  static {
    SEARCHES.put("Condition", null);
    SEARCHES.put("MedicationStatement", "MedicationStatement:medication");
    SEARCHES.put("MedicationRequest", "MedicationRequest:medication");
    SEARCHES.put("MedicationAdministration", "MedicationAdministration:medication");
    SEARCHES.put("Observation", null);
    SEARCHES.put("Procedure", null);
  }

  private final Supplier<IGenericClient> client;
  private final int pageSize;
  private final FhirPager pager;
  private final List<String> observationCategories;
  /** True once the server refused {@code Observation?patient=} without a category: searched per category since. */
  private volatile boolean observationsPerCategory;
  private volatile Set<String> supportedTypes;

  /**
   * The categories searched one by one when the server requires {@code category} on Observation searches and none are
   * configured: every code of the FHIR observation-category code system
   * ({@code http://terminology.hl7.org/CodeSystem/observation-category}).
   */
  public static final List<String> DEFAULT_OBSERVATION_CATEGORIES = List.of("laboratory", "vital-signs", "survey",
      "exam", "imaging", "procedure", "social-history", "therapy", "activity");

  /**
   * With {@link FhirPager#defaults()}.
   *
   * @param client   the configured client of the server (supplied lazily: an embedded server's port is known late)
   * @param pageSize {@code _count} per page
   */
  public FhirSearchPatientDataSource(Supplier<IGenericClient> client, int pageSize) {
    this(client, pageSize, FhirPager.defaults());
  }

  /**
   * @param client   the configured client of the server (supplied lazily: an embedded server's port is known late)
   * @param pageSize {@code _count} per page
   * @param pager    runs each search to its end ({@code adapter.fhir.paging.*})
   */
  public FhirSearchPatientDataSource(Supplier<IGenericClient> client, int pageSize, FhirPager pager) {
    this(client, pageSize, pager, List.of());
  }

  /**
   * @param client                the configured client of the server (supplied lazily)
   * @param pageSize              {@code _count} per page
   * @param pager                 runs each search to its end ({@code adapter.fhir.paging.*})
   * @param observationCategories {@code adapter.fhir.observation-categories}: empty for one {@code Observation?patient=}
   *                              search (falling back to {@link #DEFAULT_OBSERVATION_CATEGORIES} one by one when the
   *                              server answers it with 400); else one search per category (a {@code code} or
   *                              {@code system|code} token), merged without duplicates. Observations in none of
   *                              them are not read.
   */
  public FhirSearchPatientDataSource(Supplier<IGenericClient> client, int pageSize, FhirPager pager,
      List<String> observationCategories) {
    this.client = client;
    this.pageSize = pageSize;
    this.pager = java.util.Objects.requireNonNull(pager, "pager");
    this.observationCategories = observationCategories == null ? List.of()
        : observationCategories.stream().filter(c -> c != null && !c.isBlank()).map(String::trim).distinct().toList();
  }

  @Override
  public PatientData fetch(String patientId) {
    IGenericClient c = client.get();
    Map<String, IBaseResource> byKey = new LinkedHashMap<>();
    List<QuarantineEntry> quarantined = new ArrayList<>();
    int requests = 1;
    try {
      TolerantParsing.Parsed<Patient> read =
          TolerantParsing.during(() -> c.read().resource(Patient.class).withId(patientId).execute());
      Patient patient = read.value();
      List<String> dropped = read.dropInvalidOf(c.getFhirContext(), patient);
      List<String> unattributed = new ArrayList<>(read.invalidElements());
      dropped.forEach(path -> unattributed.remove(path.substring(path.lastIndexOf('.') + 1)));
      keep("Patient", List.of(new FhirPager.Found(patient, dropped, false)), unattributed, byKey, quarantined);
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      throw new PatientNotFoundException();
    }
    Set<String> supported = supportedTypes(c);
    for (Map.Entry<String, String> search : SEARCHES.entrySet()) {
      String type = search.getKey();
      if (!supported.isEmpty() && !supported.contains(type)) {
        continue;
      }
      StringBuilder url =
          new StringBuilder(type).append("?patient=").append(encode(patientId)).append("&_count=").append(pageSize);
      if (search.getValue() != null) {
        url.append("&_include=").append(search.getValue());
      }
      if (type.equals("Observation") && (!observationCategories.isEmpty() || observationsPerCategory)) {
        requests += observationsPerCategory(c, patientId, byKey, quarantined);
        continue;
      }
      FhirPager.Result result;
      try {
        result = pager.search(c, type, url.toString());
      } catch (UnsupportedSearchException e) {
        if (!type.equals("Observation")) {
          throw e;
        }
        // Some servers (Epic) require a category on Observation searches: search per category from now on.
        requests++;
        requireObservationCategories();
        requests += observationsPerCategory(c, patientId, byKey, quarantined);
        continue;
      }
      requests += result.requests();
      keep(type, result.resources(), result.unattributed(), byKey, quarantined);
    }
    log.debug("fetched {} resources in {} requests, {} quarantined", byKey.size(), requests, quarantined.size());
    return new PatientData(patientId, new ArrayList<>(byKey.values()), requests, quarantined);
  }

  /**
   * The categories Observations are searched by: {@code adapter.fhir.observation-categories}, or
   * {@link #DEFAULT_OBSERVATION_CATEGORIES} once the server refused a search without one; empty for one plain
   * {@code Observation?patient=} search.
   */
  public List<String> observationCategoriesInUse() {
    if (!observationCategories.isEmpty()) {
      return observationCategories;
    }
    return observationsPerCategory ? DEFAULT_OBSERVATION_CATEGORIES : List.of();
  }

  /**
   * From now on Observations are searched per category (the server answered 400 to {@code Observation?patient=}
   * without one, as Epic does); warns once.
   */
  synchronized void requireObservationCategories() {
    if (!observationsPerCategory) {
      observationsPerCategory = true;
      log.warn("the FHIR server refused Observation?patient= without a category (HTTP 400): Observations are "
          + "searched per category from now on (adapter.fhir.observation-categories chooses them)");
    }
  }

  /** The paged search of one category of the patient's Observations, relative to the base, values encoded. */
  String observationCategorySearch(String patientId, String category) {
    return "Observation?patient=" + encode(patientId) + "&category=" + encode(category) + "&_count=" + pageSize;
  }

  /** One Observation search per category, merged by type/id; returns the requests sent. */
  int observationsPerCategory(IGenericClient c, String patientId, Map<String, IBaseResource> byKey,
      List<QuarantineEntry> quarantined) {
    List<String> categories = observationCategories.isEmpty() ? DEFAULT_OBSERVATION_CATEGORIES : observationCategories;
    int requests = 0;
    for (String category : categories) {
      FhirPager.Result result = pager.search(c, "Observation", observationCategorySearch(patientId, category));
      requests += result.requests();
      keep("Observation", result.resources(), result.unattributed(), byKey, quarantined);
    }
    return requests;
  }

  /**
   * Adds the resources of one search, each once by type/id, and reports every removed invalid value as a quarantined
   * element (type, id, element path; the resource itself is kept); invalid values that cannot be tied to one resource
   * (HAPI keeps no raw text for some types) are reported against the searched type with id {@code "(unknown)"}.
   */
  static void keep(String searchedType, List<FhirPager.Found> found, List<String> unattributed,
      Map<String, IBaseResource> byKey, List<QuarantineEntry> quarantined) {
    for (FhirPager.Found f : found) {
      Resource r = f.resource();
      String type = r.fhirType();
      String id = r.getIdElement().getIdPart();
      if (byKey.putIfAbsent(type + "/" + id, r) != null) {
        continue; // already kept (and reported) from an earlier search, e.g. another Observation category
      }
      for (String path : f.droppedPaths()) {
        quarantined.add(new QuarantineEntry(type, id, path, "invalid-value"));
      }
    }
    for (String element : unattributed) {
      quarantined.add(new QuarantineEntry(searchedType, "(unknown)", element, "invalid-value"));
    }
  }

  private Set<String> supportedTypes(IGenericClient c) {
    Set<String> s = supportedTypes;
    if (s == null) {
      try {
        CapabilityStatement cs = c.capabilities().ofType(CapabilityStatement.class).execute();
        Set<String> types = new java.util.HashSet<>();
        cs.getRest().forEach(rest -> rest.getResource().forEach(res -> types.add(res.getType())));
        s = Set.copyOf(types);
        for (String type : SEARCHES.keySet()) {
          if (!s.isEmpty() && !s.contains(type)) {
            log.warn("FHIR server does not support {}: not searched", type);
          }
        }
      } catch (RuntimeException e) {
        log.warn("CapabilityStatement not readable ({}): searching every type", e.getClass().getSimpleName());
        s = Set.of();
      }
      supportedTypes = s;
    }
    return s;
  }

  static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }
}
