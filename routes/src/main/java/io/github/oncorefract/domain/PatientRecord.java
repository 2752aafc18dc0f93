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
 * @param stages      staging findings read from Observations (TNM stage group and M category), in date order;
 *                    staging recorded on a cancer Condition itself is in {@link CancerCondition#stages()}
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
    List<StageFinding> stages) {

  public PatientRecord {
    cancers = List.copyOf(cancers);
    exposures = List.copyOf(exposures);
    statusEvents = List.copyOf(statusEvents);
    variants = List.copyOf(variants);
    procedures = List.copyOf(procedures);
    quarantined = List.copyOf(quarantined);
    stages = stages == null ? List.of() : List.copyOf(stages);
  }

  /** Without staging Observations (the 1.x shape). */
  public PatientRecord(String patientId, List<CancerCondition> cancers, List<DrugExposure> exposures,
      List<DiseaseStatusEvent> statusEvents, List<GenomicVariant> variants, List<ProcedureEvent> procedures,
      LocalDate deathDate, List<QuarantineEntry> quarantined) {
    this(patientId, cancers, exposures, statusEvents, variants, procedures, deathDate, quarantined, List.of());
  }
}
