package io.github.oncorefract.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SameOriginTest {

  private static final URI BASE = URI.create("https://ehr.example.org/fhir");

  @Test
  void theBaseAndPathsBelowItAreWithin() {
    assertThat(SameOrigin.within(BASE, "https://ehr.example.org/fhir")).isTrue();
    assertThat(SameOrigin.within(BASE, "https://EHR.example.org:443/fhir/Patient?x=1")).isTrue();
    assertThat(SameOrigin.within(BASE, "https://ehr.example.org/fhir?_getpages=a&_getpagesoffset=20")).isTrue();
    assertThat(SameOrigin.within(BASE, "https://ehr.example.org/fhir/a/../Patient")).isTrue();
  }

  @Test
  void otherSchemesHostsPortsPathsAndTricksAreNot() {
    assertThat(SameOrigin.within(BASE, "http://ehr.example.org/fhir/Patient")).isFalse();
    assertThat(SameOrigin.within(BASE, "https://evil.example.org/fhir/Patient")).isFalse();
    assertThat(SameOrigin.within(BASE, "https://ehr.example.org:8443/fhir/Patient")).isFalse();
    assertThat(SameOrigin.within(BASE, "https://ehr.example.org/fhir2/Patient")).isFalse();
    assertThat(SameOrigin.within(BASE, "https://ehr.example.org/fhir/../admin")).isFalse();
    assertThat(SameOrigin.within(BASE, "https://ehr.example.org/fhir/%2e%2e/admin")).isFalse();
    assertThat(SameOrigin.within(BASE, "https://ehr.example.org/fhir/..%2Fadmin")).isFalse();
    assertThat(SameOrigin.within(BASE, "https://user@ehr.example.org/fhir/Patient")).isFalse();
    assertThat(SameOrigin.within(BASE, "https://ehr.example.org.evil.org/fhir/Patient")).isFalse();
    assertThat(SameOrigin.within(BASE, "/fhir/Patient")).isFalse();
    assertThat(SameOrigin.within(BASE, "not a url")).isFalse();
  }

  @Test
  void aPageOfTheSameServerBehindAnotherNameIsMappedOntoTheBase() {
    assertThat(SameOrigin.rewrite(BASE, "http://internal:8080/fhir?_getpages=abc&_count=2", "/fhir"))
        .contains("https://ehr.example.org/fhir?_getpages=abc&_count=2");
    assertThat(SameOrigin.rewrite(BASE, "http://internal:8080/hapi/baseR4/Observation?page=2", "/hapi/baseR4"))
        .contains("https://ehr.example.org/fhir/Observation?page=2");
  }

  @Test
  void linksOutsideTheServersBaseAreNotMapped() {
    assertThat(SameOrigin.rewrite(BASE, "http://internal:8080/admin?x=1", "/fhir")).isEmpty();
    assertThat(SameOrigin.rewrite(BASE, "http://internal:8080/fhir/../admin", "/fhir")).isEmpty();
    assertThat(SameOrigin.rewrite(BASE, "http://internal:8080/fhir/%2e%2e/admin", "/fhir")).isEmpty();
    assertThat(SameOrigin.rewrite(BASE, "http://u:p@internal:8080/fhir?x", "/fhir")).isEmpty();
  }
}
