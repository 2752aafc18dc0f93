/**
 * The line-of-therapy engine: turns one cancer's antineoplastic {@link io.github.oncorefract.domain.DrugExposure}s
 * and disease-status events into numbered {@link io.github.oncorefract.domain.LineOfTherapy} records.
 *
 * <p>Plain Java over {@code io.github.oncorefract.domain}: no Camel, Spring, HTTP or HAPI types (ArchitectureTest).
 * The rules follow Meng et al., "Temporal phenotyping by mining healthcare data to derive lines of therapy for
 * cancer", J Biomed Inform 2019 (PMID 31689549), refined in JMIR Med Inform 2021;9(10):e29017
 * (PMC8548977), and the Merck open-source Line-of-Therapy-Algorithm (github.com/Merck/Line-of-Therapy-Algorithm):
 * a 28-day regimen-defining window, a 180-day treatment gap, substitution, maintenance and gap-exemption lists.
 * Every threshold is a field of {@link io.github.oncorefract.therapy.TherapyParameters}.
 */
package io.github.oncorefract.therapy;
