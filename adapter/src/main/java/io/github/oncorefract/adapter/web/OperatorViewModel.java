package io.github.oncorefract.adapter.web;

import io.github.oncorefract.routing.PassSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the operator view shows. Only logical ids, never names or identifiers.
 *
 * @param generatedAt   when the page was built (UTC)
 * @param fhirServer    {@code UP} or {@code DOWN} (with the sanitised reason), from the {@code fhirServer} health
 * @param readiness     Spring Boot readiness state, e.g. {@code ACCEPTING_TRAFFIC}
 * @param passes        the last completed passes, newest first
 * @param failedPasses  the last passes that could not run, newest first
 * @param flags         the adapter's active Flags: refractory-status code ({@code likely-refractory},
 *                      {@code at-risk}, ...) to the sorted logical Patient ids flagged with it
 * @param flagsError    why the Flags could not be read (sanitised), or {@code null}
 * @param deadLetters   patients that kept failing ({@code GET /api/dead-letters}); {@code -1} when unknown
 */
public record OperatorViewModel(
    Instant generatedAt,
    String fhirServer,
    String readiness,
    List<PassSummary> passes,
    List<OperatorPassHistory.FailedPass> failedPasses,
    Map<String, List<String>> flags,
    String flagsError,
    int deadLetters) {

  /** Without the dead-letter count (shown as unknown). */
  public OperatorViewModel(Instant generatedAt, String fhirServer, String readiness, List<PassSummary> passes,
      List<OperatorPassHistory.FailedPass> failedPasses, Map<String, List<String>> flags, String flagsError) {
    this(generatedAt, fhirServer, readiness, passes, failedPasses, flags, flagsError, -1);
  }
}
