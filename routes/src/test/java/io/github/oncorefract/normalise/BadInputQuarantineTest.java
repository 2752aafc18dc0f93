package io.github.oncorefract.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.oncorefract.assessment.AssessmentParameters;
import io.github.oncorefract.assessment.PatientAssessor;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.QuarantineEntry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, bad input that still counted: a medication period whose start is after its end was quarantined but still
 * made a therapy line; a Condition with an empty code was ignored without a word.
 */
class BadInputQuarantineTest {

  private static final LocalDate AS_OF = LocalDate.of(2026, 6, 1);
  private static final PatientAssessor ASSESSOR =
      new PatientAssessor(AssessmentParameters.defaults(), Fixtures.CATALOG);
  private static final String P = "p-bad-input";

  private static Patient patient() {
    Patient p = new Patient();
    p.setId(P);
    return p;
  }

  private static Condition nsclc() {
    Condition c = new Condition();
    c.setId("c1");
    c.setSubject(new Reference("Patient/" + P));
    c.setCode(new CodeableConcept().addCoding(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "C34.90", null)));
    c.setOnset(new DateTimeType("2023-01-10"));
    return c;
  }

  private static CodeableConcept drug(String name) {
    return new CodeableConcept().setText(name);
  }

  private static MedicationStatement statement(String id, String drug, String start, String end) {
    MedicationStatement ms = new MedicationStatement();
    ms.setId(id);
    ms.setStatus(MedicationStatement.MedicationStatementStatus.COMPLETED);
    ms.setSubject(new Reference("Patient/" + P));
    ms.setMedication(drug(drug));
    ms.setEffective(new Period().setStartElement(new DateTimeType(start)).setEndElement(new DateTimeType(end)));
    return ms;
  }

  private static MedicationAdministration administration(String id, String drug, String start, String end) {
    MedicationAdministration ma = new MedicationAdministration();
    ma.setId(id);
    ma.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
    ma.setSubject(new Reference("Patient/" + P));
    ma.setMedication(drug(drug));
    ma.setEffective(new Period().setStartElement(new DateTimeType(start)).setEndElement(new DateTimeType(end)));
    return ma;
  }

  private static List<CancerAssessment> assess(PatientRecord rec) {
    PatientAssessment a = ASSESSOR.assess(rec, AS_OF);
    return a.cancers();
  }

  @Test
  @DisplayName("issue 10: valid periods make a line (the control)")
  void validPeriodsMakeALine() {
    PatientRecord rec = Fixtures.NORMALISER.normalise(P, List.of(patient(), nsclc(),
        statement("ms1", "carboplatin", "2023-02-01", "2023-05-01"),
        administration("ma1", "pemetrexed", "2023-02-01", "2023-02-01")));
    assertThat(rec.exposures()).extracting(e -> e.ingredient()).containsExactlyInAnyOrder("carboplatin", "pemetrexed");
    assertThat(assess(rec)).singleElement().satisfies(ca -> assertThat(ca.lines()).hasSize(1));
    assertThat(rec.quarantined()).isEmpty();
  }

  @Test
  @DisplayName("issue 10: a Statement and an Administration whose period starts after it ends: quarantined, no line")
  void invertedPeriodsAreQuarantinedAndMakeNoLine() {
    PatientRecord rec = Fixtures.NORMALISER.normalise(P, List.of(patient(), nsclc(),
        statement("ms1", "carboplatin", "2023-05-01", "2023-02-01"),
        administration("ma1", "pemetrexed", "2023-02-03T10:00:00Z", "2023-02-02T10:00:00Z")));

    assertThat(rec.exposures()).isEmpty();
    assertThat(rec.quarantined())
        .extracting(QuarantineEntry::resourceType, QuarantineEntry::resourceId, QuarantineEntry::elementPath,
            QuarantineEntry::reason)
        .containsExactlyInAnyOrder(
            tuple("MedicationStatement", "ms1", "effectivePeriod", "end-before-start"),
            tuple("MedicationAdministration", "ma1", "effectivePeriod", "end-before-start"));
    assertThat(assess(rec)).singleElement().satisfies(ca -> assertThat(ca.lines()).isEmpty());
  }

  @Test
  @DisplayName("issue 10: an order with an inverted boundsPeriod makes no line, not even from its authoredOn")
  void invertedOrderPeriodDoesNotFallBackToTheOrderDay() {
    MedicationRequest mr = new MedicationRequest();
    mr.setId("mr1");
    mr.setStatus(MedicationRequest.MedicationRequestStatus.COMPLETED);
    mr.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    mr.setSubject(new Reference("Patient/" + P));
    mr.setMedication(drug("carboplatin"));
    mr.setAuthoredOnElement(new DateTimeType("2023-02-01"));
    mr.addDosageInstruction().setTiming(new Timing().setRepeat(new Timing.TimingRepeatComponent()
        .setBounds(new Period().setStartElement(new DateTimeType("2023-06-01"))
            .setEndElement(new DateTimeType("2023-03-01")))));

    PatientRecord rec = Fixtures.NORMALISER.normalise(P, List.of(patient(), nsclc(), mr));

    assertThat(rec.exposures()).isEmpty();
    assertThat(rec.quarantined()).extracting(QuarantineEntry::elementPath, QuarantineEntry::reason)
        .containsExactly(tuple("dosageInstruction[0].timing.repeat.boundsPeriod", "end-before-start"));
    assertThat(assess(rec)).singleElement().satisfies(ca -> assertThat(ca.lines()).isEmpty());

    mr.getDosageInstructionFirstRep().getTiming().getRepeat().setBounds(null);
    assertThat(Fixtures.NORMALISER.normalise(P, List.of(patient(), nsclc(), mr)).exposures())
        .as("without the inverted period the order day counts, as before").isNotEmpty();
  }

  @Test
  @DisplayName("issue 10: a Condition with an empty or absent code is quarantined as missing-code, never silently")
  void conditionWithAnEmptyCodeIsQuarantined() {
    Condition noCodingNoText = new Condition();
    noCodingNoText.setId("c-empty");
    noCodingNoText.setSubject(new Reference("Patient/" + P));
    noCodingNoText.setCode(new CodeableConcept().addCoding(new Coding().setSystem("http://snomed.info/sct")));
    noCodingNoText.setOnset(new DateTimeType("2023-01-10"));
    Condition absent = new Condition();
    absent.setId("c-absent");
    absent.setSubject(new Reference("Patient/" + P));
    Condition textOnly = new Condition();
    textOnly.setId("c-text");
    textOnly.setSubject(new Reference("Patient/" + P));
    textOnly.setCode(new CodeableConcept().setText("Hypertension"));

    List<Resource> rs = new ArrayList<>(List.of(patient(), nsclc(), noCodingNoText, absent, textOnly));
    PatientRecord rec = Fixtures.NORMALISER.normalise(P, rs);

    assertThat(rec.cancers()).hasSize(1);
    assertThat(rec.quarantined())
        .extracting(QuarantineEntry::resourceType, QuarantineEntry::resourceId, QuarantineEntry::elementPath,
            QuarantineEntry::reason)
        .containsExactlyInAnyOrder(
            tuple("Condition", "c-empty", "code", "missing-code"),
            tuple("Condition", "c-absent", "code", "missing-code"));
    assertThat(rec.quarantined().toString()).as("no values, only type, id, path and reason")
        .doesNotContain("snomed").doesNotContain("Hypertension");
  }
}
