package io.github.oncorefract.routing;

import io.github.oncorefract.deadletter.DeadLetters;
import io.github.oncorefract.ingest.Candidates;
import io.github.oncorefract.ingest.CursorStore;
import io.github.oncorefract.ingest.PassCursor;
import io.github.oncorefract.ingest.PatientFinder;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Begins and completes passes and records each patient's outcome. The cursor moves only when a pass completes, to the
 * server time at its start, and every patient that failed stays pending, so the cursor never moves past a patient
 * that did not complete. With a {@link DeadLetters} ledger, every writing pass also records its failures there: a
 * patient that became a dead letter leaves the pending set (it is no longer retried by every incremental pass; it is
 * reassessed when it changes again, by a full pass, or when replayed), and a patient that completes leaves the ledger.
 */
public class PassCoordinator {

  private static final Logger log = LoggerFactory.getLogger(PassCoordinator.class);

  private final PatientFinder finder;
  private final CursorStore cursors;
  private final String serverKey;
  private final WriteMode writeMode;
  private final Clock clock;
  private final Runnable passStart;
  private final DeadLetters deadLetters;
  /** Stages that only compute on the patient's data: a non-transient failure there recurs until the data changes. */
  private static final Set<String> COMPUTE_STAGES = Set.of("normalise", "assess", "propose", "plan", "validate");

  /**
   * @param finder    finds the pass's patients
   * @param cursors   stores the cursor
   * @param serverKey the server's cursor key (its base URL)
   * @param writeMode write or dry-run
   * @param clock     UTC clock for timings
   */
  public PassCoordinator(
      PatientFinder finder, CursorStore cursors, String serverKey, WriteMode writeMode, Clock clock) {
    this(finder, cursors, serverKey, writeMode, clock, null);
  }

  /**
   * @param passStart run once when a pass with at least one patient begins, before any patient (e.g.
   *                  {@link TrialCatalogue#refresh()}); {@code null} for nothing
   * @see #PassCoordinator(PatientFinder, CursorStore, String, WriteMode, Clock)
   */
  public PassCoordinator(PatientFinder finder, CursorStore cursors, String serverKey, WriteMode writeMode,
      Clock clock, Runnable passStart) {
    this(finder, cursors, serverKey, writeMode, clock, passStart, null);
  }

  /**
   * @param deadLetters the dead-letter ledger of this server, or {@code null} to keep retrying failed patients on every
   *                    pass (no dead letters)
   * @see #PassCoordinator(PatientFinder, CursorStore, String, WriteMode, Clock, Runnable)
   */
  public PassCoordinator(PatientFinder finder, CursorStore cursors, String serverKey, WriteMode writeMode,
      Clock clock, Runnable passStart, DeadLetters deadLetters) {
    this.deadLetters = deadLetters;
    this.finder = finder;
    this.cursors = cursors;
    this.serverKey = serverKey;
    this.writeMode = writeMode;
    this.clock = clock;
    this.passStart = passStart;
  }

  /**
   * Starts a pass: loads the cursor and finds candidates (all of them for a full pass; exactly the request's patients
   * for a targeted pass, without asking the finder).
   */
  public PassState begin(PassRequest request) {
    java.time.Instant started = clock.instant();
    PassCursor cursor = cursors.load(serverKey);
    Candidates c = request.targeted()
        ? new Candidates(request.patientIds(), null, true)
        : finder.find(request.full() ? new PassCursor(null, cursor.pendingPatients()) : cursor);
    WriteMode mode = request.dryRun() ? WriteMode.DRY_RUN : writeMode;
    if (passStart != null && !c.patientIds().isEmpty()) {
      passStart.run();
    }
    PassState state = new PassState(request.trigger(), mode, started, cursor, c, request.targeted());
    state.correlationId(org.slf4j.MDC.get(PassRunner.MDC_PASS));
    return state;
  }

  /** The pass's patients as work items, in id order (the splitter's expression). */
  public java.util.List<PatientWork> works(PassState pass) {
    return pass.works();
  }

  /** MDC key of a patient's correlation id within a pass: {@code <pass id>.<n>} (never the logical id). */
  public static final String MDC_PATIENT = "patient";

