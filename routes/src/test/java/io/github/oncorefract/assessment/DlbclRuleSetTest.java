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
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.ProcedureEvent;
import io.github.oncorefract.domain.ProcedureKind;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.StopReason;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.domain.TreatmentIntent;
import org.junit.jupiter.api.Test;

/** DLBCL rule set dlbcl-scholar-1 1.0.0 (SCHOLAR-1, Crump et al., Blood 2017). */
class DlbclRuleSetTest {

  private static Scenario rchop() {
    return Scenario.given().cancer(cancer("dlbcl", CancerType.DLBCL, "2022-01-10", false))
        .exposure(ex("rituximab", "2022-02-01").to("2022-06-01"), ex("cyclophosphamide", "2022-02-01").to("2022-06-01"),
            ex("doxorubicin", "2022-02-01").to("2022-06-01"), ex("vincristine", "2022-02-01").to("2022-06-01"),
            ex("prednisone", "2022-02-01").to("2022-06-01"));
  }

  private static ProcedureEvent transplant(ProcedureKind kind, String day) {
    return new ProcedureEvent(kind, d(day), d(day), TreatmentIntent.CURATIVE, null, ref("Procedure/sct"));
  }

  @Test
  void progressiveDiseaseAsBestResponseToFirstLineIsPrimaryRefractory() {
    CancerAssessment a = rchop().event(progression("2022-07-15", "pd")).assessOnly("2023-01-01");
    assertThat(a.ruleSetId()).isEqualTo("dlbcl-scholar-1");
    assertThat(a.ruleSetVersion()).isEqualTo("1.0.0");
    assertThat(a.lines()).singleElement().extracting(l -> l.regimenLabel())
        .isEqualTo("cyclophosphamide + doxorubicin + prednisone + rituximab + vincristine");
    assertThat(a.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(a.statusDate()).isEqualTo(d("2022-07-15"));
    assertThat(a.reasons()).extracting(Reason::code).containsExactly("primary-refractory");
    assertThat(a.suggestions()).filteredOn(s -> s.type() == SuggestionType.TREATMENT_STRATEGY_REVIEW)
        .singleElement().extracting(Suggestion::text).asString().contains("CAR-T").contains("autologous stem-cell");
  }

  @Test
  void stableDiseaseAsBestResponseIsRefractoryOnceTheLineEnded() {
    CancerAssessment a = rchop().event(event(DiseaseStatus.STABLE, "2022-07-20", null, "sd"))
        .assessOnly("2023-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(a.reasons()).extracting(Reason::text).first().asString().contains("stable disease");
  }

  @Test
  void stableDiseaseOnAnOngoingLineIsNotYetRefractory() {
    CancerAssessment a = Scenario.given().cancer(cancer("dlbcl", CancerType.DLBCL, "2022-01-10", false))
        .exposure(ex("rituximab", "2022-02-01").status(ExposureStatus.ACTIVE),
            ex("cyclophosphamide", "2022-02-01").status(ExposureStatus.ACTIVE))
        .event(event(DiseaseStatus.STABLE, "2022-04-01", null, "sd"))
        .assessOnly("2022-05-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.NOT_REFRACTORY);
  }

  @Test
  void bestResponseWinsOverAnEarlierStableAssessment() {
    CancerAssessment a = rchop().event(event(DiseaseStatus.STABLE, "2022-04-01", null, "interim"),
            event(DiseaseStatus.COMPLETE_RESPONSE, "2022-07-20", null, "cr"))
        .assessOnly("2023-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.NOT_REFRACTORY);
    assertThat(a.reasons()).extracting(Reason::code).containsExactly("no-refractory-response");
  }

  @Test
  void relapseAfterCompleteResponseIsAtRiskNotRefractory() {
    CancerAssessment a = rchop().event(event(DiseaseStatus.COMPLETE_RESPONSE, "2022-07-20", null, "cr"),
            progression("2023-09-01", "relapse"))
        .assessOnly("2024-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
    assertThat(a.statusDate()).isEqualTo(d("2023-09-01"));
    assertThat(a.reasons()).extracting(Reason::code).containsExactly("relapse-after-response");
  }

  @Test
  void refractoryToASecondLine() {
    CancerAssessment a = rchop().event(event(DiseaseStatus.COMPLETE_RESPONSE, "2022-07-20", null, "cr"),
            progression("2023-09-01", "relapse"))
        .exposure(ex("polatuzumab vedotin", "2023-09-20").to("2024-01-10"),
            ex("bendamustine", "2023-09-20").to("2024-01-10"), ex("rituximab", "2023-09-20").to("2024-01-10"))
        .event(progression("2024-02-01", "pd2"))
        .assessOnly("2024-06-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(a.reasons()).extracting(Reason::code).containsExactly("refractory-to-line");
    assertThat(a.statusDate()).isEqualTo(d("2024-02-01"));
  }

  @Test
  void noResponseStopWithoutResponseAssessmentIsRefractory() {
    CancerAssessment a = Scenario.given().cancer(cancer("dlbcl", CancerType.DLBCL, "2022-01-10", false))
        .exposure(ex("rituximab", "2022-02-01").to("2022-04-01").stop(StopReason.NO_RESPONSE))
        .assessOnly("2023-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(a.statusDate()).isEqualTo(d("2022-04-01"));
  }

  @Test
  void relapseWithinTwelveMonthsOfAsctIsRefractoryAndLaterIsAtRisk() {
    Scenario early = rchop().event(event(DiseaseStatus.COMPLETE_RESPONSE, "2022-07-20", null, "cr"))
        .procedure(transplant(ProcedureKind.AUTOLOGOUS_STEM_CELL_TRANSPLANT, "2022-08-15"))
        .event(progression("2023-08-15", "relapse"));
    CancerAssessment a = early.assessOnly("2024-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(a.reasons()).extracting(Reason::code).containsExactly("relapse-within-12-months-of-asct");
    assertThat(a.reasons().get(0).evidence()).contains(ref("Procedure/sct"), ref("Observation/relapse"));

    CancerAssessment late = rchop().event(event(DiseaseStatus.COMPLETE_RESPONSE, "2022-07-20", null, "cr"))
        .procedure(transplant(ProcedureKind.AUTOLOGOUS_STEM_CELL_TRANSPLANT, "2022-08-15"))
        .event(progression("2023-08-16", "relapse"))
        .assessOnly("2024-01-01");
    assertThat(late.status()).isEqualTo(RefractoryStatus.AT_RISK);
    assertThat(late.reasons()).extracting(Reason::code).containsExactly("relapse-after-asct", "relapse-after-response");
  }

  @Test
  void earlyRelapseAfterATransplantOfUnknownTypeIsOnlyAtRisk() {
    CancerAssessment a = rchop().event(event(DiseaseStatus.COMPLETE_RESPONSE, "2022-07-20", null, "cr"))
        .procedure(transplant(ProcedureKind.STEM_CELL_TRANSPLANT, "2022-08-15"))
        .event(progression("2023-01-15", "relapse"))
        .assessOnly("2024-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
    assertThat(a.reasons()).extracting(Reason::code)
        .containsExactly("relapse-after-transplant-of-unknown-type", "relapse-after-response");
  }

  @Test
  void noLineIsInsufficientData() {
    CancerAssessment a = Scenario.given().cancer(cancer("dlbcl", CancerType.DLBCL, "2022-01-10", false))
        .exposure(ex("ondansetron", "2022-02-01"))
        .assessOnly("2023-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.INSUFFICIENT_DATA);
  }
}
