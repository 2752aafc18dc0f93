package io.github.oncorefract.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * The assessment of one cancer of one patient.
 *
 * @param cancer         the cancer
 * @param ruleSetId      rule set that produced it, e.g. {@code "solid-tumour"}
 * @param ruleSetVersion its version, e.g. {@code "1.0.0"}
 * @param lines          lines of therapy attributed to this cancer, in order
 * @param status         conclusion
 * @param reasons        why, each with evidence
 * @param suggestions    suggestions, in catalogue order
 * @param statusDate     the day the status became true (date of its latest evidence), for deterministic output;
 *                       {@code null} when there is no dated evidence
 * @param narrative      plain-text summary a clinician reads in ten seconds, no PHI
 * @param recordReasons  how the record was read for this cancer, each with its evidence (issue 8, classes 1-3):
 *                       secondary Conditions attached to it, the diagnosis date, the setting of each line
 *                       (recorded intent, stage, advanced-disease date, or "setting not recorded; assumed advanced"),
 *                       therapy that could not be attributed. Shown with {@link #reasons()} in the API; kept apart so
 *                       the rule sets' reasons stay exactly theirs
 */
public record CancerAssessment(
    CancerCondition cancer,
    String ruleSetId,
    String ruleSetVersion,
    List<LineOfTherapy> lines,
    RefractoryStatus status,
    List<Reason> reasons,
    List<Suggestion> suggestions,
    LocalDate statusDate,
    String narrative,
    List<Reason> recordReasons) {

  public CancerAssessment {
    lines = List.copyOf(lines);
    reasons = List.copyOf(reasons);
    suggestions = List.copyOf(suggestions);
    recordReasons = recordReasons == null ? List.of() : List.copyOf(recordReasons);
  }

  /** Without record reasons (the 1.x shape). */
  public CancerAssessment(CancerCondition cancer, String ruleSetId, String ruleSetVersion, List<LineOfTherapy> lines,
      RefractoryStatus status, List<Reason> reasons, List<Suggestion> suggestions, LocalDate statusDate,
      String narrative) {
    this(cancer, ruleSetId, ruleSetVersion, lines, status, reasons, suggestions, statusDate, narrative, List.of());
  }

  /** All resources behind the status and suggestions, sorted, without duplicates. */
  public List<ResourceRef> evidence() {
    return java.util.stream.Stream.concat(
            reasons.stream().flatMap(r -> r.evidence().stream()),
            suggestions.stream().flatMap(s -> s.evidence().stream()))
        .distinct()
        .sorted()
        .toList();
  }
}
