package io.github.oncorefract.adapter.web;

import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassSummary;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The last passes for the operator view, newest first: the last {@link #SIZE} completed pass summaries and the last
 * {@link #SIZE} passes that could not run to their end (trigger and sanitised reason). In memory only; empty after a
 * restart.
 */
@Component
public class OperatorPassHistory {

  /** How many entries each list keeps. */
  public static final int SIZE = 20;

  /**
   * A pass that could not run to its end.
   *
   * @param at      when it was reported (UTC)
   * @param trigger what started it
   * @param reason  sanitised reason (exception type and HTTP status only)
   */
  public record FailedPass(Instant at, String trigger, String reason) {}

  private final Deque<PassSummary> passes = new ArrayDeque<>();
  private final Deque<FailedPass> failed = new ArrayDeque<>();
  private final Clock clock;

  /**
   * @param runner the pass runner whose passes are kept
   * @param clock  UTC clock
   */
  public OperatorPassHistory(PassRunner runner, Clock clock) {
    this.clock = clock;
    runner.addListener(this::completed);
    runner.addFailureListener(this::failed);
  }

  /** Records a completed pass. */
  public synchronized void completed(PassSummary s) {
    passes.addFirst(s);
    while (passes.size() > SIZE) {
      passes.removeLast();
    }
  }

  /** Records a pass that could not run. */
  public synchronized void failed(String trigger, String reason) {
    failed.addFirst(new FailedPass(clock.instant(), trigger, reason));
    while (failed.size() > SIZE) {
      failed.removeLast();
    }
  }

  /** Completed passes, newest first. */
  public synchronized List<PassSummary> passes() {
    return List.copyOf(passes);
  }

  /** Passes that could not run, newest first. */
  public synchronized List<FailedPass> failedPasses() {
    return List.copyOf(failed);
  }
}
