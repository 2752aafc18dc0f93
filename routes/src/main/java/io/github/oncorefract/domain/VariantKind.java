package io.github.oncorefract.domain;

/** The kind of a genomic finding, which decides how its alteration is matched against the actionable table. */
public enum VariantKind {
  /** Single-nucleotide variant or small insertion/deletion, usually described in HGVS. */
  SEQUENCE,
  FUSION,
  COPY_NUMBER_GAIN,
  COPY_NUMBER_LOSS,
  /**
   * Protein expression by immunohistochemistry: alteration {@code "overexpression"}, {@code "IHC 3+"},
   * {@code "IHC 2+"}, {@code "IHC 1+"} (HER2 / c-Met), {@code "negative"} when absent.
   */
  EXPRESSION,
  /**
   * Microsatellite instability or mismatch-repair status: alteration {@code "MSI-H"}, {@code "MSS"},
   * {@code "dMMR"} (loss of a mismatch-repair protein by IHC), {@code "pMMR"}...
   */
  MSI,
  /** Tumour mutational burden; alteration holds the value with its unit. */
  TMB,
  /** A gene is named but the alteration could not be parsed; raw text is kept. */
  UNSPECIFIED
}
