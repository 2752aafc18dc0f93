package io.github.oncorefract.routing;

import java.util.List;

/**
 * One row of the pass report: one cancer of one patient. No names, no identifiers other than the logical Patient id.
 *
 * @param patientId   logical Patient id on the FHIR server
 * @param cancer      short cancer label, e.g. {@code "NSCLC (ICD-10-CM C34.90)"}
 * @param lines       number of lines of therapy
 * @param status      refractory-status code, e.g. {@code "likely-refractory"}
 * @param suggestions suggestion codes
 */
public record PatientRow(String patientId, String cancer, int lines, String status, List<String> suggestions) {}
