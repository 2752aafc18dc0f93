package io.github.oncorefract.adapter.config;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.http.HttpHost;

/**
 * One resilience4j circuit breaker per origin (scheme, host, port) the FHIR clients talk to, so a failing EHR of a
 * SMART launch never stops the adapter's own server and the reverse. The configured server's breaker state is the
 * gauge {@value #STATE_METER}: 0 closed, 1 open, 2 half-open, 3 other.
 */
public final class CircuitBreakers {

  /** Gauge of the configured server's circuit breaker. */
  public static final String STATE_METER = "oncorefract.fhir.circuit.state";

  /**
   * @param enabled              false: no circuit breaker
   * @param failureRateThreshold percentage of failed attempts in the window that opens it
   * @param slidingWindow        attempts in the sliding window
   * @param minimumCalls         attempts before the rate is judged
   * @param openFor              how long it stays open before letting a few trial requests through
   */
  public record Settings(boolean enabled, int failureRateThreshold, int slidingWindow, int minimumCalls,
      Duration openFor) {}

  private final Settings settings;
  private final ConcurrentMap<String, CircuitBreaker> byOrigin = new ConcurrentHashMap<>();

  /** @param settings thresholds of every breaker */
  public CircuitBreakers(Settings settings) {
    this.settings = settings;
  }

  /** The breaker of an origin, created on first use; {@code null} when disabled. */
  public CircuitBreaker forHost(HttpHost host) {
    return forOrigin(host.getSchemeName(), host.getHostName(), host.getPort());
  }

  /** The breaker of a base URL's origin; {@code null} when disabled. */
  public CircuitBreaker forUrl(String url) {
    URI u = URI.create(url);
    return forOrigin(u.getScheme(), u.getHost(), u.getPort());
  }

  /**
   * Registers the state of {@code baseUrl}'s breaker as gauge {@value #STATE_METER}; nothing when disabled.
   *
   * @return the breaker, or {@code null}
   */
  public CircuitBreaker registerGauge(String baseUrl, MeterRegistry meters) {
    CircuitBreaker cb = forUrl(baseUrl);
    if (cb != null && meters != null) {
      Gauge.builder(STATE_METER, cb, b -> switch (b.getState()) {
        case CLOSED -> 0;
        case OPEN -> 1;
        case HALF_OPEN -> 2;
        default -> 3;
      }).description("FHIR server circuit breaker: 0 closed, 1 open, 2 half-open, 3 other").register(meters);
    }
    return cb;
  }

  private CircuitBreaker forOrigin(String scheme, String host, int port) {
    if (!settings.enabled()) {
      return null;
    }
    String s = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
    int p = port >= 0 ? port : "https".equals(s) ? 443 : 80;
    String key = s + "://" + (host == null ? "" : host.toLowerCase(Locale.ROOT)) + ":" + p;
    return byOrigin.computeIfAbsent(key, k -> CircuitBreaker.of("fhir-" + k, CircuitBreakerConfig.custom()
        .failureRateThreshold(settings.failureRateThreshold())
        .slidingWindowSize(settings.slidingWindow())
        .minimumNumberOfCalls(Math.min(settings.minimumCalls(), settings.slidingWindow()))
        .waitDurationInOpenState(settings.openFor())
        .permittedNumberOfCallsInHalfOpenState(Math.max(1, Math.min(3, settings.minimumCalls())))
        .writableStackTraceEnabled(false)
        .build()));
  }
}
