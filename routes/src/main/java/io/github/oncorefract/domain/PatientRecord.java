package io.github.oncorefract.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * Everything the rules need about one patient, normalised from FHIR.
 *
 * @param patientId   logical id of the Patient on the source server
 * @param cancers     recognised cancer Conditions (entered-in-error and refuted excluded)
 * @param exposures   antineoplastic exposures, one per ingredient per resource
 * @param statusEvents disease-status and response events
 * @param variants    genomic findings
 * @param procedures  procedures of interest
 * @param deathDate   day of death when known, or {@code null}
 * @param quarantined what could not be used, with the reason
 * @param unrecognisedMedications medications that look like cancer drugs but are not in the drug table (reported,
 *                    not exposures; issue 8, class 4)
 * @param supportiveExposures exposures to ingredients the drug table marks supportive (corticosteroids, antiemetics,
 *                    leucovorin, ...), one per ingredient per resource: never antineoplastic on their own, kept apart
 *                    so that a cancer whose therapy parameters count one of them
 *                    ({@code TherapyParameters.includedSupportive}, e.g. dexamethasone in myeloma VRd, prednisone in
 *                    R-CHOP) shows it in the regimen of the line it accompanies (issue 8, class 5)
 * @param stages      staging findings read from Observations (TNM stage group and M category), in date order;
 *                    staging recorded on a cancer Condition itself is in {@link CancerCondition#stages()}
 * @param deceasedDateUnknown true when the patient is recorded as deceased ({@code Patient.deceasedBoolean} true) but
 *                    no date of death is recorded anywhere; {@code deathDate} is then {@code null} and no date is
 *                    invented (no line ends at a death, no reason states a death date)
 */
public record PatientRecord(
    String patientId,
    List<CancerCondition> cancers,
    List<DrugExposure> exposures,
    List<DiseaseStatusEvent> statusEvents,
    List<GenomicVariant> variants,
    List<ProcedureEvent> procedures,
    LocalDate deathDate,
    List<QuarantineEntry> quarantined,
    List<UnrecognisedMedication> unrecognisedMedications,
    List<DrugExposure> supportiveExposures,
    List<StageFinding> stages,
    boolean deceasedDateUnknown) {

  /** A record whose death, if any, is dated ({@code deceasedDateUnknown} false). */
  public PatientRecord(String patientId, List<CancerCondition> cancers, List<DrugExposure> exposures,
      List<DiseaseStatusEvent> statusEvents, List<GenomicVariant> variants, List<ProcedureEvent> procedures,
      LocalDate deathDate, List<QuarantineEntry> quarantined, List<UnrecognisedMedication> unrecognisedMedications,
      List<DrugExposure> supportiveExposures, List<StageFinding> stages) {
    this(patientId, cancers, exposures, statusEvents, variants, procedures, deathDate, quarantined,
        unrecognisedMedications, supportiveExposures, stages, false);
  }

  /** A record with no unrecognised medications, no supportive exposures and no staging Observations. */
  public PatientRecord(String patientId, List<CancerCondition> cancers, List<DrugExposure> exposures,
      List<DiseaseStatusEvent> statusEvents, List<GenomicVariant> variants, List<ProcedureEvent> procedures,
      LocalDate deathDate, List<QuarantineEntry> quarantined) {
    this(patientId, cancers, exposures, statusEvents, variants, procedures, deathDate, quarantined, List.of(),
        List.of(), List.of(), false);
  }

  public PatientRecord {
    cancers = List.copyOf(cancers);
    exposures = List.copyOf(exposures);
    statusEvents = List.copyOf(statusEvents);
    variants = List.copyOf(variants);
    procedures = List.copyOf(procedures);
    quarantined = List.copyOf(quarantined);
    unrecognisedMedications = unrecognisedMedications == null ? List.of() : List.copyOf(unrecognisedMedications);
    supportiveExposures = supportiveExposures == null ? List.of() : List.copyOf(supportiveExposures);
    stages = stages == null ? List.of() : List.copyOf(stages);
  }

  /** This record with {@code quarantined} replaced; everything else kept. */
  public PatientRecord withQuarantined(List<QuarantineEntry> quarantined) {
    return new PatientRecord(patientId, cancers, exposures, statusEvents, variants, procedures, deathDate,
        quarantined, unrecognisedMedications, supportiveExposures, stages, deceasedDateUnknown);
  }

  /** True when the patient is recorded as deceased, with or without a date of death. */
  public boolean deceased() {
    return deathDate != null || deceasedDateUnknown;
  }
}
