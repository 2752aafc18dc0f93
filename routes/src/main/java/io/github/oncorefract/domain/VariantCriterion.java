package io.github.oncorefract.domain;

import java.util.Objects;

/**
 * One variant a research study asks for, read from a ResearchStudy's keyword, focus or condition text.
 *
 * @param gene       HGNC symbol, upper case ({@code "KRAS"}), or a gene family prefix ({@code "NTRK"} stands for
 *                   NTRK1, NTRK2 and NTRK3); {@code null} for gene-independent findings (MSI-H)
 * @param alteration the alteration in the shapes of {@link GenomicVariant#alteration()}: 1-letter protein HGVS
 *                   ({@code "p.G12C"}), an exon-level change ({@code "exon 20 insertion"}), {@code "fusion"},
 *                   {@code "amplification"}, {@code "MSI-H"}, c.HGVS; {@code null} when the study names only the gene
 *                   (any present variant of the gene matches)
 * @param kind       the kind of finding; {@link VariantKind#UNSPECIFIED} for a gene-level criterion
 */
public record VariantCriterion(String gene, String alteration, VariantKind kind) {

  public VariantCriterion {
    Objects.requireNonNull(kind, "kind");
    if (gene == null && alteration == null) {
      throw new IllegalArgumentException("a variant criterion names a gene, an alteration or both");
    }
  }

  /** True when the criterion names an alteration, not only a gene. */
  public boolean alterationSpecific() {
    return alteration != null;
  }

  /** {@code "KRAS p.G12C"}, {@code "EGFR"}, {@code "MSI-H"}: a short label for review texts. */
  public String label() {
    if (gene == null) {
      return alteration;
    }
    return alteration == null ? gene : gene + " " + alteration;
  }
}
