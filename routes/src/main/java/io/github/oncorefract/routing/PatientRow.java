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
 * @param withheld    why nothing is written for this patient ({@code patient-placeholder}: a Patient the FHIR server
 *                    created as a reference target, see {@link AssessmentPipeline}), or {@code null}
 */
public record PatientRow(String patientId, String cancer, int lines, String status, List<String> suggestions,
    String withheld) {

  /** A row of a patient for whom nothing was withheld. */
  public PatientRow(String patientId, String cancer, int lines, String status, List<String> suggestions) {
    this(patientId, cancer, lines, status, suggestions, null);
  }
}
