package io.github.oncorefract.assessment;

import java.util.List;
import java.util.Set;

/**
 * One row of the actionable-variant table ({@code actionable-variants.csv} in {@code fhir-profiles}).
 *
 * @param gene          HGNC symbol, upper case, or empty for gene-independent findings (MSI-H)
 * @param alteration    table alteration: 1-letter {@code p.} HGVS ({@code p.L858R}), or a class: {@code exon19del},
 *                      {@code exon14skipping}, {@code fusion}, {@code amplification}, {@code MSI-H},
 *                      {@code pathogenic} (any reported variant of the gene)
 * @param agents        lower-case ingredient names
 * @param cancerTypes   {@code CancerType} names, or {@code "*"} for tumour-agnostic
 * @param source        citation, e.g. {@code "FDA label: osimertinib (Tagrisso)"}
 * @param evidenceLevel evidence level, e.g. {@code "FDA-approved"}
 */
public record ActionableVariant(
    String gene, String alteration, List<String> agents, Set<String> cancerTypes, String source,
    String evidenceLevel) {

  public ActionableVariant {
    agents = List.copyOf(agents);
    cancerTypes = Set.copyOf(cancerTypes);
  }

  /** {@code "EGFR p.L858R"}, or just the alteration when gene-independent. */
  public String label() {
    return gene.isEmpty() ? alteration : gene + " " + alteration;
  }
}