  /**
   * Called first for every patient of a pass: puts the patient's correlation id in the MDC (the logical id it stands
   * for is logged at DEBUG only).
   */
  public PatientWork patientStarted(PatientWork w) {
    if (w.pass() != null) {
      // Set both: after the first transaction camel-fhir may go on in one of its own threads, without the caller's MDC.
      String pass = w.pass().correlationId();
      String id = pass + "." + w.pass().nextPatientNumber();
      org.slf4j.MDC.put(PassRunner.MDC_PASS, pass);
      org.slf4j.MDC.put(MDC_PATIENT, id);
      log.debug("patient {} is {}", w.patientId(), id);
    }
    return w;
  }

  /** Records a completed patient. */
  public void patientDone(PatientWork w) {
    try {
      w.pass().completed(w);
    } finally {
      org.slf4j.MDC.remove(MDC_PATIENT);
      if (w.pass() != null && w.pass().beganOn() != Thread.currentThread()) {
        // a worker of a parallel pass: it keeps no pass id until its next patient
        org.slf4j.MDC.remove(PassRunner.MDC_PASS);
      }
    }
  }

  /** Marks a patient as being handed to the partitioned path: a failure now reports stage {@code publish}. */
  public PatientWork patientPublishing(PatientWork w) {
    w.stage("publish");
    return w;
  }

  /**
   * Records a patient handed durably to the partitioned path (e.g. acknowledged by the Kafka brokers): it is not
   * assessed by this pass and, like a completed patient, does not stay pending; whoever assesses it (a targeted pass,
   * trigger {@code kafka}) records its own outcome.
   */
  public void patientPublished(PatientWork w) {
    try {
      w.pass().published();
    } finally {
      org.slf4j.MDC.remove(MDC_PATIENT);
    }
  }

  /**
   * Records a failed patient from the exchange's caught exception; never rethrows. A patient the server does not have
   * ({@link io.github.oncorefract.ingest.PatientNotFoundException}) named by a notification (an unauthenticated
   * endpoint) is no failure: it is skipped, not kept pending. In any other pass it is a failure like others, so a
   * pending patient deleted since ends in the dead-letter ledger and leaves the pending set there.
   */
  public void patientFailed(Exchange exchange) {
    Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    PatientWork w = exchange.getProperty(AssessmentRoutes.WORK, PatientWork.class);
    if (w == null || w.pass() == null) {
      org.slf4j.MDC.remove(MDC_PATIENT);
      return;
    }
    if (notOnServer(t) && "notification".equals(w.pass().trigger())) {
      // Nothing can ever be assessed for it (a notification naming an unknown Patient, a patient deleted since): not a
      // failure to retry, or it would stay pending and be fetched again by every later pass.
      log.info("patient not on the FHIR server at stage {}: nothing to assess", w.stage());
      return;
    }
    boolean tr = t != null && FaultClassifier.isTransient(t);
    String reason = t == null ? "unknown" : FaultClassifier.sanitisedReason(t);
    w.pass().failed(new PatientFailure(w.patientId(), w.stage(), reason, tr));
    log.warn("patient assessment failed at stage {}: {}{}", w.stage(), reason, tr ? " (after retries)" : "");
    if (t != null) {
      log.debug("failure detail", t);
    }
    org.slf4j.MDC.remove(MDC_PATIENT);
  }

  /**
   * The route's handler for a fault that must stop the whole pass (the circuit breaker is open, or the server refused a
   * search as invalid): records the patient as failed and aborts the pass, so the following patients are skipped and
   * {@link #complete} throws.
   */
  public void patientAborted(Exchange exchange) {
    PatientWork w = exchange.getProperty(AssessmentRoutes.WORK, PatientWork.class);
    Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    patientFailed(exchange);
    if (w != null && w.pass() != null) {
      w.pass().abort(t != null ? t : new IllegalStateException("pass stopped"));
    }
  }

  /** True when the work's pass was stopped ({@link #patientAborted}): the patient is skipped. */
  public boolean passAborted(PatientWork w) {
    return w != null && w.pass() != null && w.pass().aborted() != null;
  }

