package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerCondition;
import java.util.List;
import java.util.Objects;

/**
 * Picks the rule set for a cancer by {@link CancerCondition#type()}: the first specific rule set that applies;
 * else the default (solid-tumour) one, marked as a fallback when the cancer is haematological, since the
 * solid-tumour thresholds are then applied to a cancer they were not designed for.
 */
public final class RuleSetRegistry {

  /**
   * The rule set chosen for a cancer.
   *
   * @param ruleSet  the rule set
   * @param fallback true when no rule set is meant for this cancer type and the default was used
   */
  public record Selection(RefractoryRuleSet ruleSet, boolean fallback) {}

  private final List<RefractoryRuleSet> specific;
  private final RefractoryRuleSet defaultRuleSet;

  /**
   * @param specific       rule sets tried in order
   * @param defaultRuleSet the rule set used when none applies
   */
  public RuleSetRegistry(List<RefractoryRuleSet> specific, RefractoryRuleSet defaultRuleSet) {
    this.specific = List.copyOf(specific);
    this.defaultRuleSet = Objects.requireNonNull(defaultRuleSet, "defaultRuleSet");
  }

  /** NSCLC, myeloma, ovarian, DLBCL, and solid-tumour as the default, with the given parameters. */
  public static RuleSetRegistry defaults(AssessmentParameters params) {
    return new RuleSetRegistry(
        List.of(new NsclcRuleSet(params.nsclc()), new MultipleMyelomaRuleSet(params.myeloma()),
            new OvarianRuleSet(params.ovarian(), params.solidTumour()), new DlbclRuleSet(params.dlbcl())),
        new SolidTumourRuleSet(params.solidTumour()));
  }

  /** The rule set for this cancer; never {@code null}. */
  public Selection select(CancerCondition cancer) {
    for (RefractoryRuleSet r : specific) {
      if (r.appliesTo(cancer)) {
        return new Selection(r, false);
      }
    }
    return new Selection(defaultRuleSet, !defaultRuleSet.appliesTo(cancer));
  }
}
