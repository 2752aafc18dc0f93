package io.github.oncorefract.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCursorStoreTest {

  @TempDir Path dir;

  @Test
  void storesCursorAndPendingPatientsPerServerDurably() throws Exception {
    FileCursorStore store = new FileCursorStore(dir.resolve("state"));
    assertThat(store.load("https://a.example/fhir").firstPass()).isTrue();
    PassCursor c = new PassCursor(Instant.parse("2026-11-29T10:00:00Z"), Set.of("p2", "p1"));
    store.save("https://a.example/fhir", c);

    FileCursorStore reopened = new FileCursorStore(dir.resolve("state"));
    assertThat(reopened.load("https://a.example/fhir")).isEqualTo(c);
    assertThat(reopened.load("https://b.example/fhir").firstPass()).isTrue();
    try (var files = Files.list(dir.resolve("state"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .allSatisfy(n -> assertThat(n).startsWith("cursor-").doesNotContain("example"));
    }
  }
}
