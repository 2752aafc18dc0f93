package io.github.oncorefract.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.assessment.AssessmentParameters;
import io.github.oncorefract.assessment.PatientAssessor;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.PatientRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, class 6: ongoing vs ended. On the real shapes of the public fixtures (mCODE STU1 MedicationStatement
 * examples, mcode/pathways Synthea T0 tamoxifen, Synthea colorectal Micah) and on small hand-built orders for the
 * dosage and dispense shapes no fixture has.
 */
class ExposureCourseTest {

  private static final LocalDate AS_OF = LocalDate.of(2026, 6, 1);
  private static final PatientAssessor ASSESSOR =
      new PatientAssessor(AssessmentParameters.defaults(), Fixtures.CATALOG);
  private static final String MCODE = "hl7-mcode-ig-stu1-examples/";

  private static CancerAssessment only(PatientRecord rec) {
    List<CancerAssessment> withLines = ASSESSOR.assess(rec, AS_OF).cancers().stream()
        .filter(c -> !c.lines().isEmpty()).toList();
    assertThat(withLines).hasSize(1);
    return withLines.get(0);
  }

  @Nested
  @DisplayName("issue 8, class 6: real fixture shapes")
  class Fixtures8 {

    @Test
    @DisplayName("issue 8, class 6: mCODE Example01, active gefitinib with one effectiveDateTime, is ongoing")
    void activeStatementWithOneDateIsOngoing() {
      List<Resource> rs = new ArrayList<>(Fixtures.load(MCODE + "Condition-mCODEPrimaryCancerConditionExample01.json"));
      rs.addAll(Fixtures.load(MCODE + "MedicationStatement-mCODECancerRelatedMedicationStatementExample01.json"));
      PatientRecord rec = Fixtures.NORMALISER.normalise("mCODEPatientExample01", rs);
      assertThat(rec.exposures()).singleElement().satisfies(e -> {
        assertThat(e.ingredient()).isEqualTo("gefitinib");
        assertThat(e.start()).isEqualTo(LocalDate.of(2019, 4, 1));
        assertThat(e.end()).isNull();
        assertThat(e.status()).isEqualTo(ExposureStatus.ACTIVE);
      });
      LineOfTherapy line = only(rec).lines().get(0);
      assertThat(line.end()).isNull();
      assertThat(line.endReason()).isEqualTo(LineEndReason.ONGOING);
    }

    @Test
    @DisplayName("issue 8, class 6: mCODE Example02, stopped 'treatment completed' with one date, ends on that date")
    void stoppedStatementWithOneDateEndsThatDay() {
      // The stop date is unknown (FINDINGS.md section 16); the one date is the last day the record shows the drug,
      // and the termination reason says the course was completed.
      List<Resource> rs = new ArrayList<>(Fixtures.load(MCODE + "Condition-mCODEPrimaryCancerConditionExample01.json"));
      rs.addAll(Fixtures.load(MCODE + "MedicationStatement-mCODECancerRelatedMedicationStatementExample02.json"));
      LineOfTherapy line = only(Fixtures.NORMALISER.normalise("mCODEPatientExample01", rs)).lines().get(0);
      assertThat(line.end()).isEqualTo(LocalDate.of(2019, 4, 1));
      assertThat(line.endReason()).isEqualTo(LineEndReason.COMPLETED);
    }

    @Test
    @DisplayName("issue 8, class 6: mCODE Example01 + Example02 together: the stop of the same day ends the course")
    void bothExamplesTogetherAreNotOngoing() {
      List<Resource> rs = new ArrayList<>(Fixtures.load(MCODE + "Condition-mCODEPrimaryCancerConditionExample01.json"));
      rs.addAll(Fixtures.load(MCODE + "MedicationStatement-mCODECancerRelatedMedicationStatementExample01.json"));
      rs.addAll(Fixtures.load(MCODE + "MedicationStatement-mCODECancerRelatedMedicationStatementExample02.json"));
      LineOfTherapy line = only(Fixtures.NORMALISER.normalise("mCODEPatientExample01", rs)).lines().get(0);
      assertThat(line.regimenLabel()).isEqualTo("gefitinib");
      assertThat(line.end()).isEqualTo(LocalDate.of(2019, 4, 1));
      assertThat(line.endReason()).isEqualTo(LineEndReason.COMPLETED);
      assertThat(line.sources()).hasSize(2);
    }

