/**
 * Refractory rule sets, suggestion rules and the {@link io.github.oncorefract.assessment.PatientAssessor}, the one
 * entry point the routes call: {@code PatientRecord} in, {@code PatientAssessment} out.
 *
 * <p>Plain Java over {@code io.github.oncorefract.domain} and {@code io.github.oncorefract.therapy}: no Camel,
 * Spring, HTTP or HAPI types (ArchitectureTest). Each rule set has an id and a semantic version that every output
 * names; thresholds live in parameter records with {@code defaults()}. Clinical sources: {@code clinical-model.md}
 * sections 3 and 4 (solid-tumour default; the same rules with their own parameters for NSCLC; IMWG, per drug, for
 * multiple myeloma; GOG/GCIG platinum-free interval for ovarian cancer; SCHOLAR-1 for DLBCL; FDA labels for the
 * actionable-variant table).
 */
package io.github.oncorefract.assessment;
