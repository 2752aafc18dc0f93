package io.github.oncorefract.domain;

import java.util.List;

/**
 * One suggestion for a clinician to review.
 *
 * @param type    catalogue entry
 * @param text    what is suggested and why, one or two sentences, no PHI
 * @param reasons reasons with their evidence
 * @param agents  candidate agents (ingredient names) for {@link SuggestionType#TARGETED_THERAPY_REVIEW}, else empty
 */
public record Suggestion(SuggestionType type, String text, List<Reason> reasons, List<String> agents) {
  public Suggestion {
    reasons = List.copyOf(reasons);
    agents = List.copyOf(agents);
  }

  /** Every resource behind this suggestion, sorted, without duplicates. */
  public List<ResourceRef> evidence() {
    return reasons.stream().flatMap(r -> r.evidence().stream()).distinct().sorted().toList();
  }
}
