package io.github.oncorefract.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.profiles.validation.ResourceValidator;
import io.github.oncorefract.profiles.validation.ValidationIssue;
import io.github.oncorefract.publish.AdapterIdentity;
import io.github.oncorefract.publish.PlannedWrite;
import io.github.oncorefract.publish.PublishPlan;
import io.github.oncorefract.publish.TransactionPublisher;
import io.github.oncorefract.publish.WriteAction;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Duplicates of the adapter's output (several resources with one adapter identifier, as two writers on a server
 * without conditional-create protection leave them) are reconciled by {@link TransactionPublisher}: the oldest is kept
 * and written as usual, the others are retired (Flag inactive, CarePlan revoked) and tagged {@code duplicate}, a
 * duplicate a clinician acted on is left alone, the listener counts what a sent plan retired, and the next plan sends
 * nothing (never looped on). Several adapter Devices of one version: the transaction names the oldest instead of a
 * conditional create that the server would refuse with 412 every time.
 */
class DuplicateReconciliationTest {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static final SuggestionResourceBuilder suggestions = new SuggestionResourceBuilder();
  static ResourceValidator validator;

  InMemoryFhirServer server;
  TransactionPublisher publisher;
  final AtomicInteger reconciled = new AtomicInteger();

  @BeforeAll
  static void validator() {
    validator = new ResourceValidator(CTX);
  }

