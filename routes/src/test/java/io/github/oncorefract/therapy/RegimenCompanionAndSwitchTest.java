package io.github.oncorefract.therapy;

import static io.github.oncorefract.therapy.TestData.d;
import static io.github.oncorefract.therapy.TestData.ex;
import static io.github.oncorefract.therapy.TestData.progression;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.assessment.AssessmentParameters;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureSource;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StopReason;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, class 5 (regimen drugs that belong to the line) and the class 6 "no later stop" rule of the engine, as
 * given/when/then scenarios: given these exposures, when lines are derived with these parameters, then these lines.
 */
class RegimenCompanionAndSwitchTest {

  private static final LocalDate AS_OF = d("2025-01-01");
  private static final AssessmentParameters DEFAULTS = AssessmentParameters.defaults();

  private static List<LineOfTherapy> derive(CancerType type, List<DrugExposure> exposures) {
    return new LineOfTherapyEngine(DEFAULTS.therapyFor(type), MapDrugCatalog.standard())
        .derive(exposures, List.of(), null, null, AS_OF);
  }

  /** One-day administrations of each drug every {@code everyDays} days, {@code cycles} times, from {@code start}. */
  private static List<DrugExposure> cycles(String start, int everyDays, int cycles, String... drugs) {
    List<DrugExposure> out = new ArrayList<>();
    LocalDate day = d(start);
    for (int c = 0; c < cycles; c++) {
      for (String drug : drugs) {
        out.add(ex(drug, day.toString()).to(day.toString()).id(drug + "-" + day).build());
      }
      day = day.plusDays(everyDays);
    }
    return out;
  }

  @Nested
  @DisplayName("issue 8, class 5: included supportive drugs are regimen companions")
  class Companions {

    @Test
    @DisplayName("issue 8, class 5: myeloma VRd shows dexamethasone; the line's dates come from V and R")
    void vrdShowsDexamethasone() {
      // given VRd: bortezomib days 1/8 (one record per cycle), lenalidomide continuous, dexamethasone weekly records,
      // the last dexamethasone dose a week after the last bortezomib
      List<DrugExposure> given = new ArrayList<>(cycles("2023-01-02", 21, 8, "bortezomib"));
      given.add(ex("lenalidomide", "2023-01-02").to("2023-06-18").build());
      LocalDate day = d("2023-01-02");
      for (int i = 0; i < 25; i++) {
        given.add(ex("dexamethasone", day.toString()).to(day.toString()).id("dex-" + day).build());
        day = day.plusDays(7);
      }
      // when derived for multiple myeloma
      var lines = derive(CancerType.MULTIPLE_MYELOMA, given);
      // then one VRd line, ending with lenalidomide, not with the last dexamethasone record (2023-06-19)
      assertThat(lines).singleElement().satisfies(l -> {
        assertThat(l.regimenLabel()).isEqualTo("bortezomib + dexamethasone + lenalidomide");
        assertThat(l.start()).isEqualTo(d("2023-01-02"));
        assertThat(l.end()).isEqualTo(d("2023-06-18"));
        assertThat(l.sources()).contains(new ResourceRef("MedicationAdministration", "dex-2023-01-02"));
      });
    }

    @Test
    @DisplayName("issue 8, class 5: DPd after VRd: each line shows its own dexamethasone; steroid never starts a line")
    void dexamethasoneNeverStartsALine() {
      // given VRd, then dexamethasone alone for a month (bridging), then DPd with dexamethasone
      List<DrugExposure> given = new ArrayList<>(List.of(
          ex("bortezomib", "2022-01-03").to("2022-06-30").build(),
          ex("lenalidomide", "2022-01-03").to("2022-06-30").build(),
          ex("dexamethasone", "2022-01-03").to("2022-06-30").id("dex-vrd").build(),
          ex("dexamethasone", "2022-09-01").to("2022-09-30").id("dex-bridge").build(),
          ex("daratumumab", "2022-12-01").to("2023-06-30").build(),
          ex("pomalidomide", "2022-12-01").to("2023-06-30").build(),
          ex("dexamethasone", "2022-12-01").to("2023-06-30").id("dex-dpd").build()));
      // when derived for multiple myeloma
      var lines = derive(CancerType.MULTIPLE_MYELOMA, given);
      // then two lines; the bridging steroid, near neither line, is in neither and starts none
      assertThat(lines).extracting(LineOfTherapy::regimenLabel).containsExactly(
          "bortezomib + dexamethasone + lenalidomide", "daratumumab + dexamethasone + pomalidomide");
      assertThat(lines.get(0).end()).isEqualTo(d("2022-06-30"));
      assertThat(lines).allSatisfy(l -> assertThat(l.sources())
          .doesNotContain(new ResourceRef("MedicationAdministration", "dex-bridge")));
    }

