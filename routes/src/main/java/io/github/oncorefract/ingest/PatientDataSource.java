package io.github.oncorefract.ingest;

/**
 * Reads all the data the rules need for one patient. The FHIR REST implementation is
 * {@link FhirSearchPatientDataSource}; a Bulk Data export source or a batched reader can implement the same contract.
 */
public interface PatientDataSource {

  /**
   * @param patientId logical Patient id (already validated as a FHIR id)
   * @return the patient's resources
   * @throws PatientNotFoundException when the server has no such Patient (or it is deleted)
   * @throws RuntimeException         HAPI client exceptions for transport and server faults, unwrapped
   */
  PatientData fetch(String patientId);

  /**
   * Reads the patient from the FHIR server now, bypassing any data staged for a running pass (a Bulk Data export of
   * minutes ago): what a preview (CDS Hooks, the timeline) or a targeted pass must see. By default the same as
   * {@link #fetch(String)}.
   *
   * @param patientId logical Patient id (already validated as a FHIR id)
   * @return the patient's resources as the server holds them now
   * @throws PatientNotFoundException when the server has no such Patient (or it is deleted)
   */
  default PatientData fetchCurrent(String patientId) {
    return fetch(patientId);
  }
}
