package io.github.oncorefract.adapter.seed;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Readiness signal of the start-up seeding: {@link #seeded()} turns true once seeding has finished (successfully or
 * not, or at once when there is nothing to seed, e.g. with an external server). Thread-safe.
 */
public class FhirServerSeedState {

  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicReference<SeedReport> lastReport = new AtomicReference<>();

  /** True once seeding has finished; all seeded data is then readable from the server. */
  public boolean seeded() {
    return done.getCount() == 0;
  }

  /** The report of the finished seeding; empty while it runs. */
  public Optional<SeedReport> lastReport() {
    return Optional.ofNullable(lastReport.get());
  }

  /**
   * Blocks until seeding has finished or {@code timeout} passed.
   *
   * @return true when seeded
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitSeeded(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Records the report and releases waiters. Called by the seed runner only. */
  void complete(SeedReport report) {
    lastReport.set(report);
    done.countDown();
  }
}
