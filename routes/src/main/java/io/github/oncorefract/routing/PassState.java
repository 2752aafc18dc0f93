package io.github.oncorefract.routing;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.ingest.Candidates;
import io.github.oncorefract.ingest.PassCursor;
import io.github.oncorefract.publish.PublishOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counters and results of one running pass; thread-safe: patients are assessed in parallel
 * ({@code adapter.pass.parallelism}). Counters are atomic, lists and sets synchronized, and what the summary shows is
 * sorted (rows by patient id and cancer, failures by patient id), so it does not depend on which patient finished
 * first.
 */
public final class PassState {

  private final String trigger;
  private final WriteMode writeMode;
  private final Instant startedAt;
  private final PassCursor cursor;
  private final Candidates candidates;
  private final boolean targeted;
  private final AtomicInteger assessed = new AtomicInteger();
  private final AtomicInteger likelyRefractory = new AtomicInteger();
  private final AtomicInteger atRisk = new AtomicInteger();
  private final AtomicInteger created = new AtomicInteger();
  private final AtomicInteger updated = new AtomicInteger();
  private final AtomicInteger unchanged = new AtomicInteger();
  private final AtomicInteger preserved = new AtomicInteger();
  private final AtomicInteger quarantined = new AtomicInteger();
  private final AtomicInteger unrecognisedMedications = new AtomicInteger();
  private final AtomicInteger committedAfterTimeout = new AtomicInteger();
  private final List<PatientFailure> failures = Collections.synchronizedList(new ArrayList<>());
  private final List<PatientRow> rows = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger patientNumbers = new AtomicInteger();
  private final AtomicInteger published = new AtomicInteger();
  private volatile String correlationId = "-";
  private volatile Throwable abort;
  private final Thread beganOn = Thread.currentThread();
  private final Set<String> completedPatients = Collections.synchronizedSet(new TreeSet<>());

  /** How this pass reads its patients ({@link Candidates#readPath()}: per-patient, bulk, bulk-incremental). */
  public String readPath() {
    return candidates.readPath();
  }

  PassState(String trigger, WriteMode writeMode, Instant startedAt, PassCursor cursor, Candidates candidates) {
    this(trigger, writeMode, startedAt, cursor, candidates, false);
  }

  PassState(String trigger, WriteMode writeMode, Instant startedAt, PassCursor cursor, Candidates candidates,
      boolean targeted) {
    this.targeted = targeted;
    this.trigger = trigger;
    this.writeMode = writeMode;
    this.startedAt = startedAt;
    this.cursor = cursor;
    this.candidates = candidates;
  }

  public Candidates candidates() { return candidates; }
  PassCursor cursor() { return cursor; }
  /** True for a pass of an explicit set of patients ({@link PassRequest#targeted()}). */
  boolean targeted() { return targeted; }
  /** This pass's write mode. */
  public WriteMode writeMode() { return writeMode; }

  /** The patients of this pass as work items, in id order. */
  public List<PatientWork> works() {
    return candidates.patientIds().stream().map(id -> new PatientWork(id, this)).toList();
  }

  void completed(PatientWork w) {
    completedPatients.add(w.patientId());
    assessed.incrementAndGet();
    quarantined.addAndGet(w.record() == null ? 0 : w.record().quarantined().size());
    unrecognisedMedications.addAndGet(w.record() == null ? 0 : w.record().unrecognisedMedications().size());
    if (w.committedAfterTimeout()) {
      committedAfterTimeout.incrementAndGet();
    }
    PublishOutcome o = w.outcome();
    if (o != null) {
      created.addAndGet(o.created());
      updated.addAndGet(o.updated());
      unchanged.addAndGet(o.unchanged());
      preserved.addAndGet(o.preserved());
    }
    for (CancerAssessment ca : w.assessment().cancers()) {
      if (ca.status() == RefractoryStatus.LIKELY_REFRACTORY) {
        likelyRefractory.incrementAndGet();
      } else if (ca.status() == RefractoryStatus.AT_RISK) {
        atRisk.incrementAndGet();
      }
      rows.add(new PatientRow(w.patientId(), ca.cancer().display(), ca.lines().size(), ca.status().code(),
          ca.suggestions().stream().map(s -> s.type().code()).distinct().toList(), w.withheld()));
    }
  }

  /** A patient handed to the partitioned path, e.g. a Kafka topic (not assessed here; no outcome, not pending). */
  void published() {
    published.incrementAndGet();
  }

  /** Patients this pass handed to a partitioned path (e.g. a Kafka topic). */
  public int publishedCount() {
    return published.get();
  }

  void failed(PatientFailure f) {
    failures.add(f);
  }

  Set<String> failedPatients() {
    Set<String> s = new TreeSet<>();
    synchronized (failures) {
      failures.forEach(f -> s.add(f.patientId()));
    }
    return s;
  }

  /** This pass's correlation id (MDC key {@code pass}); {@code -} when none was set. */
  String correlationId() {
    return correlationId;
  }

  /** The thread that began this pass. */
  Thread beganOn() {
    return beganOn;
  }

  void correlationId(String id) {
    this.correlationId = id == null ? "-" : id;
  }

  /** 1, 2, 3...: the next patient's number in this pass (for its correlation id). */
  int nextPatientNumber() {
    return patientNumbers.incrementAndGet();
  }

  /** Patients that completed in this pass. */
  Set<String> completedPatients() {
    synchronized (completedPatients) {
      return new TreeSet<>(completedPatients);
    }
  }

  /** This pass's failures so far. */
  List<PatientFailure> failures() {
    synchronized (failures) {
      return failures.stream().sorted(java.util.Comparator.comparing(PatientFailure::patientId)).toList();
    }
  }

  PassSummary summary(Instant end) {
    List<PatientRow> sortedRows;
    synchronized (rows) {
      sortedRows = rows.stream().sorted(java.util.Comparator.comparing(PatientRow::patientId)
          .thenComparing(PatientRow::cancer)).toList();
    }
    List<PatientFailure> f = failures();
    return new PassSummary(trigger, writeMode == WriteMode.DRY_RUN ? "dry-run" : "write", candidates.incremental(),
        startedAt, end.toEpochMilli() - startedAt.toEpochMilli(), assessed.get(), likelyRefractory.get(),
        atRisk.get(), created.get(), updated.get(), unchanged.get(), preserved.get(), quarantined.get(),
        unrecognisedMedications.get(), committedAfterTimeout.get(),
        f.size(), f, sortedRows, candidates.readPath());
  }

  /**
   * Stops the pass: the patients still to come are skipped and {@link PassCoordinator#complete} throws this cause
   * (e.g. the FHIR server's circuit breaker is open), so the cursor stays where it was.
   *
   * @param cause why; the first one given is kept
   */
  public synchronized void abort(Throwable cause) {
    if (abort == null) {
      abort = cause;
    }
  }

  /** The cause the pass was stopped for, or {@code null} while it goes on. */
  public Throwable aborted() {
    return abort;
  }

  /** What started the pass: {@code startup}, {@code schedule}, {@code api}, {@code notification}, {@code replay}, ... */
  public String trigger() {
    return trigger;
  }
}
