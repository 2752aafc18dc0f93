package io.github.oncorefract.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.CodeMatch;
import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.knowledge.TableDrugCatalog;
import io.github.oncorefract.profiles.Canonical;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;

/** The line-of-therapy CarePlans built from 0, 1 and 3 lines (profile oncorefract-line-of-therapy-careplan). */
class LineOfTherapyResourceBuilderTest {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static final TableDrugCatalog CATALOG = TableDrugCatalog.loadDefault();
  private final LineOfTherapyResourceBuilder builder = new LineOfTherapyResourceBuilder(CATALOG);

  static LineOfTherapy line(int number, LineSetting setting, int inSetting, List<String> regimen, LocalDate start,
      LocalDate end, LineEndReason reason, String... sources) {
    return new LineOfTherapy(number, setting, inSetting, new TreeSet<>(regimen), start, end, reason,
        java.util.Arrays.stream(sources).map(ResourceRef::parse).toList());
  }

  /** Curative cisplatin + pemetrexed (ended), advanced docetaxel (progression), ongoing advanced osimertinib. */
  static List<LineOfTherapy> threeLines() {
    return List.of(
        line(1, LineSetting.CURATIVE, 1, List.of("cisplatin", "pemetrexed"), LocalDate.of(2022, 2, 1),
            LocalDate.of(2022, 5, 3), LineEndReason.COMPLETED, "MedicationRequest/mr-cis", "MedicationRequest/mr-pem"),
        line(2, LineSetting.ADVANCED, 1, List.of("docetaxel"), LocalDate.of(2023, 3, 1), LocalDate.of(2023, 7, 4),
            LineEndReason.PROGRESSION, "MedicationStatement/ms-doc", "Observation/prog-1"),
        line(3, LineSetting.ADVANCED, 2, List.of("osimertinib"), LocalDate.of(2023, 8, 1), null,
            LineEndReason.ONGOING, "MedicationStatement/ms-osi"));
  }

  static PatientAssessment assessment(String patientId, List<LineOfTherapy> lines) {
    return assessment(patientId, "c1", lines);
  }

  static PatientAssessment assessment(String patientId, String conditionId, List<LineOfTherapy> lines) {
    CancerCondition cancer = new CancerCondition(new ResourceRef("Condition", conditionId), CancerType.NSCLC,
        "http://snomed.info/sct", "254637007", "NSCLC (SNOMED 254637007)", CodeMatch.SNOMED, LocalDate.of(2022, 1, 1),
        false);
    CancerAssessment ca = new CancerAssessment(cancer, "solid-tumour", "1.0.0", lines,
        RefractoryStatus.NOT_REFRACTORY, List.of(), List.of(), null, "Not refractory.");
    return new PatientAssessment(patientId, LocalDate.of(2026, 11, 29), List.of(ca), List.of());
  }

  @Test
  void noLinesGiveNoResources() {
    assertThat(builder.build(assessment("p1", List.of()))).isEmpty();
    assertThat(builder.build(new PatientAssessment("p1", LocalDate.of(2026, 11, 29), List.of(), List.of())))
        .isEmpty();
  }

