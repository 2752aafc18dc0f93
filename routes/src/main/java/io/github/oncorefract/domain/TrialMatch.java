package io.github.oncorefract.domain;

import java.util.Objects;

/**
 * A research study matched to one cancer of a patient.
 *
 * @param study     the study
 * @param scope     how the cancer matched the study's conditions
 * @param criterion the study's variant criterion the patient's variant met, or {@code null} when the study asks for
 *                  no variant
 * @param variant   the patient's Observation that met it, or {@code null}
 */
public record TrialMatch(TrialCandidate study, Scope scope, VariantCriterion criterion, ResourceRef variant) {

  /** How a cancer matched a study's conditions, most specific first. */
  public enum Scope {
    /** The study names this cancer type (or, for an "other" type, this very code). */
    CANCER_TYPE,
    /** The study names a group that covers it (any solid tumour, any blood cancer). */
    CANCER_GROUP,
    /** The study names no condition: its variant criteria alone select patients. */
    ANY_CANCER
  }

  public TrialMatch {
    Objects.requireNonNull(study, "study");
    Objects.requireNonNull(scope, "scope");
  }

  /** {@code "DEMO-STUDY-0002 (basket, KRAS p.G12C)"}: the study and why it matched, for review texts. */
  public String label() {
    StringBuilder sb = new StringBuilder(study.label()).append(" (");
    if (study.basket()) {
      sb.append("basket, ");
    }
    if (criterion != null) {
      sb.append(criterion.label());
    } else {
      sb.append(switch (scope) {
        case CANCER_TYPE -> "same cancer type";
        case CANCER_GROUP -> study.allSolidTumours() ? "all solid tumours" : "all blood cancers";
        case ANY_CANCER -> "any cancer";
      });
    }
    return sb.append(')').toString();
  }
}
