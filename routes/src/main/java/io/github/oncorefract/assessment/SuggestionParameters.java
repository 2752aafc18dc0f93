package io.github.oncorefract.assessment;

import java.util.Objects;

/**
 * Parameters of the suggestion rules ({@code clinical-model.md} section 4).
 *
 * @param genomicLookbackMonths         a genomic result older than this many months prompts genomic profiling
 *                                      (default 12)
 * @param trialReferralForAtRisk        also suggest trial referral for AT_RISK (default false)
 * @param strategyReviewForAtRisk       also suggest treatment-strategy review for AT_RISK (default false)
 * @param supportiveCareForAtRisk       also suggest supportive care for AT_RISK (default true)
 * @param actionableVariantsResource    classpath location of the actionable-variant table
 * @param trialReferralForPlatinumResistant suggest trial referral for platinum-resistant ovarian cancer (reason
 *                                      {@value OvarianRuleSet#REASON_PLATINUM_RESISTANT}) whatever status that
 *                                      state is configured to give (default true). Source: NCCN Clinical Practice
 *                                      Guidelines in Oncology, Ovarian Cancer (including fallopian tube and primary
 *                                      peritoneal cancer), "Recurrence therapy for platinum-resistant disease":
 *                                      clinical trial is listed first among the options for platinum-resistant
 *                                      recurrence.
 */
public record SuggestionParameters(
    int genomicLookbackMonths,
    boolean trialReferralForAtRisk,
    boolean strategyReviewForAtRisk,
    boolean supportiveCareForAtRisk,
    String actionableVariantsResource,
    boolean trialReferralForPlatinumResistant) {

  /** Parameters with trial referral for platinum-resistant ovarian cancer on (the default). */
  public SuggestionParameters(int genomicLookbackMonths, boolean trialReferralForAtRisk,
      boolean strategyReviewForAtRisk, boolean supportiveCareForAtRisk, String actionableVariantsResource) {
    this(genomicLookbackMonths, trialReferralForAtRisk, strategyReviewForAtRisk, supportiveCareForAtRisk,
        actionableVariantsResource, true);
  }

  public SuggestionParameters {
    if (genomicLookbackMonths < 0) {
      throw new IllegalArgumentException("genomicLookbackMonths must be >= 0");
    }
    Objects.requireNonNull(actionableVariantsResource, "actionableVariantsResource");
  }

  /**
   * 12 months; trial referral and strategy review only for likely refractory, and trial referral for
   * platinum-resistant ovarian cancer; supportive care also at risk.
   */
  public static SuggestionParameters defaults() {
    return new SuggestionParameters(12, false, false, true, ActionableVariantTable.DEFAULT_RESOURCE);
  }
}
