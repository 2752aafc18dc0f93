package io.github.oncorefract.therapy;

import static io.github.oncorefract.therapy.TestData.d;
import static io.github.oncorefract.therapy.TestData.ex;
import static io.github.oncorefract.therapy.TestData.progression;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureSource;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StopReason;
import io.github.oncorefract.domain.TreatmentIntent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Scenario tests: given these exposures and events, when lines are derived, then these lines. */
class LineOfTherapyEngineTest {

  private static final LocalDate AS_OF = d("2025-01-01");
  private final LineOfTherapyEngine engine =
      new LineOfTherapyEngine(TherapyParameters.defaults(), MapDrugCatalog.standard());

  private List<LineOfTherapy> derive(List<DrugExposure> exposures) {
    return derive(exposures, List.of(), null, null);
  }

  private List<LineOfTherapy> derive(List<DrugExposure> exposures, List<DiseaseStatusEvent> events,
      LocalDate advanced, LocalDate death) {
    return engine.derive(exposures, events, advanced, death, AS_OF);
  }

  @Nested
  class RegimenWindow {
    @Test
    void ingredientStartedOnDay28JoinsTheRegimen() {
      var lines = derive(List.of(
          ex("carboplatin", "2023-01-10").to("2023-01-10").build(),
          ex("pemetrexed", "2023-02-07").to("2023-02-07").build()));
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0).regimen()).containsExactly("carboplatin", "pemetrexed");
    }

    @Test
    void newIngredientOnDay29StartsANewLine() {
      var lines = derive(List.of(
          ex("carboplatin", "2023-01-10").to("2023-01-10").build(),
          ex("pembrolizumab", "2023-02-08").to("2023-02-08").build()));
      assertThat(lines).extracting(LineOfTherapy::regimenLabel).containsExactly("carboplatin", "pembrolizumab");
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.NEW_REGIMEN);
      assertThat(lines.get(1).number()).isEqualTo(2);
    }

    @Test
    void newCombinationReusingAnOldDrugGoesWhollyToTheNewLine() {
      var lines = derive(List.of(
          ex("carboplatin", "2023-01-10").to("2023-04-01").build(),
          ex("pemetrexed", "2023-01-10").to("2023-04-01").build(),
          ex("cisplatin", "2023-06-01").to("2023-08-01").build(),
          ex("etoposide", "2023-06-01").to("2023-08-01").build()));
      assertThat(lines).extracting(LineOfTherapy::regimenLabel)
          .containsExactly("carboplatin + pemetrexed", "cisplatin + etoposide");
    }
  }

  @Nested
  class Gap {
    @Test
    void anOpenActiveRecordOfTheSameDrugHasNoGap() {
      // Pembrolizumab recorded as an active MedicationStatement with no end, then ordered again 7 months later:
      // one continuous line, not a new line after a 212-day "gap".
      var lines = derive(List.of(
          ex("pembrolizumab", "2022-01-01").status(ExposureStatus.ACTIVE)
              .source(ExposureSource.MEDICATION_STATEMENT).build(),
          ex("pembrolizumab", "2022-08-01").to("2022-08-01").source(ExposureSource.MEDICATION_REQUEST).build()));
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.ONGOING);
    }

    @Test
    void aStoppedRecordOfTheSameDrugStillGetsTheGap() {
      var lines = derive(List.of(
          ex("pembrolizumab", "2022-01-01").status(ExposureStatus.STOPPED).build(),
          ex("pembrolizumab", "2022-08-01").to("2022-08-01").build()));
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.GAP);
    }

    @Test
    void moreThan180DaysStartsANewLineForTheSameRegimen() {
      var lines = derive(List.of(
          ex("carboplatin", "2023-01-01").to("2023-03-01").build(),
          ex("paclitaxel", "2023-01-01").to("2023-03-01").build(),
          ex("carboplatin", "2023-08-29").to("2023-10-01").id("c2").build(),
          ex("paclitaxel", "2023-08-29").to("2023-10-01").id("p2").build()));
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.GAP);
      assertThat(lines.get(0).end()).isEqualTo(d("2023-03-01"));
      assertThat(lines.get(1).regimenLabel()).isEqualTo("carboplatin + paclitaxel");
    }

    @Test
    void exactly180DaysKeepsTheLine() {
      var lines = derive(List.of(
          ex("carboplatin", "2023-01-01").to("2023-03-01").build(),
          ex("carboplatin", "2023-08-28").to("2023-09-01").id("c2").build()));
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0).end()).isEqualTo(d("2023-09-01"));
    }

    @Test
    void gapExemptTkiResumedAfterAGapKeepsTheLine() {
      var lines = derive(List.of(
          ex("erlotinib", "2022-01-01").to("2022-03-01").build(),
          ex("erlotinib", "2022-10-01").to("2023-01-01").id("e2").build()));
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0).end()).isEqualTo(d("2023-01-01"));
    }

    @Test
    void gapExemptionIsConfigurable() {
      var params = new TherapyParameters(28, 180, Set.of(), false, Set.of(), 60, 60);
      var lines = new LineOfTherapyEngine(params, MapDrugCatalog.standard()).derive(List.of(
          ex("erlotinib", "2022-01-01").to("2022-03-01").build(),
          ex("erlotinib", "2022-10-01").to("2023-01-01").id("e2").build()), List.of(), null, null, AS_OF);
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.GAP);
    }

    @Test
    void aNewDrugAfterAGapEndsTheLineAsNewRegimen() {
      var lines = derive(List.of(
          ex("erlotinib", "2022-01-01").to("2022-03-01").build(),
          ex("docetaxel", "2022-10-01").to("2023-01-01").build()));
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.NEW_REGIMEN);
    }
  }

  @Test
  void substitutionKeepsTheLine() {
    var lines = derive(List.of(
        ex("cisplatin", "2023-01-01").to("2023-01-01").build(),
        ex("paclitaxel", "2023-01-01").to("2023-01-01").build(),
        ex("carboplatin", "2023-03-01").to("2023-03-01").build(),
        ex("nab-paclitaxel", "2023-03-01").to("2023-04-01").build()));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).regimen()).containsExactly("carboplatin", "cisplatin", "nab-paclitaxel", "paclitaxel");
  }

  @Nested
  class Maintenance {
    @Test
    void continuationMaintenanceKeepsTheLine() {
      var lines = derive(List.of(
          ex("carboplatin", "2023-01-01").to("2023-03-15").build(),
          ex("pemetrexed", "2023-01-01").to("2023-03-15").build(),
          ex("pemetrexed", "2023-04-05").to("2023-10-01").id("pem-maint").build()));
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0).end()).isEqualTo(d("2023-10-01"));
    }

    @Test
    void switchMaintenanceWithoutProgressionKeepsTheLine() {
      var lines = derive(List.of(
          ex("carboplatin", "2023-01-01").to("2023-03-15").build(),
          ex("paclitaxel", "2023-01-01").to("2023-03-15").build(),
          ex("pemetrexed", "2023-04-05").to("2023-10-01").build()));
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0).regimen()).containsExactly("carboplatin", "paclitaxel", "pemetrexed");
    }

    @Test
    void switchAfterProgressionStartsANewLine() {
      var lines = derive(List.of(
              ex("carboplatin", "2023-01-01").to("2023-03-15").build(),
              ex("pemetrexed", "2023-01-01").to("2023-03-15").build(),
              ex("docetaxel", "2023-04-05").to("2023-10-01").build()),
          List.of(progression("2023-03-30", "prog1")), null, null);
      assertThat(lines).extracting(LineOfTherapy::regimenLabel)
          .containsExactly("carboplatin + pemetrexed", "docetaxel");
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.PROGRESSION);
      assertThat(lines.get(0).sources()).contains(new ResourceRef("Observation", "prog1"));
    }

    @Test
    void noResponseStopBlocksSwitchMaintenance() {
      var lines = derive(List.of(
          ex("carboplatin", "2023-01-01").to("2023-03-15").stop(StopReason.NO_RESPONSE).build(),
          ex("pemetrexed", "2023-01-01").to("2023-03-15").build(),
          ex("docetaxel", "2023-04-05").to("2023-10-01").build()));
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.PROGRESSION);
    }

    @Test
    void continuationOnlyDrugNotInTheRegimenStartsANewLine() {
      var lines = derive(List.of(
          ex("carboplatin", "2023-01-01").to("2023-03-15").build(),
          ex("pemetrexed", "2023-01-01").to("2023-03-15").build(),
          ex("gemcitabine", "2023-04-05").to("2023-10-01").build()));
      assertThat(lines).hasSize(2);
    }
  }

  @Test
  void droppingADrugDoesNotStartANewLine() {
    var lines = derive(List.of(
        ex("carboplatin", "2023-01-01").to("2023-03-01").build(),
        ex("pemetrexed", "2023-01-01").to("2023-03-01").build(),
        ex("pembrolizumab", "2023-01-01").to("2023-03-01").build(),
        ex("pembrolizumab", "2023-03-22").to("2023-12-01").id("pembro2").build(),
        ex("pemetrexed", "2023-03-22").to("2023-12-01").id("pem2").build()));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).regimen()).containsExactly("carboplatin", "pembrolizumab", "pemetrexed");
  }

  @Test
  void partialMonthStartJoinsTheLineItsEarliestDayFallsIn() {
    // The normaliser maps a start of "2023-03" to 2023-03-01 and an end of "2023-06" to 2023-06-30.
    var lines = derive(List.of(
        ex("carboplatin", "2023-02-10").to("2023-02-10").build(),
        ex("pemetrexed", "2023-03-01").to("2023-06-30").build()));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).regimen()).containsExactly("carboplatin", "pemetrexed");
    assertThat(lines.get(0).end()).isEqualTo(d("2023-06-30"));
  }

  @Test
  void unknownAndSupportiveIngredientsAreIgnored() {
    var lines = derive(List.of(
        ex("mysteryumab", "2022-06-01").to("2022-06-01").build(),
        ex("carboplatin", "2023-01-01").to("2023-03-01").build(),
        ex("ondansetron", "2023-01-01").to("2023-03-01").build(),
        ex("filgrastim", "2023-05-01").to("2023-05-10").build(),
        ex("dexamethasone", "2023-05-01").to("2023-05-10").build()));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).regimen()).containsExactly("carboplatin");
    assertThat(lines.get(0).start()).isEqualTo(d("2023-01-01"));
    assertThat(lines.get(0).end()).isEqualTo(d("2023-03-01"));
  }

  @Test
  void includedSupportiveDrugCounts() {
    var params = TherapyParameters.defaults().withIncludedSupportive(Set.of("dexamethasone"));
    var lines = new LineOfTherapyEngine(params, MapDrugCatalog.standard()).derive(List.of(
        ex("lenalidomide", "2023-01-01").to("2023-06-01").build(),
        ex("dexamethasone", "2023-01-01").to("2023-06-01").build()), List.of(), null, null, AS_OF);
    assertThat(lines.get(0).regimen()).containsExactly("dexamethasone", "lenalidomide");
  }

  @Test
  void manyMonthlyCyclesWithOnlyAStartDayAreOneLine() {
    List<DrugExposure> orders = new ArrayList<>();
    LocalDate day = d("2019-01-15");
    for (int i = 0; i < 48; i++) {
      for (String drug : List.of("cisplatin", "paclitaxel")) {
        orders.add(ex(drug, day.toString()).source(ExposureSource.MEDICATION_REQUEST)
            .status(ExposureStatus.STOPPED).id(drug + i).build());
      }
      day = day.plusMonths(1);
    }
    var lines = derive(orders);
    assertThat(lines).hasSize(1);
    LineOfTherapy line = lines.get(0);
    assertThat(line.regimenLabel()).isEqualTo("cisplatin + paclitaxel");
    assertThat(line.end()).isEqualTo(d("2022-12-15"));
    assertThat(line.endReason()).isEqualTo(LineEndReason.COMPLETED);
    assertThat(line.sources()).hasSize(96);
  }

  @Test
  void sameDrugRecordedFourWaysCountsOnce() {
    var lines = derive(List.of(
        ex("osimertinib", "2023-01-01").source(ExposureSource.MEDICATION_STATEMENT).to("2023-12-31").id("s").build(),
        ex("osimertinib", "2023-01-01").source(ExposureSource.MEDICATION_REQUEST).id("r").build(),
        ex("osimertinib", "2023-01-02").source(ExposureSource.MEDICATION_ADMINISTRATION).id("a").build(),
        ex("osimertinib", "2023-01-01").source(ExposureSource.PROCEDURE).to("2023-12-31").id("p").build()));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).sources()).containsExactly(
        new ResourceRef("MedicationAdministration", "a"), new ResourceRef("MedicationRequest", "r"),
        new ResourceRef("MedicationStatement", "s"), new ResourceRef("Procedure", "p"));
  }

  @Nested
  class Setting {
    @Test
    void curativeIntentLinesAreCountedApartFromAdvancedLines() {
      var lines = derive(List.of(
              ex("cisplatin", "2021-01-01").to("2021-03-01").intent(TreatmentIntent.CURATIVE).build(),
              ex("vinorelbine", "2021-01-01").to("2021-03-01").intent(TreatmentIntent.CURATIVE).build(),
              ex("carboplatin", "2023-01-01").to("2023-03-01").build(),
              ex("pemetrexed", "2023-01-01").to("2023-03-01").build(),
              ex("docetaxel", "2023-06-01").to("2023-08-01").build()),
          List.of(progression("2022-11-01", "rec"), progression("2023-05-01", "p2")), d("2022-11-01"), null);
      assertThat(lines).extracting(LineOfTherapy::setting)
          .containsExactly(LineSetting.CURATIVE, LineSetting.ADVANCED, LineSetting.ADVANCED);
      assertThat(lines).extracting(LineOfTherapy::numberInSetting).containsExactly(1, 1, 2);
      assertThat(lines).extracting(LineOfTherapy::number).containsExactly(1, 2, 3);
    }

    /** Issue 8, class 2: a later advanced-disease date never makes an earlier line curative (no intent, no stage). */
    @Test
    void noIntentNoStageBeforeTheAdvancedDateIsAssumedAdvanced() {
      var lines = derive(List.of(ex("cisplatin", "2021-01-01").to("2021-03-01").build()), List.of(),
          d("2022-01-01"), null);
      assertThat(lines.get(0).setting()).isEqualTo(LineSetting.ADVANCED);
    }

    @Test
    void lineWithItsOwnProgressionIsAdvancedAlthoughTheProgressionMarksTheAdvancedDate() {
      var lines = derive(List.of(ex("carboplatin", "2023-01-10").to("2023-04-01").build()),
          List.of(progression("2023-05-01", "p1")), d("2023-05-01"), null);
      assertThat(lines.get(0).setting()).isEqualTo(LineSetting.ADVANCED);
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.PROGRESSION);
    }

    @Test
    void noInformationAtAllIsAdvanced() {
      var lines = derive(List.of(ex("cisplatin", "2021-01-01").to("2021-03-01").build()));
      assertThat(lines.get(0).setting()).isEqualTo(LineSetting.ADVANCED);
    }

    @Test
    void palliativeIntentMakesAnEarlyLineAdvanced() {
      var lines = derive(List.of(ex("cisplatin", "2021-01-01").intent(TreatmentIntent.PALLIATIVE).build()),
          List.of(), d("2022-01-01"), null);
      assertThat(lines.get(0).setting()).isEqualTo(LineSetting.ADVANCED);
    }
  }

  @Nested
  class EndReasons {
    @Test
    void activeOpenExposureIsOngoing() {
      var lines = derive(List.of(ex("osimertinib", "2024-01-01").status(ExposureStatus.ACTIVE).build()));
      assertThat(lines.get(0).end()).isNull();
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.ONGOING);
    }

    @Test
    void toxicityStop() {
      var lines = derive(List.of(
          ex("docetaxel", "2024-01-01").to("2024-02-01").status(ExposureStatus.STOPPED)
              .stop(StopReason.TOXICITY).build()));
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.TOXICITY);
    }

    @Test
    void deathWithinTheWindowOfTheEnd() {
      var lines = derive(List.of(ex("docetaxel", "2024-01-01").to("2024-02-01").build()), List.of(), null,
          d("2024-03-01"));
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.DEATH);
    }

    @Test
    void progressionLongAfterTheEndIsNotTheLinesProgression() {
      var lines = derive(List.of(ex("docetaxel", "2024-01-01").to("2024-02-01").build()),
          List.of(progression("2024-06-01", "late")), null, null);
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.COMPLETED);
    }

    @Test
    void unknownWhenStatusSaysNothing() {
      var lines = derive(List.of(ex("docetaxel", "2024-01-01").to("2024-02-01")
          .status(ExposureStatus.UNKNOWN).build()));
      assertThat(lines.get(0).endReason()).isEqualTo(LineEndReason.UNKNOWN);
    }

    @Test
    void exposuresAfterAsOfAreIgnored() {
      var lines = engine.derive(List.of(ex("docetaxel", "2024-01-01").to("2024-02-01").build(),
          ex("pembrolizumab", "2024-05-01").build()), List.of(), null, null, d("2024-04-01"));
      assertThat(lines).hasSize(1);
    }
  }
}
