package io.github.oncorefract.ingest.bulk;

import io.github.oncorefract.ingest.PatientData;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The export of the running pass, grouped on disk, shared by the {@link BulkPatientFinder} that stages it and the
 * {@link StagedPatientDataSource} that serves its patients. At most one export is staged; staging a new one, or
 * {@link #clear()} (called when a pass ends, completed or failed), deletes the previous one's files. Thread-safe.
 */
public final class BulkStaging {

  private final AtomicReference<PatientBuckets> current = new AtomicReference<>();

  /** Stages an export, replacing (and deleting) the previous one. */
  public void stage(PatientBuckets export) {
    PatientBuckets old = current.getAndSet(export);
    if (old != null && old != export) {
      old.close();
    }
  }

  /** Deletes the staged export, if any. */
  public void clear() {
    PatientBuckets old = current.getAndSet(null);
    if (old != null) {
      old.close();
    }
  }

  /** True while an export is staged. */
  public boolean active() {
    return current.get() != null;
  }

  /**
   * The staged data of a patient, or {@code null} when no export is staged or it holds no line of the patient.
   *
   * @throws io.github.oncorefract.ingest.PatientNotFoundException when the export holds lines of the patient but no
   *                                                               Patient resource
   */
  public PatientData fetch(String patientId) {
    PatientBuckets b = current.get();
    return b != null && b.contains(patientId) ? b.fetch(patientId) : null;
  }
}