  @BeforeEach
  void start() {
    server = new InMemoryFhirServer(CTX);
    publisher = newPublisher();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  TransactionPublisher newPublisher() {
    String base = server.baseUrl();
    TransactionPublisher p = new TransactionPublisher(() -> CTX.newRestfulGenericClient(base), CTX,
        new AdapterIdentity("OncoRefract adapter", "0.1.0"),
        Clock.fixed(Instant.parse("2026-11-29T06:00:00Z"), ZoneOffset.UTC));
    p.onDuplicatesReconciled(reconciled::addAndGet);
    return p;
  }

  static PatientAssessment assessment() {
    return SuggestionResourceBuilderTest.assessment(RefractoryStatus.LIKELY_REFRACTORY,
        List.of(SuggestionType.values()));
  }

  PublishPlan plan() {
    PatientAssessment a = assessment();
    return publisher.plan(a, suggestions.build(a));
  }

  /** Plans, applies and reports a plan as the pipeline does after the server accepted it. */
  PublishPlan planApplyAndReport() {
    PublishPlan p = plan();
    if (p.hasWrites()) {
      server.apply(p.transaction());
      publisher.sent(p);
    }
    return p;
  }

  static Map<String, WriteAction> actions(PublishPlan plan) {
    return plan.writes().stream().collect(Collectors.toMap(PlannedWrite::key, PlannedWrite::action));
  }

  /** The first pass's output, each stored with {@code meta.lastUpdated} at {@code at}. */
  void firstPass(Instant at) {
    server.apply(plan().transaction());
    for (String type : List.of("Flag", "CarePlan", "ServiceRequest", "Task")) {
      server.edit(type, r -> r.getMeta().setLastUpdated(Date.from(at)));
    }
  }

  /** A copy of the stored resource of that type (same identifier), stored under a new id with that lastUpdated. */
  String duplicate(String type, Instant lastUpdated, java.util.function.Consumer<Resource> change) {
    Resource copy = server.all(type).get(0).copy();
    copy.getMeta().setLastUpdated(Date.from(lastUpdated));
    change.accept(copy);
    return server.put(copy);
  }

  Resource stored(String ref) {
    return server.all(ref.substring(0, ref.indexOf('/'))).stream()
        .filter(r -> r.getIdElement().toUnqualifiedVersionless().getValue().equals(ref)).findFirst().orElseThrow();
  }

  @Test
  void theOldestIsKeptTheNewerAreRetiredAndTaggedAndTheNextPassSendsNothing() {
    firstPass(Instant.parse("2026-11-01T00:00:00Z"));
    String flag = server.all("Flag").get(0).getIdElement().toUnqualifiedVersionless().getValue();
    String carePlan = server.all("CarePlan").get(0).getIdElement().toUnqualifiedVersionless().getValue();
    String dupFlag = duplicate("Flag", Instant.parse("2026-11-02T00:00:00Z"), r -> { });
    String dupCarePlan = duplicate("CarePlan", Instant.parse("2026-11-03T00:00:00Z"), r -> { });

    PublishPlan p = planApplyAndReport();

    assertThat(actions(p)).containsEntry(TransactionPublisher.DUPLICATE_KEY_PREFIX + dupFlag, WriteAction.UPDATE)
        .containsEntry(TransactionPublisher.DUPLICATE_KEY_PREFIX + dupCarePlan, WriteAction.UPDATE);
    assertThat(p.count(WriteAction.CREATE)).isZero();
    assertThat(p.writes()).filteredOn(w -> !w.key().startsWith(TransactionPublisher.DUPLICATE_KEY_PREFIX))
        .allMatch(w -> w.action() == WriteAction.UNCHANGED);
    for (Bundle.BundleEntryComponent e : p.transaction().getEntry()) {
      List<ValidationIssue> errors = validator.errors(e.getResource());
      assertThat(errors).as(e.getResource().fhirType() + ": " + errors).isEmpty();
      if (e.getResource() instanceof Flag || e.getResource() instanceof CarePlan) {
        assertThat(e.getRequest().getIfMatch()).as("version-checked").isEqualTo("W/\"1\"");
      }
    }
    Provenance prov = (Provenance) p.transaction().getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(Provenance.class::isInstance).findFirst().orElseThrow();
    assertThat(prov.getTarget()).extracting(t -> t.getReference()).containsExactlyInAnyOrder(dupFlag, dupCarePlan);

    assertThat(((Flag) stored(flag)).getStatus()).as("kept").isEqualTo(Flag.FlagStatus.ACTIVE);
    assertThat(((CarePlan) stored(carePlan)).getStatus()).as("kept").isEqualTo(CarePlan.CarePlanStatus.DRAFT);
    Flag retiredFlag = (Flag) stored(dupFlag);
    assertThat(retiredFlag.getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
    assertThat(retiredFlag.getPeriod().hasEnd()).isTrue();
    assertThat(retiredFlag.getMeta().getTag(Canonical.CS_TAGS, TransactionPublisher.TAG_DUPLICATE)).isNotNull();
    assertThat(retiredFlag.getMeta().getTag(Canonical.CS_TAGS, Canonical.TAG_ADAPTER_OUTPUT)).isNotNull();
    assertThat(((CarePlan) stored(dupCarePlan)).getStatus()).isEqualTo(CarePlan.CarePlanStatus.REVOKED);
    assertThat(reconciled).hasValue(2);

    PublishPlan again = planApplyAndReport();
    assertThat(again.hasWrites()).as("never looped on").isFalse();
    assertThat(actions(again)).containsEntry(TransactionPublisher.DUPLICATE_KEY_PREFIX + dupFlag, WriteAction.UNCHANGED)
        .containsEntry(TransactionPublisher.DUPLICATE_KEY_PREFIX + dupCarePlan, WriteAction.UNCHANGED);
    assertThat(reconciled).hasValue(2);
  }

  @Test
  void anOlderCopyIsTheOneKeptAndTheChoiceDoesNotMoveWhenTheKeptOneIsUpdatedLater() {
    firstPass(Instant.parse("2026-11-05T00:00:00Z"));
    String original = server.all("Flag").get(0).getIdElement().toUnqualifiedVersionless().getValue();
    String older = duplicate("Flag", Instant.parse("2026-10-01T00:00:00Z"), r -> { });

    PublishPlan p = planApplyAndReport();
    assertThat(actions(p)).containsEntry(TransactionPublisher.DUPLICATE_KEY_PREFIX + original, WriteAction.UPDATE);
    assertThat(((Flag) stored(original)).getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
    assertThat(((Flag) stored(older)).getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);

    // The kept one is now the newest by lastUpdated; the tag keeps the choice where it is.
    server.edit("Flag", r -> r.getMeta().setLastUpdated(Date.from(
        r.getIdElement().toUnqualifiedVersionless().getValue().equals(older)
            ? Instant.parse("2026-12-01T00:00:00Z") : Instant.parse("2026-11-06T00:00:00Z"))));
    PublishPlan again = plan();
    assertThat(again.hasWrites()).isFalse();
  }

  @Test
  void aDuplicateAlreadyRetiredOnlyGainsTheTagAndOneAClinicianActedOnIsLeftAlone() {
    firstPass(Instant.parse("2026-11-01T00:00:00Z"));
    String inactive = duplicate("Flag", Instant.parse("2026-11-02T00:00:00Z"), r -> {
      Flag f = (Flag) r;
      f.setStatus(Flag.FlagStatus.INACTIVE);
      f.getPeriod().setEnd(Date.from(Instant.parse("2026-11-02T00:00:00Z")));
    });
    String accepted = duplicate("CarePlan", Instant.parse("2026-11-02T00:00:00Z"),
        r -> ((CarePlan) r).setStatus(CarePlan.CarePlanStatus.ACTIVE));

    PublishPlan p = planApplyAndReport();
    assertThat(actions(p)).containsEntry(TransactionPublisher.DUPLICATE_KEY_PREFIX + inactive, WriteAction.UPDATE)
        .containsEntry(TransactionPublisher.DUPLICATE_KEY_PREFIX + accepted, WriteAction.PRESERVED);
    assertThat(stored(inactive).getMeta().getTag(Canonical.CS_TAGS, TransactionPublisher.TAG_DUPLICATE)).isNotNull();
    assertThat(((CarePlan) stored(accepted)).getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
    assertThat(stored(accepted).getMeta().getVersionId()).isEqualTo("1");
    assertThat(reconciled).hasValue(1);
    assertThat(plan().hasWrites()).isFalse();
  }

  @Test
  void severalAdapterDevicesOfOneVersionTheTransactionNamesTheOldestInsteadOfAConditionalCreate() {
    firstPass(Instant.parse("2026-11-01T00:00:00Z"));
    Device first = (Device) server.all("Device").get(0);
    first.getMeta().setLastUpdated(Date.from(Instant.parse("2026-11-01T00:00:00Z")));
    server.edit("Device", r -> r.getMeta().setLastUpdated(Date.from(Instant.parse("2026-11-01T00:00:00Z"))));
    Device copy = first.copy();
    copy.getMeta().setLastUpdated(Date.from(Instant.parse("2026-11-02T00:00:00Z")));
    server.put(copy);
    String oldest = first.getIdElement().toUnqualifiedVersionless().getValue();

    publisher = newPublisher();
    duplicate("Flag", Instant.parse("2026-11-02T00:00:00Z"), r -> { });
    PublishPlan p = plan();
    assertThat(p.transaction().getEntry()).noneMatch(e -> e.getResource() instanceof Device);
    Provenance prov = (Provenance) p.transaction().getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(Provenance.class::isInstance).findFirst().orElseThrow();
    assertThat(prov.getAgentFirstRep().getWho().getReference()).isEqualTo(oldest);
    assertThat(reconciled).as("the newer Device is reported").hasValue(1);
  }
}
