package io.github.oncorefract.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.knowledge.TableDrugCatalog;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Line-of-therapy CarePlans through {@link TransactionPublisher} against an in-memory server: the first pass creates
 * the chain in one transaction ({@code replaces} as {@code urn:uuid}), everything written validates against the
 * profiles with zero errors, a rerun changes nothing, changed content is updated, a line no longer derived is retired
 * as {@code entered-in-error}, a line whose status someone else changed is preserved, and a publisher without
 * {@code adapter.write.lines-of-therapy} leaves earlier lines alone.
 */
class LineOfTherapyPublishTest {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static ResourceValidator validator;
  static final SuggestionResourceBuilder suggestions = new SuggestionResourceBuilder();
  static final LineOfTherapyResourceBuilder lines = new LineOfTherapyResourceBuilder(TableDrugCatalog.loadDefault());

  InMemoryFhirServer server;
  TransactionPublisher publisher;

  @BeforeAll
  static void validator() {
    validator = new ResourceValidator(CTX);
  }

  @BeforeEach
  void start() {
    server = new InMemoryFhirServer(CTX);
    publisher = publisher(true);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  TransactionPublisher publisher(boolean linesOfTherapy) {
    String base = server.baseUrl();
    return new TransactionPublisher(() -> CTX.newRestfulGenericClient(base), CTX,
        new AdapterIdentity("OncoRefract adapter", "0.1.0"),
        Clock.fixed(Instant.parse("2026-11-29T06:00:00Z"), ZoneOffset.UTC), linesOfTherapy);
  }

  /** A likely-refractory assessment with every suggestion and the given lines. */
  static PatientAssessment assessment(List<LineOfTherapy> ls) {
    PatientAssessment a = SuggestionResourceBuilderTest.assessment(RefractoryStatus.LIKELY_REFRACTORY,
        List.of(SuggestionType.values()));
    CancerAssessment c = a.cancers().get(0);
    CancerAssessment withLines = new CancerAssessment(c.cancer(), c.ruleSetId(), c.ruleSetVersion(), ls, c.status(),
        c.reasons(), c.suggestions(), c.statusDate(), c.narrative());
    return new PatientAssessment(a.patientId(), a.asOf(), List.of(withLines), a.quarantined());
  }

  static List<ProposedResource> proposals(PatientAssessment a, boolean withLines) {
    List<ProposedResource> out = new ArrayList<>(suggestions.build(a));
    if (withLines) {
      out.addAll(lines.build(a));
    }
    return out;
  }

  PublishPlan plan(PatientAssessment a) {
    return publisher.plan(a, proposals(a, true));
  }

  static Map<String, WriteAction> actions(PublishPlan plan) {
    return plan.writes().stream().collect(Collectors.toMap(PlannedWrite::key, PlannedWrite::action));
  }

  static List<Resource> entries(PublishPlan plan, String type) {
    return plan.transaction().getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(r -> r.fhirType().equals(type)).toList();
  }

  static List<CarePlan> lineEntries(PublishPlan plan) {
    return entries(plan, "CarePlan").stream().filter(LineOfTherapyResourceBuilder::isLine)
        .map(CarePlan.class::cast).toList();
  }

  static void assertConforms(PublishPlan plan) {
    for (Bundle.BundleEntryComponent e : plan.transaction().getEntry()) {
      List<ValidationIssue> errors = validator.errors(e.getResource());
      assertThat(errors).as(e.getResource().fhirType() + ": " + errors).isEmpty();
    }
  }

  @Test
  void firstPassCreatesTheChainInOneTransactionAndEverythingConforms() {
    PatientAssessment a = assessment(LineOfTherapyResourceBuilderTest.threeLines());
    PublishPlan plan = plan(a);
    assertThat(actions(plan)).containsEntry("line:Condition/c1:1", WriteAction.CREATE)
        .containsEntry("line:Condition/c1:2", WriteAction.CREATE)
        .containsEntry("line:Condition/c1:3", WriteAction.CREATE);
    Map<String, String> fullUrlOfLine = new java.util.HashMap<>();
    for (Bundle.BundleEntryComponent e : plan.transaction().getEntry()) {
      if (LineOfTherapyResourceBuilder.isLine(e.getResource())) {
        CarePlan cp = (CarePlan) e.getResource();
        fullUrlOfLine.put(cp.getTitle(), e.getFullUrl());
        assertThat(e.getFullUrl()).startsWith("urn:uuid:");
        assertThat(e.getRequest().getIfNoneExist()).endsWith("|" + cp.getIdentifierFirstRep().getValue());
      }
    }
    List<CarePlan> ls = lineEntries(plan);
    assertThat(ls).hasSize(3);
    assertThat(ls.get(1).getReplacesFirstRep().getReference())
        .isEqualTo(fullUrlOfLine.get(ls.get(0).getTitle()));
    assertThat(ls.get(2).getReplacesFirstRep().getReference())
        .isEqualTo(fullUrlOfLine.get(ls.get(1).getTitle()));
    Provenance prov = (Provenance) entries(plan, "Provenance").get(0);
    assertThat(prov.getTarget()).extracting(Reference::getReference).containsAll(fullUrlOfLine.values());
    assertThat(prov.getEntity()).extracting(en -> en.getWhat().getReference())
        .contains("MedicationRequest/mr-cis", "MedicationStatement/ms-osi", "Observation/prog-1", "Condition/c1");
    assertConforms(plan);
    // No warning at all, also for a product coded with RxNorm too (cisplatin): the ingredient ValueSets list the
    // verified RxNorm ingredient codes, so the offline validator (no RxNorm content) finds the product in the value
    // set (issue 8, class 11).
    for (CarePlan cp : ls) {
      assertThat(validator.validate(cp)).as(cp.getTitle())
          .filteredOn(i -> i.severity() != ValidationIssue.Severity.INFORMATION).isEmpty();
    }
    assertThat(ls).anySatisfy(cp -> assertThat(cp.getActivity()).anySatisfy(act -> assertThat(
        act.getDetail().getProductCodeableConcept().getCoding()).anyMatch(
            c -> "http://www.nlm.nih.gov/research/umls/rxnorm".equals(c.getSystem()))));
  }

  @Test
  void aRerunChangesNothingAndChangedContentIsUpdated() {
    PatientAssessment a = assessment(LineOfTherapyResourceBuilderTest.threeLines());
    server.apply(plan(a).transaction());

    PublishPlan again = plan(a);
    assertThat(again.transaction()).isNull();
    assertThat(again.writes()).isNotEmpty().allMatch(w -> w.action() == WriteAction.UNCHANGED);

    // The ongoing line ends (progression): only that line changes.
    List<LineOfTherapy> ended = new ArrayList<>(LineOfTherapyResourceBuilderTest.threeLines());
    LineOfTherapy l3 = ended.get(2);
    ended.set(2, new LineOfTherapy(3, l3.setting(), l3.numberInSetting(), l3.regimen(), l3.start(),
        java.time.LocalDate.of(2024, 2, 1), LineEndReason.PROGRESSION, l3.sources()));
    PublishPlan update = plan(assessment(ended));
    assertThat(actions(update)).containsEntry("line:Condition/c1:3", WriteAction.UPDATE)
        .containsEntry("line:Condition/c1:2", WriteAction.UNCHANGED)
        .containsEntry("line:Condition/c1:1", WriteAction.UNCHANGED);
    CarePlan updated = lineEntries(update).get(0);
    assertThat(updated.getStatus()).isEqualTo(CarePlan.CarePlanStatus.COMPLETED);
    assertThat(updated.getReplacesFirstRep().getReference()).as("the existing line 2 by its server id")
        .matches("CarePlan/s\\d+");
    assertThat(updated.getIdElement().getIdPart()).isEqualTo(serverIdOf(3));
    assertConforms(update);
  }

  @Test
  void aLineNoLongerDerivedIsRetiredAsEnteredInError() {
    server.apply(plan(assessment(LineOfTherapyResourceBuilderTest.threeLines())).transaction());
    String line3 = serverIdOf(3);

    List<LineOfTherapy> two = LineOfTherapyResourceBuilderTest.threeLines().subList(0, 2);
    PublishPlan fewer = plan(assessment(two));
    assertThat(actions(fewer)).containsEntry("retire:CarePlan/" + line3, WriteAction.UPDATE)
        .containsEntry("line:Condition/c1:1", WriteAction.UNCHANGED)
        .containsEntry("line:Condition/c1:2", WriteAction.UNCHANGED);
    List<CarePlan> written = lineEntries(fewer);
    assertThat(written).hasSize(1);
    assertThat(written.get(0).getStatus()).isEqualTo(CarePlan.CarePlanStatus.ENTEREDINERROR);
    assertThat(written.get(0).getIdElement().getIdPart()).isEqualTo(line3);
    Bundle.BundleEntryComponent entry = fewer.transaction().getEntry().stream()
        .filter(e -> e.getResource() == written.get(0)).findFirst().orElseThrow();
    assertThat(entry.getRequest().getIfMatch()).isEqualTo("W/\"1\"");
    Provenance prov = (Provenance) entries(fewer, "Provenance").get(0);
    assertThat(prov.getTarget()).extracting(Reference::getReference).containsExactly("CarePlan/" + line3);
    assertThat(prov.getPolicy()).extracting(p -> p.getValue())
        .containsExactly("https://oncorefract.github.io/fhir/rule-set/solid-tumour/1.0.0");
    assertConforms(fewer);

    server.apply(fewer.transaction());
    PublishPlan stable = plan(assessment(two));
    assertThat(stable.transaction()).as("retirement is stable").isNull();

    // Derived again: the adapter's own retirement is undone.
    PublishPlan back = plan(assessment(LineOfTherapyResourceBuilderTest.threeLines()));
    assertThat(actions(back)).containsEntry("line:Condition/c1:3", WriteAction.UPDATE);
    assertThat(lineEntries(back).get(0).getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
  }

  @Test
  void aLineWhoseStatusSomeoneElseChangedIsPreservedAndNeverRetired() {
    server.apply(plan(assessment(LineOfTherapyResourceBuilderTest.threeLines())).transaction());
    CarePlan line3 = (CarePlan) server.all("CarePlan").stream()
        .filter(r -> r.getIdElement().getIdPart().equals(serverIdOf(3))).findFirst().orElseThrow();
    line3.setStatus(CarePlan.CarePlanStatus.REVOKED);
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry().setResource(line3).getRequest().setMethod(Bundle.HTTPVerb.PUT)
        .setUrl("CarePlan/" + line3.getIdElement().getIdPart());
    server.apply(tx);

    assertThat(actions(plan(assessment(LineOfTherapyResourceBuilderTest.threeLines()))))
        .containsEntry("line:Condition/c1:3", WriteAction.PRESERVED);
    PublishPlan fewer = plan(assessment(LineOfTherapyResourceBuilderTest.threeLines().subList(0, 2)));
    assertThat(actions(fewer)).containsEntry("retire:CarePlan/" + line3.getIdElement().getIdPart(),
        WriteAction.UNCHANGED);
    assertThat(fewer.transaction()).isNull();
  }

  @Test
  void withoutTheSettingEarlierLinesAreLeftAlone() {
    PatientAssessment a = assessment(LineOfTherapyResourceBuilderTest.threeLines());
    server.apply(plan(a).transaction());
    TransactionPublisher off = publisher(false);

    PublishPlan plan = off.plan(a, proposals(a, false));
    assertThat(plan.transaction()).isNull();
    assertThat(plan.writes()).extracting(PlannedWrite::key).noneMatch(k -> k.startsWith("line:"))
        .noneMatch(k -> k.startsWith("retire:"));
    assertThat(plan.writes()).hasSize(proposals(a, false).size());

    // Even with the cancer gone, the lines stay as they are; the suggestions are retired as before.
    PatientAssessment none = new PatientAssessment(a.patientId(), a.asOf(), List.of(), List.of());
    PublishPlan gone = off.plan(none, List.of());
    List<String> retiredIds = gone.writes().stream().map(PlannedWrite::serverId).toList();
    List<String> lineIds = List.of(serverIdOf(1), serverIdOf(2), serverIdOf(3));
    assertThat(retiredIds).isNotEmpty().doesNotContainAnyElementsOf(lineIds);
    assertThat(lineEntries(gone)).isEmpty();

    // With the setting, the cancer's lines are retired too.
    assertThat(lineEntries(publisher.plan(none, List.of()))).hasSize(3)
        .allMatch(cp -> cp.getStatus() == CarePlan.CarePlanStatus.ENTEREDINERROR);
  }

  /** Server id of the stored line CarePlan with this number over all lines (its identifier). */
  private String serverIdOf(int number) {
    String value = LineOfTherapyResourceBuilder.identifierValue("p1", "Condition/c1", number);
    return server.all("CarePlan").stream()
        .filter(r -> ((CarePlan) r).getIdentifierFirstRep().getValue().equals(value))
        .map(r -> r.getIdElement().getIdPart()).findFirst().orElseThrow();
  }
}
