package io.github.oncorefract.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.adapter.seed.PublicFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Issue 8, classes 1, 2, 3 and 10 on the real public fixtures loaded into the embedded server.
 */
@EmbeddedFhirServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StageAndSecondaryFixtureIT {

  @Autowired TestRestTemplate http;
  @Autowired FhirContext ctx;
  @LocalServerPort int port;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  void loadFixtures() {
    PublicFixtures.ensureLoaded(ctx, port);
  }

  JsonNode assessment(String patient) throws Exception {
    ResponseEntity<String> r = http.getForEntity("/api/patients/" + patient + "/assessment", String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }

  /** Writes every fixture patient's assessment summary to target/ (the before/after table of the report). */
  @Test
  void dumpsEveryFixturePatient() throws Exception {
    IGenericClient client = PublicFixtures.client(ctx, port);
    TreeSet<String> ids = new TreeSet<>();
    Bundle b = client.search().forResource(Patient.class).count(500).returnBundle(Bundle.class).execute();
    while (b != null) {
      b.getEntry().forEach(e -> ids.add(e.getResource().getIdElement().getIdPart()));
      b = b.getLink(Bundle.LINK_NEXT) != null ? client.loadPage().next(b).execute() : null;
    }
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      if (id.startsWith("demo-")) {
        continue;
      }
      JsonNode a = assessment(id);
      for (JsonNode c : a.get("cancers")) {
        StringBuilder sb = new StringBuilder();
        sb.append(id).append(" | ").append(c.get("condition").asText()).append(" | ").append(c.get("cancer").asText())
            .append(" | ").append(c.get("status").asText()).append(" |");
        for (JsonNode l : c.get("lines")) {
          List<String> ing = new ArrayList<>();
          l.get("regimen").forEach(i -> ing.add(i.asText()));
          sb.append(" L").append(l.get("number").asInt()).append(' ').append(String.join("+", ing)).append(" [")
              .append(l.get("setting").asText()).append(", ").append(l.get("start").asText()).append("..")
              .append(l.get("end").asText()).append(", ").append(l.get("endReason").asText()).append("]");
        }
        sb.append(" | reasons:");
        c.get("reasons").forEach(r -> sb.append(' ').append(r.get("code").asText()));
        out.add(sb.toString());
        out.add("    narrative: " + c.get("narrative").asText());
        c.get("reasons").forEach(r -> out.add("    - " + r.get("code").asText() + ": " + r.get("text").asText()));
      }
    }
    Path target = Path.of("target", "stage-fixture-assessments.txt");
    Files.createDirectories(target.getParent());
    Files.write(target, out);
    assertThat(out).isNotEmpty();
  }
}
