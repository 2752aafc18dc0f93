package io.github.oncorefract.adapter.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The pass meters are served by the actuator and move with each pass. */
@EmbeddedFhirServerTest
class PassMetricsIT {

  @Autowired TestRestTemplate http;

  @Test
  void aPassIsCountedTimedAndStamped() {
    double passesBefore = value("oncorefract.pass.duration?tag=trigger:api", "COUNT");
    double assessedBefore = value("oncorefract.patients?tag=result:assessed", "COUNT");

    ResponseEntity<JsonNode> run = http.postForEntity("/api/assessments/run?full=true", null,
        JsonNode.class);
    assertThat(run.getStatusCode()).isEqualTo(HttpStatus.OK);
    int assessed = run.getBody().get("patientsAssessed").asInt();

    assertThat(assessed).isPositive();
    assertThat(value("oncorefract.pass.duration?tag=trigger:api", "COUNT")).isEqualTo(passesBefore + 1);
    assertThat(value("oncorefract.patients?tag=result:assessed", "COUNT")).isEqualTo(assessedBefore + assessed);
    assertThat(value("oncorefract.pass.last.success", "VALUE")).isGreaterThan(1.7e9);
    assertThat(value("oncorefract.cancers?tag=status:likely-refractory", "VALUE"))
        .isEqualTo(run.getBody().get("likelyRefractory").asDouble());
  }

  @Test
  void prometheusServesTheMetersRegisteredAtStart() {
    // Registered when the application starts, before any pass: an alert on them works from the first scrape.
    ResponseEntity<String> r = http.getForEntity("/actuator/prometheus", String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(r.getBody()).containsPattern("oncorefract_pass_failures_total\\{[^}]*trigger=\"api\"")
        .contains("oncorefract_pass_last_success_seconds")
        .containsPattern("oncorefract_cancers\\{[^}]*status=\"likely-refractory\"");
  }

  @Test
  void readinessAndLivenessProbesAnswerOnceStarted() {
    // Readiness turns ACCEPTING_TRAFFIC only after every ApplicationRunner (package, seed, start-up pass) returned,
    // which is Spring Boot's lifecycle (ApplicationReadyEvent after callRunners); here the context has started.
    ResponseEntity<JsonNode> ready = http.getForEntity("/actuator/health/readiness", JsonNode.class);
    assertThat(ready.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(ready.getBody().get("status").asText()).isEqualTo("UP");
    ResponseEntity<JsonNode> live = http.getForEntity("/actuator/health/liveness", JsonNode.class);
    assertThat(live.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(live.getBody().get("status").asText()).isEqualTo("UP");
  }

  private double value(String meter, String statistic) {
    ResponseEntity<JsonNode> r = http.getForEntity("/actuator/metrics/" + meter, JsonNode.class);
    if (r.getStatusCode() == HttpStatus.NOT_FOUND) {
      return 0;
    }
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    for (JsonNode m : r.getBody().get("measurements")) {
      if (statistic.equals(m.get("statistic").asText())) {
        return m.get("value").asDouble();
      }
    }
    throw new AssertionError("no " + statistic + " in " + meter);
  }
}
