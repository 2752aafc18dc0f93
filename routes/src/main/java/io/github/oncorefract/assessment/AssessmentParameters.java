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
 * @param therapyByType  per-cancer-type overrides (e.g. myeloma counts dexamethasone; Merkel cell uses a 60-day gap)
 * @param solidTumour    solid-tumour rule set parameters
 * @param myeloma        multiple-myeloma rule set parameters
 * @param ovarian        ovarian rule set parameters
 * @param suggestions    suggestion parameters
 * @param maxDaysBeforeDiagnosis an exposure that names no cancer as its reason and starts more than this many days
 *                       before the onset of the cancer it would be attributed to is left unattributed (therapy decades
 *                       before a diagnosis, as in Synthea's orphan chemotherapy, is not that cancer's line); 365 by
 *                       default, a project choice (neoadjuvant therapy normally starts after diagnosis)
 */
public record AssessmentParameters(
    TherapyParameters therapy,
    Map<CancerType, TherapyParameters> therapyByType,
    SolidTumourParameters solidTumour,
    MyelomaParameters myeloma,
    OvarianParameters ovarian,
    SuggestionParameters suggestions,
    int maxDaysBeforeDiagnosis) {

  public AssessmentParameters {
    Objects.requireNonNull(therapy, "therapy");
    therapyByType = Map.copyOf(therapyByType);
    Objects.requireNonNull(solidTumour, "solidTumour");
    Objects.requireNonNull(myeloma, "myeloma");
    Objects.requireNonNull(ovarian, "ovarian");
    Objects.requireNonNull(suggestions, "suggestions");
  }

  /**
   * All defaults; myeloma lines count dexamethasone as antineoplastic ({@code clinical-model.md} section 1: "except
   * dexamethasone in myeloma regimens").
   */
  public static AssessmentParameters defaults() {
    TherapyParameters t = TherapyParameters.defaults();
    return new AssessmentParameters(t,
        Map.of(CancerType.MULTIPLE_MYELOMA, t.withIncludedSupportive(Set.of("dexamethasone"))),
        SolidTumourParameters.defaults(), MyelomaParameters.defaults(), OvarianParameters.defaults(),
        SuggestionParameters.defaults(), 365);
  }

  /** The therapy parameters for a cancer type. */
  public TherapyParameters therapyFor(CancerType type) {
    return type == null ? therapy : therapyByType.getOrDefault(type, therapy);
  }
}
