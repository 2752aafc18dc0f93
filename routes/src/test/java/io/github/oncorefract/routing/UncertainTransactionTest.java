package io.github.oncorefract.routing;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.ingest.Candidates;
import io.github.oncorefract.ingest.InMemoryCursorStore;
import io.github.oncorefract.ingest.PatientData;
import io.github.oncorefract.profiles.validation.ValidationMode;
import io.github.oncorefract.publish.AdapterIdentity;
import io.github.oncorefract.publish.PlanValidator;
import io.github.oncorefract.publish.TransactionPublisher;
import io.github.oncorefract.suggest.SuggestionResourceBuilder;
import io.github.oncorefract.therapy.TestData;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: a transaction the server committed but did not answer in time. The {@code assess-patient} route runs in a
 * real CamelContext with camel-fhir sending to {@link TransactionFaultServer}, which commits and then answers after the
 * client's read timeout. The patient is planned again from what the server holds: an empty plan means the transaction
 * had been committed (recorded as written, counted, never resent, never a 412); a plan that still has writes is sent
 * once more.
 */
class UncertainTransactionTest {

  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 29);
  private static final int READ_TIMEOUT_MS = 1500;
  /** A test-own context: its client factory gets the short read timeout. */
  private static FhirContext ctx;

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
  private TransactionFaultServer server;
  private CamelContext camel;
  private SimpleMeterRegistry meters;
  private volatile String narrative = "Two advanced lines.";

  @BeforeAll
  static void context() {
    ctx = FhirContext.forR4();
    ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    ctx.getRestfulClientFactory().setSocketTimeout(READ_TIMEOUT_MS);
    // A context's first use of a type takes longer than the short read timeout: warm every type up front.
    org.hl7.fhir.r4.model.Bundle warm = new org.hl7.fhir.r4.model.Bundle();
    for (Resource r : List.of(new Flag(), new org.hl7.fhir.r4.model.CarePlan(), new org.hl7.fhir.r4.model.Task(),
        new org.hl7.fhir.r4.model.ServiceRequest(), new org.hl7.fhir.r4.model.Provenance(),
        new org.hl7.fhir.r4.model.Device(), new org.hl7.fhir.r4.model.OperationOutcome(),
        new org.hl7.fhir.r4.model.CapabilityStatement(), new Patient())) {
      warm.addEntry().setResource(r);
    }
    ctx.newJsonParser().parseResource(ctx.newJsonParser().encodeResourceToString(warm));
  }

  @AfterAll
  static void noContext() {
    ctx = null;
  }

  @BeforeEach
  void start() throws Exception {
    server = new TransactionFaultServer(ctx);
    IGenericClient client = ctx.newRestfulGenericClient(server.baseUrl());
    meters = new SimpleMeterRegistry();
    AssessmentPipeline pipeline = new AssessmentPipeline(
        id -> new PatientData(id, List.of(new Patient().setActive(true).setId(id)), 1),
        (id, resources) -> new PatientRecord(id, List.of(), List.of(), List.of(), List.of(), List.of(), null,
            List.of()),
        (record, asOf) -> likelyRefractory(record.patientId(), narrative),
        new SuggestionResourceBuilder(), null,
        new TransactionPublisher(() -> client, ctx, new AdapterIdentity("OncoRefract adapter", "0.1.0"), clock),
        new PlanValidator(null, ValidationMode.OFF), WriteMode.WRITE, clock);
    PassCoordinator coordinator = new PassCoordinator(
        cursor -> new Candidates(new TreeSet<>(List.of("p1")), clock.instant(), false),
        new InMemoryCursorStore(), "server", WriteMode.WRITE, clock);
    camel = new DefaultCamelContext();
    camel.getRegistry().bind("fhirClient", client);
    camel.addRoutes(new AssessmentRoutes(coordinator, pipeline, new RetryPolicy(2, 1, 5), null, null,
        new UncertainTransactions(pipeline, new RetryPolicy(2, 1, 5), meters)));
    camel.start();
  }

  @AfterEach
  void stop() {
    camel.stop();
    server.close();
  }

  private PassSummary pass() {
    return camel.createProducerTemplate().requestBody(AssessmentRoutes.PASS, new PassRequest("api", false, false),
        PassSummary.class);
  }

  @Test
  void anUpdateCommittedButAnsweredTooLateIsRecognisedAsWrittenNotFailedWith412() {
    PassSummary first = pass();
    assertThat(first.failed()).isZero();
    assertThat(first.created()).isEqualTo(4);
    assertThat(flags()).hasSize(1);

    narrative = "Three advanced lines.";
    server.stallAfterCommit(1, READ_TIMEOUT_MS * 4L);
    int before = server.transactions();
    PassSummary second = pass();

    assertThat(second.failures()).isEmpty();
    assertThat(second.patientsAssessed()).isEqualTo(1);
    assertThat(second.updated()).as("the committed updates count as written").isPositive()
        .isEqualTo(version2());
    assertThat(second.committedAfterTimeout()).isEqualTo(1);
    assertThat(server.transactions() - before).as("the committed transaction is not resent").isEqualTo(1);
    assertThat(server.preconditionFailures()).isZero();
    assertThat(flags()).hasSize(1).allSatisfy(f -> assertThat(((Flag) f).getText().getDivAsString())
        .contains("Three advanced lines."));
    assertThat(meter("committed")).isEqualTo(1.0);
    assertThat(meter("resent")).isZero();

    PassSummary third = pass();
    assertThat(third.updated()).isZero();
    assertThat(third.unchanged()).isEqualTo(4);
    assertThat(third.committedAfterTimeout()).isZero();
  }

  @Test
  void createsCommittedButAnsweredTooLateAreNotDuplicated() {
    server.stallAfterCommit(1, READ_TIMEOUT_MS * 4L);
    PassSummary first = pass();

    assertThat(first.failures()).isEmpty();
    assertThat(first.created()).isEqualTo(4);
    assertThat(first.committedAfterTimeout()).isEqualTo(1);
    assertThat(server.transactions()).isEqualTo(1);
    assertThat(flags()).hasSize(1);
    assertThat(server.all("Provenance")).hasSize(1);
  }

  @Test
  void aTransactionThatKeepsTimingOutIsReplannedAtMostTheConfiguredTimesAndThenFails() {
    PassSummary first = pass();
    assertThat(first.failed()).isZero();
    // A gateway that times out before the server commits: every replan still has the same writes.
    narrative = "Three advanced lines.";
    server.stallWithoutCommit(100, READ_TIMEOUT_MS * 4L);
    int before = server.transactions();
    PassSummary second = pass();

    assertThat(second.failed()).isEqualTo(1);
    assertThat(second.failures().get(0).reason()).contains("outcome unknown").doesNotContain("p1");
    assertThat(server.transactions() - before).as("the first send and one resend per replan").isEqualTo(3);
    assertThat(meter("failed")).isEqualTo(1.0);
    assertThat(second.committedAfterTimeout()).isZero();
  }

  @Test
  void a412FromAConcurrentWriteIsReplannedAndSentOnce() {
    assertThat(pass().failed()).isZero();
    narrative = "Three advanced lines.";
    server.touchBeforeNextTransaction("Flag");
    int before = server.transactions();
    PassSummary second = pass();

    assertThat(second.failures()).isEmpty();
    assertThat(server.preconditionFailures()).isEqualTo(1);
    assertThat(server.transactions() - before).isEqualTo(2);
    assertThat(second.committedAfterTimeout()).isZero();
    assertThat(meter("resent")).isEqualTo(1.0);
    assertThat(flags()).hasSize(1).allSatisfy(f -> assertThat(((Flag) f).getText().getDivAsString())
        .contains("Three advanced lines."));
  }

  @Test
  void aPermanentRefusalIsNotReplannedAndFailsThePatientOnce() {
    server.rejectNextTransaction();
    PassSummary first = pass();

    assertThat(first.failed()).isEqualTo(1);
    assertThat(first.failures().get(0).reason()).isEqualTo("HTTP 422 (UnprocessableEntityException)");
    assertThat(server.transactions()).isEqualTo(1);
    assertThat(meter("committed") + meter("resent") + meter("failed")).isZero();
    assertThat(flags()).isEmpty();
  }

  /** Stored adapter output (Flag, CarePlan, ServiceRequest, Task) at version 2: what the second pass updated. */
  private long version2() {
    return java.util.stream.Stream.of("Flag", "CarePlan", "ServiceRequest", "Task").flatMap(t -> server.all(t).stream())
        .filter(r -> "2".equals(r.getMeta().getVersionId())).count();
  }

  private List<Resource> flags() {
    return server.all("Flag");
  }

  private double meter(String outcome) {
    var c = meters.find(UncertainTransactions.METER).tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  /** A likely-refractory cancer with a trial referral: a Flag, a ServiceRequest, a Task and a CarePlan. */
  static PatientAssessment likelyRefractory(String patientId, String narrative) {
    Reason lines = new Reason("advanced-lines-threshold", narrative,
        List.of(new ResourceRef("MedicationStatement", "ms1")));
    CancerAssessment ca = new CancerAssessment(TestData.cancer("c1", CancerType.NSCLC, "2022-01-10", false),
        "nsclc", "1.0.0", List.of(), RefractoryStatus.LIKELY_REFRACTORY, List.of(lines),
        List.of(new Suggestion(SuggestionType.TRIAL_REFERRAL, "Refer.", List.of(lines), List.of())), AS_OF,
        narrative);
    return new PatientAssessment(patientId, AS_OF, List.of(ca), List.of());
  }
}
