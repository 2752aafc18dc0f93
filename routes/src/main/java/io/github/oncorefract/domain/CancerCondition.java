package io.github.oncorefract.domain;

import java.time.LocalDate;

/**
 * One cancer of a patient, recognised from a Condition resource.
 *
 * @param ref        the Condition
 * @param type       the cancer kind, which selects the rule set
 * @param system     code system URI of the coding that matched, or {@code null} for a text match
 * @param code       the code that matched (e.g. {@code "C34.90"}, {@code "254637007"}), or {@code null}
 * @param display    a short non-identifying label for tables, e.g. {@code "NSCLC (ICD-10-CM C34.90)"}
 * @param matchedBy  how the cancer was recognised
 * @param onset      onset or, failing that, recorded date (UTC day); {@code null} when absent
 * @param secondary  true when the code is a secondary (metastatic) neoplasm, which marks advanced disease
 */
public record CancerCondition(
    ResourceRef ref,
    CancerType type,
    String system,
    String code,
    String display,
    CodeMatch matchedBy,
    LocalDate onset,
    boolean secondary) {}
