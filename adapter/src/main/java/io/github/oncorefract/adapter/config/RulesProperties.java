package io.github.oncorefract.adapter.config;

import io.github.oncorefract.assessment.AssessmentParameters;
import io.github.oncorefract.assessment.DlbclParameters;
import io.github.oncorefract.assessment.MyelomaParameters;
import io.github.oncorefract.assessment.NsclcParameters;
import io.github.oncorefract.assessment.OvarianParameters;
import io.github.oncorefract.assessment.SettingParameters;
import io.github.oncorefract.assessment.SolidTumourParameters;
import io.github.oncorefract.assessment.SuggestionParameters;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.normalise.ExposureParameters;
import io.github.oncorefract.therapy.TherapyParameters;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code adapter.rules.*}: the clinical parameters of the line-of-therapy engine, the refractory rule sets and the
 * suggestions, as one typed tree. Every key is optional: an unset key takes the value of
 * {@link AssessmentParameters#defaults()} (the single source of the defaults, with their clinical sources in the
 * Javadoc of the {@code *Parameters} records), so an empty {@code adapter.rules} is exactly the defaults.
 *
 * <p>Validation happens when the application starts: a negative day/month count, a threshold below 1 or an empty
 * class list fails binding with an {@link IllegalArgumentException} naming the key, e.g.
 * {@code adapter.rules.therapy.treatment-gap-days must be >= 0 (was -1)}.
 *
 * <p>Changing a value changes conclusions without changing the rule-set version the Flags name: record such changes in
 * the deployment's own change log.
 *
 * @param therapy                line-of-therapy engine ({@code adapter.rules.therapy.*})
 * @param solidTumour            default solid-tumour rule set ({@code adapter.rules.solid-tumour.*})
 * @param nsclc                  NSCLC rule set ({@code adapter.rules.nsclc.*})
 * @param myeloma                multiple-myeloma rule set ({@code adapter.rules.myeloma.*})
 * @param ovarian                ovarian rule set ({@code adapter.rules.ovarian.*})
 * @param dlbcl                  DLBCL rule set ({@code adapter.rules.dlbcl.*})
 * @param suggestions            suggestion rules ({@code adapter.rules.suggestions.*})
 * @param maxDaysBeforeDiagnosis an exposure naming no cancer that starts more than this many days before a cancer's
 *                               recorded onset is not attributed to it (default 365; a recorded or asserted date is no
 *                               onset and bounds nothing)
 * @param exposure               course-length estimates of the normaliser ({@code adapter.rules.exposure.*})
 * @param setting                how the setting of lines is decided when no intent is recorded
 *                               ({@code adapter.rules.setting.*})
 */
