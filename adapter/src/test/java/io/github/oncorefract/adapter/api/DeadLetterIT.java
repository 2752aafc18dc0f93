package io.github.oncorefract.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassSummary;
import java.time.Duration;
import java.util.Set;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * End to end on the embedded server: a patient whose reads keep failing (its Patient resource is not on the server, so
 * every fetch fails) becomes a dead letter after {@code adapter.dead-letters.after-failures} (3) passes, is listed, is
 * no longer pending, shows on the operator view and in the metrics; a replay before the data is fixed keeps it; after
 * the data is fixed, {@code replay-all} empties the list.
 */
@EmbeddedFhirServerTest
class DeadLetterIT {

  private static final String ID = "dl-it-missing-1";

  @Autowired TestRestTemplate http;
  @Autowired PassRunner runner;
  @Autowired IGenericClient fhir;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aPatientThatKeepsFailingIsListedAndReplayedOnceItsDataIsFixed() throws Exception {
    for (int i = 1; i <= 3; i++) {
      PassSummary s = runner.runTargeted("api", Set.of(ID), Duration.ofSeconds(60));
      assertThat(s.failed()).as("pass %d", i).isEqualTo(1);
      JsonNode listed = list();
      assertThat(listed.get("count").asInt()).as("after pass %d", i).isEqualTo(i < 3 ? 0 : 1);
    }
    JsonNode entry = list().get("deadLetters").get(0);
    assertThat(entry.get("patientId").asText()).isEqualTo(ID);
    assertThat(entry.get("stage").asText()).isEqualTo("fetch");
    assertThat(entry.get("reason").asText()).isEqualTo("PatientNotFoundException");
    assertThat(entry.get("attempts").asInt()).isEqualTo(3);
    assertThat(entry.get("firstFailure").asText()).endsWith("Z");
    assertThat(entry.get("lastFailure").asText()).endsWith("Z");

    // no longer retried by every incremental pass
    JsonNode pass = json.readTree(http.postForEntity("/api/assessments/run?details=true", null, String.class)
        .getBody());
    pass.get("failures").forEach(f -> assertThat(f.get("patientId").asText()).isNotEqualTo(ID));

    assertThat(http.getForObject("/", String.class))
        .contains("<a id=\"dead-letters\" class=\"down\" href=\"/api/dead-letters\">1</a>");
    assertThat(http.getForObject("/actuator/prometheus", String.class))
        .containsPattern("(?m)^oncorefract_dead_letters(\\{[^}]*\\})? 1\\.0$");

    // replayed before the data is fixed: still failing, still listed
    ResponseEntity<String> again = http.postForEntity("/api/dead-letters/" + ID + "/replay", null, String.class);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode a = json.readTree(again.getBody());
    assertThat(a.get("recovered")).isEmpty();
    assertThat(a.get("stillFailing").get(0).get("patientId").asText()).isEqualTo(ID);
    assertThat(a.get("remaining").asInt()).isEqualTo(1);
    assertThat(list().get("deadLetters").get(0).get("attempts").asInt()).isEqualTo(4);

    // bad requests answer without echoing the value
    ResponseEntity<String> bad = http.postForEntity("/api/dead-letters/{id}/replay", null, String.class, "x y<z>");
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody()).doesNotContain("x y").doesNotContain("<z>");
    assertThat(http.postForEntity("/api/dead-letters/not-a-dead-letter/replay", null, String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);

    // fix the data, replay everything
    Patient p = new Patient();
    p.setId(ID);
    p.setGender(Enumerations.AdministrativeGender.UNKNOWN);
    fhir.update().resource(p).execute();
    ResponseEntity<String> all = http.postForEntity("/api/dead-letters/replay-all", null, String.class);
    assertThat(all.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode r = json.readTree(all.getBody());
    assertThat(r.get("replayed").asInt()).isEqualTo(1);
    assertThat(r.get("recovered").get(0).asText()).isEqualTo(ID);
    assertThat(r.get("remaining").asInt()).isZero();
    assertThat(list().get("count").asInt()).isZero();
    assertThat(list().get("deadLetters")).isEmpty();
    assertThat(http.getForObject("/actuator/prometheus", String.class))
        .containsPattern("(?m)^oncorefract_dead_letters(\\{[^}]*\\})? 0\\.0$")
        .containsPattern("(?m)^oncorefract_dead_letter_replays_total\\{result=\"recovered\"\\} 1\\.0$");
  }

  private JsonNode list() throws Exception {
    ResponseEntity<String> r = http.getForEntity("/api/dead-letters", String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }
}
