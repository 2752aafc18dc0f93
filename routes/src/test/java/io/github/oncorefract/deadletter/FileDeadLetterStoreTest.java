package io.github.oncorefract.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dead letters survive a restart of the store; the file names and content carry no URL or PHI. */
class FileDeadLetterStoreTest {

  @TempDir Path dir;

  @Test
  void deadLettersSurviveARestartPerServer() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);
    DeadLetters ledger = new DeadLetters(new FileDeadLetterStore(dir.resolve("state")), "https://a.example/fhir", 3,
        clock);
    ledger.record(Set.of(), List.of(new DeadLetters.FailedAttempt("p1", "validate", "validation failed: x", true),
        new DeadLetters.FailedAttempt("p2", "write", "HTTP 503 (InternalErrorException)", false)));

    FileDeadLetterStore reopened = new FileDeadLetterStore(dir.resolve("state"));
    DeadLetters again = new DeadLetters(reopened, "https://a.example/fhir", 3, clock);
    assertThat(again.list()).containsExactly(new DeadLetter("p1", "validate", "validation failed: x", 1,
        Instant.parse("2026-12-05T10:00:00Z"), Instant.parse("2026-12-05T10:00:00Z"), true));
    assertThat(reopened.load("https://a.example/fhir")).extracting(DeadLetter::patientId).containsExactly("p1", "p2");
    assertThat(reopened.load("https://b.example/fhir")).isEmpty();

    again.record(Set.of("p1"), List.of());
    assertThat(new DeadLetters(new FileDeadLetterStore(dir.resolve("state")), "https://a.example/fhir", 3, clock)
        .list()).isEmpty();
    try (var files = Files.list(dir.resolve("state"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .allSatisfy(n -> assertThat(n).startsWith("dead-letters-").endsWith(".json").doesNotContain("example"));
    }
  }

  @Test
  void missingFileIsAnEmptyLedger() {
    assertThat(new FileDeadLetterStore(dir.resolve("none")).load("embedded")).isEmpty();
  }
}
