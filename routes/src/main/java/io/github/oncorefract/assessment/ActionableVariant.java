package io.github.oncorefract.assessment;

import java.util.List;
import java.util.Set;

/**
 * One row of the actionable-variant table ({@code actionable-variants.csv} in {@code fhir-profiles}).
 *
 * @param gene          HGNC symbol, upper case, or empty for gene-independent findings (MSI-H)
 * @param alteration    table alteration: 1-letter {@code p.} HGVS ({@code p.L858R}, {@code p.G719X}), or a class
 *                      (see {@link ActionableVariantTable}); several joined by {@code |}
 * @param agents        lower-case ingredient names
 * @param cancerTypes   {@code CancerType} names, label diseases ({@code label-diseases.csv}), {@code "*"} for
 *                      tumour-agnostic, {@code "!NAME"} to exclude a type or disease
 * @param source        citation, e.g. {@code "FDA label: osimertinib (Tagrisso)"}
 * @param evidenceLevel evidence level, e.g. {@code "FDA-approved"}, {@code "NCCN-recommended"}
 * @param origin        which genomic source classes the label covers: {@code "somatic"} (a result reported germline
 *                      does not match), {@code "germline"} (a result reported somatic does not match) or
 *                      {@code "any"}; a result without a source class matches all three
 * @param requires      a condition of the label's population, or {@code ""}: {@value #REQUIRES_ADVANCED} (unresectable
 *                      or metastatic disease after progression on prior treatment, as the label's source says),
 *                      {@value #REQUIRES_PLATINUM_SENSITIVE} (maintenance after a complete or partial response to
 *                      platinum-based chemotherapy: the ovarian PARP-inhibitor labels)
 */
public record ActionableVariant(
    String gene, String alteration, List<String> agents, Set<String> cancerTypes, String source,
    String evidenceLevel, String origin, String requires) {

  /** {@link #requires()} value: the label covers advanced (unresectable or metastatic, progressed) disease only. */
  public static final String REQUIRES_ADVANCED = "advanced";

  /**
   * {@link #requires()} value: the label is maintenance after a complete or partial response to platinum-based
   * chemotherapy (Lynparza, Zejula, Rubraca in ovarian cancer), so it does not apply to platinum-refractory or
   * platinum-resistant disease.
   */
  public static final String REQUIRES_PLATINUM_SENSITIVE = "platinum-sensitive";

  /** Origin of a row that does not say: somatic (a germline result is no tumour driver, FINDINGS.md 18.12). */
  public static final String DEFAULT_ORIGIN = "somatic";

  public ActionableVariant {
    agents = List.copyOf(agents);
    cancerTypes = Set.copyOf(cancerTypes);
    origin = origin == null || origin.isBlank() ? DEFAULT_ORIGIN : origin.strip().toLowerCase(java.util.Locale.ROOT);
    requires = requires == null ? "" : requires.strip().toLowerCase(java.util.Locale.ROOT);
  }

  /** A row without a population condition. */
  public ActionableVariant(String gene, String alteration, List<String> agents, Set<String> cancerTypes,
      String source, String evidenceLevel, String origin) {
    this(gene, alteration, agents, cancerTypes, source, evidenceLevel, origin, "");
  }

  /** True when the label covers only advanced disease ({@link #REQUIRES_ADVANCED}). */
  public boolean requiresAdvanced() {
    return REQUIRES_ADVANCED.equals(requires);
  }

  /** True when the label is maintenance after a response to platinum ({@link #REQUIRES_PLATINUM_SENSITIVE}). */
  public boolean requiresPlatinumSensitive() {
    return REQUIRES_PLATINUM_SENSITIVE.equals(requires);
  }

  /** A row of {@link #DEFAULT_ORIGIN} origin. */
  public ActionableVariant(String gene, String alteration, List<String> agents, Set<String> cancerTypes,
      String source, String evidenceLevel) {
    this(gene, alteration, agents, cancerTypes, source, evidenceLevel, DEFAULT_ORIGIN);
  }

  /** {@code "EGFR p.L858R"}, or just the alteration when gene-independent. */
  public String label() {
    return gene.isEmpty() ? alteration : gene + " " + alteration;
  }
}