    @Test
    @DisplayName("issue 8, class 6: T0 tamoxifen, one completed daily order with no duration, is a 30-day course "
        + "whose end reason is unknown (the order was filled; when the drug stopped is not recorded)")
    void completedDailyOrderWithoutDurationIsOneDefaultCourse() {
      // mcode/pathways T0 $.entry[236]: status completed, timing.repeat 1/day, no bounds, no dispenseRequest.
      PatientRecord rec = Fixtures.NORMALISER.normalise("83e3ea53-34bf-46c3-94c1-6b3ad9addb3b",
          Fixtures.load("mcode-pathways-synthea/T0_patient.json"));
      DrugExposure tam = rec.exposures().stream().filter(e -> e.ingredient().equals("tamoxifen")).findFirst()
          .orElseThrow();
      assertThat(tam.start()).isEqualTo(LocalDate.of(2015, 4, 28));
      assertThat(tam.end()).isEqualTo(LocalDate.of(2015, 5, 27));
      LineOfTherapy line = only(rec).lines().get(1);
      assertThat(line.regimenLabel()).isEqualTo("tamoxifen");
      assertThat(line.end()).isEqualTo(LocalDate.of(2015, 5, 27));
      assertThat(line.endReason()).isEqualTo(LineEndReason.UNKNOWN);
    }

    @Test
    @DisplayName("issue 8, class 6: Micah oxaliplatin, an order active until death, ends with its last Procedure")
    void activeOrderEndsWithItsLastChemotherapyProcedure() {
      // One oxaliplatin + leucovorin order 2017-12-23 (active), six monthly Procedures 703423002 to 2018-05-31,
      // death 2020-11-24 (FINDINGS.md section 15).
      PatientRecord rec = Fixtures.NORMALISER.normalise("720b9118-3153-40c8-b162-cd963506be0e",
          Fixtures.load("smart-generated-sample-data-synthea-r4-metastatic/"
              + "Micah_Schinner_d4d72610-ec40-42ed-b34f-09e286181ee9.json"));
      assertThat(rec.exposures()).singleElement().satisfies(e -> {
        assertThat(e.ingredient()).isEqualTo("oxaliplatin");
        assertThat(e.status()).isEqualTo(ExposureStatus.ACTIVE);
        assertThat(e.end()).isEqualTo(LocalDate.of(2018, 5, 31));
      });
      assertThat(rec.supportiveExposures()).extracting(DrugExposure::ingredient).containsExactly("leucovorin");
      LineOfTherapy line = only(rec).lines().get(0);
      assertThat(line.regimenLabel()).isEqualTo("oxaliplatin");
      assertThat(line.start()).isEqualTo(LocalDate.of(2017, 12, 23));
      assertThat(line.end()).isEqualTo(LocalDate.of(2018, 5, 31));
      assertThat(line.endReason()).isNotEqualTo(LineEndReason.ONGOING);
    }
  }

  @Nested
  @DisplayName("issue 8, class 6: hand-built orders")
  class Orders {

    private MedicationRequest order(String status, String drug) {
      MedicationRequest mr = new MedicationRequest();
      mr.setId("rx");
      mr.setStatus(MedicationRequest.MedicationRequestStatus.fromCode(status));
      mr.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
      mr.setSubject(new Reference("Patient/p1"));
      mr.setMedication(new CodeableConcept().setText(drug));
      mr.setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType("2023-01-10"));
      return mr;
    }

