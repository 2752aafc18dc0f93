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

  /**
   * Profiles of written resources. Every resource the adapter writes names its profile in {@code meta.profile} by this
   * canonical URL without a {@code |version} (as the package's examples do): the package carries one version of each
   * profile, and a version-less claim stays true when the package version moves on.
   */
  public static final String SD_REFRACTORY_FLAG = BASE + "/StructureDefinition/oncorefract-refractory-flag";
  public static final String SD_SUGGESTION_CAREPLAN = BASE + "/StructureDefinition/oncorefract-suggestion-careplan";
  public static final String SD_TRIAL_REFERRAL_SERVICEREQUEST =
      BASE + "/StructureDefinition/oncorefract-trial-referral-servicerequest";
  public static final String SD_TRIAL_REFERRAL_TASK = BASE + "/StructureDefinition/oncorefract-trial-referral-task";
  public static final String SD_ASSESSMENT_PROVENANCE = BASE + "/StructureDefinition/oncorefract-assessment-provenance";
  /** Profile of the adapter itself as a Device (the agent of every assessment Provenance). */
  public static final String SD_ADAPTER_DEVICE = BASE + "/StructureDefinition/oncorefract-adapter-device";

  /** Profile of a line-of-therapy CarePlan (one line: number, setting, regimen, period, end reason). */
  public static final String SD_LINE_OF_THERAPY_CAREPLAN = BASE + "/StructureDefinition/oncorefract-line-of-therapy-careplan";
  /** Extension: why a line of therapy ended (Coding from {@link #CS_LINE_END_REASON}). */
  public static final String EXT_LINE_END_REASON = BASE + "/StructureDefinition/line-end-reason";

  /** CodeSystem of line settings: curative, advanced. */
  public static final String CS_LINE_SETTING = BASE + "/CodeSystem/line-setting";
  /** CodeSystem of the categories of the adapter's CarePlans: line-of-therapy. */
  public static final String CS_CAREPLAN_CATEGORY = BASE + "/CodeSystem/careplan-category";
  /** CodeSystem of antineoplastic (and supportive) ingredients, generated from the ingredient table. */
  public static final String CS_ANTINEOPLASTIC_INGREDIENT = BASE + "/CodeSystem/antineoplastic-ingredient";
  /** CodeSystem of drug classes (platinum, taxane, egfr-tki, ...), generated from the ingredient table. */
  public static final String CS_DRUG_CLASS = BASE + "/CodeSystem/drug-class";
  /** CodeSystem of actionable variants (gene + alteration), generated from the actionable-variant table. */
  public static final String CS_ACTIONABLE_VARIANT = BASE + "/CodeSystem/actionable-variant";

  /** ValueSets. */
  public static final String VS_REFRACTORY_STATUS = BASE + "/ValueSet/refractory-status";
  public static final String VS_SUGGESTION_TYPE = BASE + "/ValueSet/suggestion-type";
  public static final String VS_LINE_END_REASON = BASE + "/ValueSet/line-end-reason";
  public static final String VS_LINE_SETTING = BASE + "/ValueSet/line-setting";
  public static final String VS_RULE_SET = BASE + "/ValueSet/rule-set";
  /** Every antineoplastic (non-supportive) ingredient; per-class ValueSets are {@code antineoplastic-<class>}. */
  public static final String VS_ANTINEOPLASTIC_INGREDIENTS = BASE + "/ValueSet/antineoplastic-ingredients";
  /**
   * Every ingredient of the table, supportive ones included: the products of a line-of-therapy CarePlan, whose regimen
   * shows the steroids a rule set counts (dexamethasone in myeloma VRd, prednisone in R-CHOP; issue 8, class 5).
   */
  public static final String VS_REGIMEN_INGREDIENTS = BASE + "/ValueSet/regimen-ingredients";
  /** Prefix of the per-drug-class ValueSets, e.g. {@code .../ValueSet/antineoplastic-platinum}. */
  public static final String VS_ANTINEOPLASTIC_CLASS_PREFIX = BASE + "/ValueSet/antineoplastic-";
  /** HGNC genes of the actionable-variant table. */
  public static final String VS_ACTIONABLE_GENES = BASE + "/ValueSet/actionable-genes";
  /** Prefix of the cancer-condition ValueSets per rule set, e.g. {@code .../ValueSet/cancer-conditions-solid-tumour}. */
  public static final String VS_CANCER_CONDITIONS_PREFIX = BASE + "/ValueSet/cancer-conditions-";
  /** ConceptMap: actionable variant to candidate agents (ingredients), with the FDA label as source. */
  public static final String CM_VARIANT_AGENTS = BASE + "/ConceptMap/actionable-variant-agents";
  /** ConceptMap: coded drugs (RxNorm, ATC, NDC, SNOMED, UNII) to ingredients. */
  public static final String CM_DRUG_CODE_INGREDIENTS = BASE + "/ConceptMap/drug-code-ingredients";
  /** The adapter's CapabilityStatement. */
  public static final String CAPABILITY_STATEMENT = BASE + "/CapabilityStatement/oncorefract-adapter";

  /** FHIR NPM package name. */
  public static final String PACKAGE_NAME = "io.github.oncorefract.fhir";
  /** FHIR NPM package version: the Maven version without {@code -SNAPSHOT}. */
  public static final String PACKAGE_VERSION = "0.1.0";
  /** Classpath location of the package {@code .tgz} (inside the fhir-profiles jar). */
  public static final String PACKAGE_CLASSPATH = "/io/github/oncorefract/profiles/package/io.github.oncorefract.fhir.tgz";

  private Canonical() {}
}
