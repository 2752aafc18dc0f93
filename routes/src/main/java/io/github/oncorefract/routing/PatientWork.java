package io.github.oncorefract.routing;

import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.ingest.PatientData;
import io.github.oncorefract.publish.PublishOutcome;
import io.github.oncorefract.publish.PublishPlan;
import io.github.oncorefract.suggest.ProposedResource;
import java.util.List;

/**
 * The message body while one patient moves through the {@code assess-patient} route; each step fills its part.
 * Mutable on purpose: one instance per patient per pass, never shared between threads at the same time.
 */
public final class PatientWork {

  private final String patientId;
  private final PassState pass;
  private String stage = "fetch";
  private PatientData data;
  private PatientRecord record;
  private PatientAssessment assessment;
  private List<ProposedResource> proposals = List.of();
  private PublishPlan plan;
  private PublishOutcome outcome;
  private String withheld;
  private boolean committedAfterTimeout;

  /**
   * @param patientId logical Patient id
   * @param pass      the pass it belongs to, or {@code null} for a read-only preview
   */
  public PatientWork(String patientId, PassState pass) {
    this.patientId = patientId;
    this.pass = pass;
  }

  public String patientId() { return patientId; }
  public PassState pass() { return pass; }
  public String stage() { return stage; }
  public PatientData data() { return data; }
  public PatientRecord record() { return record; }
  public PatientAssessment assessment() { return assessment; }
  public List<ProposedResource> proposals() { return proposals; }
  public PublishPlan plan() { return plan; }
  public PublishOutcome outcome() { return outcome; }
  /** Why nothing is proposed for this patient (e.g. {@code patient-placeholder}), or {@code null}. */
  public String withheld() { return withheld; }
  /**
   * True when the transaction was not confirmed (read timeout, connection lost, transient status, 412) and planning
   * again found every write already on the server: it had been committed ({@link UncertainTransactions}).
   */
  public boolean committedAfterTimeout() { return committedAfterTimeout; }

  void stage(String s) { this.stage = s; }
  void data(PatientData d) { this.data = d; }
  void record(PatientRecord r) { this.record = r; }
  void assessment(PatientAssessment a) { this.assessment = a; }
  void proposals(List<ProposedResource> p) { this.proposals = List.copyOf(p); }
  void plan(PublishPlan p) { this.plan = p; }
  void outcome(PublishOutcome o) { this.outcome = o; }
  void withheld(String reason) { this.withheld = reason; }
  void committedAfterTimeout(boolean c) { this.committedAfterTimeout = c; }

  /** The transaction to send (for the route's camel-fhir step). */
  public org.hl7.fhir.r4.model.Bundle getTransaction() {
    return plan == null ? null : plan.transaction();
  }
}
