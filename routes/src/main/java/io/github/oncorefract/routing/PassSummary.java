package io.github.oncorefract.routing;

import java.time.Instant;
import io.github.oncorefract.ingest.Candidates;
import java.util.List;

/**
 * The result of one pass, returned by {@code POST /api/assessments/run}.
 *
 * @param trigger          what started it: {@code startup}, {@code schedule}, {@code api}
 * @param writeMode        {@code write} or {@code dry-run} (in dry-run, created/updated count what would be written)
 * @param incremental      true when candidates were found by change since the cursor
 * @param startedAt        UTC instant
 * @param durationMs       wall time in milliseconds
 * @param patientsAssessed patients whose assessment completed
 * @param likelyRefractory cancers assessed likely refractory
 * @param atRisk           cancers assessed at risk
 * @param created          resources created (Flag, CarePlan, ServiceRequest, Task)
 * @param updated          resources updated
 * @param unchanged        resources already as proposed
 * @param preserved        resources a clinician changed, left alone
 * @param quarantined      resources or elements that could not be used (see the log: type, id, element path)
 * @param unrecognisedMedications medications that look like cancer drugs (ATC L01/L02, an INN stem, an oncology
 *                         profile or order set) but are not in the drug table: no exposure, reported per patient as
 *                         {@code unrecognised-medication} (issue 8, class 4)
 * @param committedAfterTimeout patients whose transaction was not confirmed (read timeout, connection lost, transient
 *                         status or 412) and whose writes were then found on the server: the transaction had been
 *                         committed; they count as written ({@link UncertainTransactions})
 * @param failed           patients that did not complete; retried next pass
 * @param failures         why each failed
 * @param rows             one row per assessed cancer
 * @param readPath         how the pass read its data: {@code per-patient} (a batch or searches per patient),
 *                         {@code bulk} (a Bulk Data export, grouped per patient on disk) or {@code bulk-incremental}
 *                         (candidates from a {@code _since} export, each patient then read per patient)
 */
public record PassSummary(
    String trigger,
    String writeMode,
    boolean incremental,
    Instant startedAt,
    long durationMs,
    int patientsAssessed,
    int likelyRefractory,
    int atRisk,
    int created,
    int updated,
    int unchanged,
    int preserved,
    int quarantined,
    int unrecognisedMedications,
    int committedAfterTimeout,
    int failed,
    List<PatientFailure> failures,
    List<PatientRow> rows,
    String readPath) {

  /** A summary of a pass that read per patient ({@code readPath} {@code per-patient}). */
  public PassSummary(String trigger, String writeMode, boolean incremental, Instant startedAt, long durationMs,
      int patientsAssessed, int likelyRefractory, int atRisk, int created, int updated, int unchanged, int preserved,
      int quarantined, int unrecognisedMedications, int committedAfterTimeout, int failed,
      List<PatientFailure> failures, List<PatientRow> rows) {
    this(trigger, writeMode, incremental, startedAt, durationMs, patientsAssessed, likelyRefractory, atRisk, created,
        updated, unchanged, preserved, quarantined, unrecognisedMedications, committedAfterTimeout, failed, failures,
        rows, Candidates.PER_PATIENT);
  }

  /** A summary without transactions committed after a timeout ({@code committedAfterTimeout} 0). */
  public PassSummary(String trigger, String writeMode, boolean incremental, Instant startedAt, long durationMs,
      int patientsAssessed, int likelyRefractory, int atRisk, int created, int updated, int unchanged, int preserved,
      int quarantined, int unrecognisedMedications, int failed, List<PatientFailure> failures, List<PatientRow> rows) {
    this(trigger, writeMode, incremental, startedAt, durationMs, patientsAssessed, likelyRefractory, atRisk, created,
        updated, unchanged, preserved, quarantined, unrecognisedMedications, 0, failed, failures, rows);
  }
}
