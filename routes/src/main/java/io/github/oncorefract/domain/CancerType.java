package io.github.oncorefract.domain;

/**
 * The cancer kinds the rule sets distinguish. Recognised from the Condition's code (SNOMED CT, ICD-10-CM,
 * ICD-10-GM, plain ICD-10, ICD-9-CM) or, failing that, its text; see {@code clinical-model.md} section 1.
 */
public enum CancerType {
  NSCLC(false),
  LUNG_OTHER(false),
  COLORECTAL(false),
  BREAST(false),
  OVARIAN(false),
  PROSTATE(false),
  MELANOMA(false),
  /** Merkel cell carcinoma: its lines use a 60-day treatment gap ({@code clinical-model.md} section 2). */
  MERKEL_CELL(false),
  OTHER_SOLID(false),
  MULTIPLE_MYELOMA(true),
  DLBCL(true),
  LEUKAEMIA(true),
  OTHER_HAEMATOLOGICAL(true);

  private final boolean haematological;

  CancerType(boolean haematological) {
    this.haematological = haematological;
  }

  /** True for blood cancers, which the solid-tumour rule set does not cover by default. */
  public boolean haematological() {
    return haematological;
  }
}
