/**
 * The small, plain-Java domain model shared by the normalisers, the line-of-therapy engine, the refractory rule
 * sets and the suggestion builders: cancers, drug exposures, disease-status events, genomic variants, procedures,
 * lines of therapy and assessments.
 *
 * <p>Nothing here imports Camel, Spring, HTTP or HAPI client types (an ArchUnit test keeps it so). All clinical
 * dates are {@link java.time.LocalDate} days in UTC; partial FHIR dates ("2023-03") become the earliest day for a
 * start and the latest day for an end, as {@code clinical-model.md} section 1 requires.
 */
package io.github.oncorefract.domain;
