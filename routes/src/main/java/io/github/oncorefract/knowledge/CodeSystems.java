package io.github.oncorefract.knowledge;

import java.util.Locale;

/**
 * Code system URIs the adapter reads, and their grouping into the vocabularies of the knowledge tables. Variants seen
 * in real data (e.g. the German BfArM ATC and ICD-10-GM URIs, ICD-9-CM with a {@code /diagnosis} suffix) are
 * accepted.
 */
public final class CodeSystems {

  public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  public static final String ATC = "http://www.whocc.no/atc";
  public static final String ATC_DE = "http://fhir.de/CodeSystem/bfarm/atc";
  public static final String NDC = "http://hl7.org/fhir/sid/ndc";
  public static final String SNOMED = "http://snomed.info/sct";
  public static final String UNII = "http://fdasis.nlm.nih.gov";
  public static final String ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
  public static final String ICD10_GM = "http://fhir.de/CodeSystem/bfarm/icd-10-gm";
  public static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
  public static final String ICD9_CM = "http://hl7.org/fhir/sid/icd-9-cm";
  public static final String LOINC = "http://loinc.org";

  /** Vocabulary of a code system URI as used in the tables. */
  public enum Vocabulary {
    RXNORM, ATC, NDC, SNOMED, UNII, ICD10, ICD9, OTHER
  }

  private CodeSystems() {}

  /**
   * Groups a code system URI.
   *
   * @param system the URI, may be {@code null}
   * @return the vocabulary, {@link Vocabulary#OTHER} when unknown or {@code null}
   */
  public static Vocabulary vocabulary(String system) {
    if (system == null) {
      return Vocabulary.OTHER;
    }
    String s = system.strip().toLowerCase(Locale.ROOT);
    return vocabularyOfLowerCase(s);
  }

  private static boolean eq(String lower, String constant) {
    return lower.equals(constant.toLowerCase(Locale.ROOT));
  }

  private static Vocabulary vocabularyOfLowerCase(String lower) {
    String s = lower;
    if (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (eq(s, RXNORM) || s.equals("urn:oid:2.16.840.1.113883.6.88")) {
      return Vocabulary.RXNORM;
    }
    if (eq(s, ATC) || eq(s, ATC_DE) || s.equals("urn:oid:2.16.840.1.113883.6.73")
        || s.equals("http://www.whocc.no/atc_ddd_index")) {
      return Vocabulary.ATC;
    }
    if (eq(s, NDC) || s.equals("urn:oid:2.16.840.1.113883.6.69")) {
      return Vocabulary.NDC;
    }
    if (eq(s, SNOMED) || s.equals("urn:oid:2.16.840.1.113883.6.96")) {
      return Vocabulary.SNOMED;
    }
    if (eq(s, UNII) || s.equals("http://fdasis.nlm.nih.gov/srs") || s.equals("urn:oid:2.16.840.1.113883.4.9")) {
      return Vocabulary.UNII;
    }
    if (eq(s, ICD10_CM) || eq(s, ICD10_GM) || eq(s, ICD10) || s.equals("urn:oid:2.16.840.1.113883.6.90")
        || s.equals("urn:oid:1.2.276.0.76.5.424") || s.startsWith(ICD10_GM.toLowerCase(Locale.ROOT))
        || s.startsWith(ICD10 + "-")) {
      return Vocabulary.ICD10;
    }
    if (eq(s, ICD9_CM) || s.startsWith(ICD9_CM + "/") || s.equals("urn:oid:2.16.840.1.113883.6.103")) {
      return Vocabulary.ICD9;
    }
    return Vocabulary.OTHER;
  }
}
