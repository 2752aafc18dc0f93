package io.github.oncorefract.adapter.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedReportTest {

  @Test
  void plusAddsCountsAndRefusalsAndGroupsThemByReason() {
    SeedReport demo = new SeedReport(0, 0, 10, 9, 0, 0,
        List.of(new SeedReport.Refusal("demo#1", "Observation", "o1", "HAPI-1094", "not found")),
        Duration.ofMillis(100));
    SeedReport files = new SeedReport(3, 1, 20, 17, 1, 0,
        List.of(new SeedReport.Refusal("a.json", null, null, "PARSE", "bad json"),
            new SeedReport.Refusal("b.json#0", "Condition", "c1", "HAPI-1094", "not found"),
            new SeedReport.Refusal("b.json#1", "Condition", "c2", "HAPI-0507", "external")),
        Duration.ofMillis(200));

    SeedReport sum = demo.plus(files);

    assertThat(sum.filesRead()).isEqualTo(3);
    assertThat(sum.resourcesRead()).isEqualTo(30);
    assertThat(sum.resourcesLoaded()).isEqualTo(26);
    assertThat(sum.refusedResources()).isEqualTo(3);
    assertThat(sum.refusedByReason()).containsExactly(
        java.util.Map.entry("HAPI-0507", 1L), java.util.Map.entry("HAPI-1094", 2L), java.util.Map.entry("PARSE", 1L));
    assertThat(sum.elapsed()).isEqualTo(Duration.ofMillis(300));
    assertThat(sum.summary()).contains("loaded 26").doesNotContain("c1");
  }

  @Test
  void sanitizeRedactsQuotedValuesAndCapsTheLength() {
    assertThat(SeedLoader.sanitize("Invalid date \"1953-13-40\" at  Patient.birthDate"))
        .isEqualTo("Invalid date \"…\" at Patient.birthDate");
    assertThat(SeedLoader.sanitize("x".repeat(500))).hasSize(200).endsWith("…");
  }
}
