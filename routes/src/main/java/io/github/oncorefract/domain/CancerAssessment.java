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
    String narrative) {

  public CancerAssessment {
    lines = List.copyOf(lines);
    reasons = List.copyOf(reasons);
    suggestions = List.copyOf(suggestions);
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