    @Test
    @DisplayName("issue 8, class 5: dexamethasone alone is no line")
    void steroidAloneIsNoLine() {
      var lines = derive(CancerType.MULTIPLE_MYELOMA, List.of(
          ex("dexamethasone", "2023-01-01").to("2023-03-01").build()));
      assertThat(lines).isEmpty();
    }

    @Test
    @DisplayName("issue 8, class 5: Kd: dexamethasone stopped for toxicity does not end the line for toxicity")
    void companionStopDoesNotShapeTheLine() {
      var lines = derive(CancerType.MULTIPLE_MYELOMA, List.of(
          ex("carfilzomib", "2023-01-01").to("2023-08-01").build(),
          ex("dexamethasone", "2023-01-01").to("2023-07-20").stop(StopReason.TOXICITY).build()));
      assertThat(lines).singleElement().satisfies(l -> {
        assertThat(l.regimenLabel()).isEqualTo("carfilzomib + dexamethasone");
        assertThat(l.endReason()).isEqualTo(LineEndReason.COMPLETED);
      });
    }

    @Test
    @DisplayName("issue 8, class 5: R-CHOP shows prednisone, including a pre-phase a week before cycle 1")
    void rchopShowsPrednisoneAndItsPrephase() {
      List<DrugExposure> given = new ArrayList<>();
      given.add(ex("prednisone", "2023-02-22").to("2023-02-28").id("pred-prephase").build());
      given.addAll(cycles("2023-03-01", 21, 6, "rituximab", "cyclophosphamide", "doxorubicin", "vincristine"));
      var lines = derive(CancerType.DLBCL, given);
      assertThat(lines).singleElement().satisfies(l -> {
        assertThat(l.regimenLabel())
            .isEqualTo("cyclophosphamide + doxorubicin + prednisone + rituximab + vincristine");
        assertThat(l.start()).isEqualTo(d("2023-03-01"));
      });
    }

    @Test
    @DisplayName("issue 8, class 5: R-CVP in another (follicular) lymphoma shows prednisolone by default")
    void otherLymphomaShowsPrednisolone() {
      List<DrugExposure> given = new ArrayList<>(
          cycles("2023-03-01", 21, 8, "rituximab", "cyclophosphamide", "vincristine", "prednisolone"));
      var lines = derive(CancerType.OTHER_HAEMATOLOGICAL, given);
      assertThat(lines).singleElement().extracting(LineOfTherapy::regimenLabel)
          .isEqualTo("cyclophosphamide + prednisolone + rituximab + vincristine");
    }

    @Test
    @DisplayName("issue 8, class 5: dexamethasone premedication in breast cancer stays out")
    void premedicationInBreastCancerStaysOut() {
      List<DrugExposure> given = new ArrayList<>(cycles("2023-03-01", 21, 4, "docetaxel", "dexamethasone"));
      var lines = derive(CancerType.BREAST, given);
      assertThat(lines).singleElement().satisfies(l -> {
        assertThat(l.regimenLabel()).isEqualTo("docetaxel");
        assertThat(l.sources()).allMatch(r -> r.id().startsWith("docetaxel"));
      });
    }

    @Test
    @DisplayName("issue 8, class 5: dexamethasone in DLBCL is not configured there and stays out")
    void dexamethasoneInDlbclStaysOut() {
      List<DrugExposure> given = new ArrayList<>(
          cycles("2023-03-01", 21, 2, "rituximab", "cyclophosphamide", "doxorubicin", "vincristine", "prednisone",
              "dexamethasone"));
      var lines = derive(CancerType.DLBCL, given);
      assertThat(lines).singleElement().extracting(LineOfTherapy::regimenLabel)
          .isEqualTo("cyclophosphamide + doxorubicin + prednisone + rituximab + vincristine");
    }
  }

  @Nested
  @DisplayName("issue 8, class 5: switch maintenance only after an adequate platinum induction")
  class SwitchMaintenance {

    @Test
    @DisplayName("issue 8, class 5: 4 cycles of carboplatin + paclitaxel, then pemetrexed on day 84: one line")
    void afterFourPlatinumCyclesTheSwitchKeepsTheLine() {
      List<DrugExposure> given = new ArrayList<>(cycles("2023-01-02", 21, 4, "carboplatin", "paclitaxel"));
      given.add(ex("pemetrexed", "2023-03-27").to("2023-09-01").build());
      var lines = derive(CancerType.NSCLC, given);
      assertThat(lines).singleElement().satisfies(l -> {
        assertThat(l.regimenLabel()).isEqualTo("carboplatin + paclitaxel + pemetrexed");
        assertThat(l.end()).isEqualTo(d("2023-09-01"));
      });
    }

    @Test
    @DisplayName("issue 8, class 5: 2 cycles only, then docetaxel: a new line")
    void afterTwoCyclesTheSwitchIsANewLine() {
      List<DrugExposure> given = new ArrayList<>(cycles("2023-01-02", 21, 2, "carboplatin", "paclitaxel"));
      given.add(ex("docetaxel", "2023-02-13").to("2023-06-01").build());
      var lines = derive(CancerType.NSCLC, given);
      assertThat(lines).extracting(LineOfTherapy::regimenLabel).containsExactly("carboplatin + paclitaxel",
          "docetaxel");
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.NEW_REGIMEN);
    }

