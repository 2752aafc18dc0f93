package io.github.oncorefract.adapter.ops;

import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Micrometer meters of the assessment passes, served at {@code /actuator/metrics/<name>} (and by any registry the
 * deployment adds, e.g. Prometheus). Names and tags carry no PHI.
 *
 * <ul>
 *   <li>{@code oncorefract.pass.duration} (timer; tags {@code trigger} startup|schedule|api|notification, {@code mode}
 *       write|dry-run, {@code kind} full|incremental): completed passes;</li>
 *   <li>{@code oncorefract.pass.failures} (counter; tag {@code trigger}): passes that could not run to their end;</li>
 *   <li>{@code oncorefract.patients} (counter; tags {@code result} assessed|failed, {@code mode});</li>
 *   <li>{@code oncorefract.resources} (counter; tags {@code action} created|updated|unchanged|preserved,
 *       {@code mode}): written resources (in dry-run: what would have been written);</li>
 *   <li>{@code oncorefract.quarantined} (counter; tag {@code mode}): resources or elements that could not be used;</li>
 *   <li>{@code oncorefract.unrecognised.medications} (counter; tag {@code mode}): medications that look like cancer
 *       drugs but are not in the drug table ({@code unrecognised-medication}, issue 8 class 4);</li>
 *   <li>{@code oncorefract.cancers} (gauge; tag {@code status} likely-refractory|at-risk): counts in the last
 *       completed full pass;</li>
 *   <li>{@code oncorefract.notifications} (counter; tag {@code result}): see
 *       {@link io.github.oncorefract.adapter.notify.NotificationMetrics};</li>
 *   <li>{@code oncorefract.pass.last.success} (gauge, seconds since the epoch, UTC): end of the last completed
 *       writing (not dry-run) pass; alert when it is older than a few schedule intervals.</li>
 * </ul>
 */
@Component
public class PassMetrics {

  private final MeterRegistry registry;
  private final AtomicLong lastSuccess = new AtomicLong();
  private final AtomicLong likelyRefractory = new AtomicLong();
  private final AtomicLong atRisk = new AtomicLong();

  /**
   * @param registry the application's meter registry
   * @param runner   the pass runner whose passes are measured
   */
  public PassMetrics(MeterRegistry registry, PassRunner runner) {
    this.registry = registry;
    Gauge.builder("oncorefract.pass.last.success", lastSuccess, AtomicLong::get).baseUnit("seconds")
        .description("End of the last completed assessment pass (epoch seconds, UTC)").register(registry);
    Gauge.builder("oncorefract.cancers", likelyRefractory, AtomicLong::get).tag("status", "likely-refractory")
        .description("Cancers assessed likely refractory in the last completed pass").register(registry);
    Gauge.builder("oncorefract.cancers", atRisk, AtomicLong::get).tag("status", "at-risk")
        .description("Cancers assessed at risk in the last completed pass").register(registry);
    for (String trigger : java.util.List.of("startup", "schedule", "api", "notification")) {
      failures(trigger); // registered at zero, so an alert on the series works before the first failure
    }
    runner.addListener(this::completed);
    runner.addFailureListener((trigger, reason) -> failures(trigger).increment());
  }

  private Counter failures(String trigger) {
    return Counter.builder("oncorefract.pass.failures").tag("trigger", trigger)
        .description("Assessment passes that could not run to their end").register(registry);
  }

  void completed(PassSummary s) {
    Timer.builder("oncorefract.pass.duration").description("Completed assessment passes")
        .tag("trigger", s.trigger()).tag("mode", s.writeMode()).tag("kind", s.incremental() ? "incremental" : "full")
        .register(registry).record(Duration.ofMillis(s.durationMs()));
    count("oncorefract.patients", "result", "assessed", s.writeMode(), s.patientsAssessed());
    count("oncorefract.patients", "result", "failed", s.writeMode(), s.failed());
    count("oncorefract.resources", "action", "created", s.writeMode(), s.created());
    count("oncorefract.resources", "action", "updated", s.writeMode(), s.updated());
    count("oncorefract.resources", "action", "unchanged", s.writeMode(), s.unchanged());
    count("oncorefract.resources", "action", "preserved", s.writeMode(), s.preserved());
    Counter.builder("oncorefract.quarantined").tag("mode", s.writeMode())
        .description("Resources or elements that could not be used").register(registry).increment(s.quarantined());
    Counter.builder("oncorefract.unrecognised.medications").tag("mode", s.writeMode())
        .description("Medications that look like cancer drugs but are not in the drug table").register(registry)
        .increment(s.unrecognisedMedications());
    if (!s.incremental()) {
      // Only a full pass sees every patient; an incremental one counts just the changed ones.
      likelyRefractory.set(s.likelyRefractory());
      atRisk.set(s.atRisk());
    }
    if ("write".equals(s.writeMode())) {
      lastSuccess.set(s.startedAt().plusMillis(s.durationMs()).getEpochSecond());
    }
  }

  private void count(String name, String tag, String value, String mode, int amount) {
    Counter.Builder b = Counter.builder(name).tag(tag, value);
    if (mode != null) {
      b.tag("mode", mode);
    }
    b.register(registry).increment(amount);
  }
}
