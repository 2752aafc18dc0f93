package io.github.oncorefract.profiles;

/**
 * Canonical URLs of the OncoRefract conformance package. {@link #BASE} is the single place the base is set.
 */
public final class Canonical {

  /** Canonical base of every artefact the project defines. */
  public static final String BASE = "https://oncorefract.github.io/fhir";

  /** CodeSystem of refractory statuses: likely-refractory, at-risk, not-refractory, insufficient-data. */
  public static final String CS_REFRACTORY_STATUS = BASE + "/CodeSystem/refractory-status";
  /** CodeSystem of suggestion types: genomic-profiling, targeted-therapy-review, trial-referral, ... */
  public static final String CS_SUGGESTION_TYPE = BASE + "/CodeSystem/suggestion-type";
  /** CodeSystem of line-of-therapy end reasons. */
  public static final String CS_LINE_END_REASON = BASE + "/CodeSystem/line-end-reason";
  /** CodeSystem of rule sets (solid-tumour, ...). */
  public static final String CS_RULE_SET = BASE + "/CodeSystem/rule-set";
  /** CodeSystem of the adapter's meta tags. */
  public static final String CS_TAGS = BASE + "/CodeSystem/tags";
  /** Tag code on every resource the adapter writes. */
  public static final String TAG_ADAPTER_OUTPUT = "adapter-output";
  /** Tag code on every demo-cohort Patient. */
  public static final String TAG_DEMO_COHORT = "demo-cohort";

  /** Extension: the rule set that produced a resource; sub-extensions {@code id} (code) and {@code version}. */
  public static final String EXT_RULE_SET = BASE + "/StructureDefinition/rule-set";
  /** Extension: line number on a line-of-therapy CarePlan. */
  public static final String EXT_LINE_NUMBER = BASE + "/StructureDefinition/line-number";
  /** Extension: line setting (curative, advanced) on a line-of-therapy CarePlan. */
  public static final String EXT_LINE_SETTING = BASE + "/StructureDefinition/line-setting";

  /** Identifier system of every resource the adapter writes; values are deterministic. */
  public static final String ID_ASSESSMENT_OUTPUT = BASE + "/identifier/assessment-output";
  /** Identifier system of the adapter's Device. */
  public static final String ID_DEVICE = BASE + "/identifier/device";

  /** Profiles of written resources. */
  public static final String SD_REFRACTORY_FLAG = BASE + "/StructureDefinition/oncorefract-refractory-flag";
  public static final String SD_SUGGESTION_CAREPLAN = BASE + "/StructureDefinition/oncorefract-suggestion-careplan";
  public static final String SD_TRIAL_REFERRAL_SERVICEREQUEST =
      BASE + "/StructureDefinition/oncorefract-trial-referral-servicerequest";
  public static final String SD_TRIAL_REFERRAL_TASK = BASE + "/StructureDefinition/oncorefract-trial-referral-task";
  public static final String SD_ASSESSMENT_PROVENANCE = BASE + "/StructureDefinition/oncorefract-assessment-provenance";

  private Canonical() {}
}
