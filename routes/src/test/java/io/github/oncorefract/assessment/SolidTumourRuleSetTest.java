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
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StopReason;
import io.github.oncorefract.domain.TreatmentIntent;
import org.junit.jupiter.api.Test;

/** Each status of the solid-tumour rule set 1.0.0, as scenarios through the PatientAssessor. */
class SolidTumourRuleSetTest {

  /** A solid tumour with no rule set of its own (NSCLC has the nsclc rule set; see NsclcRuleSetTest). */
  private static Scenario nsclc() {
    return Scenario.given().cancer(cancer("c1", CancerType.OTHER_SOLID, "2022-12-01", false));
  }

  @Test
  void twoAdvancedLinesAndProgressionOnTheLatestIsLikelyRefractory() {
    CancerAssessment a = nsclc()
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"), ex("pemetrexed", "2023-01-10").to("2023-06-02"))
        .event(progression("2023-06-02", "p1"))
        .exposure(ex("docetaxel", "2023-06-20").to("2023-10-01"))
        .event(progression("2023-10-05", "p2"), progression("2023-12-01", "p3"))
        .assessOnly("2024-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(a.ruleSetId()).isEqualTo("solid-tumour");
    assertThat(a.ruleSetVersion()).isEqualTo("1.0.0");
    assertThat(a.statusDate()).isEqualTo(d("2023-10-05"));
    assertThat(a.reasons()).extracting(Reason::code)
        .containsExactly("advanced-lines-threshold", "progression-on-latest-line");
    assertThat(a.reasons().get(1).evidence())
        .contains(new ResourceRef("Observation", "p2"), new ResourceRef("Observation", "p3"));
    assertThat(a.narrative()).isEqualTo("2 advanced-setting lines since 2023-01: "
        + "L1 carboplatin + pemetrexed (2023-01-10 to 2023-06-02, progression); "
        + "L2 docetaxel (2023-06-20 to 2023-10-01, progression); "
        + "status likely refractory (solid-tumour 1.0.0): progression on 2nd advanced line.");
  }

  @Test
  void noResponseStopCountsAsProgression() {
    CancerAssessment a = nsclc()
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"))
        .exposure(ex("docetaxel", "2023-06-20").to("2023-10-01").stop(StopReason.NO_RESPONSE))
        .event(progression("2023-05-01", "p1"))
        .assessOnly("2024-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(a.statusDate()).isEqualTo(d("2023-10-01"));
  }

  @Test
  void oneAdvancedLineWithProgressionIsAtRisk() {
    CancerAssessment a = nsclc()
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"), ex("pemetrexed", "2023-01-10").to("2023-04-01"))
        .event(progression("2023-05-01", "p1"))
        .assessOnly("2024-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
    assertThat(a.statusDate()).isEqualTo(d("2023-05-01"));
  }

  @Test
  void twoAdvancedLinesWithoutProgressionAfterTheLatestIsAtRisk() {
    CancerAssessment a = nsclc()
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"))
        .event(progression("2023-05-01", "p1"))
        .exposure(ex("docetaxel", "2023-06-20").to("2023-10-01"))
        .assessOnly("2024-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
    assertThat(a.statusDate()).isEqualTo(d("2023-06-20"));
    assertThat(a.reasons()).extracting(Reason::code).contains("no-progression-recorded-on-latest-line");
  }

  @Test
  void oneLineWithoutProgressionIsNotRefractory() {
    CancerAssessment a = nsclc()
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"))
        .assessOnly("2024-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.NOT_REFRACTORY);
  }

  @Test
  void onlyCurativeLinesAreNotRefractory() {
    CancerAssessment a = nsclc()
        .exposure(ex("cisplatin", "2023-01-10").to("2023-04-01").intent(TreatmentIntent.CURATIVE),
            ex("vinorelbine", "2023-01-10").to("2023-04-01").intent(TreatmentIntent.CURATIVE))
        .exposure(ex("docetaxel", "2023-06-20").to("2023-10-01").intent(TreatmentIntent.CURATIVE))
        .assessOnly("2024-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.NOT_REFRACTORY);
    assertThat(a.reasons()).extracting(Reason::code).containsExactly("no-advanced-line");
  }

  @Test
  void noExposureIsInsufficientData() {
    CancerAssessment a = nsclc().exposure(ex("ondansetron", "2023-01-10")).assessOnly("2024-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.INSUFFICIENT_DATA);
    assertThat(a.statusDate()).isNull();
    assertThat(a.lines()).isEmpty();
    assertThat(a.narrative()).startsWith("No antineoplastic therapy recorded; status insufficient data");
  }

  @Test
  void thresholdIsConfigurable() {
    var params = new SolidTumourParameters(3, false);
    var input = nsclc()
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"))
        .exposure(ex("docetaxel", "2023-06-20").to("2023-10-01"))
        .event(progression("2023-11-01", "p2"));
    var base = AssessmentParameters.defaults();
    var custom = new AssessmentParameters(base.therapy(), base.therapyByType(), params, base.myeloma(),
        base.ovarian(), base.suggestions(), base.maxDaysBeforeDiagnosis());
    var a = new PatientAssessor(custom, io.github.oncorefract.therapy.MapDrugCatalog.standard())
        .assess(input.record(), d("2024-01-01")).cancers().get(0);
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
  }
}
