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

  @Test
  void storesTheHighWaterMarkInUtcAndReadsAnOffsetAsTheSameInstant() throws Exception {
    FileCursorStore store = new FileCursorStore(dir);
    store.save("server", new PassCursor(Instant.parse("2026-12-01T10:00:00.250Z"), Set.of()));
    Path written;
    try (var files = Files.list(dir)) {
      written = files.filter(p -> p.getFileName().toString().startsWith("cursor-")).findFirst().orElseThrow();
    }
    assertThat(Files.readString(written)).contains("\"highWater\":\"2026-12-01T10:00:00.250Z\"")
        .doesNotContain("+");
    // A file written with an offset (by hand, or by an older version) means the same UTC instant.
    Files.writeString(written, "{\"highWater\":\"2026-12-01T11:00:00.250+01:00\",\"pendingPatients\":[]}");
    assertThat(store.load("server").highWater()).isEqualTo(Instant.parse("2026-12-01T10:00:00.250Z"));
  }
}
