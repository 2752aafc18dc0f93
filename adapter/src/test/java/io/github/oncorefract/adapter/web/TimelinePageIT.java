package io.github.oncorefract.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.routing.AssessmentPipeline;
import io.github.oncorefract.routing.PatientWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * {@code GET /patients/{id}/timeline} on the embedded server with SMART off (the default): served directly, HTML,
 * {@code no-store}; 400 and 404 as HTML pages; the assessment JSON links to it; {@code /smart/*} answers 404.
 */
@EmbeddedFhirServerTest
class TimelinePageIT {

  @Autowired TestRestTemplate http;
  @Autowired AssessmentPipeline pipeline;

  @Test
  void servesTheTimelineOfADemoPatientAndTheAssessmentLinksToIt() throws Exception {
    PatientWork w = DemoTimelinePatient.withLinesAndProgression(pipeline, 3);
    String id = w.patientId();

    ResponseEntity<String> page = http.getForEntity("/patients/" + id + "/timeline", String.class);

    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
    assertThat(page.getHeaders().getCacheControl()).isEqualTo("no-store");
    assertThat(page.getHeaders().getFirst("Content-Security-Policy")).startsWith("default-src 'none'");
    assertThat(page.getBody()).contains("Patient/" + id).contains("id=\"status-box\"")
        .contains("data-status=\"" + w.assessment().cancers().get(0).status().code() + "\"")
        .contains("class=\"line-band").contains("class=\"marker status").doesNotContain("<script");

    ResponseEntity<String> json = http.getForEntity("/api/patients/" + id + "/assessment", String.class);
    JsonNode view = new ObjectMapper().readTree(json.getBody());
    assertThat(view.get("timeline").asText()).isEqualTo("/patients/" + id + "/timeline");
    assertThat(http.getForEntity(view.get("timeline").asText(), String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void malformedAndUnknownIdsGetHtmlErrorPages() {
    ResponseEntity<String> bad = http.getForEntity("/patients/not_a_fhir_id/timeline", String.class);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
    assertThat(bad.getBody()).contains("id=\"error-message\"");

    ResponseEntity<String> unknown = http.getForEntity("/patients/no-such-patient-tl/timeline", String.class);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
    assertThat(unknown.getHeaders().getCacheControl()).isEqualTo("no-store");
    assertThat(unknown.getBody()).contains("No Patient with this id");
  }

  @Test
  void smartLaunchIsOffByDefault() {
    ResponseEntity<String> r = http.getForEntity("/smart/launch?launch=abc&iss=http://127.0.0.1:1/fhir",
        String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(r.getBody()).contains("adapter.smart.enabled=false");
  }
}
