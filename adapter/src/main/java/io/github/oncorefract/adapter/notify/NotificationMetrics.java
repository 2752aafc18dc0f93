package io.github.oncorefract.adapter.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * {@code oncorefract.notifications} (counter; tag {@code result}), no PHI in names or tags:
 * <ul>
 *   <li>{@code received}: notifications accepted by the endpoint (heartbeats and handshakes included);</li>
 *   <li>{@code ignored}: heartbeats, handshakes and pings, and focus references that led to no in-scope patient
 *       (unknown resource, no subject, outside {@code adapter.scope});</li>
 *   <li>{@code coalesced}: patient notifications merged into an assessment already waiting for that patient;</li>
 *   <li>{@code assessed}: patients assessed by a {@code notification} pass;</li>
 *   <li>{@code failed}: patients whose notification assessment failed (they are pending for the next pass);</li>
 *   <li>{@code deferred}: patients left to the next incremental pass (another pass was running past
 *       {@code adapter.notifications.pass-wait}, the queue was full, or the pass could not run).</li>
 * </ul>
 */
public class NotificationMetrics {

  /** Meter name. */
  public static final String NAME = "oncorefract.notifications";
  private static final List<String> RESULTS =
      List.of("received", "ignored", "coalesced", "assessed", "failed", "deferred");

  private final MeterRegistry registry;

  /**
   * @param registry the application's registry; every result is registered at zero
   */
  public NotificationMetrics(MeterRegistry registry) {
    this.registry = registry;
    RESULTS.forEach(this::counter);
  }

  /**
   * @param result one of received, ignored, coalesced, assessed, failed, deferred
   * @param amount how many
   */
  public void count(String result, int amount) {
    if (amount > 0) {
      counter(result).increment(amount);
    }
  }

  private Counter counter(String result) {
    return Counter.builder(NAME).tag("result", result)
        .description("Subscription notifications and the patient assessments they led to").register(registry);
  }
}
