package io.github.oncorefract.ingest;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.domain.ResourceRef;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds candidates with paged FHIR searches, each run to its end by a {@link FhirPager}.
 *
 * <ul>
 *   <li>First pass: every patient with a Condition the cancer predicate accepts ({@code Condition?_elements=subject,
 *       code,verificationStatus}, paged).
 *   <li>Later passes: patients with a Condition, MedicationStatement, MedicationRequest, MedicationAdministration,
 *       Observation or Procedure whose {@code _lastUpdated} is at or after the cursor, that have a cancer Condition
 *       or earlier adapter output (to retire it), plus the patients still pending from failed attempts.
 *   <li>Always restricted to the {@link PatientScope}.
 * </ul>
 *
 * The new high-water mark is the server's own time: the HTTP {@code Date} of the pass's first search response, else
 * that response's {@code Bundle.meta.lastUpdated}, else the adapter's clock minus 5 minutes ({@link ServerClock}; the
 * source is logged at DEBUG), so a clock difference between adapter and server loses nothing. It is stored in UTC and
 * only once every patient of the pass completed or stayed pending ({@code PassCoordinator}). The next incremental pass
 * searches {@code _lastUpdated=ge} that mark minus an overlap window ({@code adapter.fhir.cursor-overlap}), URL-encoded;
 * patients changed within the overlap are assessed again, which is idempotent.
 */
public class FhirPatientFinder implements PatientFinder {

  private static final Logger log = LoggerFactory.getLogger(FhirPatientFinder.class);
  private static final List<String> CHANGE_TYPES =
      List.of("Condition", "MedicationStatement", "MedicationRequest", "MedicationAdministration", "Observation",
          "Procedure");
  private static final int ID_CHUNK = 50;
  /** Subtracted from the adapter's clock when the server gave no time at all. */
  static final Duration ADAPTER_CLOCK_MARGIN = Duration.ofMinutes(5);
  /**
   * Default of {@code adapter.fhir.cursor-overlap}: covers a write whose {@code lastUpdated} was stamped before the
   * pass's first search but committed after it (a transaction running up to the client's read timeout), the
   * one-second precision of the {@code Date} header, and small clock differences between the nodes of a server cluster.
   */
  public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(2);

  private final Supplier<IGenericClient> client;
  private final PatientScope scope;
  private final Predicate<Condition> isCancer;
  private final int pageSize;
  private final FhirPager pager;
  private final Duration overlap;

  /**
   * With {@link FhirPager#defaults()}.
   *
   * @param client   the server's client, supplied lazily
   * @param scope    which patients may be assessed
   * @param isCancer accepts a Condition (with at least code and verificationStatus) that is an in-scope cancer
   * @param pageSize {@code _count}
   */
  public FhirPatientFinder(
      Supplier<IGenericClient> client, PatientScope scope, Predicate<Condition> isCancer, int pageSize) {
    this(client, scope, isCancer, pageSize, FhirPager.defaults());
  }

  /**
   * With {@link #DEFAULT_OVERLAP}.
   *
   * @see #FhirPatientFinder(Supplier, PatientScope, Predicate, int, FhirPager, Duration)
   */
  public FhirPatientFinder(Supplier<IGenericClient> client, PatientScope scope, Predicate<Condition> isCancer,
      int pageSize, FhirPager pager) {
    this(client, scope, isCancer, pageSize, pager, DEFAULT_OVERLAP);
  }

  /**
   * @param client   the server's client, supplied lazily
   * @param scope    which patients may be assessed
   * @param isCancer accepts a Condition (with at least code and verificationStatus) that is an in-scope cancer
   * @param pageSize {@code _count}
   * @param pager    runs each search to its end ({@code adapter.fhir.paging.*}); a paging fault it cannot survive
   *                 fails the pass with {@link PagingException} and the cursor stays
   * @param overlap  an incremental pass searches {@code _lastUpdated=ge(highWater - overlap)}
   *                 ({@code adapter.fhir.cursor-overlap}); patients changed within it are simply assessed again
   * @throws IllegalArgumentException for a negative overlap
   */
  public FhirPatientFinder(Supplier<IGenericClient> client, PatientScope scope, Predicate<Condition> isCancer,
      int pageSize, FhirPager pager, Duration overlap) {
    if (overlap == null || overlap.isNegative()) {
      throw new IllegalArgumentException("adapter.fhir.cursor-overlap must not be negative");
    }
    this.overlap = overlap;
    this.client = client;
    this.scope = scope;
    this.isCancer = isCancer;
    this.pageSize = pageSize;
    this.pager = java.util.Objects.requireNonNull(pager, "pager");
  }

