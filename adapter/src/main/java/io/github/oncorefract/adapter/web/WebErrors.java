package io.github.oncorefract.adapter.web;

import io.github.oncorefract.ingest.PatientNotFoundException;
import io.github.oncorefract.routing.FaultClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Maps failures of the web pages to small HTML error pages (no identifiers, bodies or tokens in them or in the log):
 * 400 malformed request, 401 no launch, 403 not allowed, 404 unknown patient or SMART off, 502 upstream fault.
 */
@ControllerAdvice(assignableTypes = {TimelineController.class, SmartLaunchController.class})
public class WebErrors {

  private static final Logger log = LoggerFactory.getLogger(WebErrors.class);

  /** A refused page request with its status and a plain-text message (no identifiers or secrets). */
  public static class PageException extends RuntimeException {
    private final HttpStatus status;

    public PageException(HttpStatus status, String message) {
      super(message);
      this.status = status;
    }

    public HttpStatus status() {
      return status;
    }
  }

  @ExceptionHandler(PageException.class)
  ResponseEntity<String> page(PageException e) {
    return HtmlPages.error(e.status(), e.getMessage());
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<String> missing(MissingServletRequestParameterException e) {
    return HtmlPages.error(HttpStatus.BAD_REQUEST, "Parameter '" + e.getParameterName() + "' is required");
  }

  @ExceptionHandler(PatientNotFoundException.class)
  ResponseEntity<String> notFound(PatientNotFoundException e) {
    return HtmlPages.error(HttpStatus.NOT_FOUND, "No Patient with this id on the FHIR server");
  }

  @ExceptionHandler(SmartAuthorizationClient.SmartLaunchException.class)
  ResponseEntity<String> launch(SmartAuthorizationClient.SmartLaunchException e) {
    log.warn("SMART launch failed: {}", e.getMessage());
    return HtmlPages.error(HttpStatus.BAD_GATEWAY, "The SMART launch could not be completed: " + e.getMessage());
  }

  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<String> upstream(RuntimeException e) {
    String reason = FaultClassifier.sanitisedReason(e);
    log.warn("Page request failed: {}", reason);
    log.debug("Page failure detail", e);
    return HtmlPages.error(HttpStatus.BAD_GATEWAY, "The FHIR server could not be read: " + reason);
  }
}
