package io.github.oncorefract.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.routing.PassSummary;
import io.github.oncorefract.routing.PatientFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator page from a model: pass rows, flags by status with timeline links, escaping, nothing external. */
class OperatorViewRendererTest {

  private final OperatorViewRenderer renderer = new OperatorViewRenderer();

  @Test
  void showsPassesFlagsAndHealthWithoutExternalResources() {
    PassSummary s = new PassSummary("notification", "write", true, Instant.parse("2026-01-02T03:04:05Z"), 120, 1,
        1, 0, 2, 0, 0, 0, 3, 4, 1, List.of(new PatientFailure("p<1>", "fetch", "HTTP 503", true)), List.of());
    OperatorViewModel m = new OperatorViewModel(Instant.parse("2026-01-02T03:05:00Z"), "UP", "ACCEPTING_TRAFFIC",
        List.of(s), List.of(new OperatorPassHistory.FailedPass(Instant.parse("2026-01-01T00:00:00Z"), "schedule",
            "ConnectException")),
        Map.of("at-risk", List.of("b"), "likely-refractory", List.of("a-1", "a-2")), null, 2);

    String html = renderer.render(m);

    assertThat(html).startsWith("<!DOCTYPE html>").contains("2026-01-02 03:04:05 UTC")
        .contains("<td class=\"l\">notification</td>")
        .contains("Patient/p&lt;1&gt; at fetch: HTTP 503").doesNotContain("p<1>")
        .contains("href=\"/patients/a-1/timeline\"").contains("href=\"/patients/b/timeline\"")
        .contains("likely-refractory (2)").contains("ConnectException")
        .doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    assertThat(html.indexOf("likely-refractory (2)")).isLessThan(html.indexOf("at-risk (1)"));
    assertThat(html).containsPattern("Quarantined resources or elements</th><td>3<")
        .containsPattern("Unrecognised medications</th><td>4<")
        .contains("Dead letters</th><td class=\"l\"><a id=\"dead-letters\" class=\"down\" href=\"/api/dead-letters\">2</a>");
  }

  @Test
  void anEmptyStartAndUnreadableFlagsAreSaid() {
    String html = renderer.render(new OperatorViewModel(Instant.EPOCH, "DOWN (HTTP 503)", "REFUSING_TRAFFIC",
        List.of(), List.of(), Map.of(), "ConnectException"));
    assertThat(html).contains("No pass has completed").contains("Flags could not be read: ConnectException")
        .contains("class=\"down\">DOWN (HTTP 503)").contains("id=\"dead-letters\">unknown");
  }
}
