package io.github.oncorefract.assessment;

import static io.github.oncorefract.therapy.TestData.cancer;
import static io.github.oncorefract.therapy.TestData.d;
import static io.github.oncorefract.therapy.TestData.ex;
import static io.github.oncorefract.therapy.TestData.progression;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.StopReason;
import org.junit.jupiter.api.Test;

/** Multiple-myeloma (IMWG, per drug) and ovarian (platinum) rule sets. */
class OtherRuleSetsTest {

  private static Scenario myeloma() {
    return Scenario.given().cancer(cancer("mm", CancerType.MULTIPLE_MYELOMA, "2019-01-01", false));
  }

  @Test
  void myelomaTripleClassRefractoryIsLikelyRefractory() {
    CancerAssessment a = myeloma()
        .exposure(ex("lenalidomide", "2019-02-01").to("2020-06-01"), ex("bortezomib", "2019-02-01").to("2020-05-15"),
            ex("dexamethasone", "2019-02-01").to("2019-08-01"))
        .event(progression("2020-07-01", "p1"))
        .exposure(ex("daratumumab", "2020-07-15").to("2021-05-01"), ex("pomalidomide", "2020-07-15").to("2021-05-01"))
        .event(progression("2021-05-20", "p2"))
        .assessOnly("2022-01-01");
    assertThat(a.ruleSetId()).isEqualTo("multiple-myeloma");
    assertThat(a.ruleSetVersion()).isEqualTo("1.1.0");
    assertThat(a.lines()).extracting(LineOfTherapy::regimenLabel).containsExactly(
        "bortezomib + dexamethasone + lenalidomide", "daratumumab + pomalidomide");
    assertThat(a.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(a.statusDate()).isEqualTo(d("2021-05-20"));
    assertThat(a.reasons()).extracting(Reason::code).containsExactly("triple-class-refractory", "refractory-drug",
        "refractory-drug", "refractory-drug", "refractory-drug");
    assertThat(a.reasons()).extracting(MultipleMyelomaRuleSet::refractoryDrug).flatMap(o -> o.stream().toList())
        .extracting(d -> d.ingredient() + "@" + d.line())
        .containsExactly("bortezomib@1", "lenalidomide@1", "daratumumab@2", "pomalidomide@2");
  }

  @Test
  void myelomaRefractorinessIsPerDrugNotPerRegimen() {
    // 1.0.0 marked the whole first regimen refractory, so bortezomib (stopped 335 days before the progression) made
    // this triple-class refractory. IMWG: only a drug given within 60 days of the progression is refractory.
    CancerAssessment a = myeloma()
        .exposure(ex("lenalidomide", "2019-02-01").to("2020-06-01"), ex("bortezomib", "2019-02-01").to("2019-08-01"),
            ex("dexamethasone", "2019-02-01").to("2019-08-01"))
        .event(progression("2020-07-01", "p1"))
        .exposure(ex("daratumumab", "2020-07-15").to("2021-05-01"), ex("pomalidomide", "2020-07-15").to("2021-05-01"))
        .event(progression("2021-05-20", "p2"))
        .assessOnly("2022-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
    assertThat(a.reasons()).extracting(Reason::code).startsWith("refractory-to-latest-line", "double-class-refractory");
    assertThat(a.reasons().get(1).text()).contains("IMiD and anti-CD38 antibody");
    // per drug: bortezomib (stopped 335 days before the progression) is NOT marked refractory; an order-select card
    // for carfilzomib therefore has nothing to cite
    assertThat(a.reasons()).extracting(MultipleMyelomaRuleSet::refractoryDrug).flatMap(o -> o.stream().toList())
        .extracting(d -> d.ingredient() + "@" + d.line())
        .containsExactly("lenalidomide@1", "daratumumab@2", "pomalidomide@2");
    Reason len = a.reasons().stream().filter(r -> r.text().contains("to lenalidomide in line 1")).findFirst()
        .orElseThrow();
    assertThat(len.text()).isEqualTo("Refractory (IMWG) to lenalidomide in line 1: progression on 2020-07-01, within "
        + "60 days of its last day (2020-06-01).");
    assertThat(len.evidence()).isNotEmpty();
  }

  @Test
  void lenalidomideStopped200DaysBeforeProgressionOnBortezomibDexIsNotLenalidomideRefractory() {
    // Len dropped from VRd on 2019-06-01; progression on Vd 200 days later (2019-12-18). Then dara-dex progresses.
    // Per drug: PI and anti-CD38 refractory, IMiD not -> double-class (AT_RISK), not triple-class.
    CancerAssessment a = myeloma()
        .exposure(ex("lenalidomide", "2019-02-01").to("2019-06-01"), ex("bortezomib", "2019-02-01").to("2020-01-10"),
            ex("dexamethasone", "2019-02-01").to("2020-01-10"))
        .event(progression("2019-12-18", "p1"))
        .exposure(ex("daratumumab", "2020-02-01").to("2020-09-01"), ex("dexamethasone", "2020-02-01").to("2020-09-01"))
        .event(progression("2020-09-20", "p2"))
        .assessOnly("2021-01-01");
    assertThat(a.lines()).hasSize(2);
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
    assertThat(a.reasons()).extracting(Reason::code).startsWith("refractory-to-latest-line", "double-class-refractory");
    assertThat(a.reasons().get(1).text()).contains("proteasome inhibitor").doesNotContain("IMiD");
    assertThat(a.reasons()).extracting(MultipleMyelomaRuleSet::refractoryDrug).flatMap(o -> o.stream().toList())
        .extracting(d -> d.ingredient() + "@" + d.line())
        .containsExactly("bortezomib@1", "dexamethasone@1", "daratumumab@2", "dexamethasone@2");
    assertThat(a.reasons().get(0).text()).contains("daratumumab, dexamethasone");
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
    assertThat(a.reasons().get(0).text()).endsWith("; platinum-free interval 19 days (0.6 months).");
    assertThat(OvarianRuleSet.platinumFreeDays(a.reasons().get(0))).hasValue(19);
  }

  @Test
  void progressionWithinSixMonthsIsPlatinumResistant() {
    CancerAssessment a = ovarian()
        .exposure(ex("carboplatin", "2021-02-01").to("2021-06-01"), ex("paclitaxel", "2021-02-01").to("2021-06-01"))
        .event(progression("2021-10-01", "p1"))
        .assessOnly("2022-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
    assertThat(a.reasons()).extracting(Reason::code).first().isEqualTo("platinum-resistant");
    assertThat(OvarianRuleSet.platinumFreeDays(a.reasons().get(0))).hasValue(122);
    assertThat(a.reasons().get(0).text()).contains("platinum-free interval 122 days (4.0 months)");
  }

  @Test
  void maintenanceAfterPlatinumDoesNotMakeLaterProgressionDuringPlatinum() {
    // Bevacizumab continues (line open) after carboplatin/paclitaxel stopped on 2021-06-01; progression 4 months later
    // is platinum-resistant, not "during platinum" (1.0.0 read the open line as ongoing platinum).
    CancerAssessment a = ovarian()
        .exposure(ex("carboplatin", "2021-02-01").to("2021-06-01"), ex("paclitaxel", "2021-02-01").to("2021-06-01"),
            ex("bevacizumab", "2021-02-01").status(ExposureStatus.ACTIVE))
        .event(progression("2021-10-01", "p1"))
        .assessOnly("2022-01-01");
    assertThat(a.ruleSetVersion()).isEqualTo("1.1.0");
    assertThat(a.lines()).singleElement().satisfies(l -> assertThat(l.end()).isNull());
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
    assertThat(a.reasons()).extracting(Reason::code).first().isEqualTo("platinum-resistant");
  }

  @Test
  void progressionWhilePlatinumExposureIsActiveIsPlatinumRefractory() {
    CancerAssessment a = ovarian()
        .exposure(ex("carboplatin", "2021-02-01").status(ExposureStatus.ACTIVE))
        .event(progression("2021-09-01", "p1"))
        .assessOnly("2022-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(a.reasons()).extracting(Reason::code).first().isEqualTo("platinum-refractory");
  }

  @Test
  void platinumSensitiveFallsBackToSolidTumourRules() {
    CancerAssessment a = ovarian()
        .exposure(ex("carboplatin", "2021-02-01").to("2021-06-01"))
        .assessOnly("2022-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.NOT_REFRACTORY);
  }
}
