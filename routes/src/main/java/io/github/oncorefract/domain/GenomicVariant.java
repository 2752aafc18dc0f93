package io.github.oncorefract.domain;

import java.time.LocalDate;

/**
 * A genomic finding from an Observation in any of the shapes listed in {@code FINDINGS.md} section 9.
 *
 * @param gene        HGNC symbol, upper case (e.g. {@code "EGFR"}), or {@code null} for MSI/TMB
 * @param alteration  normalised alteration: 1-letter protein HGVS ({@code "p.L858R"}), {@code "fusion"},
 *                    {@code "amplification"}, {@code "MSI-H"}, c.HGVS when no protein change is given; may be
 *                    {@code null} when only the gene is known
 * @param kind        kind of finding
 * @param present     false for a reported absence (wild type, "Absent"); absent variants are evidence of testing only
 * @param sourceClass genomic source class, e.g. {@code "somatic"}, {@code "germline"}, or {@code null}
 * @param date        effective or issued day (UTC), or {@code null}
 * @param rawText     the text the finding was read from, for review; never a name or identifier
 * @param source      the Observation
 */
public record GenomicVariant(
    String gene,
    String alteration,
    VariantKind kind,
    boolean present,
    String sourceClass,
    LocalDate date,
    String rawText,
    ResourceRef source) {}
