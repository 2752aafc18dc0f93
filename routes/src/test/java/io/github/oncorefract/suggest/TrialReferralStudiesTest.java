package io.github.oncorefract.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.assessment.TrialMatcher;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.domain.TrialCandidate;
import io.github.oncorefract.domain.VariantCriterion;
import io.github.oncorefract.domain.VariantKind;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class TrialReferralStudiesTest {

  private static final FhirContext CTX = FhirContext.forR4Cached();

  /** The builder test's likely-refractory NSCLC with an EGFR variant and two matching studies and one other. */
  static PatientAssessment withStudies() {
    PatientAssessment a = SuggestionResourceBuilderTest.assessment(RefractoryStatus.LIKELY_REFRACTORY,
        List.of(SuggestionType.values()));
    GenomicVariant egfr = new GenomicVariant("EGFR", "p.L858R", VariantKind.SEQUENCE, true, "somatic",
        LocalDate.of(2023, 2, 1), "EGFR p.L858R", new ResourceRef("Observation", "v1"));
    TrialCandidate lung = new TrialCandidate(new ResourceRef("ResearchStudy", "s-lung"), "EGFR NSCLC study",
        "DEMO-STUDY-0001", "active", Set.of(CancerType.NSCLC), Set.of(), false, false, false,
        List.of(new VariantCriterion("EGFR", null, VariantKind.UNSPECIFIED)), null);
    TrialCandidate basket = new TrialCandidate(new ResourceRef("ResearchStudy", "s-basket"), "L858R basket", null,
        "active", Set.of(), Set.of(), true, false, false,
        List.of(new VariantCriterion("EGFR", "p.L858R", VariantKind.SEQUENCE)), null);
    TrialCandidate myeloma = new TrialCandidate(new ResourceRef("ResearchStudy", "s-mm"), "Myeloma", null, "active",
        Set.of(CancerType.MULTIPLE_MYELOMA), Set.of(), false, false, false, List.of(), null);
    return new TrialMatcher(5).enrich(a, List.of(egfr), List.of(myeloma, lung, basket));
  }

  @Test
  void serviceRequestAndTaskCarryTheMatchedStudies() {
    List<ProposedResource> out = new SuggestionResourceBuilder().build(withStudies());
    ServiceRequest sr = (ServiceRequest) out.get(1).resource();
    assertThat(sr.getSupportingInfo()).extracting(Reference::getReference).containsExactly(
        "MedicationStatement/m1", "Observation/o1", "Observation/v1", "ResearchStudy/s-basket",
        "ResearchStudy/s-lung");
    assertThat(sr.getSupportingInfo()).filteredOn(r -> r.getReference().startsWith("ResearchStudy/"))
        .extracting(Reference::getDisplay).containsExactly("L858R basket", "EGFR NSCLC study (DEMO-STUDY-0001)");
    assertThat(sr.getNote()).hasSize(2);
    assertThat(sr.getNote().get(0).getText()).endsWith("2 matching studies on the server: ResearchStudy/s-basket "
        + "(basket, EGFR p.L858R), DEMO-STUDY-0001 (EGFR).");
    assertThat(sr.getNote().get(1).getText()).isEqualTo(
        "Candidate studies on this server: L858R basket; EGFR NSCLC study (DEMO-STUDY-0001).");
    Task task = (Task) out.get(2).resource();
    assertThat(task.getInput()).hasSize(2);
    assertThat(task.getInput()).allSatisfy(i -> assertThat(i.getType().getText()).isEqualTo("candidate study"));
    assertThat(task.getInput()).extracting(i -> ((Reference) i.getValue()).getReference())
        .containsExactly("ResearchStudy/s-basket", "ResearchStudy/s-lung");
    CarePlan cp = (CarePlan) out.get(3).resource();
    assertThat(cp.getSupportingInfo()).extracting(Reference::getReference).contains("ResearchStudy/s-lung");
  }

  @Test
  void sameStudiesGiveByteIdenticalResourcesAndNoMatchChangesNothing() {
    List<String> a = new SuggestionResourceBuilder().build(withStudies()).stream()
        .map(p -> CTX.newJsonParser().encodeResourceToString(p.resource())).toList();
    List<String> b = new SuggestionResourceBuilder().build(withStudies()).stream()
        .map(p -> CTX.newJsonParser().encodeResourceToString(p.resource())).toList();
    assertThat(a).isEqualTo(b);
    PatientAssessment plain = SuggestionResourceBuilderTest.assessment(RefractoryStatus.LIKELY_REFRACTORY,
        List.of(SuggestionType.values()));
    Task task = (Task) new SuggestionResourceBuilder().build(plain).get(2).resource();
    assertThat(task.hasInput()).isFalse();
    ServiceRequest sr = (ServiceRequest) new SuggestionResourceBuilder().build(plain).get(1).resource();
    assertThat(sr.getNote()).hasSize(1);
  }
}
