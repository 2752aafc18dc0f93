package io.github.oncorefract.routing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pass at a time, whatever triggered it (start-up, schedule, REST, notification). A scheduled pass that finds
 * another one running is skipped; an on-demand one is refused with {@link PassAlreadyRunningException}, except that it
 * first waits (up to {@link #TARGETED_WAIT}) for a running targeted pass, which assesses only a few patients. A targeted
 * pass ({@link #runTargeted}) waits for a running pass up to a bound and otherwise leaves its patients to the next
 * incremental pass.
 */
public class PassRunner {

  private static final Logger log = LoggerFactory.getLogger(PassRunner.class);

  private final ProducerTemplate producer;
  private final java.time.Duration fullEvery;
  private final java.time.Clock clock;
  private volatile java.time.Instant lastFull;
  /** How long an on-demand or scheduled pass waits for a running targeted pass before giving up. */
  public static final java.time.Duration TARGETED_WAIT = java.time.Duration.ofSeconds(30);

  /**
   * Fair, so a pass waiting for the lock (an API pass behind a targeted one) gets it before the notification consumer,
   * which would otherwise re-take it for its next targeted pass each time and starve the waiting pass.
   */
  private final ReentrantLock lock = new ReentrantLock(true);
  private volatile boolean targetedRunning;
  private final AtomicReference<PassSummary> last = new AtomicReference<>();
  private final List<Consumer<PassSummary>> listeners = new CopyOnWriteArrayList<>();
  private final List<java.util.function.BiConsumer<String, String>> failureListeners = new CopyOnWriteArrayList<>();
  private final List<java.util.function.BiConsumer<String, Throwable>> faultListeners = new CopyOnWriteArrayList<>();

  /**
   * @param producer  sends to the pass route
   * @param fullEvery how often a scheduled pass is a full one ({@code adapter.schedule.full-every}): rules that depend
   *                  on the day (no genomic result in 12 months, ongoing lines) change without new data, so every
   *                  patient is reassessed at least this often; {@code null} never
   * @param clock     UTC clock
   */
  public PassRunner(ProducerTemplate producer, java.time.Duration fullEvery, java.time.Clock clock) {
    this.producer = producer;
    this.fullEvery = fullEvery;
    this.clock = clock;
  }

  /**
   * Runs a pass now and waits for it.
   *
   * @param trigger {@code startup}, {@code schedule} or {@code api}
   * @param full    assess every in-scope patient, not only those changed since the cursor
   * @param dryRun  compute everything and write nothing for this pass
   * @return the summary
   * @throws PassAlreadyRunningException when another pass is running
   * @throws RuntimeException            when the pass itself could not run (e.g. the server is down while finding
   *                                     candidates); per-patient failures are in the summary instead
   */
  public PassSummary run(String trigger, boolean full, boolean dryRun) {
    if (!lock.tryLock() && !(targetedRunning && tryLock(TARGETED_WAIT))) {
      throw new PassAlreadyRunningException();
    }
    return runLocked(new PassRequest(trigger, full, dryRun));
  }

  /**
   * Runs a targeted writing pass of the given patients (same route, same per-patient path and idempotent write as any
   * pass) once no other pass is running. It does not move the cursor; its failed patients become pending.
   *
   * @param trigger    e.g. {@code notification}
   * @param patientIds logical Patient ids, already checked against the scope
   * @param wait       how long to wait for a running pass
   * @return the summary, or {@code null} when another pass was still running after {@code wait} (the patients are then
   *         left to the next incremental pass, which finds them by {@code _lastUpdated})
   * @throws RuntimeException when the pass itself could not run
   */
  public PassSummary runTargeted(String trigger, java.util.Set<String> patientIds, java.time.Duration wait) {
    if (!tryLock(wait)) {
      return null;
    }
    targetedRunning = true;
    try {
      return runLocked(PassRequest.targeted(trigger, patientIds));
    } finally {
      targetedRunning = false;
    }
  }

  private boolean tryLock(java.time.Duration wait) {
    try {
      return lock.tryLock(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** MDC key of the pass's correlation id (8 hex digits, new for every pass; in the log pattern). */
  public static final String MDC_PASS = "pass";

  /** Runs the request; the caller holds the lock, which is released here. */
  private PassSummary runLocked(PassRequest request) {
    String trigger = request.trigger();
    String outer = org.slf4j.MDC.get(MDC_PASS);
    org.slf4j.MDC.put(MDC_PASS, String.format("%08x", java.util.concurrent.ThreadLocalRandom.current().nextInt()));
    try {
      PassSummary s = producer.requestBody(AssessmentRoutes.PASS, request, PassSummary.class);
      last.set(s);
      if (!request.targeted() && !s.incremental() && "write".equals(s.writeMode())) {
        lastFull = s.startedAt();
      }
      listeners.forEach(l -> l.accept(s));
      return s;
    } catch (RuntimeException e) {
      RuntimeException cause = e instanceof CamelExecutionException && e.getCause() instanceof RuntimeException re
          ? re : e;
      String reason = FaultClassifier.sanitisedReason(cause);
      if (FaultClassifier.isConfigurationFault(cause)) {
        // An alert, not a hiccup: the server will refuse the same search on every pass until the configuration changes.
        log.error("pass ({}) stopped by a configuration error: {}", trigger, reason);
      }
      failureListeners.forEach(l -> l.accept(trigger, reason));
      faultListeners.forEach(l -> l.accept(trigger, cause));
      throw cause;
    } finally {
      if (outer == null) {
        org.slf4j.MDC.remove(MDC_PASS);
      } else {
        org.slf4j.MDC.put(MDC_PASS, outer);
      }
      org.slf4j.MDC.remove(PassCoordinator.MDC_PATIENT);
      lock.unlock();
    }
  }

  /**
   * The scheduler's entry: runs a pass unless one is running (a full one when the last full pass is older than
   * {@code fullEvery}); never throws.
   */
  public void runScheduled() {
    java.time.Instant lf = lastFull;
    boolean full = fullEvery != null && (lf == null || !clock.instant().isBefore(lf.plus(fullEvery)));
    try {
      run("schedule", full, false);
    } catch (PassAlreadyRunningException e) {
      log.info("scheduled pass skipped: a pass is already running");
    } catch (RuntimeException e) {
      log.warn("scheduled pass failed: {}", FaultClassifier.sanitisedReason(e));
    }
  }

  /** The last completed pass's summary, or {@code null}. */
  public PassSummary lastSummary() {
    return last.get();
  }

  /** Called after every completed pass. */
  public void addListener(Consumer<PassSummary> listener) {
    listeners.add(listener);
  }

  /**
   * Called when a pass could not run to its end (not for per-patient failures, which are in the summary) with the
   * trigger and a sanitised reason (exception type and HTTP status only).
   */
  public void addFailureListener(java.util.function.BiConsumer<String, String> listener) {
    failureListeners.add(listener);
  }

  /**
   * Like {@link #addFailureListener}, but with the exception itself (for classifying it, e.g.
   * {@link FaultClassifier#isConfigurationFault}); never log its message, which may quote server diagnostics.
   */
  public void addFaultListener(java.util.function.BiConsumer<String, Throwable> listener) {
    faultListeners.add(listener);
  }

  /** Another pass is running. */
  public static class PassAlreadyRunningException extends RuntimeException {
    public PassAlreadyRunningException() {
      super("an assessment pass is already running");
    }
  }
}
