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
 * @param includedSupportive     lower-case names of ingredients the catalog marks supportive that count as
 *                               antineoplastic here (e.g. {@code dexamethasone} in myeloma); empty by default
 * @param progressionWindowDays  a progression event dated after a line's start counts as that line's progression
 *                               (end reason PROGRESSION) when it falls no later than the next line's start and no
 *                               more than this many days after the line's last day (default 60, the IMWG "within 60
 *                               days of the last dose" window, applied to all cancers as a documented choice)
 * @param deathWindowDays        death no more than this many days after the last line's last day gives end reason
 *                               DEATH (default 60, a documented choice)
 */
public record TherapyParameters(
    int regimenWindowDays,
    int treatmentGapDays,
    Set<String> gapExemptIngredients,
    boolean useCatalogGapExempt,
    Set<String> includedSupportive,
    int progressionWindowDays,
    int deathWindowDays) {

  /** The NSCLC gap-exempt ingredients of {@code clinical-model.md} section 2 (continuous oral EGFR/ALK TKIs). */
  public static final Set<String> NSCLC_GAP_EXEMPT = Set.of(
      "erlotinib", "gefitinib", "afatinib", "osimertinib", "crizotinib", "ceritinib", "alectinib", "brigatinib");

  public TherapyParameters {
    if (regimenWindowDays < 0 || treatmentGapDays < 0 || progressionWindowDays < 0 || deathWindowDays < 0) {
      throw new IllegalArgumentException("day counts must be >= 0");
    }
    gapExemptIngredients = Set.copyOf(Objects.requireNonNull(gapExemptIngredients, "gapExemptIngredients"));
    includedSupportive = Set.copyOf(Objects.requireNonNull(includedSupportive, "includedSupportive"));
  }

  /** Defaults: window 28, gap 180, NSCLC gap-exempt list plus catalog flag, no supportive drug counted, 60, 60. */
  public static TherapyParameters defaults() {
    return new TherapyParameters(28, 180, NSCLC_GAP_EXEMPT, true, Set.of(), 60, 60);
  }

  /** A copy with another treatment gap (e.g. 60 days for Merkel cell carcinoma). */
  public TherapyParameters withTreatmentGapDays(int days) {
    return new TherapyParameters(regimenWindowDays, days, gapExemptIngredients, useCatalogGapExempt,
        includedSupportive, progressionWindowDays, deathWindowDays);
  }

  /** A copy that counts these supportive ingredients as antineoplastic (e.g. dexamethasone in myeloma). */
  public TherapyParameters withIncludedSupportive(Set<String> names) {
    return new TherapyParameters(regimenWindowDays, treatmentGapDays, gapExemptIngredients, useCatalogGapExempt,
        names, progressionWindowDays, deathWindowDays);
  }
}