    @Test
    @DisplayName("issue 8, class 5: one platinum cycle then a pause does not count as 84 days of induction")
    void aPauseIsNoInduction() {
      List<DrugExposure> given = new ArrayList<>(cycles("2023-01-02", 21, 1, "carboplatin", "paclitaxel"));
      given.add(ex("pemetrexed", "2023-04-17").to("2023-08-01").build());
      var lines = derive(CancerType.NSCLC, given);
      assertThat(lines).hasSize(2);
    }

    @Test
    @DisplayName("issue 8, class 5: a switch after a non-platinum induction is a new line")
    void nonPlatinumInductionIsANewLine() {
      List<DrugExposure> given = new ArrayList<>(cycles("2023-01-02", 21, 6, "paclitaxel", "bevacizumab"));
      given.add(ex("docetaxel", "2023-04-24").to("2023-08-01").build());
      var lines = derive(CancerType.NSCLC, given);
      assertThat(lines).extracting(LineOfTherapy::regimenLabel).containsExactly("bevacizumab + paclitaxel",
          "docetaxel");
    }

    @Test
    @DisplayName("issue 8, class 5: the minimum induction is configurable")
    void minimumInductionIsConfigurable() {
      List<DrugExposure> given = new ArrayList<>(cycles("2023-01-02", 21, 2, "carboplatin", "paclitaxel"));
      given.add(ex("docetaxel", "2023-02-13").to("2023-06-01").build());
      var params = TherapyParameters.defaults().withSwitchMaintenance(Set.of("platinum"), 42);
      var lines = new LineOfTherapyEngine(params, MapDrugCatalog.standard())
          .derive(given, List.of(), null, null, AS_OF);
      assertThat(lines).singleElement().extracting(LineOfTherapy::regimenLabel)
          .isEqualTo("carboplatin + docetaxel + paclitaxel");
    }

    @Test
    @DisplayName("issue 8, class 5: progression after adequate induction still makes the switch a new line")
    void progressionStillWins() {
      List<DrugExposure> given = new ArrayList<>(cycles("2023-01-02", 21, 4, "carboplatin", "paclitaxel"));
      given.add(ex("pemetrexed", "2023-03-27").to("2023-09-01").build());
      var lines = new LineOfTherapyEngine(TherapyParameters.defaults(), MapDrugCatalog.standard())
          .derive(given, List.of(progression("2023-03-20", "prog")), null, null, AS_OF);
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.PROGRESSION);
    }
  }

  @Nested
  @DisplayName("issue 8, class 6: an open active record is ongoing unless a later record stops it")
  class LaterStop {

    @Test
    @DisplayName("issue 8, class 6: active gefitinib with one date and no later stop is ongoing")
    void activeWithoutStopIsOngoing() {
      var lines = derive(CancerType.NSCLC, List.of(ex("gefitinib", "2019-04-01").status(ExposureStatus.ACTIVE)
          .source(ExposureSource.MEDICATION_STATEMENT).build()));
      assertThat(lines).singleElement().satisfies(l -> {
        assertThat(l.end()).isNull();
        assertThat(l.endReason()).isEqualTo(LineEndReason.ONGOING);
      });
    }

    @Test
    @DisplayName("issue 8, class 6: a stopped statement of the same drug, same day or later, ends it")
    void aLaterStopEndsIt() {
      var lines = derive(CancerType.NSCLC, List.of(
          ex("gefitinib", "2019-04-01").status(ExposureStatus.ACTIVE).source(ExposureSource.MEDICATION_STATEMENT)
              .id("active").build(),
          ex("gefitinib", "2019-10-01").to("2019-10-01").status(ExposureStatus.STOPPED)
              .source(ExposureSource.MEDICATION_STATEMENT).id("stopped").build()));
      assertThat(lines).singleElement().satisfies(l -> {
        assertThat(l.end()).isEqualTo(d("2019-10-01"));
        assertThat(l.endReason()).isEqualTo(LineEndReason.COMPLETED);
      });
    }

    @Test
    @DisplayName("issue 8, class 6: a completed order of the same drug does not stop an active statement")
    void aCompletedOrderIsNoStop() {
      var lines = derive(CancerType.NSCLC, List.of(
          ex("gefitinib", "2019-04-01").status(ExposureStatus.ACTIVE).source(ExposureSource.MEDICATION_STATEMENT)
              .id("active").build(),
          ex("gefitinib", "2019-05-01").to("2019-05-30").status(ExposureStatus.COMPLETED)
              .source(ExposureSource.MEDICATION_REQUEST).id("refill").build()));
      assertThat(lines).singleElement().extracting(LineOfTherapy::endReason).isEqualTo(LineEndReason.ONGOING);
    }
  }
}
