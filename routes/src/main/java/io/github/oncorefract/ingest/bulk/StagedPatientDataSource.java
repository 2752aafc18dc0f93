package io.github.oncorefract.ingest.bulk;

import io.github.oncorefract.ingest.PatientData;
import io.github.oncorefract.ingest.PatientDataSource;
import java.util.Objects;

/**
 * The pipeline's data source during a Bulk Data pass: a patient of the staged export is served from disk, already
 * grouped (its resources and the adapter's earlier output, no request); any other patient (a pending patient outside
 * the export, any pass without a staged export) is read by the delegate as before. Only the bulk pass's own patients
 * use it: {@link #fetchCurrent(String)} (a preview, a targeted pass, any other pass running meanwhile) always reads the
 * server, so a clinician never sees, and a notification never assesses, data as old as the export.
 * Everything after the fetch (normalise, assess, propose, plan, the one transaction, the replan from the server after
 * an uncertain outcome) is the same path. Thread-safe.
 */
public final class StagedPatientDataSource implements PatientDataSource {

  private final PatientDataSource delegate;
  private final BulkStaging staging;

  /**
   * @param delegate the per-patient reader (batch or search)
   * @param staging  the export of the running pass
   */
  public StagedPatientDataSource(PatientDataSource delegate, BulkStaging staging) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.staging = Objects.requireNonNull(staging, "staging");
  }

  @Override
  public PatientData fetch(String patientId) {
    PatientData staged = staging.fetch(patientId);
    return staged != null ? staged : delegate.fetch(patientId);
  }

  /** Always the delegate: the server's data now, never the staged export. */
  @Override
  public PatientData fetchCurrent(String patientId) {
    return delegate.fetchCurrent(patientId);
  }
}
