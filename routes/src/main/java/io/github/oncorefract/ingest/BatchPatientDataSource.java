package io.github.oncorefract.ingest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.util.BundleBuilder;
import io.github.oncorefract.domain.QuarantineEntry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a patient in one round trip: one FHIR {@code batch} Bundle holding the read of the Patient, the patient's
 * searches (by default those of {@link FhirSearchPatientDataSource}: Condition, MedicationStatement, MedicationRequest
 * and MedicationAdministration each with {@code _include} of its Medication, Observation, Procedure) and the searches
 * of the adapter's earlier output the planner needs ({@link PatientData#earlierOutput()}). The searches are a table
 * ({@link Search}), so further entries (e.g. one Observation search per category) plug in without code here.
 *
 * <p>Per entry of the {@code batch-response}:
 * <ul>
 *   <li>a search answered 2xx is its first page; its {@code next} links are followed by the {@link FhirPager} exactly
 *       as for a plain search (paging faults, foreign links, 410 restarts, de-duplication);
 *   <li>a search answered with an error status (4xx/5xx inside a 200 batch) falls back to the same search sent on its
 *       own through the pager, so a server that refuses a search inside a batch, or failed one entry for a moment,
 *       still gives the same data; when that plain search fails too, its exception fails the patient as it would in
 *       {@link FhirSearchPatientDataSource} (transient faults are retried and redelivered);
 *   <li>the Patient read answered 404 or 410 throws {@link PatientNotFoundException}; another error falls back to a
 *       plain read.
 * </ul>
 * The whole response is parsed once, tolerantly ({@link TolerantParsing}): an invalid value is removed from its
 * resource, the resource kept and the element reported in {@link PatientData#quarantined()} (type, id, path; never
 * the value), as in {@link FhirSearchPatientDataSource}. Invalid values that cannot be tied to one resource are
 * reported against type {@code Bundle} (the batch), id {@code (unknown)}.
 *
 * <p>Types the server's CapabilityStatement does not list are left out (asked once per instance, as the search source
 * does). When the server answers the batch itself with 400, 404, 405, 501 or 403 (no batch support, or a gateway that
 * refuses a POST at the base), it warns once and reads this and every later patient with the fallback source.
 * Thread-safe.
 */
public class BatchPatientDataSource implements PatientDataSource {

  private static final Logger log = LoggerFactory.getLogger(BatchPatientDataSource.class);

  /** Statuses of the batch request itself that mean "no batch here": read with the fallback from then on. */
  private static final Set<Integer> NO_BATCH = Set.of(400, 403, 404, 405, 501);

  /**
   * One search entry of the batch.
   *
   * @param type the searched resource type (its results, for logs, errors and the supported-type check)
   * @param url  the search relative to the base for a patient id, query values encoded, e.g.
   *             {@code id -> "Condition?patient=" + id + "&_count=200"}
   */
  public record Search(String type, Function<String, String> url) {
    public Search {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(url, "url");
    }
  }

  /**
   * The patient's searches of {@link FhirSearchPatientDataSource}, in its order: {@code Type?patient=<id>&_count=<n>}
   * with its {@code _include}, if any.
   *
   * @param pageSize {@code _count} per page
   */
  public static List<Search> patientSearches(int pageSize) {
    List<Search> out = new ArrayList<>();
    for (Map.Entry<String, String> s : FhirSearchPatientDataSource.SEARCHES.entrySet()) {
      String include = s.getValue() == null ? "" : "&_include=" + s.getValue();
      out.add(new Search(s.getKey(), id -> s.getKey() + "?patient=" + FhirSearchPatientDataSource.encode(id)
          + "&_count=" + pageSize + include));
    }
    return List.copyOf(out);
  }

  private final Supplier<IGenericClient> client;
  private final FhirPager pager;
  private final List<Search> searches;
  private final List<Search> outputSearches;
  private final PatientDataSource fallback;
  private final boolean onlyWhenAdvertised;
  private volatile Capabilities capabilities;
  private volatile boolean batchRefused;

