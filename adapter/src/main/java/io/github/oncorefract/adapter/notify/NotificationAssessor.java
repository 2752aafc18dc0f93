package io.github.oncorefract.adapter.notify;

import io.github.oncorefract.routing.FaultClassifier;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassSummary;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assesses a notified patient with a targeted pass (trigger {@code notification}) through {@link PassRunner}: the same
 * route, per-patient path and idempotent write as every pass, one pass at a time. It never throws: a patient it cannot
 * assess now is left to the next incremental pass.
 */
public class NotificationAssessor {

  /** The trigger of notification passes, as shown in pass summaries and meters. */
  public static final String TRIGGER = "notification";
  private static final Logger log = LoggerFactory.getLogger(NotificationAssessor.class);

  private final PassRunner runner;
  private final Duration wait;
  private final NotificationMetrics metrics;

  /**
   * @param runner  the one-pass-at-a-time runner
   * @param wait    how long to wait for a running pass
   * @param metrics the notification counters
   */
  public NotificationAssessor(PassRunner runner, Duration wait, NotificationMetrics metrics) {
    this.runner = runner;
    this.wait = wait;
    this.metrics = metrics;
  }

  /**
   * @param patientId the logical id of an in-scope patient
   */
  public void assess(String patientId) {
    try {
      PassSummary s = runner.runTargeted(TRIGGER, Set.of(patientId), wait);
      if (s == null) {
        metrics.count("deferred", 1);
        log.info("notification assessment deferred to the next incremental pass: another pass is running");
        return;
      }
      metrics.count("assessed", s.patientsAssessed());
      metrics.count("failed", s.failed());
    } catch (RuntimeException e) {
      metrics.count("deferred", 1);
      log.warn("notification assessment could not run ({}); the next incremental pass catches up",
          FaultClassifier.sanitisedReason(e));
    }
  }
}
