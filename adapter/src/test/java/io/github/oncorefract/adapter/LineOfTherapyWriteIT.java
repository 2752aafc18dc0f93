package io.github.oncorefract.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.assessment.PatientAssessor;
import io.github.oncorefract.ingest.PatientDataSource;
import io.github.oncorefract.knowledge.TableDrugCatalog;
import io.github.oncorefract.normalise.PatientNormaliser;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.profiles.validation.ResourceValidator;
import io.github.oncorefract.profiles.validation.ValidationIssue;
import io.github.oncorefract.publish.AdapterIdentity;
import io.github.oncorefract.publish.PlanValidator;
import io.github.oncorefract.publish.PlannedWrite;
import io.github.oncorefract.publish.PublishPlan;
import io.github.oncorefract.publish.TransactionPublisher;
import io.github.oncorefract.publish.WriteAction;
import io.github.oncorefract.routing.AssessmentPipeline;
import io.github.oncorefract.routing.WriteMode;
import io.github.oncorefract.suggest.LineOfTherapyResourceBuilder;
import io.github.oncorefract.suggest.SuggestionResourceBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code adapter.write.lines-of-therapy} end to end on the embedded server, for one small patient of this test's own
 * (ids {@code lot-it-*}): NSCLC with three lines (cisplatin + pemetrexed, vinorelbine, ongoing osimertinib).
 *
 * <p>The shared context of the other ITs keeps the setting off, so this test builds its own publisher and pipeline
 * with it on, from the context's beans (data source, normaliser, assessor, catalog, validator in enforce mode), and
 * sends the transactions itself: the lines are written once, a second pass changes nothing, a re-derivation with fewer
 * lines (the osimertinib record entered in error) retires the third line and updates the second, and every line read
 * back conforms to the profile. Afterwards the line CarePlans and the Provenances naming them are deleted, so the
 * other ITs (which count and sample the adapter's CarePlans) see the server as without this test.
 */
@EmbeddedFhirServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineOfTherapyWriteIT {

  private static final String PATIENT = "lot-it-1";
  private static final String CONDITION = "Condition/lot-it-1-c1";

  @Autowired IGenericClient fhir;
  @Autowired Supplier<IGenericClient> clientSupplier;
  @Autowired FhirContext ctx;
  @Autowired PatientDataSource source;
  @Autowired PatientNormaliser normaliser;
  @Autowired PatientAssessor assessor;
  @Autowired TableDrugCatalog drugs;
  @Autowired AdapterIdentity identity;
  @Autowired PlanValidator planValidator;
  @Autowired Clock clock;

  private AssessmentPipeline pipeline;
  private ResourceValidator validator;
  private final List<String> lineIds = new ArrayList<>();

  @BeforeAll
  void createPatientAndPipeline() {
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Patient p = new Patient();
    p.setId(PATIENT);
    p.setGender(Enumerations.AdministrativeGender.FEMALE);
    p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1960-01-01"));
    put(tx, p);
    Condition c = new Condition();
    c.setId(CONDITION);
    c.setSubject(new Reference("Patient/" + PATIENT));
    c.setClinicalStatus(new CodeableConcept(
        new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
    c.setVerificationStatus(new CodeableConcept(
        new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null)));
    c.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "254637007",
        "Non-small cell lung cancer")));
    c.setOnset(new DateTimeType("2022-12-01"));
    put(tx, c);
    put(tx, statement("lot-it-1-ms-cis", "cisplatin", "2023-01-10", "2023-04-20", false));
    put(tx, statement("lot-it-1-ms-pem", "pemetrexed", "2023-01-10", "2023-04-20", false));
    put(tx, statement("lot-it-1-ms-vin", "vinorelbine", "2023-06-01", "2023-09-15", false));
    put(tx, statement("lot-it-1-ms-osi", "osimertinib", "2024-01-15", null, true));
    fhir.transaction().withBundle(tx).execute();

    TransactionPublisher publisher = new TransactionPublisher(clientSupplier, ctx, identity, clock, true);
    pipeline = new AssessmentPipeline(source, normaliser::normalise, assessor::assess, new SuggestionResourceBuilder(),
        new LineOfTherapyResourceBuilder(drugs), publisher, planValidator, WriteMode.WRITE, clock);
  }

  @Test
  void linesAreWrittenOnceKeptStableAndRetiredWhenNoLongerDerived() {
    // First pass: three lines created in one transaction, chained by replaces.
    PublishPlan first = pass();
    assertThat(lineActions(first)).containsExactly(WriteAction.CREATE, WriteAction.CREATE, WriteAction.CREATE);
    List<CarePlan> lines = readLines();
    assertThat(lines).hasSize(3);
    lines.forEach(l -> lineIds.add(l.getIdElement().getIdPart()));
    assertThat(lines).extracting(CarePlan::getStatus).containsExactly(CarePlan.CarePlanStatus.COMPLETED,
        CarePlan.CarePlanStatus.COMPLETED, CarePlan.CarePlanStatus.ACTIVE);
    assertThat(lines).extracting(CarePlan::getTitle).containsExactly("Line 1 (advanced): cisplatin + pemetrexed",
        "Line 2 (advanced): vinorelbine", "Line 3 (advanced): osimertinib");
    assertThat(lines.get(0).getReplaces()).isEmpty();
    assertThat(lines.get(1).getReplacesFirstRep().getReferenceElement().getIdPart()).isEqualTo(lineIds.get(0));
    assertThat(lines.get(2).getReplacesFirstRep().getReferenceElement().getIdPart()).isEqualTo(lineIds.get(1));
    assertThat(lines.get(2).getPeriod().hasEnd()).isFalse();
    assertThat(lines).allSatisfy(l -> assertThat(l.getAddressesFirstRep().getReference()).isEqualTo(CONDITION));
    assertThat(lines.get(1).getSupportingInfo()).extracting(Reference::getReference)
        .containsExactly("MedicationStatement/lot-it-1-ms-vin");
    assertConform(lines);
    List<Provenance> provenances = provenancesOf(lineIds.get(0));
    assertThat(provenances).hasSize(1);
    assertThat(provenances.get(0).getTarget()).extracting(r -> r.getReferenceElement().getIdPart())
        .containsAll(lineIds);
    assertThat(provenances.get(0).getEntity()).extracting(e -> e.getWhat().getReference())
        .contains("MedicationStatement/lot-it-1-ms-osi", "MedicationStatement/lot-it-1-ms-cis");

    // Second pass over unchanged data: nothing to write.
    PublishPlan second = pass();
    assertThat(second.transaction()).isNull();
    assertThat(lineActions(second)).containsExactly(WriteAction.UNCHANGED, WriteAction.UNCHANGED,
        WriteAction.UNCHANGED);
    // SKIPPED: the not-refractory Flag's retirement, with no Flag to retire.
    assertThat(second.writes()).allMatch(w -> w.action() == WriteAction.UNCHANGED
        || w.action() == WriteAction.SKIPPED);

    // The osimertinib record was entered in error: two lines remain; line 3 is retired, line 2 now ends completed.
    MedicationStatement osi = fhir.read().resource(MedicationStatement.class).withId("lot-it-1-ms-osi").execute();
    osi.setStatus(MedicationStatement.MedicationStatementStatus.ENTEREDINERROR);
    fhir.update().resource(osi).execute();
    PublishPlan fewer = pass();
    Map<String, WriteAction> actions = actionsByKey(fewer);
    assertThat(actions).containsEntry("retire:CarePlan/" + lineIds.get(2), WriteAction.UPDATE)
        .containsEntry(LineOfTherapyResourceBuilder.key(CONDITION, 1), WriteAction.UNCHANGED)
        .containsEntry(LineOfTherapyResourceBuilder.key(CONDITION, 2), WriteAction.UPDATE)
        .doesNotContainKey(LineOfTherapyResourceBuilder.key(CONDITION, 3));
    List<CarePlan> after = readLines();
    assertThat(after).extracting(CarePlan::getStatus).containsExactly(CarePlan.CarePlanStatus.COMPLETED,
        CarePlan.CarePlanStatus.COMPLETED, CarePlan.CarePlanStatus.ENTEREDINERROR);
    assertThat(after.get(1).getExtensionByUrl(Canonical.EXT_LINE_END_REASON).getValue().primitiveValue())
        .isEqualTo("completed");
    assertConform(after);
    assertThat(provenancesOf(lineIds.get(2))).hasSize(2);

    PublishPlan stable = pass();
    assertThat(stable.transaction()).as("retirement is stable").isNull();
  }

  /** One pass of the patient with the setting on: plan, validate (enforce), send. */
  private PublishPlan pass() {
    PublishPlan plan = pipeline.preview(PATIENT).plan();
    planValidator.check(plan);
    if (plan.hasWrites()) {
      new TransactionPublisher(clientSupplier, ctx, identity, clock, true).send(plan);
    }
    return plan;
  }

  private static List<WriteAction> lineActions(PublishPlan plan) {
    return plan.writes().stream().filter(w -> w.key().startsWith(LineOfTherapyResourceBuilder.KEY_PREFIX))
        .map(PlannedWrite::action).toList();
  }

  private static Map<String, WriteAction> actionsByKey(PublishPlan plan) {
    return plan.writes().stream().collect(Collectors.toMap(PlannedWrite::key, PlannedWrite::action));
  }

  /** The patient's line CarePlans, in line order (by identifier: the chain's numbers). */
  private List<CarePlan> readLines() {
    List<CarePlan> out = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      String value = LineOfTherapyResourceBuilder.identifierValue(PATIENT, CONDITION, n);
      Bundle b = fhir.search().byUrl("CarePlan?subject=Patient/" + PATIENT + "&identifier="
          + Canonical.ID_ASSESSMENT_OUTPUT + "|" + value).returnBundle(Bundle.class).execute();
      b.getEntry().forEach(e -> out.add((CarePlan) e.getResource()));
    }
    return out;
  }

  private List<Provenance> provenancesOf(String carePlanId) {
    return fhir.search().byUrl("Provenance?target=CarePlan/" + carePlanId).returnBundle(Bundle.class).execute()
        .getEntry().stream().map(e -> (Provenance) e.getResource()).toList();
  }

  private void assertConform(List<CarePlan> lines) {
    if (validator == null) {
      validator = new ResourceValidator(FhirContext.forR4Cached());
    }
    for (CarePlan l : lines) {
      List<ValidationIssue> errors = validator.errors(l);
      assertThat(errors).as(l.getTitle() + ": " + errors).isEmpty();
    }
  }

  /** Removes what only this test wrote (line CarePlans and the Provenances naming them), newest line first. */
  @AfterAll
  void deleteTheLines() {
    java.util.Set<String> provenances = new java.util.TreeSet<>();
    for (String id : lineIds) {
      provenancesOf(id).forEach(p -> provenances.add(p.getIdElement().getIdPart()));
    }
    for (String id : provenances) {
      fhir.delete().resourceById("Provenance", id).execute();
    }
    for (int i = lineIds.size() - 1; i >= 0; i--) {
      fhir.delete().resourceById("CarePlan", lineIds.get(i)).execute();
    }
  }

  private static void put(Bundle tx, Resource r) {
    String url = r.fhirType() + "/" + r.getIdElement().getIdPart();
    tx.addEntry().setFullUrl(url).setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
  }

  private static MedicationStatement statement(String id, String drug, String start, String end, boolean active) {
    MedicationStatement ms = new MedicationStatement();
    ms.setId(id);
    ms.setStatus(active ? MedicationStatement.MedicationStatementStatus.ACTIVE
        : MedicationStatement.MedicationStatementStatus.COMPLETED);
    ms.setMedication(new CodeableConcept().setText(drug));
    ms.setSubject(new Reference("Patient/" + PATIENT));
    Period period = new Period().setStartElement(new DateTimeType(start));
    if (end != null) {
      period.setEndElement(new DateTimeType(end));
    }
    ms.setEffective(period);
    ms.addReasonReference(new Reference(CONDITION));
    return ms;
  }
}
