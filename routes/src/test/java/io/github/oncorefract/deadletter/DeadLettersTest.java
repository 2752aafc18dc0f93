package io.github.oncorefract.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a failing patient becomes a dead letter, and when it stops being one. */
class DeadLettersTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final DeadLetters ledger = new DeadLetters(new InMemoryDeadLetterStore(), "embedded", 3, clock);

  private static DeadLetters.FailedAttempt transientFailure(String id) {
    return new DeadLetters.FailedAttempt(id, "fetch", "HTTP 503 (InternalErrorException)", false);
  }

  @Test
  void givenATransientFailureInThreeConsecutivePassesThenItIsADeadLetterWithFirstAndLastFailure() {
    assertThat(ledger.record(Set.of(), List.of(transientFailure("p1")))).isEmpty();
    clock.now = Instant.parse("2026-12-05T10:15:00Z");
    assertThat(ledger.record(Set.of("p2"), List.of(transientFailure("p1")))).isEmpty();
    assertThat(ledger.list()).isEmpty();
    clock.now = Instant.parse("2026-12-05T10:30:00Z");
    assertThat(ledger.record(Set.of(), List.of(transientFailure("p1")))).containsExactly("p1");
    assertThat(ledger.list()).containsExactly(new DeadLetter("p1", "fetch", "HTTP 503 (InternalErrorException)", 3,
        Instant.parse("2026-12-05T10:00:00Z"), Instant.parse("2026-12-05T10:30:00Z"), true));
    assertThat(ledger.count()).isEqualTo(1);
  }

  @Test
  void givenPatientsThatLeftTheScopeWhenRemovedThenOnlyTheyAreForgotten() {
    ledger.record(Set.of(), List.of(new DeadLetters.FailedAttempt("p1", "validate", "invalid", true),
        new DeadLetters.FailedAttempt("p2", "validate", "invalid", true), transientFailure("p3")));
    assertThat(ledger.remove(List.of("p1", "p3", "unknown"))).containsExactly("p1", "p3");
    assertThat(ledger.ids()).containsExactly("p2");
    assertThat(ledger.remove(List.of("p1"))).isEmpty();
  }

  @Test
  void givenACompletedPassInBetweenThenTheCountStartsAgain() {
    ledger.record(Set.of(), List.of(transientFailure("p1")));
    ledger.record(Set.of(), List.of(transientFailure("p1")));
    ledger.record(Set.of("p1"), List.of());
    ledger.record(Set.of(), List.of(transientFailure("p1")));
    ledger.record(Set.of(), List.of(transientFailure("p1")));
    assertThat(ledger.list()).isEmpty();
  }

  @Test
  void givenAPermanentFailureThenItIsADeadLetterAtOnceAndLeavesWhenItCompletes() {
    assertThat(ledger.record(Set.of(), List.of(
        new DeadLetters.FailedAttempt("p1", "validate", "validation failed: CarePlan", true)))).containsExactly("p1");
    assertThat(ledger.get("p1")).get().extracting(DeadLetter::attempts, DeadLetter::stage).containsExactly(1,
        "validate");
    // fails again (changed, full pass, replay): stays, counted
    ledger.record(Set.of(), List.of(transientFailure("p1")));
    assertThat(ledger.get("p1")).get().extracting(DeadLetter::attempts, DeadLetter::deadLettered)
        .containsExactly(2, true);
    assertThat(ledger.record(Set.of("p1"), List.of())).isEmpty();
    assertThat(ledger.list()).isEmpty();
    assertThat(ledger.get("p1")).isEmpty();
  }

  @Test
  void afterFailuresMustBePositive() {
    assertThatThrownBy(() -> new DeadLetters(new InMemoryDeadLetterStore(), "embedded", 0, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
