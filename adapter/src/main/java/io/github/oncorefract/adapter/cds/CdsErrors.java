package io.github.oncorefract.adapter.cds;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.routing.FaultClassifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the {@code /cds-services} endpoints as an OperationOutcome JSON body (one issue, {@code diagnostics} a
 * sentence without token content, identifiers or values): 400 invalid request, 413 body over
 * {@link CdsHooksController#MAX_BODY_BYTES}, 401 token refused (with
 * {@code WWW-Authenticate: Bearer error="invalid_token"}; the issue's {@code details.text} is the refusal code, e.g.
 * {@code wrong-audience}), 404 unknown service, 412 data missing and not fetchable, 500 otherwise.
 */
@RestControllerAdvice(assignableTypes = CdsHooksController.class)
public class CdsErrors {

  private static final Logger log = LoggerFactory.getLogger(CdsErrors.class);

  private final FhirContext ctx;

  /** @param ctx the application's one FhirContext */
  public CdsErrors(FhirContext ctx) {
    this.ctx = ctx;
  }

  /** An unknown service id. */
  public static final class UnknownService extends RuntimeException {
    public UnknownService() {
      super("No such CDS service: see GET /cds-services");
    }
  }

  @ExceptionHandler(CdsJwtVerifier.Rejected.class)
  ResponseEntity<String> unauthorized(CdsJwtVerifier.Rejected e) {
    log.info("CDS call refused: {}", e.code());
    ResponseEntity<String> r = outcome(HttpStatus.UNAUTHORIZED, OperationOutcome.IssueType.SECURITY, e.getMessage(),
        e.code());
    HttpHeaders h = new HttpHeaders();
    h.putAll(r.getHeaders());
    h.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
    return new ResponseEntity<>(r.getBody(), h, r.getStatusCode());
  }

  @ExceptionHandler(CdsRequest.Invalid.class)
  ResponseEntity<String> invalid(CdsRequest.Invalid e) {
    return outcome(HttpStatus.BAD_REQUEST, OperationOutcome.IssueType.INVALID, e.getMessage(), null);
  }

  @ExceptionHandler(CdsHooksController.TooLarge.class)
  ResponseEntity<String> tooLarge(CdsHooksController.TooLarge e) {
    return outcome(HttpStatus.PAYLOAD_TOO_LARGE, OperationOutcome.IssueType.TOOLONG, e.getMessage(), null);
  }

  @ExceptionHandler(UnknownService.class)
  ResponseEntity<String> unknown(UnknownService e) {
    return outcome(HttpStatus.NOT_FOUND, OperationOutcome.IssueType.NOTFOUND, e.getMessage(), null);
  }

  @ExceptionHandler(CdsPatientData.Unavailable.class)
  ResponseEntity<String> unavailable(CdsPatientData.Unavailable e) {
    return outcome(HttpStatus.PRECONDITION_FAILED, OperationOutcome.IssueType.INCOMPLETE, e.getMessage(), null);
  }

  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<String> failed(RuntimeException e) {
    String reason = FaultClassifier.sanitisedReason(e);
    log.warn("CDS call failed: {}", reason);
    log.debug("CDS failure detail", e);
    return outcome(HttpStatus.INTERNAL_SERVER_ERROR, OperationOutcome.IssueType.EXCEPTION,
        "The assessment could not be made: " + reason, null);
  }

  private ResponseEntity<String> outcome(HttpStatus status, OperationOutcome.IssueType type, String text,
      String code) {
    OperationOutcome oo = new OperationOutcome();
    var issue = oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(text);
    if (code != null) {
      issue.getDetails().setText(code);
    }
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
        .body(ctx.newJsonParser().encodeResourceToString(oo));
  }
}
