package io.github.oncorefract.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A research study on the FHIR server that patients may be matched to ({@code clinical-model.md} section 4,
 * {@code trial-referral}), read from an R4 ResearchStudy.
 *
 * @param study                  the ResearchStudy
 * @param title                  {@code ResearchStudy.title}, or {@code null}
 * @param registryId             registry identifier value (an NCT number when the study has one, else its first
 *                               identifier), or {@code null}
 * @param status                 {@code ResearchStudy.status} code, e.g. {@code "active"}
 * @param cancerTypes            cancer types its conditions name (via the cancer-code table)
 * @param conditionCodes         codes of conditions whose type is an "other" group ({@code OTHER_SOLID},
 *                               {@code OTHER_HAEMATOLOGICAL}) as {@code VOCABULARY|CODE} keys (see
 *                               {@link #codeKey(String, String)}): such a type alone is too broad to match on
 * @param allSolidTumours        a condition names solid tumours as a group ("advanced solid tumors", SNOMED 363346000
 *                               Malignant neoplastic disease)
 * @param allHaematological      a condition names blood cancers as a group ("haematological malignancies")
 * @param unrestricted           the study lists no condition at all (only meaningful with variant criteria)
 * @param criteria               variants the study asks for; a patient needs one of them (empty: none asked for)
 * @param end                    last day of {@code ResearchStudy.period} (UTC), or {@code null}
 */
public record TrialCandidate(
    ResourceRef study,
    String title,
    String registryId,
    String status,
    Set<CancerType> cancerTypes,
    Set<String> conditionCodes,
    boolean allSolidTumours,
    boolean allHaematological,
    boolean unrestricted,
    List<VariantCriterion> criteria,
    LocalDate end) {

  /** How many specific cancer types make a study a basket study even without a group condition. */
  public static final int BASKET_MIN_TYPES = 3;

  public TrialCandidate {
    Objects.requireNonNull(study, "study");
    Objects.requireNonNull(status, "status");
    cancerTypes = Set.copyOf(cancerTypes);
    conditionCodes = Set.copyOf(conditionCodes);
    criteria = List.copyOf(criteria);
  }

  /**
   * A basket study: it asks for a variant across cancer types (no condition, a group of cancers, or at least
   * {@value #BASKET_MIN_TYPES} specific types).
   */
  public boolean basket() {
    return !criteria.isEmpty()
        && (unrestricted || allSolidTumours || allHaematological || cancerTypes.size() >= BASKET_MIN_TYPES);
  }

  /** The registry identifier, else {@code ResearchStudy/<id>}: how review texts name the study. */
  public String label() {
    return registryId != null ? registryId : study.value();
  }

  /** Comparison key of a condition code: vocabulary name (or system) and the code without dots, upper case. */
  public static String codeKey(String vocabulary, String code) {
    return vocabulary + "|" + code.strip().toUpperCase(java.util.Locale.ROOT).replace(".", "");
  }
}
