package io.github.oncorefract.adapter.web;

import io.github.oncorefract.adapter.config.SmartProperties;
import io.github.oncorefract.routing.AssessmentPipeline;
import io.github.oncorefract.routing.PatientWork;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /patients/{id}/timeline}: the line-of-therapy timeline of one patient as a self-contained HTML page
 * ({@link TimelineRenderer}), computed now through the read-only twin of the per-patient path
 * ({@link AssessmentPipeline#preview}), nothing written; {@code Cache-Control: no-store}.
 *
 * <ul>
 *   <li>{@code adapter.smart.enabled=false} (default): served directly from the adapter's FHIR server (the server
 *       listens on loopback only by default, like the operator API).</li>
 *   <li>{@code adapter.smart.enabled=true}: only within a SMART App Launch of this patient ({@code /smart/launch});
 *       the data is read from the launch's {@code iss} with its access token. 401 without a launch (or when its
 *       token has expired), 403 when this browser session launched only other patients.</li>
 * </ul>
 * 400 for an id that is not a FHIR id ({@code [A-Za-z0-9\-\.]{1,64}}), 404 when the server has no such Patient, 502
 * when it cannot be read; all as small HTML pages.
 */
@RestController
public class TimelineController {

  /** The page of a patient, relative to the adapter's base URL. */
  public static String path(String patientId) {
    return "/patients/" + patientId + "/timeline";
  }

  static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  private final AssessmentPipeline pipeline;
  private final TimelineRenderer renderer;
  private final SmartProperties smart;
  private final LaunchedDataSources launched;
  private final Clock clock;

  public TimelineController(AssessmentPipeline pipeline, TimelineRenderer renderer, SmartProperties smart,
      LaunchedDataSources launched, Clock clock) {
    this.pipeline = pipeline;
    this.renderer = renderer;
    this.smart = smart;
    this.launched = launched;
    this.clock = clock;
  }

  @GetMapping(value = "/patients/{id}/timeline", produces = "text/html")
  public ResponseEntity<String> timeline(@PathVariable("id") String id, HttpServletRequest request) {
    if (!FHIR_ID.matcher(id).matches()) {
      throw new WebErrors.PageException(HttpStatus.BAD_REQUEST, "Patient id must match [A-Za-z0-9\\-.]{1,64}");
    }
    PatientWork work;
    if (smart.enabled()) {
      SmartSession.LaunchContext ctx = SmartSession.launched(request.getSession(false), id);
      if (ctx == null && SmartSession.anyLaunched(request.getSession(false))) {
        throw new WebErrors.PageException(HttpStatus.FORBIDDEN,
            "This launch is for another patient: open the page from the EHR again.");
      }
      if (ctx == null) {
        throw new WebErrors.PageException(HttpStatus.UNAUTHORIZED,
            "Open this page from the EHR (SMART App Launch at /smart/launch).");
      }
      if (ctx.expired(clock.instant())) {
        throw new WebErrors.PageException(HttpStatus.UNAUTHORIZED,
            "The EHR launch has expired: open the page from the EHR again.");
      }
      work = pipeline.preview(id, launched.forLaunch(ctx));
    } else {
      work = pipeline.preview(id);
    }
    return HtmlPages.page(HttpStatus.OK, renderer.render(work));
  }
}
