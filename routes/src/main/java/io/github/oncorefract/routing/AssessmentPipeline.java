package io.github.oncorefract.routing;

import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.QuarantineEntry;
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
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one patient, each a named bean method the {@code assess-patient} route calls in order: fetch, normalise,
 * assess, propose, plan, then (when writing) the route sends the transaction and calls {@link #recordResponse}. The
 * same steps serve the read-only preview ({@link #preview(String)}).
 */
public class AssessmentPipeline {

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

  /** Reads the patient's resources. */
  public PatientWork fetch(PatientWork w) {
    w.stage("fetch");
    w.data(source.fetch(w.patientId()));
    return w;
  }

  /** FHIR to domain; quarantined resources are logged with type, id, element path and reason (no values). */
  public PatientWork normalise(PatientWork w) {
    w.stage("normalise");
    PatientRecord record = normaliser.normalise(w.patientId(), w.data().resources());
    if (!w.data().quarantined().isEmpty()) {
      List<QuarantineEntry> all = new ArrayList<>(w.data().quarantined());
      all.addAll(record.quarantined());
      record = new PatientRecord(record.patientId(), record.cancers(), record.exposures(), record.statusEvents(),
          record.variants(), record.procedures(), record.deathDate(), all, record.supportiveExposures());
    }
    w.record(record);
    for (QuarantineEntry q : w.record().quarantined()) {
      log.info("quarantined {}/{} at {}: {}", q.resourceType(), q.resourceId(), q.elementPath(), q.reason());
    }
    return w;
  }

  /** Lines of therapy, rule sets and suggestions, as of today (UTC). */
  public PatientWork assess(PatientWork w) {
    w.stage("assess");
    w.assessment(assessor.assess(w.record(), LocalDate.now(clock.withZone(ZoneOffset.UTC))));
    return w;
  }

  /** Builds the proposed resources: the suggestions, then (when configured) the lines of therapy. */
  public PatientWork propose(PatientWork w) {
    w.stage("propose");
    java.util.List<io.github.oncorefract.suggest.ProposedResource> proposals = builder.build(w.assessment());
    if (lines != null) {
      proposals = new java.util.ArrayList<>(proposals);
      proposals.addAll(lines.build(w.assessment()));
    }
    w.proposals(proposals);
    return w;
  }

  /**
   * Reads the adapter's earlier output, plans the transaction and validates it against the OncoRefract profiles.
   *
   * @throws PlanValidator.InvalidResourceException in enforce mode when a planned resource does not conform
   */
  public PatientWork plan(PatientWork w) {
    w.stage("plan");
    w.plan(publisher.plan(w.assessment(), w.proposals()));
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
    log.debug("transaction answered with {} entries", response == null ? 0 : response.getEntry().size());
    return w;
  }

  /** Runs every step except validation and the write: the read-only assessment of one patient. */
  public PatientWork preview(String patientId) {
    PatientWork w = new PatientWork(patientId, null);
    return plan(propose(assess(normalise(fetch(w)))));
  }
}
