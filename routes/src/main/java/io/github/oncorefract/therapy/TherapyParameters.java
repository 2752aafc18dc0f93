package io.github.oncorefract.therapy;

import java.util.Objects;
import java.util.Set;

/**
 * Parameters of the line-of-therapy engine. All durations are whole days (UTC calendar days).
 *
 * <p>Sources of the defaults: Meng W et al., "Temporal phenotyping by mining healthcare data to derive lines of
 * therapy for cancer", J Biomed Inform 2019 (PMID 31689549); JMIR Med Inform 2021;9(10):e29017 (PMC8548977); and the Merck open-source Line-of-Therapy-Algorithm
 * (github.com/Merck/Line-of-Therapy-Algorithm, parameters {@code r_window = 28}, {@code l_disgap = 180}, reference
 * list {@code Cases_episode_gap.csv} for gap-exempt drugs). The NSCLC gap-exempt list (continuous oral TKIs) is the
 * one in {@code clinical-model.md} section 2.
 *
 * @param regimenWindowDays      an ingredient started within this many days of a line's first start belongs to the
 *                               line's regimen (default 28)
 * @param treatmentGapDays       more than this many days between the last known day of a line and the next exposure
 *                               starts a new line, even for the same regimen (default 180; 60 for Merkel cell)
 * @param gapExemptIngredients   lower-case ingredient names exempt from the gap rule, in addition to those the
 *                               catalog flags ({@code IngredientInfo.gapExempt}) when {@code useCatalogGapExempt}
 * @param useCatalogGapExempt    whether the catalog's gap-exempt flag counts too (default true)
 * @param includedSupportive     lower-case names of ingredients the catalog marks supportive that count in the
 *                               regimen of the line they accompany (e.g. {@code dexamethasone} in myeloma VRd/DPd/Kd,
 *                               {@code prednisone} in R-CHOP); they never start, split or extend a line; empty by
 *                               default
 * @param progressionWindowDays  a progression event dated after a line's start counts as that line's progression
 *                               (end reason PROGRESSION) when it falls no later than the next line's start and no
 *                               more than this many days after the line's last day (default 60, the IMWG "within 60
 *                               days of the last dose" window, applied to all cancers as a documented choice)
 * @param deathWindowDays        death no more than this many days after the last line's last day gives end reason
 *                               DEATH (default 60, a documented choice)
 * @param switchInductionClasses drug classes ({@code IngredientInfo#drugClass()}, e.g. {@code platinum}) of which an
 *                               induction must contain one for a later switch-maintenance agent to stay in its line
 *                               (default {@code platinum}: the switch-maintenance trials behind the rule, pemetrexed
 *                               in JMEN, Ciuleanu T et al., Lancet 2009;374:1432-40, and docetaxel, Fidias PM et al.,
 *                               J Clin Oncol 2009;27:591-8, both followed a platinum doublet; Meng et al. 2019 and
 *                               the Merck Line-of-Therapy-Algorithm apply the rule to such inductions)
 * @param switchMinInductionDays the induction must have lasted at least this many days, from its first dose of a
 *                               {@code switchInductionClasses} drug to the switch agent's start (the induction drug
 *                               counting only up to {@code regimenWindowDays} after its last recorded day), for the
 *                               switch agent to stay in the line (default 84: the 4 three-weekly cycles of platinum
 *                               doublet that preceded maintenance in JMEN and in Fidias et al.); 0 switches the
 *                               length check off
 */
public record TherapyParameters(
    int regimenWindowDays,
    int treatmentGapDays,
    Set<String> gapExemptIngredients,
    boolean useCatalogGapExempt,
    Set<String> includedSupportive,
    int progressionWindowDays,
    int deathWindowDays,
    Set<String> switchInductionClasses,
    int switchMinInductionDays) {

  /** The NSCLC gap-exempt ingredients of {@code clinical-model.md} section 2 (continuous oral EGFR/ALK TKIs). */
  public static final Set<String> NSCLC_GAP_EXEMPT = Set.of(
      "erlotinib", "gefitinib", "afatinib", "osimertinib", "crizotinib", "ceritinib", "alectinib", "brigatinib");

  public TherapyParameters {
    if (regimenWindowDays < 0 || treatmentGapDays < 0 || progressionWindowDays < 0 || deathWindowDays < 0
        || switchMinInductionDays < 0) {
      throw new IllegalArgumentException("day counts must be >= 0");
    }
    gapExemptIngredients = Set.copyOf(Objects.requireNonNull(gapExemptIngredients, "gapExemptIngredients"));
    includedSupportive = Set.copyOf(Objects.requireNonNull(includedSupportive, "includedSupportive"));
    switchInductionClasses = Set.copyOf(Objects.requireNonNull(switchInductionClasses, "switchInductionClasses"));
  }

  /** Drug classes an induction must contain for switch maintenance to keep the line (default: platinum). */
  public static final Set<String> SWITCH_INDUCTION_CLASSES = Set.of("platinum");

  /** Minimum induction before switch maintenance keeps the line: 4 three-weekly cycles (JMEN; Fidias et al.). */
  public static final int SWITCH_MIN_INDUCTION_DAYS = 84;

  /**
   * The shape before switch-maintenance conditions were configurable: platinum induction of at least 84 days.
   *
   * @throws IllegalArgumentException if a day count is negative
   */
  public TherapyParameters(int regimenWindowDays, int treatmentGapDays, Set<String> gapExemptIngredients,
      boolean useCatalogGapExempt, Set<String> includedSupportive, int progressionWindowDays, int deathWindowDays) {
    this(regimenWindowDays, treatmentGapDays, gapExemptIngredients, useCatalogGapExempt, includedSupportive,
        progressionWindowDays, deathWindowDays, SWITCH_INDUCTION_CLASSES, SWITCH_MIN_INDUCTION_DAYS);
  }

  /**
   * Defaults: window 28, gap 180, NSCLC gap-exempt list plus catalog flag, no supportive drug counted, 60, 60;
   * switch maintenance after a platinum induction of at least 84 days.
   */
  public static TherapyParameters defaults() {
    return new TherapyParameters(28, 180, NSCLC_GAP_EXEMPT, true, Set.of(), 60, 60);
  }

  /** A copy with another treatment gap (e.g. 60 days for Merkel cell carcinoma). */
  public TherapyParameters withTreatmentGapDays(int days) {
    return new TherapyParameters(regimenWindowDays, days, gapExemptIngredients, useCatalogGapExempt,
        includedSupportive, progressionWindowDays, deathWindowDays, switchInductionClasses, switchMinInductionDays);
  }

  /**
   * A copy that counts these supportive ingredients in the regimen of the lines they accompany (e.g. dexamethasone in
   * myeloma); they never start, split or extend a line on their own.
   */
  public TherapyParameters withIncludedSupportive(Set<String> names) {
    return new TherapyParameters(regimenWindowDays, treatmentGapDays, gapExemptIngredients, useCatalogGapExempt,
        names, progressionWindowDays, deathWindowDays, switchInductionClasses, switchMinInductionDays);
  }

  /** A copy with other switch-maintenance conditions (induction drug classes, minimum induction days). */
  public TherapyParameters withSwitchMaintenance(Set<String> inductionClasses, int minInductionDays) {
    return new TherapyParameters(regimenWindowDays, treatmentGapDays, gapExemptIngredients, useCatalogGapExempt,
        includedSupportive, progressionWindowDays, deathWindowDays, inductionClasses, minInductionDays);
  }
}
