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
 * @param unattributedTherapy antineoplastic exposures dated on or before {@code asOf} that could not be attributed to
 *                    any assessed cancer (no cancer Condition at all, or therapy long before every diagnosis): never
 *                    dropped silently (issue 8, class 3), reported here and as an {@code unattributed-therapy} reason
 */
public record PatientAssessment(
    String patientId, LocalDate asOf, List<CancerAssessment> cancers, List<QuarantineEntry> quarantined,
    List<DrugExposure> unattributedTherapy) {
  public PatientAssessment {
    cancers = List.copyOf(cancers);
    quarantined = List.copyOf(quarantined);
    unattributedTherapy = unattributedTherapy == null ? List.of() : List.copyOf(unattributedTherapy);
  }

  /** Without unattributed therapy (the 1.x shape). */
  public PatientAssessment(String patientId, LocalDate asOf, List<CancerAssessment> cancers,
      List<QuarantineEntry> quarantined) {
    this(patientId, asOf, cancers, quarantined, List.of());
  }
}
