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
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.profiles.Canonical;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class SuggestionResourceBuilderTest {

  private static final FhirContext CTX = FhirContext.forR4Cached();
  private final SuggestionResourceBuilder builder = new SuggestionResourceBuilder();

  static PatientAssessment assessment(RefractoryStatus status, List<SuggestionType> types) {
    ResourceRef cond = new ResourceRef("Condition", "c1");
    ResourceRef ms = new ResourceRef("MedicationStatement", "m1");
    ResourceRef prog = new ResourceRef("Observation", "o1");
    CancerCondition cancer =
        new CancerCondition(cond, CancerType.NSCLC, "http://snomed.info/sct", "254637007", "NSCLC (SNOMED 254637007)",
            CodeMatch.SNOMED, LocalDate.of(2023, 1, 1), false);
    LineOfTherapy l1 = new LineOfTherapy(1, LineSetting.ADVANCED, 1, new TreeSet<>(List.of("carboplatin",
        "pemetrexed")), LocalDate.of(2023, 1, 10), LocalDate.of(2023, 6, 2), LineEndReason.PROGRESSION, List.of(ms));
    Reason r = new Reason("progression-on-latest-line", "Progression on line 2.", List.of(prog, ms));
    List<Suggestion> s = types.stream().map(t -> new Suggestion(t, t.display() + ".", List.of(r), List.of())).toList();
    CancerAssessment ca = new CancerAssessment(cancer, "solid-tumour", "1.0.0", List.of(l1), status, List.of(r), s,
        LocalDate.of(2023, 6, 2), "2 advanced-setting lines since 2023-01.");
    return new PatientAssessment("p1", LocalDate.of(2026, 11, 29), List.of(ca), List.of());
  }

  @Test
  void sameAssessmentGivesByteIdenticalResources() {
    PatientAssessment a = assessment(RefractoryStatus.LIKELY_REFRACTORY, List.of(SuggestionType.values()));
    List<String> first = builder.build(a).stream().map(p -> CTX.newJsonParser().encodeResourceToString(p.resource()))
        .toList();
    List<String> second = builder.build(a).stream().map(p -> CTX.newJsonParser().encodeResourceToString(p.resource()))
        .toList();
    assertThat(first).isEqualTo(second).hasSize(4);
  }

  @Test
  void likelyRefractoryGivesActiveFlagDraftProposalCarePlanAndRequestedTask() {
    List<ProposedResource> out =
        builder.build(assessment(RefractoryStatus.LIKELY_REFRACTORY, List.of(SuggestionType.values())));
    assertThat(out).extracting(ProposedResource::resourceType)
        .containsExactly("Flag", "ServiceRequest", "Task", "CarePlan");
    Flag flag = (Flag) out.get(0).resource();
    assertThat(flag.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
    assertThat(flag.getCode().getCodingFirstRep().getCode()).isEqualTo("likely-refractory");
    assertThat(flag.getExtensionByUrl(Canonical.EXT_RULE_SET).getExtensionByUrl("version").getValue()
        .primitiveValue()).isEqualTo("1.0.0");
    ServiceRequest sr = (ServiceRequest) out.get(1).resource();
    assertThat(sr.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.DRAFT);
    assertThat(sr.getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.PROPOSAL);
    Task task = (Task) out.get(2).resource();
    assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
    assertThat(task.getFocus().getReference()).isEqualTo(ProposedResource.localReference("servicerequest:Condition/c1"));
    assertThat(task.getFor().getReference()).isEqualTo("Patient/p1");
    CarePlan cp = (CarePlan) out.get(3).resource();
    assertThat(cp.getStatus()).isEqualTo(CarePlan.CarePlanStatus.DRAFT);
    assertThat(cp.getIntent()).isEqualTo(CarePlan.CarePlanIntent.PROPOSAL);
    assertThat(cp.getActivity()).hasSize(SuggestionType.values().length);
    assertThat(cp.getAddressesFirstRep().getReference()).isEqualTo("Condition/c1");
    assertThat(cp.getSupportingInfo()).extracting(ref -> ref.getReference())
        .containsExactly("MedicationStatement/m1", "Observation/o1");
    assertThat(out).allSatisfy(p -> assertThat(p.identifierValue()).matches("[a-z]+-[0-9a-f]{32}"));
  }

  @Test
  void notRefractoryGivesOnlyARetirementFlag() {
    List<ProposedResource> out = builder.build(assessment(RefractoryStatus.NOT_REFRACTORY, List.of()));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).createIfAbsent()).isFalse();
    assertThat(((Flag) out.get(0).resource()).getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
  }

  @Test
  void aDeceasedPatientsRefractoryCancerGivesOnlyARetirementFlag() {
    PatientAssessment a = assessment(RefractoryStatus.LIKELY_REFRACTORY, List.of());
    CancerAssessment ca = a.cancers().get(0);
    List<Reason> reasons = new java.util.ArrayList<>(ca.reasons());
    reasons.add(new Reason(io.github.oncorefract.assessment.PatientAssessor.REASON_DECEASED, "Died.", List.of()));
    CancerAssessment deceased = new CancerAssessment(ca.cancer(), ca.ruleSetId(), ca.ruleSetVersion(), ca.lines(),
        ca.status(), reasons, List.of(), ca.statusDate(), ca.narrative());
    List<ProposedResource> out = builder.build(new PatientAssessment("p1", a.asOf(), List.of(deceased), List.of()));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).createIfAbsent()).isFalse();
    assertThat(((Flag) out.get(0).resource()).getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
  }

  @Test
  void identifiersDependOnPatientConditionAndKindOnly() {
    assertThat(SuggestionResourceBuilder.identifierValue("p1", "Condition/c1", "flag"))
        .isEqualTo(SuggestionResourceBuilder.identifierValue("p1", "Condition/c1", "flag"))
        .isNotEqualTo(SuggestionResourceBuilder.identifierValue("p2", "Condition/c1", "flag"))
        .isNotEqualTo(SuggestionResourceBuilder.identifierValue("p1", "Condition/c2", "flag"))
        .isNotEqualTo(SuggestionResourceBuilder.identifierValue("p1", "Condition/c1", "careplan"));
  }
}
