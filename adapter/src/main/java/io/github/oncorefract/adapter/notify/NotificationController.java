package io.github.oncorefract.adapter.notify;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The rest-hook endpoint of the adapter's FHIR R4 Subscriptions ({@code adapter.notifications.enabled}).
 *
 * <ul>
 *   <li>{@code POST /api/notifications}: a Subscriptions Backport notification Bundle, a bare SubscriptionStatus
 *       Parameters, a single changed resource, or an empty body (a payload-less ping), see
 *       {@link NotificationParser#parseBody};</li>
 *   <li>{@code PUT|POST|DELETE /api/notifications/{type}/{id}}: HAPI FHIR's plain rest-hook with a payload, see
 *       {@link NotificationParser#parseRestHook}.</li>
 * </ul>
 *
 * Answers 200 with an informational OperationOutcome as soon as the notification is queued (the assessment runs later,
 * coalesced per patient); 400 with an OperationOutcome for a body or path that is not an accepted shape; 413 for a
 * body over {@link #MAX_BODY_BYTES} (read no further).
 */
@RestController
@RequestMapping("/api/notifications")
@ConditionalOnProperty(prefix = "adapter.notifications", name = "enabled", havingValue = "true",
    matchIfMissing = true)
public class NotificationController {

  private static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

  /** The largest notification body read (16 MiB); a larger one is refused with 413 before it is buffered. */
  public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  /** A body over {@link #MAX_BODY_BYTES}. */
  public static final class TooLarge extends RuntimeException {
    public TooLarge() {
      super("The notification body is larger than " + (MAX_BODY_BYTES >> 20) + " MiB");
    }
  }

  private final NotificationParser parser;
  private final NotificationIntake intake;
  private final FhirContext ctx;

  /**
   * @param parser reads the notification shapes
   * @param intake queues notifications
   * @param ctx    the application's FHIR context (for the OperationOutcome)
   */
  public NotificationController(NotificationParser parser, NotificationIntake intake, FhirContext ctx) {
    this.parser = parser;
    this.intake = intake;
    this.ctx = ctx;
  }

  /** A notification posted to the endpoint itself. */
  @RequestMapping(method = RequestMethod.POST)
  public ResponseEntity<String> notification(java.io.InputStream body) {
    return accepted(parser.parseBody(read(body)));
  }

  /** HAPI FHIR's plain rest-hook request for one resource. */
  @RequestMapping(value = "/{type}/{id}", method = {RequestMethod.PUT, RequestMethod.POST, RequestMethod.DELETE})
  public ResponseEntity<String> restHook(jakarta.servlet.http.HttpServletRequest request,
      @PathVariable("type") String type, @PathVariable("id") String id,
      java.io.InputStream body) {
    return accepted(parser.parseRestHook(request.getMethod(), type, id, read(body)));
  }

  /** The body as UTF-8 text, read up to {@link #MAX_BODY_BYTES}. */
  static String read(java.io.InputStream body) {
    if (body == null) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = body.readNBytes(MAX_BODY_BYTES + 1);
    } catch (java.io.IOException e) {
      throw new MalformedNotificationException("The notification body could not be read");
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new TooLarge();
    }
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  @ExceptionHandler(TooLarge.class)
  ResponseEntity<String> tooLarge(TooLarge e) {
    return outcome(HttpStatus.PAYLOAD_TOO_LARGE, OperationOutcome.IssueSeverity.ERROR,
        OperationOutcome.IssueType.TOOLONG, e.getMessage());
  }

  @ExceptionHandler(MalformedNotificationException.class)
  ResponseEntity<String> malformed(MalformedNotificationException e) {
    return outcome(HttpStatus.BAD_REQUEST, OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueType.INVALID,
        e.getMessage());
  }

  private ResponseEntity<String> accepted(Notification n) {
    intake.submit(n);
    String text = n.actionable()
        ? "Accepted: " + n.focus().size() + " changed resource(s); the affected patients are assessed shortly"
        : "Acknowledged (" + n.kind().name().toLowerCase() + "): nothing to assess";
    return outcome(HttpStatus.OK, OperationOutcome.IssueSeverity.INFORMATION,
        OperationOutcome.IssueType.INFORMATIONAL, text);
  }

  private ResponseEntity<String> outcome(HttpStatus status, OperationOutcome.IssueSeverity severity,
      OperationOutcome.IssueType type, String text) {
    OperationOutcome oo = new OperationOutcome();
    oo.addIssue().setSeverity(severity).setCode(type).setDiagnostics(text);
    return ResponseEntity.status(status).contentType(FHIR_JSON).body(ctx.newJsonParser().encodeResourceToString(oo));
  }
}