    private Timing.TimingRepeatComponent daily(MedicationRequest mr, double tabletsPerDose) {
      var dosage = mr.addDosageInstruction();
      var repeat = dosage.getTiming().getRepeat();
      repeat.setFrequency(1).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D);
      dosage.addDoseAndRate().setDose(new Quantity().setValue(tabletsPerDose).setUnit("tablet"));
      return repeat;
    }

    private DrugExposure exposure(MedicationRequest mr) {
      return exposure(Fixtures.NORMALISER, mr);
    }

    private DrugExposure exposure(PatientNormaliser n, MedicationRequest mr) {
      PatientRecord rec = n.normalise("p1", List.of(mr));
      assertThat(rec.exposures()).hasSize(1);
      return rec.exposures().get(0);
    }

    @Test
    @DisplayName("issue 8, class 6: an active daily order with nothing about its length is open (ongoing)")
    void activeDailyOrderIsOpen() {
      MedicationRequest mr = order("active", "Anastrozole 1 MG Oral Tablet");
      daily(mr, 1);
      DrugExposure e = exposure(mr);
      assertThat(e.start()).isEqualTo(LocalDate.of(2023, 1, 10));
      assertThat(e.end()).isNull();
    }

    @Test
    @DisplayName("issue 8, class 6: expectedSupplyDuration 30 days with 2 repeats allowed is a 90-day course")
    void supplyTimesFills() {
      MedicationRequest mr = order("completed", "Anastrozole 1 MG Oral Tablet");
      daily(mr, 1);
      mr.getDispenseRequest().setNumberOfRepeatsAllowed(2)
          .setExpectedSupplyDuration((Duration) new Duration().setValue(30).setCode("d")
              .setSystem("http://unitsofmeasure.org"));
      assertThat(exposure(mr).end()).isEqualTo(LocalDate.of(2023, 1, 10).plusDays(89));
    }

    @Test
    @DisplayName("issue 8, class 6: quantity 56 tablets at 2 a day is a 28-day supply")
    void quantityOverDailyDose() {
      MedicationRequest mr = order("completed", "Lapatinib 250 MG Oral Tablet");
      daily(mr, 2);
      mr.getDispenseRequest().setQuantity((SimpleQuantity) new SimpleQuantity().setValue(56).setUnit("tablet"));
      assertThat(exposure(mr).end()).isEqualTo(LocalDate.of(2023, 1, 10).plusDays(27));
    }

    @Test
    @DisplayName("issue 8, class 6: quantity in a unit other than the dose's says nothing about the length")
    void quantityWithAnotherUnitIsIgnored() {
      MedicationRequest mr = order("completed", "Lapatinib 250 MG Oral Tablet");
      daily(mr, 2);
      mr.getDispenseRequest().setQuantity((SimpleQuantity) new SimpleQuantity().setValue(5).setUnit("mL"));
      // falls back to the default course
      assertThat(exposure(mr).end()).isEqualTo(LocalDate.of(2023, 1, 10).plusDays(29));
    }

    @Test
    @DisplayName("issue 8, class 6: boundsDuration 21 days")
    void boundsDuration() {
      MedicationRequest mr = order("completed", "Capecitabine 500 MG Oral Tablet");
      daily(mr, 2).setBounds(new Duration().setValue(21).setCode("d"));
      assertThat(exposure(mr).end()).isEqualTo(LocalDate.of(2023, 1, 30));
    }

    @Test
    @DisplayName("issue 8, class 6: 16 doses every 3 weeks end on day 316 (R4 spec medicationrequest0316 timing)")
    void countAtAPeriod() {
      MedicationRequest mr = order("completed", "Trastuzumab");
      mr.addDosageInstruction().getTiming().getRepeat().setCount(16).setFrequency(1)
          .setPeriod(3).setPeriodUnit(Timing.UnitsOfTime.WK);
      assertThat(exposure(mr).end()).isEqualTo(LocalDate.of(2023, 1, 10).plusDays(15 * 21));
    }

    @Test
    @DisplayName("issue 8, class 6: a completed daily order with 2 repeats and no supply counts 3 default courses")
    void repeatsWithoutSupply() {
      MedicationRequest mr = order("completed", "Tamoxifen 20 MG Oral Tablet");
      daily(mr, 1);
      mr.getDispenseRequest().setNumberOfRepeatsAllowed(2);
      assertThat(exposure(mr).end()).isEqualTo(LocalDate.of(2023, 1, 10).plusDays(89));
    }

    @Test
    @DisplayName("issue 8, class 6: the default course is configurable")
    void defaultCourseIsConfigurable() {
      PatientNormaliser n = new PatientNormaliser(Fixtures.CTX, Fixtures.CATALOG, Fixtures.CANCERS,
          new ExposureParameters(90, 90));
      MedicationRequest mr = order("completed", "Tamoxifen 20 MG Oral Tablet");
      daily(mr, 1);
      assertThat(exposure(n, mr).end()).isEqualTo(LocalDate.of(2023, 1, 10).plusDays(89));
    }

    @Test
    @DisplayName("issue 8, class 6: an order with no repeating dosage stays a one-day order (an IV cycle)")
    void oneOffOrderIsOneDay() {
      MedicationRequest mr = order("completed", "Paclitaxel 100 MG Injection");
      DrugExposure e = exposure(mr);
      assertThat(e.end()).isEqualTo(e.start());
    }

    @Test
    @DisplayName("issue 8, class 6: the dates of a non-positive supply are ignored")
    void nonPositiveSupplyIgnored() {
      MedicationRequest mr = order("stopped", "Tamoxifen 20 MG Oral Tablet");
      daily(mr, 1);
      mr.getDispenseRequest().setExpectedSupplyDuration((Duration) new Duration().setValue(BigDecimal.ZERO)
          .setCode("d"));
      assertThat(exposure(mr).end()).isEqualTo(LocalDate.of(2023, 1, 10).plusDays(29));
    }
  }
}
