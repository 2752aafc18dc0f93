package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.therapy.TherapyParameters;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the {@link PatientAssessor} is configured with.
 *
 * @param therapy        default line-of-therapy parameters
 * @param therapyByType  per-cancer-type overrides (e.g. myeloma counts dexamethasone, DLBCL prednisone/prednisolone;
 *                       Merkel cell uses a 60-day gap)
 * @param solidTumour    solid-tumour rule set parameters (the default rule set)
 * @param nsclc          NSCLC rule set parameters
 * @param myeloma        multiple-myeloma rule set parameters
 * @param ovarian        ovarian rule set parameters
 * @param dlbcl          DLBCL (SCHOLAR-1) rule set parameters
 * @param suggestions    suggestion parameters
 * @param maxDaysBeforeDiagnosis an exposure that names no cancer as its reason and starts more than this many days
 *                       before the onset of the cancer it would be attributed to is left unattributed (therapy decades
 *                       before a diagnosis, as in Synthea's orphan chemotherapy, is not that cancer's line); 365 by
 *                       default, a project choice (neoadjuvant therapy normally starts after diagnosis). It applies
 *                       only to a cancer whose onset is recorded: a recorded or asserted date is no diagnosis date
 *                       (issue 8, class 3)
 * @param setting        how the curative/advanced setting of lines is decided when the intent is not recorded
 */
public record AssessmentParameters(
    TherapyParameters therapy,
    Map<CancerType, TherapyParameters> therapyByType,
    SolidTumourParameters solidTumour,
    NsclcParameters nsclc,
    MyelomaParameters myeloma,
    OvarianParameters ovarian,
    DlbclParameters dlbcl,
    SuggestionParameters suggestions,
    int maxDaysBeforeDiagnosis,
    SettingParameters setting) {

  /** Supportive-marked ingredients DLBCL lines count by default: the "P" of R-CHOP (prednisone, or prednisolone). */
  public static final Set<String> DLBCL_INCLUDED_SUPPORTIVE = Set.of("prednisone", "prednisolone");

  /** Supportive-marked ingredients myeloma lines count by default (dexamethasone). */
  public static final Set<String> MYELOMA_INCLUDED_SUPPORTIVE = Set.of("dexamethasone");

  /**
   * Supportive-marked ingredients the lines of other haematological cancers (lymphomas other than DLBCL) count by
   * default: prednisone/prednisolone, a component of R-CHOP and R-CVP in follicular and other B-cell lymphomas and of
   * BEACOPP in Hodgkin lymphoma (NCCN Guidelines B-Cell Lymphomas and Hodgkin Lymphoma, regimen tables). Like every
   * included supportive drug it only joins the regimen of a line of other drugs, never makes one (issue 8, class 5).
   */
  public static final Set<String> LYMPHOMA_INCLUDED_SUPPORTIVE = Set.of("prednisone", "prednisolone");

  public AssessmentParameters {
    Objects.requireNonNull(therapy, "therapy");
    therapyByType = Map.copyOf(therapyByType);
    Objects.requireNonNull(solidTumour, "solidTumour");
    Objects.requireNonNull(nsclc, "nsclc");
    Objects.requireNonNull(myeloma, "myeloma");
    Objects.requireNonNull(ovarian, "ovarian");
    Objects.requireNonNull(dlbcl, "dlbcl");
    Objects.requireNonNull(suggestions, "suggestions");
    if (maxDaysBeforeDiagnosis < 0) {
      throw new IllegalArgumentException("maxDaysBeforeDiagnosis must be >= 0");
    }
    Objects.requireNonNull(setting, "setting");
  }

  /** Without setting parameters: {@link SettingParameters#defaults()}. */
  public AssessmentParameters(TherapyParameters therapy, Map<CancerType, TherapyParameters> therapyByType,
      SolidTumourParameters solidTumour, NsclcParameters nsclc, MyelomaParameters myeloma, OvarianParameters ovarian,
      DlbclParameters dlbcl, SuggestionParameters suggestions, int maxDaysBeforeDiagnosis) {
    this(therapy, therapyByType, solidTumour, nsclc, myeloma, ovarian, dlbcl, suggestions, maxDaysBeforeDiagnosis,
        SettingParameters.defaults());
  }

  /** The 1.0 shape: NSCLC and DLBCL parameters at their defaults. */
  public AssessmentParameters(TherapyParameters therapy, Map<CancerType, TherapyParameters> therapyByType,
      SolidTumourParameters solidTumour, MyelomaParameters myeloma, OvarianParameters ovarian,
      SuggestionParameters suggestions, int maxDaysBeforeDiagnosis) {
    this(therapy, therapyByType, solidTumour, NsclcParameters.defaults(), myeloma, ovarian, DlbclParameters.defaults(),
        suggestions, maxDaysBeforeDiagnosis);
  }

  /**
   * Treatment gap (days) that starts a new line in Merkel cell carcinoma: 60 instead of 180 ({@code clinical-model.md}
   * section 2, after the Merck Line-of-Therapy-Algorithm's disease-specific gap).
   */
  public static final int MERKEL_CELL_TREATMENT_GAP_DAYS = 60;

  /**
   * All defaults; myeloma lines count dexamethasone as antineoplastic ({@code clinical-model.md} section 1: "except
   * dexamethasone in myeloma regimens", configurable per rule set), DLBCL and other haematological (lymphoma) lines
   * prednisone and prednisolone (R-CHOP, R-CVP, BEACOPP; dexamethasone is left out there because it is also a
   * premedication/antiemetic). Solid tumours count no steroid: dexamethasone premedication stays out.
   */
  public static AssessmentParameters defaults() {
    TherapyParameters t = TherapyParameters.defaults();
    return new AssessmentParameters(t,
        Map.of(CancerType.MULTIPLE_MYELOMA, t.withIncludedSupportive(MYELOMA_INCLUDED_SUPPORTIVE),
            CancerType.DLBCL, t.withIncludedSupportive(DLBCL_INCLUDED_SUPPORTIVE),
            CancerType.OTHER_HAEMATOLOGICAL, t.withIncludedSupportive(LYMPHOMA_INCLUDED_SUPPORTIVE),
            CancerType.MERKEL_CELL, t.withTreatmentGapDays(MERKEL_CELL_TREATMENT_GAP_DAYS)),
        SolidTumourParameters.defaults(), NsclcParameters.defaults(), MyelomaParameters.defaults(),
        OvarianParameters.defaults(), DlbclParameters.defaults(), SuggestionParameters.defaults(), 365,
        SettingParameters.defaults());
  }

  /** The therapy parameters for a cancer type. */
  public TherapyParameters therapyFor(CancerType type) {
    return type == null ? therapy : therapyByType.getOrDefault(type, therapy);
  }
}
