package io.github.oncorefract.adapter.api;

import io.github.oncorefract.deadletter.DeadLetter;
import io.github.oncorefract.adapter.ops.PassGate;
import io.github.oncorefract.deadletter.DeadLetters;
import io.github.oncorefract.ingest.FhirPatientFinder;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassSummary;
import io.github.oncorefract.routing.PatientFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dead letters: patients that kept failing (README "Operations").
 *
 * <ul>
 *   <li>{@code GET /api/dead-letters}: {@link ListView}, the dead letters in patient id order;</li>
 *   <li>{@code POST /api/dead-letters/{id}/replay}: assesses that patient again through the same per-patient path (a
 *       targeted writing pass, trigger {@code replay}); a patient that completes leaves the list. 400 for an id that is
 *       not a FHIR id, 404 when it is not a dead letter, 409 when another pass kept running for
 *       {@link PassRunner#TARGETED_WAIT};</li>
 *   <li>{@code POST /api/dead-letters/replay-all}: the same for every dead letter (an empty list replays nothing).</li>
 * </ul>
 * Both replays answer a {@link ReplayView}; 503 with {@code Retry-After} while the adapter is starting. Before a replay
 * the scope ({@code adapter.scope.*}) is checked again: a dead letter no longer in scope is not replayed, it is removed
 * from the list and reported in {@code outOfScope}. Meters: {@code oncorefract.dead.letters} (gauge: dead letters now)
 * and {@code oncorefract.dead.letter.replays} (counter; tag {@code result} recovered|failed|out-of-scope).
 */
@RestController
@RequestMapping("/api/dead-letters")
public class DeadLetterController {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeadLetterController.class);

  private final DeadLetters deadLetters;
  private final PassRunner runner;
  private final FhirPatientFinder scope;
  private final PassGate gate;
  private final Counter recovered;
  private final Counter stillFailing;
  private final Counter outOfScope;

  /**
   * @param deadLetters the ledger
   * @param runner      runs the targeted replay pass
   * @param scope       re-checks {@code adapter.scope} before a replay ({@link FhirPatientFinder#inScope})
   * @param gate        refuses replays (503) until the pass route has started and the application is ready
   * @param registry    meter registry
   */
  public DeadLetterController(DeadLetters deadLetters, PassRunner runner, FhirPatientFinder scope, PassGate gate,
      MeterRegistry registry) {
    this.deadLetters = deadLetters;
    this.runner = runner;
    this.scope = scope;
    this.gate = gate;
    Gauge.builder("oncorefract.dead.letters", deadLetters, DeadLetters::count)
        .description("Patients that kept failing and are no longer retried by every pass (GET /api/dead-letters)")
        .register(registry);
    this.recovered = Counter.builder("oncorefract.dead.letter.replays").tag("result", "recovered")
        .description("Replayed dead letters").register(registry);
    this.stillFailing = Counter.builder("oncorefract.dead.letter.replays").tag("result", "failed")
        .description("Replayed dead letters").register(registry);
    this.outOfScope = Counter.builder("oncorefract.dead.letter.replays").tag("result", "out-of-scope")
        .description("Replayed dead letters").register(registry);
  }

  /**
   * The dead letters.
   *
   * @param afterFailures consecutive failed passes that make a dead letter ({@code adapter.dead-letters.after-failures})
   * @param count         number of dead letters
   * @param deadLetters   one entry per patient, in id order
   */
  public record ListView(int afterFailures, int count, List<DeadLetter> deadLetters) {}

  /**
   * Result of a replay.
   *
   * @param replayed     patients replayed
   * @param recovered    those that completed and left the list
   * @param stillFailing those that failed again (stage and sanitised reason), still dead letters
   * @param remaining    dead letters after the replay
   * @param startedAt    start of the replay pass (UTC), {@code null} when nothing was replayed
   * @param outOfScope   dead letters no longer in {@code adapter.scope}: not replayed, removed from the list
   */
  public record ReplayView(int replayed, List<String> recovered, List<RunView.FailureView> stillFailing,
      int remaining, Instant startedAt, List<String> outOfScope) {}

  /** A replay could not start: another pass kept running. */
  public static class ReplayBusyException extends RuntimeException {
    public ReplayBusyException() {
      super("another assessment pass is running; replay again later");
    }
  }

  /** The id is not a dead letter. */
  public static class NotADeadLetterException extends RuntimeException {
    public NotADeadLetterException() {
      super("No dead letter for this Patient id");
    }
  }

  @GetMapping(produces = "application/json")
  public ListView list() {
    List<DeadLetter> list = deadLetters.list();
    return new ListView(deadLetters.afterFailures(), list.size(), list);
  }

  @PostMapping(value = "/{id}/replay", produces = "application/json")
  public ReplayView replay(@PathVariable("id") String id) {
    if (!AssessmentController.FHIR_ID.matcher(id).matches()) {
      throw new ApiErrors.BadRequest("Patient id must match [A-Za-z0-9\\-.]{1,64}");
    }
    if (deadLetters.get(id).isEmpty()) {
      throw new NotADeadLetterException();
    }
    return replay(Set.of(id));
  }

  @PostMapping(value = "/replay-all", produces = "application/json")
  public ReplayView replayAll() {
    Set<String> ids = deadLetters.ids();
    if (ids.isEmpty()) {
      return new ReplayView(0, List.of(), List.of(), 0, null, List.of());
    }
    return replay(ids);
  }

  /**
   * Replays the in-scope ones of {@code requested}; the others left {@code adapter.scope} since they failed: they are
   * removed from the ledger (nothing would ever assess them, so they would only keep the alert up) and reported.
   */
  private ReplayView replay(Set<String> requested) {
    gate.requireStarted();
    Set<String> ids = scope.inScope(requested);
    List<String> gone = requested.stream().filter(i -> !ids.contains(i)).sorted().toList();
    if (!gone.isEmpty()) {
      deadLetters.remove(gone);
      outOfScope.increment(gone.size());
      log.info("dead-letter replay: {} dead letter(s) no longer in adapter.scope removed, not replayed", gone.size());
    }
    if (ids.isEmpty()) {
      return new ReplayView(0, List.of(), List.of(), deadLetters.count(), null, gone);
    }
    PassSummary s = runner.runTargeted("replay", new TreeSet<>(ids), PassRunner.TARGETED_WAIT);
    if (s == null) {
      throw new ReplayBusyException();
    }
    Set<String> failed = new TreeSet<>();
    List<RunView.FailureView> failures = new java.util.ArrayList<>();
    for (PatientFailure f : s.failures()) {
      failed.add(f.patientId());
      failures.add(new RunView.FailureView(f.patientId(), f.stage(), f.reason(), f.transient_()));
    }
    List<String> ok = ids.stream().filter(i -> !failed.contains(i)).sorted().toList();
    recovered.increment(ok.size());
    stillFailing.increment(failed.size());
    return new ReplayView(ids.size(), ok, failures, deadLetters.count(), s.startedAt(), gone);
  }
}
