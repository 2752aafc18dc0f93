package io.github.oncorefract.routing;

import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.net.SocketTimeoutException;
import java.util.Set;

/**
 * Classifies faults after unwrapping Camel's and HAPI's wrappers: transient faults (connection errors, timeouts, HTTP
 * 408, 429 and 5xx) are retried with backoff, because every call of the per-patient route is idempotent (reads, and a
 * transaction of conditional creates and version-checked updates); everything else is permanent for this pass.
 */
public final class FaultClassifier {

  private static final Set<Integer> TRANSIENT_STATUS = Set.of(408, 429, 500, 502, 503, 504);

  private FaultClassifier() {}

  /** The innermost meaningful cause: the first HAPI or I/O exception in the chain, else the root. */
  public static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    for (int i = 0; cur != null && i < 20; i++) {
      if (cur instanceof BaseServerResponseException || cur instanceof FhirClientConnectionException
          || cur instanceof java.io.IOException) {
        return cur;
      }
      if (cur.getCause() == null || cur.getCause() == cur) {
        return cur;
      }
      cur = cur.getCause();
    }
    return t;
  }

  /**
   * True when the FHIR client's circuit breaker refused to send (anywhere in the cause chain): the server keeps failing
   * and the pass should stop rather than go on with the next patient.
   */
  public static boolean isCircuitOpen(Throwable t) {
    Throwable cur = t;
    for (int i = 0; cur != null && i < 20; i++) {
      if (cur instanceof io.github.oncorefract.ingest.CircuitOpenException) {
        return true;
      }
      cur = cur.getCause() == cur ? null : cur.getCause();
    }
    return false;
  }

  /**
   * True when the server refused one of the adapter's searches as invalid (HTTP 400 to a search, anywhere in the cause
   * chain, {@link io.github.oncorefract.ingest.UnsupportedSearchException}): a configuration error that stops the pass,
   * like an open circuit breaker, with the cursor kept.
   */
  public static boolean isConfigurationFault(Throwable t) {
    return configurationFault(t) != null;
  }

  /** The configuration fault in the cause chain, or {@code null}. */
  public static io.github.oncorefract.ingest.UnsupportedSearchException configurationFault(Throwable t) {
    Throwable cur = t;
    for (int i = 0; cur != null && i < 20; i++) {
      if (cur instanceof io.github.oncorefract.ingest.UnsupportedSearchException u) {
        return u;
      }
      cur = cur.getCause() == cur ? null : cur.getCause();
    }
    return null;
  }

  /** True for a fault that must stop the whole pass: an open circuit breaker or a configuration fault. */
  public static boolean stopsThePass(Throwable t) {
    return isCircuitOpen(t) || isConfigurationFault(t);
  }

  /**
   * True for a 412 (If-Match failed): the server holds a newer version than the one planned against, e.g. because a
   * repeated transaction had in fact been committed, or a clinician edited the resource meanwhile. Never resent as it
   * was: the patient is planned again against what the server holds ({@link UncertainTransactions}, bounded).
   */
  public static boolean isStaleWrite(Throwable t) {
    return !isCircuitOpen(t) && unwrap(t) instanceof BaseServerResponseException e && e.getStatusCode() == 412;
  }

  /**
   * True for a 409: HAPI answers it to two identical conditional creates at the same instant (the other writer won;
   * planning again finds its resource). Not transient and not a stale write by itself.
   */
  public static boolean isConflict(Throwable t) {
    return !isCircuitOpen(t) && unwrap(t) instanceof BaseServerResponseException e && e.getStatusCode() == 409;
  }

  /** True for faults worth retrying now; never for an open circuit breaker, a configuration or a paging fault. */
  public static boolean isTransient(Throwable t) {
    if (stopsThePass(t)) {
      return false;
    }
    Throwable u = unwrap(t);
    if (u instanceof io.github.oncorefract.ingest.PagingException) {
      return false;
    }
    if (u instanceof FhirClientConnectionException || u instanceof SocketTimeoutException
        || u instanceof java.net.ConnectException) {
      return true;
    }
    return u instanceof BaseServerResponseException e && TRANSIENT_STATUS.contains(e.getStatusCode());
  }

  /** A reason safe to log and return: exception type and HTTP status, never a message body or identifier. */
  public static String sanitisedReason(Throwable t) {
    if (isCircuitOpen(t)) {
      return "FHIR server circuit breaker open after repeated failures (CircuitOpenException): pass stopped, cursor kept";
    }
    io.github.oncorefract.ingest.UnsupportedSearchException config = configurationFault(t);
    if (config != null) {
      return config.getMessage() + ": pass stopped, cursor kept (UnsupportedSearchException)";
    }
    Throwable u = unwrap(t);
    if (u instanceof io.github.oncorefract.ingest.PagingException p) {
      return p.getMessage() + " (PagingException)";
    }
    if (u instanceof UncertainTransactions.OutcomeUnknownException o) {
      return o.getMessage();
    }
    if (u instanceof io.github.oncorefract.publish.PlanValidator.InvalidResourceException v) {
      return v.getMessage();
    }
    if (u instanceof FhirClientConnectionException) {
      // HAPI gives connection failures status 500 although no HTTP answer came: say what happened instead.
      return "no answer from the FHIR server (FhirClientConnectionException)";
    }
    if (u instanceof BaseServerResponseException e) {
      return "HTTP " + e.getStatusCode() + " (" + u.getClass().getSimpleName() + ")";
    }
    return u.getClass().getSimpleName();
  }
}