  private static boolean notOnServer(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof io.github.oncorefract.ingest.PatientNotFoundException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Completes a pass: stores the cursor (with failed patients pending) and returns the summary. A dry-run pass leaves
   * the cursor where it was, so the next writing pass still sees every change. A targeted pass assessed only some
   * patients: it leaves the high-water mark where it is, adds its failed patients to the pending set and removes its
   * completed ones. A writing pass first records its outcomes in the dead-letter ledger; dead letters are never pending.
   */
  public PassSummary complete(PassState pass) {
    Throwable abort = pass.aborted();
    if (abort != null) {
      // the pass was stopped (e.g. circuit breaker open): no cursor move, the caller gets the cause
      throw abort instanceof RuntimeException re ? re : new IllegalStateException(
          "pass stopped: " + FaultClassifier.sanitisedReason(abort), abort);
    }
    org.slf4j.MDC.put(PassRunner.MDC_PASS, pass.correlationId());
    try {
      return completeWithMdc(pass);
    } finally {
      // On the thread that began the pass PassRunner restores its own value; on a Camel thread (camel-fhir goes on in
      // its own threads after a transaction) nothing stale is left behind.
      if (pass.beganOn() != Thread.currentThread()) {
        org.slf4j.MDC.remove(PassRunner.MDC_PASS);
      }
    }
  }

  private PassSummary completeWithMdc(PassState pass) {
    Set<String> dead = Set.of();
    if (pass.writeMode() == WriteMode.WRITE && deadLetters != null) {
      dead = recordDeadLetters(pass);
    }
    if (pass.targeted()) {
      if (pass.writeMode() == WriteMode.WRITE) {
        // The latest cursor (not the one read at begin): one pass runs at a time, so nothing moved it meanwhile.
        PassCursor now = cursors.load(serverKey);
        Set<String> pending = new TreeSet<>(now.pendingPatients());
        pending.removeAll(pass.completedPatients());
        pending.addAll(pass.failedPatients());
        pending.removeAll(dead);
        if (!pending.equals(now.pendingPatients())) {
          cursors.save(serverKey, new PassCursor(now.highWater(), pending));
        }
      }
    } else if (pass.writeMode() == WriteMode.WRITE) {
      Set<String> pending = new TreeSet<>(pass.cursor().pendingPatients());
      pending.removeAll(pass.candidates().patientIds());
      pending.addAll(pass.failedPatients());
      pending.removeAll(dead);
      cursors.save(serverKey, new PassCursor(pass.candidates().newHighWater(), pending));
    }
    PassSummary s = pass.summary(clock.instant());
    if (pass.publishedCount() > 0) {
      log.info("pass handed {} patient(s) to the partitioned path (assessed by the consuming instances)",
          pass.publishedCount());
    }
    log.info("pass done ({}, {}): assessed={} likelyRefractory={} atRisk={} created={} updated={} unchanged={} "
            + "preserved={} quarantined={} failed={} in {} ms", s.trigger(), s.writeMode(), s.patientsAssessed(),
        s.likelyRefractory(), s.atRisk(), s.created(), s.updated(), s.unchanged(), s.preserved(), s.quarantined(),
        s.failed(), s.durationMs());
    if (s.committedAfterTimeout() > 0) {
      log.warn("{} transaction(s) timed out but the server had committed them: counted as written (see {})",
          s.committedAfterTimeout(), UncertainTransactions.METER);
    }
    return s;
  }

  /**
   * Records the pass's outcomes in the ledger. A pass of two or more patients in which every patient failed points at
   * the server or the configuration, not at the patients: its failures are not counted (the patients stay pending).
   */
  private Set<String> recordDeadLetters(PassState pass) {
    java.util.List<PatientFailure> failures = pass.failures();
    Set<String> completed = pass.completedPatients();
    boolean systemic = failures.size() >= 2 && completed.isEmpty();
    if (systemic) {
      log.warn("every patient of the pass failed ({}): not counted toward dead letters", failures.size());
    }
    java.util.List<DeadLetters.FailedAttempt> attempts = systemic ? java.util.List.of() : failures.stream()
        .map(f -> new DeadLetters.FailedAttempt(f.patientId(), f.stage(), f.reason(),
            !f.transient_() && COMPUTE_STAGES.contains(f.stage())))
        .toList();
    int before = deadLetters.count();
    Set<String> dead = deadLetters.record(completed, attempts);
    if (dead.size() != before) {
      log.info("dead letters: {} (was {})", dead.size(), before);
    }
    return dead;
  }
}
