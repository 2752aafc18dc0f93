package io.github.oncorefract.adapter.cds;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Micrometer meters of the CDS Hooks service (served at {@code /actuator/prometheus}); tags carry no PHI.
 *
 * <ul>
 *   <li>{@code oncorefract.cds.cards} (counter; tags {@code service}, {@code indicator} info|warning): cards served;</li>
 *   <li>{@code oncorefract.cds.feedback} (counter; tags {@code service}, {@code outcome} accepted|overridden,
 *       {@code reason} an override reason code of {@link CdsCards#OVERRIDE_REASON_SYSTEM}, {@code other} for a code
 *       of another system, {@code none}): feedback items received;</li>
 *   <li>{@code oncorefract.cds.request.duration} (timer; tags {@code service}, {@code status} the HTTP status):
 *       service calls, from the JWT check to the response.</li>
 * </ul>
 */
@Component
public class CdsMetrics {

  private final MeterRegistry registry;

  /** @param registry the application's meter registry */
  public CdsMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts one card served. */
  public void card(String service, String indicator) {
    Counter.builder("oncorefract.cds.cards").description("CDS Hooks cards served")
        .tag("service", service).tag("indicator", indicator).register(registry).increment();
  }

  /** Counts one feedback item. */
  public void feedback(String service, String outcome, String reason) {
    Counter.builder("oncorefract.cds.feedback").description("CDS Hooks card feedback received")
        .tag("service", service).tag("outcome", outcome).tag("reason", reason).register(registry).increment();
  }

  /** Times one service call. */
  public void request(String service, int status, Duration took) {
    Timer.builder("oncorefract.cds.request.duration").description("CDS Hooks service calls")
        .tag("service", service).tag("status", Integer.toString(status)).register(registry).record(took);
  }
}
