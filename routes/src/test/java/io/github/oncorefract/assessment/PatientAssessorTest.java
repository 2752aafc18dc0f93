package io.github.oncorefract.assessment;

import static io.github.oncorefract.therapy.TestData.cancer;
import static io.github.oncorefract.therapy.TestData.d;
import static io.github.oncorefract.therapy.TestData.event;
import static io.github.oncorefract.therapy.TestData.ex;
import static io.github.oncorefract.therapy.TestData.progression;
import static io.github.oncorefract.therapy.TestData.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.DiseaseStatus;
import io.github.oncorefract.domain.ExposureSource;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.ProcedureEvent;
import io.github.oncorefract.domain.ProcedureKind;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.TreatmentIntent;
import org.junit.jupiter.api.Test;

class PatientAssessorTest {

  @Test
  void exposuresAreAttributedAcrossTwoCancers() {
    PatientAssessment pa = Scenario.given()
        .cancer(cancer("breast", CancerType.BREAST, "2015-03-01", false))
        .cancer(cancer("lung", CancerType.NSCLC, "2022-11-01", false))
        // by date: the cancer with the latest onset on or before the start
        .exposure(ex("doxorubicin", "2015-04-01").to("2015-06-01"),
            ex("cyclophosphamide", "2015-04-01").to("2015-06-01"))
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"))
        // by reason: names the breast cancer although it started after the lung cancer's onset
        .exposure(ex("tamoxifen", "2023-02-01").to("2023-12-01").reason("breast"))
        // before any onset (but within maxDaysBeforeDiagnosis): the earliest cancer
        .exposure(ex("paclitaxel", "2014-06-01").to("2014-07-01"))
        .event(event(DiseaseStatus.PROGRESSION, "2023-05-01", "Condition/lung", "p1"))
        .assess("2024-01-01");
    assertThat(pa.cancers()).extracting(c -> c.cancer().ref().id()).containsExactly("breast", "lung");
    CancerAssessment breast = pa.cancers().get(0);
    CancerAssessment lung = pa.cancers().get(1);
    assertThat(breast.lines()).extracting(LineOfTherapy::regimenLabel)
        .containsExactly("paclitaxel", "cyclophosphamide + doxorubicin", "tamoxifen");
    assertThat(lung.lines()).extracting(LineOfTherapy::regimenLabel).containsExactly("carboplatin");
    assertThat(lung.status()).isEqualTo(RefractoryStatus.AT_RISK);
  }

  @Test
  void therapyLongBeforeDiagnosisWithoutAReasonIsNotThatCancersLine() {
    // Synthea's orphan chemotherapy: oxaliplatin in 1983, the only cancer diagnosed in 2004.
    PatientAssessment pa = Scenario.given()
        .cancer(cancer("prostate", CancerType.PROSTATE, "2004-05-01", false))
        .exposure(ex("oxaliplatin", "1983-03-01").to("1983-03-01"))
        .exposure(ex("docetaxel", "2004-06-01").to("2004-09-01"))
        .assess("2024-01-01");
    assertThat(pa.cancers().get(0).lines()).extracting(LineOfTherapy::regimenLabel).containsExactly("docetaxel");
  }

  @Test
  void oneCancerRecordedAsTwoConditionsIsAssessedOnce() {
    // Synthea codes one NSCLC as 254637007 and again as its TNM-stage variant 424132000.
    PatientAssessment pa = Scenario.given()
        .cancer(cancer("nsclc", CancerType.NSCLC, "2010-01-01", false))
        .cancer(cancer("nsclc-stage", CancerType.NSCLC, "2010-01-01", false))
        .exposure(ex("cisplatin", "2010-02-01").to("2010-06-01").reason("nsclc-stage"))
        .assess("2024-01-01");
    assertThat(pa.cancers()).hasSize(1);
    assertThat(pa.cancers().get(0).cancer().ref().id()).isEqualTo("nsclc");
    assertThat(pa.cancers().get(0).lines()).extracting(LineOfTherapy::regimenLabel).containsExactly("cisplatin");
  }

  @Test
  void twoCancersOfOneTypeDiagnosedYearsApartStayTwo() {
    // oBDS Testpatient_1: melanoma C43.5 and melanoma C43.7, different primaries.
    PatientAssessment pa = Scenario.given()
        .cancer(cancer("melanoma-trunk", CancerType.MELANOMA, "2012-01-01", false))
        .cancer(cancer("melanoma-leg", CancerType.MELANOMA, "2019-06-01", false))
        .assess("2024-01-01");
    assertThat(pa.cancers()).hasSize(2);
  }

