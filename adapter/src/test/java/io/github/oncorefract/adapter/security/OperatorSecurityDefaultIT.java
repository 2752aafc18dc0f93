package io.github.oncorefract.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The whole application with the default {@code adapter.security.mode=none}: Spring Security's filter runs on the
 * operator surface only (its headers are there, on {@code /}, {@code /api} and {@code /actuator/prometheus}) and never
 * on the embedded FHIR server, CDS Hooks, the timeline page or the probes; a cross-site write is refused.
 */
@EmbeddedFhirServerTest
class OperatorSecurityDefaultIT {

  @Autowired TestRestTemplate http;

  @Test
  void theFilterGuardsTheOperatorSurfaceOnly() {
    for (String operator : new String[] {"/", "/api/dead-letters", "/actuator/prometheus"}) {
      ResponseEntity<String> r = http.getForEntity(operator, String.class);
      assertThat(r.getStatusCode()).as(operator).isEqualTo(HttpStatus.OK);
      assertThat(r.getHeaders().getFirst("X-Frame-Options")).as(operator).isEqualTo("DENY");
    }
    for (String other : new String[] {"/fhir/metadata", "/cds-services", "/actuator/health/readiness",
        "/patients/no-such-patient/timeline"}) {
      ResponseEntity<String> r = http.getForEntity(other, String.class);
      assertThat(r.getHeaders().containsKey("X-Frame-Options")).as(other).isFalse();
    }
    HttpHeaders h = new HttpHeaders();
    h.add("Sec-Fetch-Site", "cross-site");
    ResponseEntity<String> cross = http.exchange("/api/dead-letters/replay-all", HttpMethod.POST,
        new HttpEntity<>(h), String.class);
    assertThat(cross.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }
}