  @Test
  void oneEndedLineIsACompletedPlanWithItsRegimenPeriodAndEndReason() {
    List<ProposedResource> out = builder.build(assessment("p1", List.of(threeLines().get(0))));
    assertThat(out).hasSize(1);
    ProposedResource p = out.get(0);
    assertThat(p.key()).isEqualTo("line:Condition/c1:1");
    assertThat(p.createIfAbsent()).isTrue();
    assertThat(p.adapterStatuses()).containsExactlyInAnyOrder("active", "completed", "entered-in-error");
    assertThat(p.identifierValue()).matches("line-[0-9a-f]{32}")
        .isEqualTo(LineOfTherapyResourceBuilder.identifierValue("p1", "Condition/c1", 1));
    CarePlan cp = (CarePlan) p.resource();
    assertThat(cp.getIdentifierFirstRep().getSystem()).isEqualTo(Canonical.ID_ASSESSMENT_OUTPUT);
    assertThat(cp.getIdentifierFirstRep().getValue()).isEqualTo(p.identifierValue());
    assertThat(cp.getStatus()).isEqualTo(CarePlan.CarePlanStatus.COMPLETED);
    assertThat(cp.getIntent()).isEqualTo(CarePlan.CarePlanIntent.PLAN);
    assertThat(cp.getCategoryFirstRep().getCodingFirstRep().getSystem()).isEqualTo(Canonical.CS_CAREPLAN_CATEGORY);
    assertThat(cp.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("line-of-therapy");
    assertThat(cp.getMeta().getTag(Canonical.CS_TAGS, Canonical.TAG_ADAPTER_OUTPUT)).isNotNull();
    assertThat(cp.getExtensionByUrl(Canonical.EXT_LINE_NUMBER).getValue().primitiveValue()).isEqualTo("1");
    assertThat(cp.getExtensionByUrl(Canonical.EXT_LINE_SETTING).getValue().primitiveValue()).isEqualTo("curative");
    assertThat(cp.getExtensionByUrl(Canonical.EXT_LINE_END_REASON).getValue().primitiveValue())
        .isEqualTo("completed");
    assertThat(cp.getExtensionByUrl(Canonical.EXT_RULE_SET).getExtensionByUrl("id").getValue().primitiveValue())
        .isEqualTo("solid-tumour");
    assertThat(cp.getSubject().getReference()).isEqualTo("Patient/p1");
    assertThat(cp.getAddressesFirstRep().getReference()).isEqualTo("Condition/c1");
    assertThat(cp.getPeriod().getStartElement().getValueAsString()).isEqualTo("2022-02-01");
    assertThat(cp.getPeriod().getEndElement().getValueAsString()).isEqualTo("2022-05-03");
    assertThat(cp.getReplaces()).isEmpty();
    assertThat(cp.getSupportingInfo()).extracting(r -> r.getReference())
        .containsExactly("MedicationRequest/mr-cis", "MedicationRequest/mr-pem");
    assertThat(cp.getTitle()).isEqualTo("Line 1 (curative): cisplatin + pemetrexed");
    assertThat(cp.getText().getDivAsString()).contains("2022-02-01 to 2022-05-03; ended by completion.");
    assertThat(cp.getActivity()).hasSize(2).allSatisfy(a -> {
      assertThat(a.getDetail().getStatus()).isEqualTo(CarePlan.CarePlanActivityStatus.COMPLETED);
      assertThat(a.getDetail().getKind()).isEqualTo(CarePlan.CarePlanActivityKind.MEDICATIONREQUEST);
    });
    List<Coding> cisplatin = cp.getActivity().get(0).getDetail().getProductCodeableConcept().getCoding();
    assertThat(cisplatin).extracting(Coding::getSystem, Coding::getCode).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Canonical.CS_ANTINEOPLASTIC_INGREDIENT, "cisplatin"),
        org.assertj.core.groups.Tuple.tuple("http://www.nlm.nih.gov/research/umls/rxnorm", "2555"));
    // No verified RxNorm code in the catalog: the ingredient code and the text only.
    assertThat(cp.getActivity().get(1).getDetail().getProductCodeableConcept().getCoding())
        .extracting(Coding::getCode).containsExactly("pemetrexed");
    assertThat(cp.getActivity().get(1).getDetail().getProductCodeableConcept().getText()).isEqualTo("pemetrexed");
  }

  @Test
  void threeLinesChainByReplacesAndTheOngoingOneIsActiveWithoutEnd() {
    List<ProposedResource> out = builder.build(assessment("p1", threeLines()));
    assertThat(out).extracting(ProposedResource::key)
        .containsExactly("line:Condition/c1:1", "line:Condition/c1:2", "line:Condition/c1:3");
    assertThat(out).extracting(ProposedResource::identifierValue).doesNotHaveDuplicates();
    List<CarePlan> plans = out.stream().map(p -> (CarePlan) p.resource()).toList();
    assertThat(plans).extracting(CarePlan::getStatus).containsExactly(CarePlan.CarePlanStatus.COMPLETED,
        CarePlan.CarePlanStatus.COMPLETED, CarePlan.CarePlanStatus.ACTIVE);
    assertThat(plans.get(0).getReplaces()).isEmpty();
    assertThat(plans.get(1).getReplaces()).extracting(r -> r.getReference())
        .containsExactly(ProposedResource.localReference("line:Condition/c1:1"));
    assertThat(plans.get(2).getReplaces()).extracting(r -> r.getReference())
        .containsExactly(ProposedResource.localReference("line:Condition/c1:2"));
    // Line number within its setting (the extension's definition): curative 1, advanced 1, advanced 2.
    assertThat(plans).extracting(cp -> cp.getExtensionByUrl(Canonical.EXT_LINE_NUMBER).getValue().primitiveValue())
        .containsExactly("1", "1", "2");
    assertThat(plans).extracting(cp -> cp.getExtensionByUrl(Canonical.EXT_LINE_SETTING).getValue().primitiveValue())
        .containsExactly("curative", "advanced", "advanced");
    assertThat(plans).extracting(cp -> cp.getExtensionByUrl(Canonical.EXT_LINE_END_REASON).getValue()
        .primitiveValue()).containsExactly("completed", "progression", "ongoing");
    CarePlan ongoing = plans.get(2);
    assertThat(ongoing.getPeriod().hasEnd()).isFalse();
    assertThat(ongoing.getPeriod().getStartElement().getValueAsString()).isEqualTo("2023-08-01");
    assertThat(ongoing.getActivityFirstRep().getDetail().getStatus())
        .isEqualTo(CarePlan.CarePlanActivityStatus.INPROGRESS);
    assertThat(ongoing.getTitle()).isEqualTo("Line 2 (advanced): osimertinib");
    assertThat(ongoing.getDescription()).startsWith("Line 3 overall of ");
    assertThat(ongoing.getText().getDivAsString()).contains("2023-08-01 to present; ongoing.");
    assertThat(plans.get(1).getSupportingInfo()).extracting(r -> r.getReference())
        .containsExactly("MedicationStatement/ms-doc", "Observation/prog-1");
  }

  @Test
  void identifiersDependOnPatientConditionAndNumberAndRebuildsAreByteIdentical() {
    PatientAssessment a = assessment("p1", threeLines());
    List<String> first = builder.build(a).stream()
        .map(p -> CTX.newJsonParser().encodeResourceToString(p.resource())).toList();
    List<String> second = builder.build(a).stream()
        .map(p -> CTX.newJsonParser().encodeResourceToString(p.resource())).toList();
    assertThat(first).isEqualTo(second);
    assertThat(LineOfTherapyResourceBuilder.identifierValue("p1", "Condition/c1", 1))
        .isNotEqualTo(LineOfTherapyResourceBuilder.identifierValue("p2", "Condition/c1", 1))
        .isNotEqualTo(LineOfTherapyResourceBuilder.identifierValue("p1", "Condition/c2", 1))
        .isNotEqualTo(LineOfTherapyResourceBuilder.identifierValue("p1", "Condition/c1", 2))
        .isNotEqualTo(SuggestionResourceBuilder.identifierValue("p1", "Condition/c1", "careplan"));
  }

  @Test
  void eachCancerHasItsOwnChain() {
    PatientAssessment one = assessment("p1", "c1", threeLines().subList(0, 2));
    PatientAssessment two = assessment("p1", "c2", threeLines().subList(0, 2));
    PatientAssessment both = new PatientAssessment("p1", one.asOf(),
        List.of(one.cancers().get(0), two.cancers().get(0)), List.of());
    List<ProposedResource> out = builder.build(both);
    assertThat(out).extracting(ProposedResource::key).containsExactly("line:Condition/c1:1", "line:Condition/c1:2",
        "line:Condition/c2:1", "line:Condition/c2:2");
    assertThat(((CarePlan) out.get(2).resource()).getReplaces()).isEmpty();
    assertThat(((CarePlan) out.get(3).resource()).getReplacesFirstRep().getReference())
        .isEqualTo(ProposedResource.localReference("line:Condition/c2:1"));
  }

  @Test
  void retirementIsEnteredInErrorOnlyForTheAdaptersOwnStatuses() {
    CarePlan line = (CarePlan) builder.build(assessment("p1", threeLines())).get(2).resource();
    assertThat(LineOfTherapyResourceBuilder.isLine(line)).isTrue();
    assertThat(LineOfTherapyResourceBuilder.retirement(line).getStatus())
        .isEqualTo(CarePlan.CarePlanStatus.ENTEREDINERROR);
    assertThat(line.getStatus()).as("the input is not changed").isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
    assertThat(LineOfTherapyResourceBuilder.retirement(line.copy().setStatus(CarePlan.CarePlanStatus.REVOKED)))
        .isNull();
    assertThat(LineOfTherapyResourceBuilder.retirement(
        line.copy().setStatus(CarePlan.CarePlanStatus.ENTEREDINERROR))).isNull();
    CarePlan proposal = new CarePlan().setIntent(CarePlan.CarePlanIntent.PROPOSAL);
    assertThat(LineOfTherapyResourceBuilder.isLine(proposal)).isFalse();
  }
}
