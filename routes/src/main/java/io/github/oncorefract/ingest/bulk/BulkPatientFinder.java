package io.github.oncorefract.ingest.bulk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.domain.QuarantineEntry;
import io.github.oncorefract.ingest.Candidates;
import io.github.oncorefract.ingest.FhirPatientFinder;
import io.github.oncorefract.ingest.PassCursor;
import io.github.oncorefract.ingest.PatientFinder;
import io.github.oncorefract.publish.TransactionPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Condition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a pass's patients with a Bulk Data export when that pays, else with the per-patient finder.
 *
 * <p><b>When</b> ({@link Mode}): {@code off} never; {@code always} for every full and incremental pass;
 * {@code auto} for full passes only, when the server's CapabilityStatement lists the {@code export} operation (asked once)
 * and the full pass would have more than {@code minPatients} candidates, counted cheaply with one
 * {@code Patient?_summary=count} search (with the scope's tag when one is set; the number of listed ids when the scope
 * lists ids).
 *
 * <p><b>Full pass</b>: exports the types the per-patient read reads (Patient, Condition, MedicationStatement,
 * MedicationRequest, MedicationAdministration, Medication, Observation, Procedure) and the adapter's earlier output
 * (Flag, CarePlan, ServiceRequest, Task), downloads every file into {@link PatientBuckets} on disk, groups it, and stages
 * it ({@link BulkStaging}) for the {@link StagedPatientDataSource}. The candidates are the export's patients with a
 * cancer Condition (the per-patient finder's rule for a full pass) that are in scope
 * ({@link FhirPatientFinder#inScope}); the new high-water mark is the manifest's {@code transactionTime}.
 *
 * <p><b>Incremental pass</b> ({@code always} only): exports the change types of the per-patient finder with
 * {@code _since} = the cursor minus the overlap, streams it only to collect the changed patients' ids (an incremental
 * export holds only what changed, not whole patients, so each candidate is then read per patient), and applies the
 * finder's incremental rules ({@link FhirPatientFinder#incrementalAmong}); the high-water mark is again the manifest's
 * {@code transactionTime}.
 *
 * <p>The job is deleted on the server once its files are read. A failed export fails the pass (the cursor stays);
 * nothing falls back silently. An export whose error files report resources it could not export (issues of severity
 * error or fatal) is incomplete in a way no one can attribute to a patient: the pass then uses the per-patient finder
 * and read, with a WARN giving the count.
 */
public class BulkPatientFinder implements PatientFinder {

  private static final Logger log = LoggerFactory.getLogger(BulkPatientFinder.class);
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** When a pass uses Bulk Data ({@code adapter.bulk.mode}). */
  public enum Mode {
    /** Full passes over more than {@code min-patients} candidates, when the server offers {@code $export}. */
    AUTO,
    /** Never. */
    OFF,
    /** Every full and incremental pass. */
    ALWAYS
  }

  /**
   * The settings of {@code adapter.bulk.*}.
   *
   * @param mode        when
   * @param minPatients {@code auto}: more than this many candidates
   * @param level       system, group or patient level
   * @param groupId     the Group for level group
   * @param workDir     where exports are grouped on disk (a sub-directory per pass, deleted after it)
   * @param bucketBytes target bucket size in bytes
   * @param overlap     an incremental export's {@code _since} is the cursor minus this ({@code adapter.fhir.cursor-overlap})
   */
  public record Settings(Mode mode, int minPatients, BulkExportClient.Level level, String groupId, Path workDir,
      long bucketBytes, Duration overlap) {
    public Settings {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(workDir, "workDir");
    }
  }

  /** Name prefix of a full pass's work directory under {@code adapter.bulk.work-dir}. */
  static final String WORK_PREFIX = "export-";

  /** The types a full export asks for: what the per-patient read reads, with the adapter's earlier output. */
  public static final List<String> FULL_TYPES;

  static {
    List<String> t = new ArrayList<>(List.of("Patient", "Condition", "MedicationStatement", "MedicationRequest",
        "MedicationAdministration", "Medication", "Observation", "Procedure"));
    t.addAll(TransactionPublisher.OUTPUT_TYPES);
    FULL_TYPES = List.copyOf(t);
  }

  /**
   * The types of a full export at a level: {@link #FULL_TYPES}; at group and patient level without Medication, which
   * is outside the Patient compartment (servers refuse it there; a referenced Medication is then not available to the
   * normaliser, contained ones are).
   */
  public static List<String> fullTypes(BulkExportClient.Level level) {
    return level == BulkExportClient.Level.SYSTEM ? FULL_TYPES
        : FULL_TYPES.stream().filter(t -> !t.equals("Medication")).toList();
  }

  private final FhirPatientFinder perPatient;
  private final BulkExportClient client;
  private final BulkStaging staging;
  private final Supplier<IGenericClient> fhir;
  private final Predicate<Condition> isCancer;
  private final Settings settings;
  private volatile Boolean exportOffered;
  private volatile Mode mode;

  /**
   * @param perPatient the per-patient finder (used when bulk does not apply, and for scope and incremental rules)
   * @param client     the Bulk Data client
   * @param staging    where the grouped export of a full pass is staged
   * @param fhir       the server's client (CapabilityStatement, counts)
   * @param isCancer   accepts a Condition that is an in-scope cancer
   * @param settings   {@code adapter.bulk.*}
   */
  public BulkPatientFinder(FhirPatientFinder perPatient, BulkExportClient client, BulkStaging staging,
      Supplier<IGenericClient> fhir, Predicate<Condition> isCancer, Settings settings) {
    this.perPatient = Objects.requireNonNull(perPatient, "perPatient");
    this.client = Objects.requireNonNull(client, "client");
    this.staging = Objects.requireNonNull(staging, "staging");
    this.fhir = Objects.requireNonNull(fhir, "fhir");
    this.isCancer = Objects.requireNonNull(isCancer, "isCancer");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.mode = settings.mode();
  }

  /** The mode in effect ({@code adapter.bulk.mode} unless changed with {@link #mode(Mode)}). */
  public Mode mode() {
    return mode;
  }

  /**
   * Changes the mode from the next pass on (the configured one is restored only by setting it again); for an
   * operator's one-off comparison and for tests that share one application context.
   */
  public void mode(Mode newMode) {
    this.mode = Objects.requireNonNull(newMode, "mode");
  }

  @Override
  public Candidates find(PassCursor cursor) {
    staging.clear();
    boolean full = cursor.firstPass();
    if (!useBulk(full)) {
      return perPatient.find(cursor);
    }
    return full ? full(cursor) : incremental(cursor);
  }

  /** Whether this pass uses Bulk Data (see the class comment). */
  boolean useBulk(boolean full) {
    return switch (mode) {
      case OFF -> false;
      case ALWAYS -> true;
      case AUTO -> full && exportOffered() && fullPassSize() > settings.minPatients();
    };
  }

  /**
   * True when the server's CapabilityStatement lists the operation {@code export} at the level configured (system:
   * {@code rest.operation}; group or patient: that resource's {@code operation}). Asked once; unreadable counts as no.
   */
  public boolean exportOffered() {
    Boolean offered = exportOffered;
    if (offered == null) {
      offered = readExportOffered();
      exportOffered = offered;
    }
    return offered;
  }

  private boolean readExportOffered() {
    try {
      CapabilityStatement cs = fhir.get().capabilities().ofType(CapabilityStatement.class).execute();
      for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
        if (settings.level() == BulkExportClient.Level.SYSTEM) {
          if (rest.getOperation().stream().anyMatch(o -> isExport(o.getName()))) {
            return true;
          }
        } else {
          String type = settings.level() == BulkExportClient.Level.GROUP ? "Group" : "Patient";
          for (CapabilityStatement.CapabilityStatementRestResourceComponent res : rest.getResource()) {
            if (type.equals(res.getType()) && res.getOperation().stream().anyMatch(o -> isExport(o.getName()))) {
              return true;
            }
          }
        }
      }
      return false;
    } catch (RuntimeException e) {
      log.warn("CapabilityStatement not readable ({}): bulk export assumed unsupported", e.getClass().getSimpleName());
      return false;
    }
  }

  private static boolean isExport(String name) {
    return "export".equals(name) || "$export".equals(name);
  }

  /** An upper bound of a full pass's candidates from one count search (see the class comment). */
  long fullPassSize() {
    var scope = perPatient.scope();
    if (!scope.patientIds().isEmpty()) {
      return scope.patientIds().size();
    }
    String url = "Patient?_summary=count"
        + (scope.tag() == null ? "" : "&_tag=" + java.net.URLEncoder.encode(scope.tag(), java.nio.charset.StandardCharsets.UTF_8));
    Bundle b = fhir.get().search().byUrl(url).returnBundle(Bundle.class).execute();
    return b.hasTotal() ? b.getTotal() : 0;
  }

  private BulkExportClient.Request request(List<String> types, java.time.Instant since) {
    return new BulkExportClient.Request(settings.level(), settings.groupId(), types, since);
  }

  private Candidates full(PassCursor cursor) {
    PatientBuckets.sweepStale(settings.workDir(), WORK_PREFIX);
    Path dir = settings.workDir().resolve(WORK_PREFIX + Long.toHexString(System.nanoTime()) + "-"
        + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt()));
    PatientBuckets buckets = new PatientBuckets(dir, fhirContext(), settings.bucketBytes(),
        fhir.get().getServerBase());
    try {
      BulkExportClient.Job job = client.kickOff(request(fullTypes(settings.level()), null));
      BulkManifest manifest;
      long lines = 0;
      try {
        manifest = client.awaitManifest(job);
        if (incomplete(manifest)) {
          buckets.close();
          return perPatient.find(cursor);
        }
        for (BulkManifest.File f : manifest.output()) {
          lines += client.download(manifest, f, buckets);
        }
      } finally {
        client.delete(job);
      }
      buckets.group(isCancer);
      for (QuarantineEntry q : buckets.unattributed()) {
        log.info("quarantined {}/{} at {}: {}", q.resourceType(), q.resourceId(), q.elementPath(), q.reason());
      }
      SortedSet<String> ids = perPatient.inScope(buckets.cancerPatients());
      staging.stage(buckets);
      log.info("pass candidates: {} patient(s) (full, bulk export of {} line(s) in {} file(s), {} bucket(s), scope: "
          + "{})", ids.size(), lines, manifest.output().size(), buckets.bucketCount(), perPatient.scope().describe());
      return new Candidates(ids, manifest.transactionTime(), false, Candidates.BULK);
    } catch (IOException e) {
      buckets.close();
      throw new UncheckedIOException("bulk export could not be spooled to disk", e);
    } catch (RuntimeException e) {
      buckets.close();
      throw e;
    }
  }

  private Candidates incremental(PassCursor cursor) {
    java.time.Instant since = cursor.highWater().minus(settings.overlap());
    BulkExportClient.Job job = client.kickOff(request(FhirPatientFinder.changeTypes(), since));
    Set<String> changed = new TreeSet<>();
    String base = fhir.get().getServerBase();
    BulkManifest manifest;
    try {
      manifest = client.awaitManifest(job);
      if (incomplete(manifest)) {
        return perPatient.find(cursor);
      }
      for (BulkManifest.File f : manifest.output()) {
        client.download(manifest, f, (type, n, line) -> {
          String pid = patientOfLine(line, base);
          if (pid != null) {
            changed.add(pid);
          }
        });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("bulk export could not be read", e);
    } finally {
      client.delete(job);
    }
    return perPatient.incrementalAmong(changed, cursor, manifest.transactionTime())
        .withReadPath(Candidates.BULK_INCREMENTAL);
  }

  private static String patientOfLine(String line, String base) {
    try {
      var node = JSON.readTree(line);
      return node == null || !node.isObject() ? null : PatientBuckets.patientOf(node, base);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * True when the manifest's error files report resources the server could not export (issues of severity error or
   * fatal): the export is then incomplete, and no one can tell whose data is missing, so this pass uses the
   * per-patient finder and read instead (logged at WARN with the count only).
   */
  private boolean incomplete(BulkManifest manifest) {
    long errors = client.errorCount(manifest);
    if (errors > 0) {
      // The OperationOutcomes' content is never logged (it may name patients).
      log.warn("bulk export reported {} error(s) in {} error file(s): the export is incomplete, this pass reads "
          + "per patient instead", errors, manifest.error().size());
      return true;
    }
    return false;
  }

  private FhirContext fhirContext() {
    return fhir.get().getFhirContext();
  }
}
