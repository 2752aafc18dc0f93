package io.github.oncorefract.assessment;

import static io.github.oncorefract.therapy.TestData.cancer;
import static io.github.oncorefract.therapy.TestData.d;
import static io.github.oncorefract.therapy.TestData.ex;
import static io.github.oncorefract.therapy.TestData.progression;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.StopReason;
import org.junit.jupiter.api.Test;

/** Multiple-myeloma (IMWG) and ovarian (platinum) rule sets. */
class OtherRuleSetsTest {

  private static Scenario myeloma() {
    return Scenario.given().cancer(cancer("mm", CancerType.MULTIPLE_MYELOMA, "2019-01-01", false));
  }

  @Test
  void myelomaTripleClassRefractoryIsLikelyRefractory() {
    CancerAssessment a = myeloma()
        .exposure(ex("lenalidomide", "2019-02-01").to("2020-06-01"), ex("bortezomib", "2019-02-01").to("2019-08-01"),
            ex("dexamethasone", "2019-02-01").to("2019-08-01"))
        .event(progression("2020-07-01", "p1"))
        .exposure(ex("daratumumab", "2020-07-15").to("2021-05-01"), ex("pomalidomide", "2020-07-15").to("2021-05-01"))
        .event(progression("2021-05-20", "p2"))
        .assessOnly("2022-01-01");
    assertThat(a.ruleSetId()).isEqualTo("multiple-myeloma");
    assertThat(a.lines()).extracting(LineOfTherapy::regimenLabel).containsExactly(
        "bortezomib + dexamethasone + lenalidomide", "daratumumab + pomalidomide");
    assertThat(a.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(a.statusDate()).isEqualTo(d("2021-05-20"));
    assertThat(a.reasons()).extracting(Reason::code).containsExactly("triple-class-refractory");
  }

  @Test
  void myelomaProgressionMoreThan60DaysAfterTheLastDoseIsNotRefractory() {
    CancerAssessment a = myeloma()
        .exposure(ex("lenalidomide", "2019-02-01").to("2019-10-01"), ex("bortezomib", "2019-02-01").to("2019-08-01"))
        .event(progression("2020-03-01", "p1"))
        .assessOnly("2022-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.NOT_REFRACTORY);
  }

  @Test
  void myelomaNoResponseOnLatestLineIsAtRisk() {
    CancerAssessment a = myeloma()
        .exposure(ex("lenalidomide", "2019-02-01").to("2019-10-01").stop(StopReason.NO_RESPONSE))
        .assessOnly("2022-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
  }

  private static Scenario ovarian() {
    return Scenario.given().cancer(cancer("ov", CancerType.OVARIAN, "2021-01-01", false));
  }

  @Test
  void progressionWithinFourWeeksOfPlatinumIsPlatinumRefractory() {
    CancerAssessment a = ovarian()
        .exposure(ex("carboplatin", "2021-02-01").to("2021-06-01"), ex("paclitaxel", "2021-02-01").to("2021-06-01"))
        .event(progression("2021-06-20", "p1"))
        .assessOnly("2022-01-01");
    assertThat(a.ruleSetId()).isEqualTo("ovarian-platinum");
    assertThat(a.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(a.reasons()).extracting(Reason::code).first().isEqualTo("platinum-refractory");
  }

  @Test
  void progressionWithinSixMonthsIsPlatinumResistant() {
    CancerAssessment a = ovarian()
        .exposure(ex("carboplatin", "2021-02-01").to("2021-06-01"), ex("paclitaxel", "2021-02-01").to("2021-06-01"))
        .event(progression("2021-10-01", "p1"))
        .assessOnly("2022-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
    assertThat(a.reasons()).extracting(Reason::code).first().isEqualTo("platinum-resistant");
  }

  @Test
  void platinumSensitiveFallsBackToSolidTumourRules() {
    CancerAssessment a = ovarian()
        .exposure(ex("carboplatin", "2021-02-01").to("2021-06-01"))
        .assessOnly("2022-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.NOT_REFRACTORY);
  }
}