  /**
   * @param client         the configured client of the server (supplied lazily)
   * @param pager          follows each entry's {@code next} links ({@code adapter.fhir.paging.*})
   * @param searches       the patient's searches, in order (e.g. {@link #patientSearches})
   * @param outputSearches the searches of the adapter's earlier output (e.g. one per
   *                       {@code TransactionPublisher.OUTPUT_TYPES}); empty to leave that read to the planner
   * @param fallback       reads a patient when the server refuses batches (normally a
   *                       {@link FhirSearchPatientDataSource})
   * @param onlyWhenAdvertised {@code adapter.fhir.read-strategy=auto}: use the batch only when the server's
   *                       CapabilityStatement lists {@code batch} ({@link #serverSupportsBatch}), else the fallback;
   *                       {@code false} ({@code batch}): always try the batch first
   */
  public BatchPatientDataSource(Supplier<IGenericClient> client, FhirPager pager, List<Search> searches,
      List<Search> outputSearches, PatientDataSource fallback, boolean onlyWhenAdvertised) {
    this.onlyWhenAdvertised = onlyWhenAdvertised;
    this.client = Objects.requireNonNull(client, "client");
    this.pager = Objects.requireNonNull(pager, "pager");
    this.searches = List.copyOf(searches);
    this.outputSearches = List.copyOf(outputSearches);
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  /**
   * True when the server's CapabilityStatement lists the system interaction {@code batch} or {@code transaction}
   * ({@code rest.interaction}; HAPI FHIR's JPA server processes batch Bundles at the base but lists only
   * {@code transaction}, and a server that refuses the batch after all is read per type from then on). Asked once per
   * instance; an unreadable CapabilityStatement counts as no batch.
   */
  public boolean serverSupportsBatch() {
    return capabilities(client.get()).batch();
  }

  @Override
  public PatientData fetch(String patientId) {
    if (batchRefused) {
      return fallback.fetch(patientId);
    }
    IGenericClient c = client.get();
    Capabilities caps = capabilities(c);
    if (onlyWhenAdvertised && !caps.batch()) {
      return fallback.fetch(patientId);
    }
    Set<String> supported = caps.types();
    List<Search> clinical = withObservationCategories(
        searches.stream().filter(s -> supported.isEmpty() || supported.contains(s.type())).toList());
    List<Search> output = outputSearches.stream().filter(s -> supported.isEmpty() || supported.contains(s.type()))
        .toList();
    Bundle batch = request(c.getFhirContext(), patientId, clinical, output);
    TolerantParsing.Parsed<Bundle> response;
    try {
      response = TolerantParsing.during(() -> c.transaction().withBundle(batch).execute());
    } catch (BaseServerResponseException e) {
      if (!NO_BATCH.contains(e.getStatusCode())) {
        throw e;
      }
      if (!batchRefused) {
        batchRefused = true;
        log.warn("FHIR server refused a batch (HTTP {}): patients are read with one search per type from now on",
            e.getStatusCode());
      }
      return fallback.fetch(patientId);
    }
    return split(c, patientId, clinical, output, response);
  }

  /**
   * The searches with the plain Observation search replaced by one per category when the fallback source searches
   * Observations per category ({@code adapter.fhir.observation-categories}, or after the server required a category).
   */
  private List<Search> withObservationCategories(List<Search> clinical) {
    if (!(fallback instanceof FhirSearchPatientDataSource fs) || fs.observationCategoriesInUse().isEmpty()) {
      return clinical;
    }
    List<Search> out = new ArrayList<>();
    for (Search s : clinical) {
      if (s.type().equals("Observation")) {
        for (String category : fs.observationCategoriesInUse()) {
          out.add(new Search("Observation", id -> fs.observationCategorySearch(id, category)));
        }
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The batch of one patient: the Patient read, then {@code searches}, then {@code outputSearches}, each a GET entry.
   *
   * @return a Bundle of type {@code batch}
   */
  static Bundle request(FhirContext ctx, String patientId, List<Search> searches, List<Search> outputSearches) {
    BundleBuilder bb = new BundleBuilder(ctx);
    bb.setType("batch");
    get(bb, "Patient/" + patientId);
    for (Search s : searches) {
      get(bb, s.url().apply(patientId));
    }
    for (Search s : outputSearches) {
      get(bb, s.url().apply(patientId));
    }
    return bb.getBundleTyped();
  }

  private static void get(BundleBuilder bb, String url) {
    ((Bundle.BundleEntryComponent) bb.addEntry()).getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(url);
  }

  /**
   * Splits a {@code batch-response} into the patient's data: entry 0 the Patient, then one entry per search in the
   * order sent. Follows {@code next} links, falls back per failed entry, applies tolerant parsing.
   *
   * @throws PatientNotFoundException when the Patient entry says 404 or 410
   * @throws IllegalStateException    when the response does not hold one entry per request
   */
  PatientData split(IGenericClient c, String patientId, List<Search> clinical, List<Search> output,
      TolerantParsing.Parsed<Bundle> response) {
    FhirContext ctx = c.getFhirContext();
    List<Bundle.BundleEntryComponent> entries = response.value().getEntry();
    if (entries.size() != 1 + clinical.size() + output.size()) {
      throw new IllegalStateException("batch response holds " + entries.size() + " entries for "
          + (1 + clinical.size() + output.size()) + " requests");
    }
    // Invalid values anywhere in the response: removed here once, per resource, before the pager sees the pages.
    Map<Resource, List<String>> dropped = new IdentityHashMap<>();
    List<String> unattributed = new ArrayList<>(response.invalidElements());
    if (!unattributed.isEmpty()) {
      for (Bundle.BundleEntryComponent e : entries) {
        for (Resource r : resourcesOf(e)) {
          List<String> paths = TolerantParsing.dropInvalidValues(ctx, r);
          if (!paths.isEmpty()) {
            dropped.put(r, paths);
            paths.forEach(path -> unattributed.remove(path.substring(path.lastIndexOf('.') + 1)));
          }
        }
      }
    }
    Map<String, IBaseResource> byKey = new LinkedHashMap<>();
    List<QuarantineEntry> quarantined = new ArrayList<>();
    int[] requests = {1};
    Patient patient = patient(c, patientId, entries.get(0), requests);
    FhirSearchPatientDataSource.keep("Patient", List.of(new FhirPager.Found(patient,
        dropped.getOrDefault(patient, List.of()), false)), List.of(), byKey, quarantined);
    for (int i = 0; i < clinical.size(); i++) {
      Search s = clinical.get(i);
      Bundle.BundleEntryComponent entry = entries.get(1 + i);
      if (status(entry) == 400 && s.type().equals("Observation") && fallback instanceof FhirSearchPatientDataSource fs
          && !s.url().apply(patientId).contains("category=")) {
        // The server requires a category on Observation searches (Epic): per category from now on.
        fs.requireObservationCategories();
        requests[0] += fs.observationsPerCategory(c, patientId, byKey, quarantined);
        continue;
      }
      FhirPager.Result result = search(c, patientId, s, entries.get(1 + i), requests);
      FhirSearchPatientDataSource.keep(s.type(), withDropped(result.resources(), dropped), result.unattributed(),
          byKey, quarantined);
    }
    Map<String, IBaseResource> earlier = new LinkedHashMap<>();
    for (int i = 0; i < output.size(); i++) {
      Search s = output.get(i);
      FhirPager.Result result = search(c, patientId, s, entries.get(1 + clinical.size() + i), requests);
      for (Resource r : result.matches()) {
        earlier.putIfAbsent(r.fhirType() + "/" + r.getIdElement().getIdPart(), r);
      }
    }
    for (String element : unattributed) {
      quarantined.add(new QuarantineEntry("Bundle", "(unknown)", element, "invalid-value"));
    }
    log.debug("fetched {} resources and {} earlier outputs in {} requests, {} quarantined", byKey.size(),
        earlier.size(), requests[0], quarantined.size());
    return new PatientData(patientId, new ArrayList<>(byKey.values()), requests[0], quarantined,
        output.isEmpty() ? null : new ArrayList<>(earlier.values()));
  }

  private Patient patient(IGenericClient c, String patientId, Bundle.BundleEntryComponent e, int[] requests) {
    int status = status(e);
    if (status == 404 || status == 410) {
      throw new PatientNotFoundException();
    }
    if (status / 100 == 2 && e.getResource() instanceof Patient p) {
      return p;
    }
    log.warn("batch entry of the Patient read answered {}: read on its own", status);
    requests[0]++;
    try {
      TolerantParsing.Parsed<Patient> read =
          TolerantParsing.during(() -> c.read().resource(Patient.class).withId(patientId).execute());
      Patient p = read.value();
      read.dropInvalidOf(c.getFhirContext(), p);
      return p;
    } catch (ResourceNotFoundException | ResourceGoneException ex) {
      throw new PatientNotFoundException();
    }
  }

  private FhirPager.Result search(IGenericClient c, String patientId, Search s, Bundle.BundleEntryComponent e,
      int[] requests) {
    String url = s.url().apply(patientId);
    int status = status(e);
    FhirPager.Result result;
    if (status / 100 == 2 && e.getResource() instanceof Bundle first) {
      // Invalid values were removed above: the pager sees a clean first page.
      result = pager.search(c, s.type(), url, new TolerantParsing.Parsed<>(first, List.of()));
    } else {
      log.warn("batch entry of a {} search answered {}: searched on its own", s.type(), status);
      result = pager.search(c, s.type(), url);
    }
    requests[0] += result.requests();
    return result;
  }

  private static List<FhirPager.Found> withDropped(List<FhirPager.Found> found, Map<Resource, List<String>> dropped) {
    if (dropped.isEmpty()) {
      return found;
    }
    return found.stream().map(f -> f.droppedPaths().isEmpty() && dropped.containsKey(f.resource())
        ? new FhirPager.Found(f.resource(), dropped.get(f.resource()), f.included()) : f).toList();
  }

  /** The resources an entry carries: a Patient, or the entries of a searchset; none for an error. */
  private static List<Resource> resourcesOf(Bundle.BundleEntryComponent e) {
    if (e.getResource() instanceof Bundle b) {
      List<Resource> out = new ArrayList<>();
      b.getEntry().forEach(be -> {
        if (be.getResource() != null) {
          out.add(be.getResource());
        }
      });
      return out;
    }
    return e.getResource() == null ? List.of() : List.of(e.getResource());
  }

  /** The HTTP status of an entry's response ({@code "200 OK"} -> 200); 0 when absent or unreadable. */
  static int status(Bundle.BundleEntryComponent e) {
    String s = e.hasResponse() ? e.getResponse().getStatus() : null;
    if (s == null || s.isBlank()) {
      return 0;
    }
    String code = s.trim().split("\\s+", 2)[0];
    try {
      return Integer.parseInt(code);
    } catch (NumberFormatException ex) {
      return 0;
    }
  }

  private record Capabilities(boolean batch, Set<String> types) {}

  private Capabilities capabilities(IGenericClient c) {
    Capabilities caps = capabilities;
    if (caps == null) {
      synchronized (this) {
        caps = capabilities;
        if (caps == null) {
          caps = readCapabilities(c);
          capabilities = caps;
        }
      }
    }
    return caps;
  }

  private static Capabilities readCapabilities(IGenericClient c) {
    try {
      CapabilityStatement cs = c.capabilities().ofType(CapabilityStatement.class).execute();
      Set<String> types = new java.util.HashSet<>();
      boolean batch = false;
      for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
        rest.getResource().forEach(res -> types.add(res.getType()));
        for (CapabilityStatement.SystemInteractionComponent i : rest.getInteraction()) {
          // HAPI FHIR (JPA) answers batch Bundles at the base but lists only "transaction": either counts
          batch |= i.getCode() == CapabilityStatement.SystemRestfulInteraction.BATCH
              || i.getCode() == CapabilityStatement.SystemRestfulInteraction.TRANSACTION;
        }
      }
      return new Capabilities(batch, Set.copyOf(types));
    } catch (RuntimeException e) {
      log.warn("CapabilityStatement not readable ({}): batch assumed unsupported, every type searched",
          e.getClass().getSimpleName());
      return new Capabilities(false, Set.of());
    }
  }

}
