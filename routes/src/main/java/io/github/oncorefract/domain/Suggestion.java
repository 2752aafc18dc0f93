package io.github.oncorefract.domain;

import java.util.List;

/**
 * One suggestion for a clinician to review.
 *
 * @param type    catalogue entry
 * @param text    what is suggested and why, one or two sentences, no PHI
 * @param reasons reasons with their evidence
 * @param agents  candidate agents (ingredient names) for {@link SuggestionType#TARGETED_THERAPY_REVIEW}, else empty
 * @param trials  research studies on the server matched for {@link SuggestionType#TRIAL_REFERRAL}, best first, else
 *                empty
 */
public record Suggestion(SuggestionType type, String text, List<Reason> reasons, List<String> agents,
    List<TrialMatch> trials) {
  public Suggestion {
    reasons = List.copyOf(reasons);
    agents = List.copyOf(agents);
    trials = List.copyOf(trials);
  }

  /** A suggestion without matched studies. */
  public Suggestion(SuggestionType type, String text, List<Reason> reasons, List<String> agents) {
    this(type, text, reasons, agents, List.of());
  }

  /** Every resource behind this suggestion, sorted, without duplicates. */
  public List<ResourceRef> evidence() {
    return reasons.stream().flatMap(r -> r.evidence().stream()).distinct().sorted().toList();
  }
}
