package io.github.oncorefract.adapter.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.retry.*}: retries after a transient fault. Every request to the FHIR server is retried on its own
 * ({@link ResilientHttpClient}: connection failures, HTTP 408, 429 with {@code Retry-After}, 502, 503, 504, a gateway's
 * HTML error page) with capped exponential backoff and jitter; a patient whose requests still fail is then redelivered
 * once as a whole.
 *
 * @param maxRedeliveries retries of each request after its first attempt
 * @param initialDelay    first backoff, doubled each retry
 * @param maxDelay        cap on every delay, also on a server's {@code Retry-After}
 * @param circuitBreaker  the circuit breaker of the FHIR server
 */
@ConfigurationProperties("adapter.retry")
public record RetryProperties(
    @DefaultValue("3") int maxRedeliveries,
    @DefaultValue("500ms") Duration initialDelay,
    @DefaultValue("10s") Duration maxDelay,
    @DefaultValue CircuitBreakerProperties circuitBreaker) {

  /** Retries as the HTTP layer takes them. */
  public ResilientHttpClient.Policy policy() {
    return new ResilientHttpClient.Policy(maxRedeliveries, initialDelay, maxDelay);
  }

  /**
   * {@code adapter.retry.circuit-breaker.*}: stops sending to a server that keeps failing. When open, requests fail at
   * once without being sent, the running pass stops with an alert and keeps its cursor.
   *
   * @param enabled              false: no circuit breaker
   * @param failureRateThreshold percentage of failed attempts (no answer, or a retried status) that opens it
   * @param slidingWindow        attempts judged
   * @param minimumCalls         attempts before the rate is judged
   * @param openFor              time open before a few trial requests are let through
   */
  public record CircuitBreakerProperties(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("50") int failureRateThreshold,
      @DefaultValue("20") int slidingWindow,
      @DefaultValue("10") int minimumCalls,
      @DefaultValue("30s") Duration openFor) {

    /** As {@link CircuitBreakers} takes it. */
    public CircuitBreakers.Settings toSettings() {
      return new CircuitBreakers.Settings(enabled, failureRateThreshold, slidingWindow, minimumCalls, openFor);
    }
  }
}