  @Test
  void secondaryConditionMarksAdvancedDiseaseAndIsNotAssessedAlone() {
    PatientAssessment pa = Scenario.given()
        .cancer(cancer("lung", CancerType.NSCLC, "2021-01-01", false))
        .cancer(cancer("brainmets", CancerType.OTHER_SOLID, "2022-06-01", true))
        .exposure(ex("cisplatin", "2021-02-01").to("2021-05-01"))
        .exposure(ex("carboplatin", "2022-07-01").to("2022-10-01").reason("brainmets"),
            ex("pemetrexed", "2022-07-01").to("2022-10-01"))
        .assess("2024-01-01");
    assertThat(pa.cancers()).hasSize(1);
    // issue 8, class 2: no intent or stage tells that the first line was curative; the later metastasis does not.
    assertThat(pa.cancers().get(0).lines()).extracting(LineOfTherapy::setting)
        .containsExactly(LineSetting.ADVANCED, LineSetting.ADVANCED);
    assertThat(pa.cancers().get(0).recordReasons()).extracting(Reason::code)
        .contains("secondary-attached", "setting-not-recorded", "setting-advanced-disease");
  }

  @Test
  void orphanChemotherapyProducesNoAssessment() {
    PatientAssessment pa = Scenario.given().exposure(ex("carboplatin", "2023-01-10")).assess("2024-01-01");
    assertThat(pa.cancers()).isEmpty();
    assertThat(pa.patientId()).isEqualTo("p1");
  }

  @Test
  void watchfulWaitingProcedureNeverCountsAsALine() {
    CancerAssessment a = Scenario.given()
        .cancer(cancer("cll", CancerType.LEUKAEMIA, "2020-01-01", false))
        .procedure(new ProcedureEvent(ProcedureKind.WATCHFUL_WAITING, d("2020-02-01"), null,
            TreatmentIntent.UNKNOWN, null, ref("Procedure/ww")))
        .exposure(ex("rituximab", "2020-02-01").source(ExposureSource.PROCEDURE).id("ww"))
        .assessOnly("2024-01-01");
    assertThat(a.lines()).isEmpty();
    assertThat(a.status()).isEqualTo(RefractoryStatus.INSUFFICIENT_DATA);
  }

  @Test
  void haematologicalCancerWithoutRuleSetFallsBackToSolidTumourWithAReason() {
    // Leukaemia has no rule set of its own (DLBCL has had one since dlbcl-scholar-1 1.0.0).
    CancerAssessment a = Scenario.given()
        .cancer(cancer("cll", CancerType.LEUKAEMIA, "2022-01-01", false))
        .exposure(ex("rituximab", "2022-02-01").to("2022-06-01"), ex("bendamustine", "2022-02-01").to("2022-06-01"))
        .event(progression("2022-07-15", "p1"))
        .assessOnly("2024-01-01");
    assertThat(a.ruleSetId()).isEqualTo("solid-tumour");
    assertThat(a.reasons()).extracting(Reason::code).first().isEqualTo("rule-set-fallback");
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
    assertThat(a.narrative()).contains("applied as fallback for LEUKAEMIA");
  }

  @Test
  void dlbclHasItsOwnRuleSetAndCountsPrednisoneOfRChop() {
    CancerAssessment a = Scenario.given()
        .cancer(cancer("dlbcl", CancerType.DLBCL, "2022-01-01", false))
        .exposure(ex("rituximab", "2022-02-01").to("2022-06-01"), ex("prednisone", "2022-02-01").to("2022-06-01"))
        .assessOnly("2024-01-01");
    assertThat(a.ruleSetId()).isEqualTo("dlbcl-scholar-1");
    assertThat(a.reasons()).extracting(Reason::code).doesNotContain("rule-set-fallback");
    assertThat(a.lines()).singleElement().extracting(l -> l.regimenLabel()).isEqualTo("prednisone + rituximab");
  }

  @Test
  void prednisoneIsSupportiveOutsideLymphoma() {
    CancerAssessment a = Scenario.given()
        .cancer(cancer("pc", CancerType.PROSTATE, "2022-01-01", false))
        .exposure(ex("docetaxel", "2022-02-01").to("2022-06-01"), ex("prednisone", "2022-02-01").to("2022-06-01"))
        .assessOnly("2024-01-01");
    assertThat(a.lines()).singleElement().extracting(l -> l.regimenLabel()).isEqualTo("docetaxel");
  }

  @Test
  void assessmentIsDeterministicAndHasNoIdentifiers() {
    Scenario s = Scenario.given()
        .cancer(cancer("c1", CancerType.NSCLC, "2022-12-01", false))
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"))
        .event(progression("2023-05-01", "secret-obs-id"));
    PatientAssessment a1 = s.assess("2024-01-01");
    PatientAssessment a2 = s.assess("2024-01-01");
    assertThat(a1).isEqualTo(a2);
    assertThat(a1.cancers().get(0).narrative()).doesNotContain("secret-obs-id").doesNotContain("p1")
        .doesNotContain("c1");
  }

  @Test
  void eventsAfterAsOfAreIgnored() {
    CancerAssessment a = Scenario.given()
        .cancer(cancer("c1", CancerType.NSCLC, "2022-12-01", false))
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"))
        .event(progression("2024-05-01", "future"))
        .assessOnly("2024-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.NOT_REFRACTORY);
  }
}
