package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The result of a rule set for one cancer.
 *
 * @param status                conclusion
 * @param reasons               why, with evidence
 * @param statusDate            the day the status became true (UTC), or {@code null} with no dated evidence
 * @param summary               short phrase for the narrative, e.g. {@code "progression on 2nd advanced line"}
 * @param refractoryIngredients ingredients the cancer progressed on (not to be suggested again)
 */
public record RuleOutcome(
    RefractoryStatus status,
    List<Reason> reasons,
    LocalDate statusDate,
    String summary,
    Set<String> refractoryIngredients) {

  public RuleOutcome {
    reasons = List.copyOf(reasons);
    refractoryIngredients = Set.copyOf(refractoryIngredients);
  }
}
