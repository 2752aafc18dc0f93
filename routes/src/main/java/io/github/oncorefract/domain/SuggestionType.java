package io.github.oncorefract.domain;

/** The suggestion catalogue ({@code clinical-model.md} section 4); codes of the project's suggestion CodeSystem. */
public enum SuggestionType {
  GENOMIC_PROFILING("genomic-profiling", "Fresh biopsy and comprehensive genomic profiling"),
  TARGETED_THERAPY_REVIEW("targeted-therapy-review", "Review targeted therapy for an actionable variant"),
  TRIAL_REFERRAL("trial-referral", "Referral for clinical trial evaluation"),
  TREATMENT_STRATEGY_REVIEW("treatment-strategy-review", "Review treatment strategy"),
  SUPPORTIVE_CARE("supportive-care", "Supportive care: pain, nutrition, psycho-oncology and social support");

  private final String code;
  private final String display;

  SuggestionType(String code, String display) {
    this.code = code;
    this.display = display;
  }

  public String code() {
    return code;
  }

  public String display() {
    return display;
  }
}
