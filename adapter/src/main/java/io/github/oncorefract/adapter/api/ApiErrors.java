package io.github.oncorefract.adapter.api;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.adapter.ops.PassGate;
import io.github.oncorefract.ingest.PatientNotFoundException;
import io.github.oncorefract.routing.FaultClassifier;
import io.github.oncorefract.routing.PassRunner;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps failures of the {@code /api} endpoints to HTTP statuses with an OperationOutcome body. Messages never carry
 * identifiers, bodies or tokens.
 */
@RestControllerAdvice(assignableTypes = {AssessmentController.class, DeadLetterController.class})
public class ApiErrors {

  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
  private static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

  private final FhirContext ctx;

  public ApiErrors(FhirContext ctx) {
    this.ctx = ctx;
  }

  /** A malformed request. */
  public static class BadRequest extends RuntimeException {
    public BadRequest(String message) {
      super(message);
    }
  }

  @ExceptionHandler(BadRequest.class)
  ResponseEntity<String> badRequest(BadRequest e) {
    return outcome(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.INVALID, e.getMessage());
  }

  @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
  ResponseEntity<String> badParameter(
      org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e) {
    return outcome(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.INVALID,
        "Parameter '" + e.getName() + "' has an invalid value");
  }

  @ExceptionHandler(PatientNotFoundException.class)
  ResponseEntity<String> notFound(PatientNotFoundException e) {
    return outcome(HttpStatus.NOT_FOUND, OperationOutcome.IssueType.NOTFOUND, "No Patient with this id on the FHIR server");
  }

  @ExceptionHandler(PassRunner.PassAlreadyRunningException.class)
  ResponseEntity<String> conflict(PassRunner.PassAlreadyRunningException e) {
    return outcome(HttpStatus.CONFLICT, OperationOutcome.IssueType.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(DeadLetterController.NotADeadLetterException.class)
  ResponseEntity<String> notADeadLetter(DeadLetterController.NotADeadLetterException e) {
    return outcome(HttpStatus.NOT_FOUND, OperationOutcome.IssueType.NOTFOUND, e.getMessage());
  }

  @ExceptionHandler(DeadLetterController.ReplayBusyException.class)
  ResponseEntity<String> replayBusy(DeadLetterController.ReplayBusyException e) {
    return outcome(HttpStatus.CONFLICT, OperationOutcome.IssueType.CONFLICT, e.getMessage());
  }

  /** Before the pass route has started or while the application is not ready: 503 and {@code Retry-After}. */
  @ExceptionHandler(PassGate.NotStartedException.class)
  ResponseEntity<String> starting(PassGate.NotStartedException e) {
    OperationOutcome oo = new OperationOutcome();
    oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.TRANSIENT)
        .setDiagnostics(e.getMessage());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(FHIR_JSON)
        .header("Retry-After", Integer.toString(PassGate.RETRY_AFTER_SECONDS))
        .body(ctx.newJsonParser().encodeResourceToString(oo));
  }

  /**
   * The FHIR server failed, or refused what the adapter sent: 502. A configuration error (the server refused a search
   * as invalid) says so, with issue code {@code not-supported}, the resource type and the parameter names.
   */
  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<String> upstream(RuntimeException e) {
    String reason = FaultClassifier.sanitisedReason(e);
    log.warn("API request failed: {}", reason);
    log.debug("API failure detail", e);
    if (FaultClassifier.isConfigurationFault(e)) {
      return outcome(HttpStatus.BAD_GATEWAY, OperationOutcome.IssueType.NOTSUPPORTED,
          "Configuration error: " + reason);
    }
    return outcome(HttpStatus.BAD_GATEWAY, OperationOutcome.IssueType.EXCEPTION,
        "The FHIR server could not be read or written: " + reason);
  }

  private ResponseEntity<String> outcome(HttpStatus status, OperationOutcome.IssueType type, String text) {
    OperationOutcome oo = new OperationOutcome();
    oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(text);
    return ResponseEntity.status(status).contentType(FHIR_JSON)
        .body(ctx.newJsonParser().encodeResourceToString(oo));
  }
}
