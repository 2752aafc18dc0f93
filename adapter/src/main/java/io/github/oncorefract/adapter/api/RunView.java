package io.github.oncorefract.adapter.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.oncorefract.routing.PassSummary;
import io.github.oncorefract.routing.PatientFailure;
import io.github.oncorefract.routing.PatientRow;
import java.time.Instant;
import java.util.List;

/**
 * JSON of {@code POST /api/assessments/run}. Counts are of this pass; {@code created}, {@code updated},
 * {@code unchanged} and {@code preserved} count Flag, CarePlan, ServiceRequest and Task resources (in dry-run, what
 * would be written); {@code unrecognisedMedications} counts medications that look like cancer drugs but are not in
 * the drug table; {@code committedAfterTimeout} counts patients whose transaction was not confirmed (read timeout,
 * connection lost, transient status, 412) and whose writes planning again found already on the server (counted as
 * written, not sent again; meter {@code oncorefract.transactions.uncertain}). {@code patients} (one row per assessed cancer; empty for a pass with no patients) only with
 * {@code ?details=true}. {@code readPath} says how the pass read its patients: {@code per-patient},
 * {@code bulk} (a Bulk Data export grouped on disk) or {@code bulk-incremental} (candidates from a {@code _since}
 * export, each read per patient); README "Bulk Data".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(
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
    List<FailureView> failures,
    List<PatientRow> patients,
    String readPath) {

  /** A failed patient: stage and sanitised reason. */
  public record FailureView(String patientId, String stage, String reason, boolean transientFault) {}

  /**
   * @param s       the pass
   * @param details true to include {@code patients}
   * @return the JSON view of the pass
   */
  public static RunView of(PassSummary s, boolean details) {
    return new RunView(s.trigger(), s.writeMode(), s.incremental(), s.startedAt(), s.durationMs(),
        s.patientsAssessed(), s.likelyRefractory(), s.atRisk(), s.created(), s.updated(), s.unchanged(),
        s.preserved(), s.quarantined(), s.unrecognisedMedications(), s.committedAfterTimeout(), s.failed(),
        s.failures().stream().map(RunView::failure).toList(),
        details ? (s.rows() == null ? List.of() : s.rows()) : null, s.readPath());
  }

  private static FailureView failure(PatientFailure f) {
    return new FailureView(f.patientId(), f.stage(), f.reason(), f.transient_());
  }
}
