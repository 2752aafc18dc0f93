package io.github.oncorefract.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** {@code GET /} after a pass: the pass row, the flagged demo patients with timeline links, no names. */
@EmbeddedFhirServerTest
class OperatorViewIT {

  @Autowired TestRestTemplate http;
  @Autowired IGenericClient fhir;

  @Test
  void showsThePassAndTheFlaggedPatients() {
    ResponseEntity<JsonNode> run = http.postForEntity("/api/assessments/run?full=true&details=true", null,
        JsonNode.class);
    assertThat(run.getStatusCode()).isEqualTo(HttpStatus.OK);
    Set<String> likely = new TreeSet<>();
    for (JsonNode row : run.getBody().get("patients")) {
      if ("likely-refractory".equals(row.get("status").asText()) && row.path("withheld").isNull()) {
        likely.add(row.get("patientId").asText());
      }
    }
    assertThat(likely).isNotEmpty();

    ResponseEntity<String> page = http.getForEntity("/", String.class);

    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
    String html = page.getBody();
    assertThat(html).contains("<tr class=\"pass\">").contains("<td class=\"l\">api</td>")
        .contains("<td>" + run.getBody().get("patientsAssessed").asInt() + "</td>")
        .contains("id=\"flags-likely-refractory\"").contains("class=\"up\">UP");
    for (String id : likely) {
      assertThat(html).contains("href=\"/patients/" + id + "/timeline\"");
    }
    Patient p = fhir.read().resource(Patient.class).withId(likely.iterator().next()).execute();
    if (p.hasName() && p.getNameFirstRep().hasFamily()) {
      assertThat(html).doesNotContain(p.getNameFirstRep().getFamily());
    }
    p.getIdentifier().forEach(i -> assertThat(html).doesNotContain(i.getValue()));
  }
}
