package io.github.oncorefract.ingest.bulk;

import io.github.oncorefract.ingest.PatientData;
import io.github.oncorefract.ingest.PatientDataSource;
import java.util.Objects;

/**
 * The pipeline's data source during a Bulk Data pass: a patient of the staged export is served from disk, already
 * grouped (its resources and the adapter's earlier output, no request); any other patient (a pending patient outside
 * the export, a targeted pass, a preview, any pass without a staged export) is read by the delegate as before.
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
}
