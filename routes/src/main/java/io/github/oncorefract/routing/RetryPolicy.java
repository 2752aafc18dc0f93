package io.github.oncorefract.routing;

/**
 * Redelivery of a patient after a transient fault ({@code adapter.retry.*}).
 *
 * @param maxRedeliveries attempts after the first
 * @param initialDelayMs  first delay in milliseconds, doubled on each attempt
 * @param maxDelayMs      cap on the delay in milliseconds
 */
public record RetryPolicy(int maxRedeliveries, long initialDelayMs, long maxDelayMs) {
  public static RetryPolicy defaults() {
    return new RetryPolicy(3, 500, 10_000);
  }
}
