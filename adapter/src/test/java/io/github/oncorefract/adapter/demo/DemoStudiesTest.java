package io.github.oncorefract.adapter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.TrialCandidate;
import io.github.oncorefract.domain.VariantCriterion;
import io.github.oncorefract.domain.VariantKind;
import io.github.oncorefract.knowledge.CancerCodeTable;
import io.github.oncorefract.normalise.ResearchStudyNormaliser;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.junit.jupiter.api.Test;

/** The demo's fictional research studies: deterministic, clearly fake, and read as designed by the matcher. */
class DemoStudiesTest {

  private static final FhirContext CTX = FhirContext.forR4Cached();

  private static List<ResearchStudy> studies() {
    return new DemoCohortGenerator(CTX).studies().getEntry().stream()
        .map(e -> (ResearchStudy) e.getResource()).toList();
  }

  @Test
  void byteIdenticalOnEveryCallAndAPutTransaction() {
    Bundle a = new DemoCohortGenerator(CTX).studies();
    Bundle b = new DemoCohortGenerator(FhirContext.forR4Cached()).studies();
    assertThat(CTX.newJsonParser().encodeResourceToString(a)).isEqualTo(CTX.newJsonParser().encodeResourceToString(b));
    assertThat(a.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
    assertThat(a.getEntry()).allSatisfy(e -> {
      assertThat(e.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
      assertThat(e.getFullUrl()).startsWith("urn:uuid:");
    });
  }

  @Test
  void identifiersAreFictionalNeverRegistryNumbers() {
    assertThat(studies()).extracting(rs -> rs.getIdElement().getIdPart())
        .containsExactly("demo-study-0001", "demo-study-0002", "demo-study-0003", "demo-study-0004");
    assertThat(studies()).allSatisfy(rs -> {
      assertThat(rs.getIdentifier()).singleElement().satisfies(i -> {
        assertThat(i.getSystem()).isEqualTo(DemoCohortGenerator.STUDY_ID_SYSTEM);
        assertThat(i.getValue()).startsWith("DEMO-STUDY-").doesNotContain("NCT");
      });
      assertThat(rs.getTitle()).startsWith("DEMO (fictional)");
      assertThat(rs.getMeta().getTag()).anyMatch(t -> t.getCode().equals(DemoCohortGenerator.TAG_CODE));
    });
  }

  @Test
  void readAsDesignedNsclcEgfrBasketMyelomaAndClosed() {
    ResearchStudyNormaliser n = new ResearchStudyNormaliser(CancerCodeTable.loadDefault());
    List<Optional<TrialCandidate>> read = studies().stream().map(n::normalise).toList();
    TrialCandidate lung = read.get(0).orElseThrow();
    assertThat(lung.cancerTypes()).containsExactly(CancerType.NSCLC);
    assertThat(lung.criteria()).containsExactly(new VariantCriterion("EGFR", null, VariantKind.UNSPECIFIED));
    TrialCandidate basket = read.get(1).orElseThrow();
    assertThat(basket.basket()).isTrue();
    assertThat(basket.allSolidTumours()).isTrue();
    assertThat(basket.criteria()).containsExactly(new VariantCriterion("KRAS", "p.G12C", VariantKind.SEQUENCE),
        new VariantCriterion("NTRK", "fusion", VariantKind.FUSION));
    TrialCandidate myeloma = read.get(2).orElseThrow();
    assertThat(myeloma.cancerTypes()).containsExactly(CancerType.MULTIPLE_MYELOMA);
    assertThat(myeloma.criteria()).isEmpty();
    assertThat(read.get(3)).as("closed to accrual").isEmpty();
  }
}
