package io.github.oncorefract.adapter.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.oncorefract.adapter.api.AssessmentView;
import io.github.oncorefract.domain.UnrecognisedMedication;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, class 4: unrecognised cancer-looking medications are counted per pass in the run JSON
 * ({@code unrecognisedMedications}) and by the meter {@code oncorefract.unrecognised.medications} (tag {@code mode}),
 * and listed per patient in the assessment JSON ({@code unrecognisedMedications}: codes and text, no patient
 * identifier).
 */
class UnrecognisedMedicationReportTest {

  private static PassSummary summary(String mode, int unrecognised) {
    return new PassSummary("api", mode, false, Instant.parse("2026-01-05T10:00:00Z"), 12, 3, 0, 1, 0, 0, 0, 0, 2,
        unrecognised, 0, List.of(), List.of());
  }

  @Test
  @DisplayName("issue 8, class 4: the meter counts unrecognised medications per pass, tagged by mode")
  void meterCountsPerPassByMode() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PassMetrics metrics = new PassMetrics(registry, new PassRunner(null, Duration.ofDays(1), Clock.systemUTC()));
    metrics.completed(summary("write", 2));
    metrics.completed(summary("write", 1));
    metrics.completed(summary("dry-run", 4));
    assertThat(registry.get("oncorefract.unrecognised.medications").tag("mode", "write").counter().count())
        .isEqualTo(3.0);
    assertThat(registry.get("oncorefract.unrecognised.medications").tag("mode", "dry-run").counter().count())
        .isEqualTo(4.0);
    assertThat(registry.get("oncorefract.quarantined").tag("mode", "write").counter().count()).isEqualTo(4.0);
  }

  @Test
  @DisplayName("issue 8, class 4: run JSON has the count, assessment JSON the list with codes and text")
  void jsonFields() throws Exception {
    ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    JsonNode run = json.valueToTree(io.github.oncorefract.adapter.api.RunView.of(summary("write", 2), true));
    assertThat(run.get("unrecognisedMedications").asInt()).isEqualTo(2);
    assertThat(run.get("patients")).as("details=true: a list, also when empty").isNotNull();

    UnrecognisedMedication u = new UnrecognisedMedication("MedicationRequest", "mr-1",
        List.of("http://www.nlm.nih.gov/research/umls/rxnorm|9999991"), "zandelisib 60 MG Oral Tablet",
        "inn-stem -lisib");
    JsonNode view = json.valueToTree(new AssessmentView("p1", LocalDate.of(2026, 1, 5), List.of(), List.of(),
        List.of(u), List.of(), List.of()));
    JsonNode item = view.get("unrecognisedMedications").get(0);
    assertThat(item.get("resourceType").asText()).isEqualTo("MedicationRequest");
    assertThat(item.get("resourceId").asText()).isEqualTo("mr-1");
    assertThat(item.get("codes").get(0).asText()).endsWith("|9999991");
    assertThat(item.get("text").asText()).isEqualTo("zandelisib 60 MG Oral Tablet");
    assertThat(item.get("signal").asText()).isEqualTo("inn-stem -lisib");
    assertThat(item.has("patientId")).isFalse();
  }
}
