package io.github.oncorefract.adapter.config;

import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Back-pressure shared by every request to the FHIR server: when the server throttles (429) or is unavailable (503),
 * the wait it asks for ({@code Retry-After}, else the retry backoff) becomes a "not before" instant that every request
 * of every worker honours before it is sent, not only the request that saw the answer. With patients assessed in
 * parallel ({@code adapter.pass.parallelism}) the whole pool slows down together instead of each worker hitting the
 * throttled server once more. Thread-safe; one instance per application, shared by all clients
 * ({@link FhirClients#install}).
 */
public final class SharedBackoff {

  private final AtomicLong notBeforeMillis = new AtomicLong(Long.MIN_VALUE);
  private final LongSupplier nowMillis;
  private final ResilientHttpClient.Sleeper sleeper;

  /**
   * @param nowMillis a monotonic clock in milliseconds (e.g. {@code () -> System.nanoTime() / 1_000_000})
   * @param sleeper   how to wait ({@code Thread::sleep})
   */
  public SharedBackoff(LongSupplier nowMillis, ResilientHttpClient.Sleeper sleeper) {
    this.nowMillis = Objects.requireNonNull(nowMillis, "nowMillis");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** With the system's monotonic clock and {@code Thread.sleep}. */
  public static SharedBackoff system() {
    return new SharedBackoff(() -> System.nanoTime() / 1_000_000L, Thread::sleep);
  }

  /**
   * Asks every request to wait until {@code delayMillis} from now; an earlier "not before" is extended, a later one
   * kept.
   *
   * @param delayMillis milliseconds from now (already capped by the caller at {@code adapter.retry.max-delay})
   */
  public void holdOff(long delayMillis) {
    if (delayMillis <= 0) {
      return;
    }
    long until = nowMillis.getAsLong() + delayMillis;
    notBeforeMillis.accumulateAndGet(until, Math::max);
  }

  /** Milliseconds a request sent now would still have to wait; 0 when none. */
  public long remainingMillis() {
    long notBefore = notBeforeMillis.get();
    return notBefore == Long.MIN_VALUE ? 0 : Math.max(0, notBefore - nowMillis.getAsLong());
  }

  /**
   * Waits until the shared "not before" instant has passed (at once when it has); waits again when another request
   * extended it meanwhile.
   *
   * @throws InterruptedIOException when interrupted while waiting (the interrupt flag is set again)
   */
  public void awaitTurn() throws InterruptedIOException {
    long seen;
    do {
      seen = notBeforeMillis.get();
      long wait = seen == Long.MIN_VALUE ? 0 : seen - nowMillis.getAsLong();
      if (wait <= 0) {
        return;
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while the FHIR server asked to wait");
      }
    } while (notBeforeMillis.get() != seen);
  }
}