  @Override
  public Candidates find(PassCursor cursor) {
    IGenericClient c = client.get();
    Instant startedAt = Instant.now();
    FirstResponse serverTime = new FirstResponse();
    Set<String> allowed = allowedPatients(c, serverTime);
    java.util.SortedSet<String> result = new TreeSet<>();
    if (cursor.firstPass()) {
      if (allowed != null) {
        // Scoped (ids or tag): ask only about the allowed patients, never page through the whole server.
        cancerPatientsAmong(c, allowed, result, serverTime);
      } else {
        searchAll(c, "Condition?_elements=subject,code,verificationStatus&_count=" + pageSize, serverTime, r -> {
          if (r instanceof Condition cond && isCancer.test(cond)) {
            String pid = patientId(cond.getSubject());
            if (pid != null && (allowed == null || allowed.contains(pid))) {
              result.add(pid);
            }
          }
        });
      }
    } else {
      Set<String> changed = new TreeSet<>();
      String since = lastUpdatedGe(cursor.highWater(), overlap);
      for (String type : CHANGE_TYPES) {
        searchAll(c, type + "?_lastUpdated=" + since + "&_elements=subject&_count=" + pageSize, serverTime, r -> {
              String pid = subjectOf(r);
              if (pid != null && (allowed == null || allowed.contains(pid))) {
                changed.add(pid);
              }
            });
      }
      cancerPatientsAmong(c, changed, result, serverTime);
      // A changed patient with no cancer left (a Condition entered in error) but with earlier adapter output is
      // reassessed too, so that output is retired.
      Set<String> rest = new TreeSet<>(changed);
      rest.removeAll(result);
      withAdapterOutputAmong(c, rest, result, serverTime);
      for (String pending : cursor.pendingPatients()) {
        if (allowed == null || allowed.contains(pending)) {
          result.add(pending);
        }
      }
    }
    ServerClock.Reading hw = ServerClock.choose(serverTime.date, serverTime.lastUpdated, startedAt, ADAPTER_CLOCK_MARGIN);
    log.debug("pass high-water mark {} taken from {}", hw.instant(), hw.source());
    log.info("pass candidates: {} patient(s) ({}, scope: {})", result.size(),
        cursor.firstPass() ? "full" : "incremental", scope.describe());
    return new Candidates(result, hw.instant(), !cursor.firstPass());
  }

  /** The types whose changes make a patient a candidate of an incremental pass ({@code _lastUpdated} searches). */
  public static List<String> changeTypes() {
    return CHANGE_TYPES;
  }

  /** Which patients may be assessed ({@code adapter.scope.*}). */
  public PatientScope scope() {
    return scope;
  }

  /**
   * The candidates of an incremental pass whose changed patients were found elsewhere (a Bulk Data export with
   * {@code _since}): the same rules as {@link #find} for an incremental pass: in scope, with a cancer Condition or with
   * earlier adapter output (to retire it), plus the pending patients in scope.
   *
   * @param changed      logical ids of the patients with changed resources
   * @param cursor       the stored cursor (its pending patients are added)
   * @param newHighWater the server time the changes were taken at (UTC), the cursor once the pass completes
   * @return incremental candidates
   */
  public Candidates incrementalAmong(Set<String> changed, PassCursor cursor, Instant newHighWater) {
    IGenericClient c = client.get();
    FirstResponse ignored = new FirstResponse();
    Set<String> allowed = allowedPatients(c, ignored);
    Set<String> inScope = new TreeSet<>(changed);
    if (allowed != null) {
      inScope.retainAll(allowed);
    }
    java.util.SortedSet<String> result = new TreeSet<>();
    cancerPatientsAmong(c, inScope, result, ignored);
    Set<String> rest = new TreeSet<>(inScope);
    rest.removeAll(result);
    withAdapterOutputAmong(c, rest, result, ignored);
    for (String pending : cursor.pendingPatients()) {
      if (allowed == null || allowed.contains(pending)) {
        result.add(pending);
      }
    }
    log.info("pass candidates: {} patient(s) (incremental, from a bulk export, scope: {})", result.size(),
        scope.describe());
    return new Candidates(result, newHighWater, true);
  }

  /**
   * Those of the given patients that are in scope now ({@code adapter.scope.*}): listed ids are checked here, a scope
   * tag by asking the server ({@code Patient?_id=..&_tag=..}, in chunks). Used to re-check patients remembered from
   * earlier passes (dead letters) after the scope may have changed.
   *
   * @param patientIds logical Patient ids
   * @return the in-scope ones, sorted; all of them when the scope is unrestricted
   * @throws RuntimeException when the server cannot be asked about the tag
   */
  public java.util.SortedSet<String> inScope(java.util.Collection<String> patientIds) {
    java.util.SortedSet<String> allowed = new TreeSet<>(patientIds);
    if (scope.unrestricted() || allowed.isEmpty()) {
      return allowed;
    }
    if (!scope.patientIds().isEmpty()) {
      allowed.retainAll(scope.patientIds());
    }
    if (scope.tag() != null && !allowed.isEmpty()) {
      IGenericClient c = client.get();
      Set<String> tagged = new HashSet<>();
      List<String> list = new ArrayList<>(allowed);
      for (int i = 0; i < list.size(); i += ID_CHUNK) {
        String ids = String.join(",", list.subList(i, Math.min(list.size(), i + ID_CHUNK)).stream()
            .map(FhirSearchPatientDataSource::encode).toList());
        searchAll(c, "Patient?_id=" + ids + "&_tag=" + FhirSearchPatientDataSource.encode(scope.tag())
            + "&_elements=id&_count=" + pageSize, new FirstResponse(), r -> tagged.add(r.getIdElement().getIdPart()));
      }
      allowed.retainAll(tagged);
    }
    return allowed;
  }

