package io.github.oncorefract.domain;

/**
 * One row of the antineoplastic ingredient table (data in {@code fhir-profiles}).
 *
 * @param name              lower-case ingredient name, e.g. {@code "carboplatin"}
 * @param rxnorm            RxNorm ingredient (IN) code where verified, else {@code null}
 * @param drugClass         drug class code, e.g. {@code "platinum"}, {@code "egfr-tki"}
 * @param substitutionGroup ingredients in the same group substitute for each other without a new line
 *                          (e.g. {@code "platinum"} for cisplatin/carboplatin), or {@code null}
 * @param maintenance       maintenance role
 * @param gapExempt         true when a treatment gap does not start a new line (continuous oral TKIs in NSCLC)
 * @param supportive        true for supportive drugs (antiemetics, G-CSF, leucovorin as modulator, bone agents)
 */
public record IngredientInfo(
    String name,
    String rxnorm,
    String drugClass,
    String substitutionGroup,
    MaintenanceRole maintenance,
    boolean gapExempt,
    boolean supportive) {}
