package io.github.oncorefract.ingest;

/**
 * Thrown by the FHIR client's HTTP layer instead of sending a request while its circuit breaker is open (the server
 * failed too many recent requests): nothing was sent. A pass that meets it stops early and keeps its cursor, so the
 * failing server is not hammered and no patient is lost. An {@link java.io.IOException}, so HAPI's client wraps it in a
 * {@code FhirClientConnectionException}.
 */
public class CircuitOpenException extends java.io.IOException {

  /** A fixed message, without URL or value. */
  public CircuitOpenException() {
    super("FHIR server circuit breaker open after repeated failures: request not sent");
  }
}
