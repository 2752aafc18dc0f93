package io.github.oncorefract.adapter.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SeedReportTest {

  @Test
  void plusAddsCountsAndRefusalsAndGroupsThemByReason() {
    SeedReport demo = new SeedReport(0, 0, 10, 9, 0, 0, Map.of(), Map.of(), List.of(),
        List.of(new SeedReport.Refusal("demo#1", "Observation", "o1", "HAPI-1094", "not found")),
        Duration.ofMillis(100));
    SeedReport files = new SeedReport(3, 1, 21, 16, 1, 1, Map.of("no-resource", 1L),
        Map.of("dropped Observation.encounter", 2L, "placeholder Condition.subject", 1L),
        List.of(new SeedReport.Merge("Patient", "p1", 2, "file 2 of 3, entry 0", "fewest-repairs", "b.json")),
        List.of(new SeedReport.Refusal("file 1 of 3", null, null, "PARSE", "bad json", "a.json"),
            new SeedReport.Refusal("file 2 of 3, entry 4", "Condition", "c1", "HAPI-1094", "not found", "b.json"),
            new SeedReport.Refusal("file 2 of 3, entry 5", "Condition", "c2", "HAPI-0507", "external", "b.json")),
        Duration.ofMillis(200));

    SeedReport sum = demo.plus(files);

    assertThat(sum.filesRead()).isEqualTo(3);
    assertThat(sum.entriesRead()).isEqualTo(31);
    assertThat(sum.resourcesLoaded()).isEqualTo(25);
    assertThat(sum.refusedResources()).isEqualTo(3);
    assertThat(sum.refusedEntries()).isEqualTo(4);
    assertThat(sum.accountsForEveryEntry()).isTrue();
    assertThat(sum.refusedByReason()).containsExactly(
        Map.entry("HAPI-0507", 1L), Map.entry("HAPI-1094", 2L), Map.entry("PARSE", 1L));
    assertThat(sum.repairsByKind()).containsExactly(Map.entry("dropped", 2L), Map.entry("placeholder", 1L));
    assertThat(sum.mergesByRule()).containsExactly(Map.entry("fewest-repairs", 1L));
    assertThat(sum.elapsed()).isEqualTo(Duration.ofMillis(300));
    assertThat(sum.summary()).contains("loaded 25").contains("skipped 1").doesNotContain("c1")
        .doesNotContain("DOES NOT ADD UP");
  }

  @Test
  @DisplayName("issue 8, class 9: a report whose counts miss an entry says so")
  void aReportThatLosesAnEntrySaysSo() {
    SeedReport lossy = new SeedReport(1, 0, 5, 3, 0, 0, Map.of(), Map.of(), List.of(), List.of(), Duration.ZERO);
    assertThat(lossy.accountsForEveryEntry()).isFalse();
    assertThat(lossy.summary()).contains("DOES NOT ADD UP");
  }

  @Test
  @DisplayName("issue 8, class 12: refusals and merges never print the file path they keep")
  void toStringLeavesThePathOut() {
    SeedReport.Refusal refusal = new SeedReport.Refusal("file 3 of 9, entry 2", "Condition", "c1", "HAPI-0450",
        "bad date", "synthea/Jane_Doe_0b5c.json");
    SeedReport.Merge merge = new SeedReport.Merge("Patient", "p1", 2, "file 3 of 9, entry 0", "latest-file",
        "synthea/Jane_Doe_0b5c.json");
    SeedReport report = new SeedReport(9, 0, 2, 1, 0, 0, Map.of(), Map.of(), List.of(merge), List.of(refusal),
        Duration.ZERO);

    assertThat(refusal.toString()).contains("file 3 of 9, entry 2").doesNotContain("Jane").doesNotContain("synthea");
    assertThat(merge.toString()).contains("kept file 3 of 9").doesNotContain("Jane");
    assertThat(report.toString()).doesNotContain("Jane");
    assertThat(report.summary()).doesNotContain("Jane");
    assertThat(refusal.path()).isEqualTo("synthea/Jane_Doe_0b5c.json");
  }

  @Test
  void sanitizeRedactsQuotedValuesAndCapsTheLength() {
    assertThat(SeedLoader.sanitize("Invalid date \"1953-13-40\" at  Patient.birthDate"))
        .isEqualTo("Invalid date \"…\" at Patient.birthDate");
    assertThat(SeedLoader.sanitize("x".repeat(500))).hasSize(200).endsWith("…");
  }
}