@ConfigurationProperties("adapter.rules")
public record RulesProperties(
    Therapy therapy,
    SolidTumour solidTumour,
    Nsclc nsclc,
    Myeloma myeloma,
    Ovarian ovarian,
    Dlbcl dlbcl,
    Suggestions suggestions,
    Integer maxDaysBeforeDiagnosis,
    Exposure exposure,
    Setting setting) {

  private static final AssessmentParameters D = AssessmentParameters.defaults();

  public RulesProperties {
    therapy = therapy != null ? therapy : new Therapy(null, null, null, null, null, null, null, null, null, null);
    exposure = exposure != null ? exposure : new Exposure(null, null);
    solidTumour = solidTumour != null ? solidTumour : new SolidTumour(null, null);
    nsclc = nsclc != null ? nsclc : new Nsclc(null, null, null);
    myeloma = myeloma != null ? myeloma : new Myeloma(null, null, null, null, null);
    ovarian = ovarian != null ? ovarian : new Ovarian(null, null, null, null);
    dlbcl = dlbcl != null ? dlbcl : new Dlbcl(null, null, null, null, null, null);
    suggestions = suggestions != null ? suggestions : new Suggestions(null, null, null, null, null, null);
    maxDaysBeforeDiagnosis = nonNegative("max-days-before-diagnosis", maxDaysBeforeDiagnosis,
        D.maxDaysBeforeDiagnosis());
    setting = setting != null ? setting : new Setting(null, null, null);
  }

  /**
   * {@code adapter.rules.setting.*} ({@link SettingParameters}; issue 8, class 2): curative vs advanced setting of lines
   * when the treatment intent is not recorded. Stage (0-III curative, IV/M1 advanced), secondary Conditions and
   * progression always decide first; these keys cover what they leave open.
   *
   * @param assumeAdvancedWhenUnknown nothing tells: assume advanced (true) or curative (false); the reasons say
   *                                  "setting not recorded; assumed ..."
   * @param stagingWindowDays         a stage IV/M1 finding this many days after the diagnosis is the stage at diagnosis
   *                                  (90)
   * @param curableAtAnyStage         cancer types whose lines before the first progression are curative at any stage
   *                                  (DLBCL)
   */
  public record Setting(Boolean assumeAdvancedWhenUnknown, Integer stagingWindowDays, Set<CancerType> curableAtAnyStage) {
    public Setting {
      SettingParameters s = D.setting();
      assumeAdvancedWhenUnknown = assumeAdvancedWhenUnknown != null ? assumeAdvancedWhenUnknown
          : s.assumeAdvancedWhenUnknown();
      stagingWindowDays = nonNegative("setting.staging-window-days", stagingWindowDays, s.stagingWindowDays());
      curableAtAnyStage = curableAtAnyStage != null ? Set.copyOf(curableAtAnyStage) : s.curableAtAnyStage();
    }
  }

  /**
   * {@code adapter.rules.therapy.*} (Meng et al., J Biomed Inform 2019; Merck Line-of-Therapy-Algorithm; see
   * {@link TherapyParameters}).
   *
   * @param regimenWindowDays     ingredients started within this many days of a line's start form its regimen (28)
   * @param treatmentGapDays      a longer gap starts a new line (180)
   * @param gapExempt             ingredients exempt from the gap rule (the NSCLC EGFR/ALK TKIs of clinical-model.md
   *                              section 2)
   * @param useCatalogGapExempt   whether the drug table's gap-exempt flag counts too (true)
   * @param progressionWindowDays a progression no later than this many days after a line's last day ends it with
   *                              PROGRESSION (60)
   * @param deathWindowDays       death no later than this many days after the last line gives end reason DEATH (60)
   * @param merkelCellTreatmentGapDays treatment gap starting a new line in Merkel cell carcinoma (60)
   * @param switchInductionClasses drug classes one of which an induction must hold for a later switch-maintenance
   *                              agent to stay in the line (platinum; JMEN, Fidias et al. 2009)
   * @param switchMinInductionDays minimum induction length in days before switch maintenance stays in the line (84:
   *                              4 three-weekly cycles; 0 switches the check off)
   * @param otherHaematologicalIncludedSupportive supportive-marked ingredients counted in the regimens of other
   *                              haematological cancers, i.e. lymphomas other than DLBCL (prednisone, prednisolone:
   *                              R-CVP, R-CHOP, BEACOPP)
   */
  public record Therapy(Integer regimenWindowDays, Integer treatmentGapDays, Set<String> gapExempt,
      Boolean useCatalogGapExempt, Integer progressionWindowDays, Integer deathWindowDays,
      Integer merkelCellTreatmentGapDays, Set<String> switchInductionClasses, Integer switchMinInductionDays,
      Set<String> otherHaematologicalIncludedSupportive) {
    public Therapy {
      TherapyParameters t = D.therapy();
      regimenWindowDays = nonNegative("therapy.regimen-window-days", regimenWindowDays, t.regimenWindowDays());
      treatmentGapDays = nonNegative("therapy.treatment-gap-days", treatmentGapDays, t.treatmentGapDays());
      gapExempt = names(gapExempt, t.gapExemptIngredients());
      useCatalogGapExempt = useCatalogGapExempt != null ? useCatalogGapExempt : t.useCatalogGapExempt();
      progressionWindowDays = nonNegative("therapy.progression-window-days", progressionWindowDays,
          t.progressionWindowDays());
      deathWindowDays = nonNegative("therapy.death-window-days", deathWindowDays, t.deathWindowDays());
      merkelCellTreatmentGapDays = nonNegative("therapy.merkel-cell-treatment-gap-days", merkelCellTreatmentGapDays,
          AssessmentParameters.MERKEL_CELL_TREATMENT_GAP_DAYS);
      switchInductionClasses = names(switchInductionClasses, t.switchInductionClasses());
      switchMinInductionDays = nonNegative("therapy.switch-min-induction-days", switchMinInductionDays,
          t.switchMinInductionDays());
      otherHaematologicalIncludedSupportive = names(otherHaematologicalIncludedSupportive,
          AssessmentParameters.LYMPHOMA_INCLUDED_SUPPORTIVE);
    }

    TherapyParameters toParameters() {
      return new TherapyParameters(regimenWindowDays, treatmentGapDays, gapExempt, useCatalogGapExempt,
          Set.of(), progressionWindowDays, deathWindowDays, switchInductionClasses, switchMinInductionDays);
    }
  }

  /**
   * {@code adapter.rules.exposure.*} ({@link ExposureParameters}): how long a drug counts when the record does not
   * say (issue 8, class 6).
   *
   * @param defaultCourseDays     days a finished order with a repeating dosage but no duration, count or supply counts
   *                              for, per fill (30: one month's supply)
   * @param orderProcedureGapDays chemotherapy Procedures no more than this many days apart extend an active order
   *                              recorded with its order day only (90)
   */
  public record Exposure(Integer defaultCourseDays, Integer orderProcedureGapDays) {
    public Exposure {
      ExposureParameters d = ExposureParameters.defaults();
      defaultCourseDays = atLeastOne("exposure.default-course-days", defaultCourseDays, d.defaultCourseDays());
      orderProcedureGapDays = nonNegative("exposure.order-procedure-gap-days", orderProcedureGapDays,
          d.orderProcedureGapDays());
    }

    /** The normaliser's parameters. */
    public ExposureParameters toParameters() {
      return new ExposureParameters(defaultCourseDays, orderProcedureGapDays);
    }
  }

  /**
   * {@code adapter.rules.solid-tumour.*} ({@link SolidTumourParameters}).
   *
   * @param minAdvancedLines         advanced-setting lines needed for likely refractory (2)
   * @param atRiskWithoutProgression reaching the threshold without recorded progression is at risk (true)
   */
  public record SolidTumour(Integer minAdvancedLines, Boolean atRiskWithoutProgression) {
    public SolidTumour {
      SolidTumourParameters s = D.solidTumour();
      minAdvancedLines = atLeastOne("solid-tumour.min-advanced-lines", minAdvancedLines, s.advancedLinesThreshold());
      atRiskWithoutProgression = atRiskWithoutProgression != null ? atRiskWithoutProgression
          : s.atRiskWithoutProgression();
    }
  }

  /**
   * {@code adapter.rules.nsclc.*} ({@link NsclcParameters}): NSCLC's own thresholds, apart from the solid-tumour ones.
   *
   * @param minAdvancedLines         advanced-setting lines needed for likely refractory (2)
   * @param atRiskWithoutProgression reaching the threshold without recorded progression is at risk (true)
   * @param targetedTkis             EGFR/ALK/ROS1 TKIs whose progression adds resistance-testing advice
   */
  public record Nsclc(Integer minAdvancedLines, Boolean atRiskWithoutProgression, Set<String> targetedTkis) {
    public Nsclc {
      NsclcParameters n = D.nsclc();
      minAdvancedLines = atLeastOne("nsclc.min-advanced-lines", minAdvancedLines,
          n.solidTumour().advancedLinesThreshold());
      atRiskWithoutProgression = atRiskWithoutProgression != null ? atRiskWithoutProgression
          : n.solidTumour().atRiskWithoutProgression();
      targetedTkis = names(targetedTkis, n.targetedTkis());
    }
  }

  /**
   * {@code adapter.rules.myeloma.*} ({@link MyelomaParameters}, IMWG).
   *
   * @param refractoryWindowDays progression within this many days of a drug's last dose makes it refractory (60)
   * @param imids                IMiDs (lenalidomide, pomalidomide, thalidomide)
   * @param proteasomeInhibitors proteasome inhibitors (bortezomib, carfilzomib, ixazomib)
   * @param antiCd38             anti-CD38 antibodies (daratumumab, isatuximab)
   * @param includedSupportive   supportive-marked ingredients myeloma lines count (dexamethasone)
   */
  public record Myeloma(Integer refractoryWindowDays, Set<String> imids, Set<String> proteasomeInhibitors,
      Set<String> antiCd38, Set<String> includedSupportive) {
    public Myeloma {
      MyelomaParameters m = D.myeloma();
      refractoryWindowDays = nonNegative("myeloma.refractory-window-days", refractoryWindowDays,
          m.refractoryWindowDays());
      imids = nonEmpty("myeloma.imids", imids, m.imids());
      proteasomeInhibitors = nonEmpty("myeloma.proteasome-inhibitors", proteasomeInhibitors,
          m.proteasomeInhibitors());
      antiCd38 = nonEmpty("myeloma.anti-cd38", antiCd38, m.antiCd38());
      includedSupportive = names(includedSupportive, AssessmentParameters.MYELOMA_INCLUDED_SUPPORTIVE);
    }
  }

  /**
   * {@code adapter.rules.ovarian.*} ({@link OvarianParameters}, GCIG platinum-free interval).
   *
   * @param platinumIngredients platinum agents (cisplatin, carboplatin)
   * @param refractoryDays      progression during platinum or within this many days of its last dose is
   *                            platinum-refractory (28)
   * @param resistantMonths     progression within this many months is platinum-resistant (6)
   * @param resistantStatus     status for platinum-resistant disease ({@code at-risk}; or {@code likely-refractory})
   */
  public record Ovarian(Set<String> platinumIngredients, Integer refractoryDays, Integer resistantMonths,
      RefractoryStatus resistantStatus) {
    public Ovarian {
      OvarianParameters o = D.ovarian();
      platinumIngredients = nonEmpty("ovarian.platinum-ingredients", platinumIngredients, o.platinumIngredients());
      refractoryDays = nonNegative("ovarian.refractory-days", refractoryDays, o.refractoryDays());
      resistantMonths = nonNegative("ovarian.resistant-months", resistantMonths, o.resistantMonths());
      resistantStatus = resistantStatus != null ? resistantStatus : o.resistantStatus();
    }
  }

  /**
   * {@code adapter.rules.dlbcl.*} ({@link DlbclParameters}, SCHOLAR-1).
   *
   * @param asctRelapseMonths        relapse within this many months of autologous stem-cell transplant is refractory
   *                                 (12)
   * @param responseWindowDays       best response read up to this many days after a line's end (90)
   * @param stableCountsWhileOngoing stable disease on a line not yet ended already counts (false)
   * @param includedSupportive       supportive-marked ingredients DLBCL lines count (prednisone, prednisolone)
   * @param minFirstLineDays         stable disease counts on the first line only after this many days of it (63:
   *                                 SCHOLAR-1's 4 cycles)
   * @param minLaterLineDays         the same for later lines (21: SCHOLAR-1's 2 cycles)
   */
  public record Dlbcl(Integer asctRelapseMonths, Integer responseWindowDays, Boolean stableCountsWhileOngoing,
      Set<String> includedSupportive, Integer minFirstLineDays, Integer minLaterLineDays) {

    public Dlbcl {
      DlbclParameters d = D.dlbcl();
      asctRelapseMonths = nonNegative("dlbcl.asct-relapse-months", asctRelapseMonths, d.asctRelapseMonths());
      responseWindowDays = nonNegative("dlbcl.response-window-days", responseWindowDays, d.responseWindowDays());
      stableCountsWhileOngoing = stableCountsWhileOngoing != null ? stableCountsWhileOngoing
          : d.stableCountsWhileOngoing();
      includedSupportive = names(includedSupportive, AssessmentParameters.DLBCL_INCLUDED_SUPPORTIVE);
      minFirstLineDays = nonNegative("dlbcl.min-first-line-days", minFirstLineDays, d.minFirstLineDays());
      minLaterLineDays = nonNegative("dlbcl.min-later-line-days", minLaterLineDays, d.minLaterLineDays());
    }
  }

  /**
   * {@code adapter.rules.suggestions.*} ({@link SuggestionParameters}).
   *
   * @param genomicLookbackMonths      no genomic result within this many months prompts profiling (12)
   * @param trialReferralForAtRisk     trial referral also for at risk (false)
   * @param strategyReviewForAtRisk    treatment-strategy review also for at risk (false)
   * @param supportiveCareForAtRisk    supportive care also for at risk (true)
   * @param actionableVariantsResource classpath location of the actionable-variant table
   * @param trialReferralForPlatinumResistant trial referral for platinum-resistant ovarian cancer whatever its
   *                                   configured status (true; NCCN Ovarian Cancer guidelines)
   */
  public record Suggestions(Integer genomicLookbackMonths, Boolean trialReferralForAtRisk,
      Boolean strategyReviewForAtRisk, Boolean supportiveCareForAtRisk, String actionableVariantsResource,
      Boolean trialReferralForPlatinumResistant) {
    public Suggestions {
      SuggestionParameters s = D.suggestions();
      genomicLookbackMonths = nonNegative("suggestions.genomic-lookback-months", genomicLookbackMonths,
          s.genomicLookbackMonths());
      trialReferralForAtRisk = trialReferralForAtRisk != null ? trialReferralForAtRisk : s.trialReferralForAtRisk();
      strategyReviewForAtRisk = strategyReviewForAtRisk != null ? strategyReviewForAtRisk
          : s.strategyReviewForAtRisk();
      supportiveCareForAtRisk = supportiveCareForAtRisk != null ? supportiveCareForAtRisk
          : s.supportiveCareForAtRisk();
      actionableVariantsResource = actionableVariantsResource != null && !actionableVariantsResource.isBlank()
          ? actionableVariantsResource : s.actionableVariantsResource();
      trialReferralForPlatinumResistant = trialReferralForPlatinumResistant != null
          ? trialReferralForPlatinumResistant : s.trialReferralForPlatinumResistant();
    }
  }

  /**
   * The parameters the {@code PatientAssessor} is built with.
   *
   * @throws IllegalArgumentException if a domain record refuses a value
   */
  public AssessmentParameters toAssessmentParameters() {
    TherapyParameters t = therapy.toParameters();
    return new AssessmentParameters(t,
        Map.of(CancerType.MULTIPLE_MYELOMA, t.withIncludedSupportive(myeloma.includedSupportive()),
            CancerType.DLBCL, t.withIncludedSupportive(dlbcl.includedSupportive()),
            CancerType.OTHER_HAEMATOLOGICAL, t.withIncludedSupportive(therapy.otherHaematologicalIncludedSupportive()),
            CancerType.MERKEL_CELL, t.withTreatmentGapDays(therapy.merkelCellTreatmentGapDays())),
        new SolidTumourParameters(solidTumour.minAdvancedLines(), solidTumour.atRiskWithoutProgression()),
        new NsclcParameters(new SolidTumourParameters(nsclc.minAdvancedLines(), nsclc.atRiskWithoutProgression()),
            nsclc.targetedTkis()),
        new MyelomaParameters(myeloma.refractoryWindowDays(), myeloma.imids(), myeloma.proteasomeInhibitors(),
            myeloma.antiCd38()),
        new OvarianParameters(ovarian.platinumIngredients(), ovarian.refractoryDays(), ovarian.resistantMonths(),
            ovarian.resistantStatus()),
        new DlbclParameters(dlbcl.asctRelapseMonths(), dlbcl.responseWindowDays(), dlbcl.stableCountsWhileOngoing(),
            dlbcl.minFirstLineDays(), dlbcl.minLaterLineDays()),
        new SuggestionParameters(suggestions.genomicLookbackMonths(), suggestions.trialReferralForAtRisk(),
            suggestions.strategyReviewForAtRisk(), suggestions.supportiveCareForAtRisk(),
            suggestions.actionableVariantsResource(), suggestions.trialReferralForPlatinumResistant()),
        maxDaysBeforeDiagnosis,
        new SettingParameters(setting.assumeAdvancedWhenUnknown(), setting.stagingWindowDays(),
            setting.curableAtAnyStage()));
  }

  private static Integer nonNegative(String key, Integer value, int dflt) {
    if (value == null) {
      return dflt;
    }
    if (value < 0) {
      throw new IllegalArgumentException("adapter.rules." + key + " must be >= 0 (was " + value + ")");
    }
    return value;
  }

  private static Integer atLeastOne(String key, Integer value, int dflt) {
    if (value == null) {
      return dflt;
    }
    if (value < 1) {
      throw new IllegalArgumentException("adapter.rules." + key + " must be >= 1 (was " + value + ")");
    }
    return value;
  }

  /** Lower-case trimmed names, or the default when unset; an empty set is allowed (switches the list off). */
  private static Set<String> names(Set<String> value, Set<String> dflt) {
    if (value == null) {
      return dflt;
    }
    return value.stream().filter(v -> v != null && !v.isBlank())
        .map(v -> v.trim().toLowerCase(java.util.Locale.ROOT))
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  private static Set<String> nonEmpty(String key, Set<String> value, Set<String> dflt) {
    Set<String> s = names(value, dflt);
    if (s.isEmpty()) {
      throw new IllegalArgumentException("adapter.rules." + key + " must name at least one ingredient");
    }
    return s;
  }
}
