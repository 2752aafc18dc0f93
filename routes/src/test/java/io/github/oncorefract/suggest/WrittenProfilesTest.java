package io.github.oncorefract.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.knowledge.TableDrugCatalog;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.profiles.validation.ResourceValidator;
import io.github.oncorefract.publish.AdapterIdentity;
import io.github.oncorefract.publish.PlannedWrite;
import io.github.oncorefract.publish.PublishPlan;
import io.github.oncorefract.publish.TransactionPublisher;
import io.github.oncorefract.publish.WriteAction;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, class 11: every resource the adapter writes names its profile in {@code meta.profile} (canonical URL of the
 * package, no {@code |version}), and naming it does not break idempotency: a rerun on unchanged data sends nothing,
 * earlier output without the claim gains it once, and claims a server adds never count as a change. Against the
 * in-memory server of the publisher tests.
 */
@DisplayName("issue 8, class 11: written resources declare their profile")
class WrittenProfilesTest {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static final SuggestionResourceBuilder SUGGESTIONS = new SuggestionResourceBuilder();
  static final LineOfTherapyResourceBuilder LINES = new LineOfTherapyResourceBuilder(TableDrugCatalog.loadDefault());

  InMemoryFhirServer server;
  TransactionPublisher publisher;

  @BeforeEach
  void start() {
    server = new InMemoryFhirServer(CTX);
    String base = server.baseUrl();
    publisher = new TransactionPublisher(() -> CTX.newRestfulGenericClient(base), CTX,
        new AdapterIdentity("OncoRefract adapter", "0.1.0"),
        Clock.fixed(Instant.parse("2026-11-29T06:00:00Z"), ZoneOffset.UTC), true);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Likely refractory with every suggestion (Flag, ServiceRequest, Task, CarePlan) and three lines of therapy. */
  static PatientAssessment assessment() {
    return LineOfTherapyPublishTest.assessment(LineOfTherapyResourceBuilderTest.threeLines());
  }

  PublishPlan plan(PatientAssessment a) {
    List<ProposedResource> proposals = new ArrayList<>(SUGGESTIONS.build(a));
    proposals.addAll(LINES.build(a));
    return publisher.plan(a, proposals);
  }

  static List<String> profiles(Resource r) {
    return r.getMeta().getProfile().stream().map(CanonicalType::getValue).toList();
  }

  @Test
  void everyResourceOfTheTransactionNamesItsProfile() {
    PublishPlan plan = plan(assessment());
    List<String> types = new ArrayList<>();
    for (Bundle.BundleEntryComponent e : plan.transaction().getEntry()) {
      Resource r = e.getResource();
      types.add(r.fhirType());
      assertThat(profiles(r)).as(r.fhirType()).containsExactly(ResourceValidator.profileFor(r).orElseThrow());
    }
    assertThat(types).contains("Flag", "CarePlan", "ServiceRequest", "Task", "Provenance", "Device");
    List<String> claimed = plan.transaction().getEntry().stream().flatMap(e -> profiles(e.getResource()).stream())
        .distinct().toList();
    assertThat(claimed).containsExactlyInAnyOrder(Canonical.SD_REFRACTORY_FLAG, Canonical.SD_SUGGESTION_CAREPLAN,
        Canonical.SD_LINE_OF_THERAPY_CAREPLAN, Canonical.SD_TRIAL_REFERRAL_SERVICEREQUEST,
        Canonical.SD_TRIAL_REFERRAL_TASK, Canonical.SD_ASSESSMENT_PROVENANCE, Canonical.SD_ADAPTER_DEVICE);
  }

  @Test
  void aRerunOnUnchangedDataSendsNothing() {
    PatientAssessment a = assessment();
    server.apply(plan(a).transaction());

    PublishPlan again = plan(a);

    assertThat(again.transaction()).isNull();
    assertThat(again.writes()).isNotEmpty().allMatch(w -> w.action() == WriteAction.UNCHANGED);
  }

  @Test
  void earlierOutputWithoutAProfileGainsItOnceThenStaysUnchanged() {
    PatientAssessment a = assessment();
    server.apply(plan(a).transaction());
    for (String type : List.of("Flag", "CarePlan", "ServiceRequest", "Task")) {
      server.edit(type, r -> r.getMeta().getProfile().clear());
    }

    PublishPlan upgrade = plan(a);

    assertThat(upgrade.writes()).isNotEmpty().allMatch(w -> w.action() == WriteAction.UPDATE);
    for (Bundle.BundleEntryComponent e : upgrade.transaction().getEntry()) {
      assertThat(profiles(e.getResource())).as(e.getResource().fhirType()).isNotEmpty();
    }
    server.apply(upgrade.transaction());
    assertThat(plan(a).transaction()).as("after the one upgrade").isNull();
  }

  @Test
  void profilesAServerAddsOrVersionsAreNoChange() {
    PatientAssessment a = assessment();
    server.apply(plan(a).transaction());
    server.edit("Flag", r -> {
      String p = r.getMeta().getProfile().get(0).getValue();
      r.getMeta().getProfile().clear();
      r.getMeta().addProfile(p + "|" + Canonical.PACKAGE_VERSION);
      r.getMeta().addProfile("http://example.org/StructureDefinition/local-flag");
    });
    server.edit("Task", r -> r.getMeta().addProfile("http://example.org/StructureDefinition/local-task"));

    assertThat(plan(a).transaction()).isNull();
  }

  @Test
  void aRetirementKeepsOrAddsTheProfile() {
    PatientAssessment a = assessment();
    server.apply(plan(a).transaction());
    // Earlier output from before profiles were named, then the cancer is no longer assessed: everything is retired.
    server.edit("CarePlan", r -> r.getMeta().getProfile().clear());
    PatientAssessment none = new PatientAssessment(a.patientId(), a.asOf(), List.of(), List.of());

    PublishPlan retire = publisher.plan(none, List.of());

    assertThat(retire.writes()).extracting(PlannedWrite::action).contains(WriteAction.UPDATE);
    for (Bundle.BundleEntryComponent e : retire.transaction().getEntry()) {
      Resource r = e.getResource();
      assertThat(profiles(r)).as(r.fhirType()).containsExactly(ResourceValidator.profileFor(r).orElseThrow());
    }
  }

  @Test
  void aFlagRetiredBecauseTheStatusChangedNamesItsProfile() {
    PatientAssessment a = assessment();
    server.apply(plan(a).transaction());
    PatientAssessment notRefractory = SuggestionResourceBuilderTest.assessment(RefractoryStatus.NOT_REFRACTORY,
        List.of(SuggestionType.GENOMIC_PROFILING));

    PublishPlan plan = publisher.plan(notRefractory, SUGGESTIONS.build(notRefractory));

    Resource flag = plan.transaction().getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(r -> r.fhirType().equals("Flag")).findFirst().orElseThrow();
    assertThat(flag.getNamedProperty("status").getValues().get(0).primitiveValue()).isEqualTo("inactive");
    assertThat(profiles(flag)).containsExactly(Canonical.SD_REFRACTORY_FLAG);
    assertThat(flag.getMeta().getTag()).extracting(t -> t.getCode()).contains(Canonical.TAG_ADAPTER_OUTPUT);
  }
}
