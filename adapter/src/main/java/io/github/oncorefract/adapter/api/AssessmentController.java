package io.github.oncorefract.adapter.api;

import io.github.oncorefract.adapter.ops.PassGate;
import io.github.oncorefract.routing.AssessmentPipeline;
import io.github.oncorefract.routing.PassRunner;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator endpoints.
 *
 * <ul>
 *   <li>{@code POST /api/assessments/run[?full=true][&dryRun=true][&details=true]}: runs one pass now and returns its
 *       {@link RunView}: incremental (patients changed since the last completed pass, plus those that failed) unless
 *       {@code full=true} reassesses every in-scope cancer patient; {@code dryRun=true} writes nothing for this pass
 *       (nor moves the cursor); {@code details=true} adds one row per assessed cancer. 409 when a pass is already running; 502 when the FHIR server
 *       cannot be read, or refused a search as invalid (a configuration error: the pass stopped, the cursor stays); 503
 *       with {@code Retry-After} while the adapter is starting ({@link PassGate}).
 *   <li>{@code GET /api/patients/{id}/assessment}: the {@link AssessmentView} of one patient, computed now, nothing
 *       written; 400 for an id that is not a FHIR id ({@code [A-Za-z0-9\-\.]{1,64}}), 404 when the server has no such
 *       Patient.
 * </ul>
 */
@RestController
@RequestMapping("/api")
public class AssessmentController {

  static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  private final PassRunner runner;
  private final AssessmentPipeline pipeline;
  private final PassGate gate;

  /**
   * @param runner   runs passes
   * @param pipeline the per-patient path (its read-only twin for a patient's assessment)
   * @param gate     refuses passes (503) until the pass route has started and the application is ready
   */
  public AssessmentController(PassRunner runner, AssessmentPipeline pipeline, PassGate gate) {
    this.runner = runner;
    this.pipeline = pipeline;
    this.gate = gate;
  }

  @PostMapping(value = "/assessments/run", produces = "application/json")
  public RunView run(@RequestParam(name = "details", defaultValue = "false") boolean details,
      @RequestParam(name = "full", defaultValue = "false") boolean full,
      @RequestParam(name = "dryRun", defaultValue = "false") boolean dryRun) {
    gate.requireStarted();
    return RunView.of(runner.run("api", full, dryRun), details);
  }

  @GetMapping(value = "/patients/{id}/assessment", produces = "application/json")
  public AssessmentView assessment(@PathVariable("id") String id) {
    if (!FHIR_ID.matcher(id).matches()) {
      throw new ApiErrors.BadRequest("Patient id must match [A-Za-z0-9\\-.]{1,64}");
    }
    return AssessmentView.of(pipeline.preview(id));
  }
}
