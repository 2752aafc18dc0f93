package io.github.oncorefract.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * The assessment of one patient: one entry per cancer, assessed separately.
 *
 * @param patientId   logical id of the Patient on the source server
 * @param asOf        the day (UTC) the assessment was made for; time-dependent rules ("no genomic result in 12
 *                    months") count from here
 * @param cancers     one assessment per recognised cancer
 * @param quarantined resources or elements that could not be used
 */
public record PatientAssessment(
    String patientId, LocalDate asOf, List<CancerAssessment> cancers, List<QuarantineEntry> quarantined) {
  public PatientAssessment {
    cancers = List.copyOf(cancers);
    quarantined = List.copyOf(quarantined);
  }
}