  /** Patients the scope allows, or {@code null} when unrestricted. */
  private Set<String> allowedPatients(IGenericClient c, FirstResponse serverTime) {
    if (scope.unrestricted()) {
      return null;
    }
    Set<String> ids = scope.patientIds().isEmpty() ? null : new TreeSet<>(scope.patientIds());
    if (scope.tag() != null) {
      Set<String> tagged = new HashSet<>();
      searchAll(c, "Patient?_tag=" + FhirSearchPatientDataSource.encode(scope.tag()) + "&_elements=id&_count="
          + pageSize, serverTime, r -> tagged.add(r.getIdElement().getIdPart()));
      if (ids == null) {
        ids = tagged;
      } else {
        ids.retainAll(tagged);
      }
    }
    return ids;
  }

  private void cancerPatientsAmong(IGenericClient c, Set<String> patients, Set<String> out, FirstResponse serverTime) {
    List<String> list = new ArrayList<>(patients);
    for (int i = 0; i < list.size(); i += ID_CHUNK) {
      List<String> chunk = list.subList(i, Math.min(list.size(), i + ID_CHUNK));
      String ids = String.join(",", chunk.stream().map(FhirSearchPatientDataSource::encode).toList());
      searchAll(c, "Condition?patient=" + ids + "&_elements=subject,code,verificationStatus&_count=" + pageSize,
          serverTime, r -> {
            if (r instanceof Condition cond && isCancer.test(cond)) {
              String pid = patientId(cond.getSubject());
              if (pid != null && patients.contains(pid)) {
                out.add(pid);
              }
            }
          });
    }
  }

  private void withAdapterOutputAmong(IGenericClient c, Set<String> patients, Set<String> out, FirstResponse serverTime) {
    List<String> list = new ArrayList<>(patients);
    String system = FhirSearchPatientDataSource.encode(
        io.github.oncorefract.profiles.Canonical.ID_ASSESSMENT_OUTPUT + "|");
    for (int i = 0; i < list.size(); i += ID_CHUNK) {
      List<String> chunk = list.subList(i, Math.min(list.size(), i + ID_CHUNK));
      String ids = String.join(",", chunk.stream().map(id -> FhirSearchPatientDataSource.encode("Patient/" + id))
          .toList());
      for (String type : List.of("Flag", "CarePlan")) {
        searchAll(c, type + "?subject=" + ids + "&identifier=" + system + "&_elements=subject&_count=" + pageSize,
            serverTime, r -> {
              String pid = subjectOf(r);
              if (pid != null && patients.contains(pid)) {
                out.add(pid);
              }
            });
      }
    }
  }

  private void searchAll(IGenericClient c, String url, FirstResponse serverTime, Consumer<Resource> each) {
    // Tolerant: an invalid value in some resource must not stop the whole pass; the patient's own read reports it.
    String type = url.substring(0, url.indexOf('?'));
    FhirPager.Result result = pager.search(c, type, url);
    if (!serverTime.taken) {
      // Only the pass's first search: a later response's time could pass over changes made after the first search.
      serverTime.taken = true;
      serverTime.date = result.responseDate();
      serverTime.lastUpdated = result.serverTime();
    }
    result.matches().forEach(each);
  }

  /** The server's time in the pass's first search response. */
  private static final class FirstResponse {
    boolean taken;
    Instant date;
    Instant lastUpdated;
  }

  /**
   * The {@code _lastUpdated} value of an incremental search: {@code ge} the high-water mark minus the overlap, as a
   * FHIR instant in UTC ({@code Z}, milliseconds) and URL-encoded, so no offset's {@code +} can become a space.
   *
   * @param highWater the stored high-water mark (UTC)
   * @param overlap   how far before it to search again
   * @return e.g. {@code ge2026-12-01T09%3A58%3A00Z}
   */
  public static String lastUpdatedGe(Instant highWater, Duration overlap) {
    String instant = DateTimeFormatter.ISO_INSTANT.format(highWater.minus(overlap).truncatedTo(ChronoUnit.MILLIS));
    return "ge" + FhirSearchPatientDataSource.encode(instant);
  }

  private static String subjectOf(Resource r) {
    try {
      var prop = r.getNamedProperty("subject");
      if (prop != null && prop.hasValues() && prop.getValues().get(0) instanceof Reference ref) {
        return patientId(ref);
      }
    } catch (org.hl7.fhir.exceptions.FHIRException e) {
      return null;
    }
    return null;
  }

  /** The Patient id of a literal reference ({@code Patient/x}, absolute or relative), else {@code null}. */
  static String patientId(Reference ref) {
    if (ref == null || !ref.hasReference()) {
      return null;
    }
    try {
      ResourceRef r = ResourceRef.parse(ref.getReference());
      return "Patient".equals(r.type()) ? r.id() : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
