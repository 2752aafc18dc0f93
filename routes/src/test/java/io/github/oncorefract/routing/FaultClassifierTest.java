package io.github.oncorefract.routing;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

class FaultClassifierTest {

  @Test
  void connectionErrorsTimeoutsAnd5xxAnd429AreTransientEvenWhenWrapped() {
    assertThat(FaultClassifier.isTransient(new FhirClientConnectionException("refused"))).isTrue();
    assertThat(FaultClassifier.isTransient(new RuntimeCamelException(new InternalErrorException("boom")))).isTrue();
    assertThat(FaultClassifier.isTransient(new UnclassifiedServerFailureException(503, "x"))).isTrue();
    assertThat(FaultClassifier.isTransient(new UnclassifiedServerFailureException(429, "x"))).isTrue();
    assertThat(FaultClassifier.isTransient(new UnclassifiedServerFailureException(408, "x"))).isTrue();
  }

  @Test
  void clientErrorsAndConflictsArePermanent() {
    assertThat(FaultClassifier.isTransient(new InvalidRequestException("bad"))).isFalse();
    assertThat(FaultClassifier.isTransient(new PreconditionFailedException("412"))).isFalse();
    assertThat(FaultClassifier.isTransient(new ResourceVersionConflictException("409"))).isFalse();
    assertThat(FaultClassifier.isTransient(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void sanitisedReasonHasStatusAndTypeButNoMessage() {
    String reason = FaultClassifier.sanitisedReason(
        new RuntimeCamelException(new InvalidRequestException("Patient/secret-id has bad name Jane Doe")));
    assertThat(reason).isEqualTo("HTTP 400 (InvalidRequestException)").doesNotContain("secret").doesNotContain("Jane");
  }

  @Test
  void anOpenCircuitBreakerIsRecognisedWrappedAndIsNotRetried() {
    Throwable open = new RuntimeCamelException(new FhirClientConnectionException(
        new io.github.oncorefract.ingest.CircuitOpenException()));
    assertThat(FaultClassifier.isCircuitOpen(open)).isTrue();
    assertThat(FaultClassifier.isTransient(open)).isFalse();
    assertThat(FaultClassifier.sanitisedReason(open)).contains("circuit breaker open").contains("cursor kept");
    assertThat(FaultClassifier.isCircuitOpen(new FhirClientConnectionException("refused"))).isFalse();
  }

  @Test
  void aSearchRefusedAsInvalidIsAConfigurationFaultThatStopsThePassNamingTypeAndParametersOnly() {
    Throwable config = new RuntimeCamelException(new io.github.oncorefract.ingest.UnsupportedSearchException(
        "Observation", java.util.List.of("_count", "patient"),
        new InvalidRequestException("HTTP 400: category required for patient=secret-id")));
    assertThat(FaultClassifier.isConfigurationFault(config)).isTrue();
    assertThat(FaultClassifier.stopsThePass(config)).isTrue();
    assertThat(FaultClassifier.isTransient(config)).isFalse();
    assertThat(FaultClassifier.isStaleWrite(config)).isFalse();
    assertThat(FaultClassifier.sanitisedReason(config)).contains("Observation").contains("[_count, patient]")
        .contains("configuration error").contains("cursor kept").doesNotContain("secret-id");
    // A 400 elsewhere (a write the server refuses) stays the patient's failure.
    assertThat(FaultClassifier.isConfigurationFault(new InvalidRequestException("bad"))).isFalse();
    assertThat(FaultClassifier.stopsThePass(new InvalidRequestException("bad"))).isFalse();
  }

  @Test
  void aPagingFaultIsPermanentAndItsReasonNamesTheTypeOnly() {
    Throwable paging = new RuntimeCamelException(
        new io.github.oncorefract.ingest.PagingException("search of Condition stopped: its next link repeats"));
    assertThat(FaultClassifier.isTransient(paging)).isFalse();
    assertThat(FaultClassifier.sanitisedReason(paging))
        .isEqualTo("search of Condition stopped: its next link repeats (PagingException)");
  }

  @Test
  void aFailedIfMatchIsAStaleWriteWorthReadingAgainButNotTransient() {
    Throwable stale = new RuntimeCamelException(new PreconditionFailedException("HAPI-0989 version conflict"));
    assertThat(FaultClassifier.isStaleWrite(stale)).isTrue();
    assertThat(FaultClassifier.isTransient(stale)).isFalse();
    assertThat(FaultClassifier.isStaleWrite(new ResourceVersionConflictException("409"))).isFalse();
  }
}
