package io.github.oncorefract.routing;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.QuarantineEntry;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.UnrecognisedMedication;
import io.github.oncorefract.ingest.PatientData;
import io.github.oncorefract.ingest.PatientDataSource;
import io.github.oncorefract.publish.PlanValidator;
import io.github.oncorefract.publish.PublishOutcome;
import io.github.oncorefract.publish.TransactionPublisher;
import io.github.oncorefract.suggest.LineOfTherapyResourceBuilder;
import io.github.oncorefract.suggest.SuggestionResourceBuilder;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one patient, each a named bean method the {@code assess-patient} route calls in order: fetch, normalise,
 * assess, propose, plan, then (when writing) the route sends the transaction and calls {@link #recordResponse}. The
 * same steps serve the read-only preview ({@link #preview(String)}).
 *
 * <p><b>Placeholder patients</b> (issue 8, class 9): a Patient that carries HAPI's placeholder extension
 * {@value #HAPI_PLACEHOLDER} exists only because some resource referenced it (e.g. the mCODE IG examples reference
 * {@code Patient/mCODEPatientExample01}, which no file holds) and the server auto-created the target. Nobody can act on
 * suggestions for such a record: it is assessed (lines and status stay visible), but every cancer gets the reason
 * {@value #REASON_PLACEHOLDER} instead of suggestions, nothing is proposed (no Flag, CarePlan, ServiceRequest, Task or
 * line of therapy), earlier output is retired, and the pass row says {@code withheld = patient-placeholder}.
 */
public class AssessmentPipeline {

  /** Extension HAPI FHIR puts on a resource it auto-created as the target of a reference. */
  public static final String HAPI_PLACEHOLDER = "http://hapifhir.io/fhir/StructureDefinition/resource-placeholder";
  /** Reason code (and {@link PatientRow#withheld()}) of a cancer of a placeholder patient: nothing is written. */
  public static final String REASON_PLACEHOLDER = "patient-placeholder";

  private static final Logger log = LoggerFactory.getLogger(AssessmentPipeline.class);

  private final PatientDataSource source;
  private final RecordNormaliser normaliser;
  private final RecordAssessor assessor;
  private final SuggestionResourceBuilder builder;
  private final LineOfTherapyResourceBuilder lines;
  private final TransactionPublisher publisher;
  private final PlanValidator validator;
  private final WriteMode writeMode;
  private final Clock clock;

  public AssessmentPipeline(PatientDataSource source, RecordNormaliser normaliser, RecordAssessor assessor,
      SuggestionResourceBuilder builder, TransactionPublisher publisher, PlanValidator validator, WriteMode writeMode,
      Clock clock) {
    this(source, normaliser, assessor, builder, null, publisher, validator, writeMode, clock);
  }

  /**
   * @param lines builder of the line-of-therapy CarePlans ({@code adapter.write.lines-of-therapy}), or {@code null}
   *              to propose none; the publisher must then be built with the same setting
   */
  public AssessmentPipeline(PatientDataSource source, RecordNormaliser normaliser, RecordAssessor assessor,
      SuggestionResourceBuilder builder, LineOfTherapyResourceBuilder lines, TransactionPublisher publisher,
      PlanValidator validator, WriteMode writeMode, Clock clock) {
    this.lines = lines;
    this.source = source;
    this.normaliser = normaliser;
    this.assessor = assessor;
    this.builder = builder;
    this.publisher = publisher;
    this.validator = validator;
    this.writeMode = writeMode;
    this.clock = clock;
  }

  public WriteMode writeMode() {
    return writeMode;
  }

  /**
   * Reads the patient's resources: from the staged Bulk Data export when the patient's pass read its patients that way
   * ({@link io.github.oncorefract.ingest.Candidates#BULK}), otherwise from the server now
   * ({@link PatientDataSource#fetchCurrent(String)}).
   */
  public PatientWork fetch(PatientWork w) {
    w.stage("fetch");
    boolean bulkPass = w.pass() != null && io.github.oncorefract.ingest.Candidates.BULK.equals(w.pass().readPath());
    w.data(bulkPass ? source.fetch(w.patientId()) : source.fetchCurrent(w.patientId()));
    return w;
  }

  /** FHIR to domain; quarantined resources are logged with type, id, element path and reason (no values). */
  public PatientWork normalise(PatientWork w) {
    w.stage("normalise");
    PatientRecord record = normaliser.normalise(w.patientId(), w.data().resources());
    if (!w.data().quarantined().isEmpty()) {
      List<QuarantineEntry> all = new ArrayList<>(w.data().quarantined());
      all.addAll(record.quarantined());
      record = record.withQuarantined(all);
    }
    w.record(record);
    for (QuarantineEntry q : w.record().quarantined()) {
      log.info("quarantined {}/{} at {}: {}", q.resourceType(), q.resourceId(), q.elementPath(), q.reason());
    }
    for (UnrecognisedMedication u : w.record().unrecognisedMedications()) {
      // codes and the signal only at INFO (a free text could carry anything); the text is in the assessment JSON
      log.info("{} {}/{} {} ({})", UnrecognisedMedication.REASON, u.resourceType(), u.resourceId(), u.codes(),
          u.signal());
    }
    return w;
  }

  /**
   * Lines of therapy, rule sets and suggestions, as of today (UTC); for a placeholder patient without suggestions and
   * with the reason {@value #REASON_PLACEHOLDER}.
   */
  public PatientWork assess(PatientWork w) {
    w.stage("assess");
    PatientAssessment assessment = assessor.assess(w.record(), LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    if (isPlaceholderPatient(w.data(), w.patientId())) {
      w.withheld(REASON_PLACEHOLDER);
      assessment = withoutSuggestions(assessment);
    }
    w.assessment(assessment);
    return w;
  }

  /**
   * True when the data's Patient {@code patientId} is a HAPI placeholder (extension {@value #HAPI_PLACEHOLDER} with
   * no value or {@code true}).
   *
   * @param data      what was read for the patient, or {@code null}
   * @param patientId logical Patient id
   */
  public static boolean isPlaceholderPatient(PatientData data, String patientId) {
    if (data == null) {
      return false;
    }
    return data.resources().stream()
        .filter(r -> r instanceof Patient)
        .map(r -> (Patient) r)
        .filter(p -> patientId.equals(p.getIdElement().getIdPart()))
        .flatMap(p -> p.getExtensionsByUrl(HAPI_PLACEHOLDER).stream())
        .anyMatch(e -> !(e.getValue() instanceof BooleanType b) || !Boolean.FALSE.equals(b.getValue()));
  }

  private static PatientAssessment withoutSuggestions(PatientAssessment a) {
    ResourceRef patient = new ResourceRef("Patient", a.patientId());
    List<CancerAssessment> cancers = a.cancers().stream().map(ca -> {
      List<Reason> reasons = new ArrayList<>(ca.reasons());
      reasons.add(new Reason(REASON_PLACEHOLDER, "The Patient is a placeholder the FHIR server created for a "
          + "reference to a patient that is not in the data: no suggestions are made and nothing is written.",
          List.of(patient)));
      return new CancerAssessment(ca.cancer(), ca.ruleSetId(), ca.ruleSetVersion(), ca.lines(), ca.status(), reasons,
          List.of(), ca.statusDate(), ca.narrative() + " Placeholder patient (no record of its own): no suggestions.",
          ca.recordReasons());
    }).toList();
    return new PatientAssessment(a.patientId(), a.asOf(), cancers, a.quarantined(), a.unattributedTherapy());
  }

  /**
   * Builds the proposed resources: the suggestions, then (when configured) the lines of therapy; nothing for a
   * placeholder patient (earlier output is then retired by the plan).
   */
  public PatientWork propose(PatientWork w) {
    w.stage("propose");
    if (REASON_PLACEHOLDER.equals(w.withheld())) {
      w.proposals(List.of());
      return w;
    }
    java.util.List<io.github.oncorefract.suggest.ProposedResource> proposals = builder.build(w.assessment());
    if (lines != null) {
      proposals = new java.util.ArrayList<>(proposals);
      proposals.addAll(lines.build(w.assessment()));
    }
    w.proposals(proposals);
    return w;
  }

  /**
   * Plans the transaction from the adapter's earlier output and validates it against the OncoRefract profiles. The
   * earlier output read with the patient's data ({@link PatientData#earlierOutput()}) serves one plan only: a second
   * plan of the same work (a redelivery) reads it from the server afresh.
   *
   * @throws PlanValidator.InvalidResourceException in enforce mode when a planned resource does not conform
   */
  public PatientWork plan(PatientWork w) {
    w.stage("plan");
    PatientData data = w.data();
    w.plan(publisher.plan(w.assessment(), w.proposals(), data == null ? null : data.earlierOutput()));
    if (data != null && data.earlierOutput() != null) {
      w.data(data.withoutEarlierOutput());
    }
    w.stage("validate");
    if (w.pass() != null) {
      validator.check(w.plan());
    }
    if (!shouldSend(w)) {
      w.outcome(PublishOutcome.of(w.plan(), false));
    }
    w.stage("write");
    return w;
  }

  /** True when the plan changes something and the pass writes (adapter and pass not in dry-run). */
  public boolean shouldSend(PatientWork w) {
    WriteMode mode = w.pass() != null ? w.pass().writeMode() : WriteMode.DRY_RUN;
    return writeMode == WriteMode.WRITE && mode == WriteMode.WRITE && w.plan() != null && w.plan().hasWrites();
  }

  /** Records the transaction response (the route sent {@link PatientWork#getTransaction()}). */
  public PatientWork recordResponse(PatientWork w, Bundle response) {
    w.outcome(PublishOutcome.of(w.plan(), true));
    publisher.sent(w.plan());
    log.debug("transaction answered with {} entries", response == null ? 0 : response.getEntry().size());
    return w;
  }

  /** Runs every step except validation and the write: the read-only assessment of one patient. */
  public PatientWork preview(String patientId) {
    return preview(source.fetchCurrent(patientId));
  }

  /**
   * The read-only assessment over data read elsewhere (a CDS Hooks prefetch, a Bulk export file): normalise, assess,
   * propose and plan, exactly as a pass would, with no fetch and no write. Planning still reads the adapter's earlier
   * output for the patient from the adapter's FHIR server.
   *
   * @param data everything read for the patient ({@link PatientData#patientId()} is the patient assessed)
   * @return the filled work: assessment, proposals and the plan a pass would send
   */
  public PatientWork preview(PatientData data) {
    PatientWork w = new PatientWork(data.patientId(), null);
    w.data(data);
    return plan(propose(assess(normalise(w))));
  }

  /**
   * The read-only assessment of one patient read through another data source (e.g. an EHR's FHIR server with the
   * access token of a SMART App Launch): fetch from {@code source}, then the same normalise, assess and propose steps.
   * It stops before planning ({@link PatientWork#plan()} stays {@code null}): the plan reads the adapter's earlier
   * output with the adapter's own client, which may be another server.
   *
   * @param patientId logical Patient id (already validated as a FHIR id)
   * @param source    where the patient's resources are read
   * @throws io.github.oncorefract.ingest.PatientNotFoundException when the source has no such Patient
   */
  public PatientWork preview(String patientId, PatientDataSource source) {
    PatientWork w = new PatientWork(patientId, null);
    w.stage("fetch");
    w.data(source.fetch(patientId));
    return propose(assess(normalise(w)));
  }
}
