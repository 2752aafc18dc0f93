package io.github.oncorefract.domain;

/** The kind of a genomic finding, which decides how its alteration is matched against the actionable table. */
public enum VariantKind {
  /** Single-nucleotide variant or small insertion/deletion, usually described in HGVS. */
  SEQUENCE,
  FUSION,
  COPY_NUMBER_GAIN,
  COPY_NUMBER_LOSS,
  /** Microsatellite instability; alteration {@code "MSI-H"}, {@code "MSS"}... */
  MSI,
  /** Tumour mutational burden; alteration holds the value with its unit. */
  TMB,
  /** A gene is named but the alteration could not be parsed; raw text is kept. */
  UNSPECIFIED
}
