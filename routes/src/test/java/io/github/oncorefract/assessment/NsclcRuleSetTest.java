package io.github.oncorefract.assessment;

import static io.github.oncorefract.therapy.TestData.cancer;
import static io.github.oncorefract.therapy.TestData.d;
import static io.github.oncorefract.therapy.TestData.ex;
import static io.github.oncorefract.therapy.TestData.progression;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.therapy.MapDrugCatalog;
import org.junit.jupiter.api.Test;

/** NSCLC rule set nsclc 1.0.0: solid-tumour rules with their own parameters, plus TKI resistance advice. */
class NsclcRuleSetTest {

  private static Scenario nsclc() {
    return Scenario.given().cancer(cancer("c1", CancerType.NSCLC, "2022-12-01", false));
  }

  @Test
  void progressionOnAnEgfrTkiAdvisesResistanceTesting() {
    CancerAssessment a = nsclc()
        .exposure(ex("osimertinib", "2023-01-10").to("2023-09-01"))
        .event(progression("2023-08-20", "p1"))
        .assessOnly("2024-01-01");
    assertThat(a.ruleSetId()).isEqualTo("nsclc");
    assertThat(a.ruleSetVersion()).isEqualTo("1.0.0");
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
    assertThat(a.reasons()).extracting(Reason::code)
        .containsExactly("advanced-lines", "progression-on-latest-line", "progression-on-targeted-therapy");
    assertThat(a.reasons().get(2).text()).startsWith("Progression on osimertinib (line 1, from 2023-01-10): "
        + "resistance testing (e.g. EGFR T790M, ALK resistance mutations) advised");
    assertThat(a.narrative()).contains("(nsclc 1.0.0)");
  }

  @Test
  void chemotherapyProgressionAddsNoTkiReason() {
    CancerAssessment a = nsclc()
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"), ex("pemetrexed", "2023-01-10").to("2023-04-01"))
        .event(progression("2023-05-01", "p1"))
        .assessOnly("2024-01-01");
    assertThat(a.reasons()).extracting(Reason::code).doesNotContain("progression-on-targeted-therapy");
  }

  @Test
  void thresholdsAreConfiguredApartFromTheDefaultSolidTumourRuleSet() {
    Scenario s = nsclc()
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"))
        .event(progression("2023-05-01", "p1"))
        .exposure(ex("docetaxel", "2023-06-20").to("2023-10-01"))
        .event(progression("2023-11-01", "p2"));
    AssessmentParameters base = AssessmentParameters.defaults();
    AssessmentParameters custom = new AssessmentParameters(base.therapy(), base.therapyByType(), base.solidTumour(),
        new NsclcParameters(new SolidTumourParameters(3, false), NsclcParameters.DEFAULT_TARGETED_TKIS),
        base.myeloma(), base.ovarian(), base.dlbcl(), base.suggestions(), base.maxDaysBeforeDiagnosis());
    CancerAssessment a = new PatientAssessor(custom, MapDrugCatalog.standard()).assess(s.record(), d("2024-01-01"))
        .cancers().get(0);
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
    assertThat(s.assessOnly("2024-01-01").status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
  }
}
