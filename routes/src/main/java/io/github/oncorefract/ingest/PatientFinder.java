package io.github.oncorefract.ingest;

/**
 * Finds the patients a pass must assess. The FHIR REST implementation is {@link FhirPatientFinder}; a Bulk Data
 * {@code $export} can implement the same contract.
 */
public interface PatientFinder {

  /**
   * @param cursor where the last completed pass left off
   * @return the patients to assess, and the high-water mark to store once all of them complete
   */
  Candidates find(PassCursor cursor);
}
