package io.github.oncorefract.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.CodeMatch;
import io.github.oncorefract.domain.DiseaseStatus;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.ProcedureEvent;
import io.github.oncorefract.domain.ProcedureKind;
import io.github.oncorefract.domain.QuarantineEntry;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** Cancer recognition, disease status and procedures on fixture resources. */
class ConditionStatusProcedureTest {

  @Test
  void icd10GmOnlyConditionsWithoutClinicalStatus() {
    PatientRecord r = Fixtures.NORMALISER.normalise("a02e16474896f1d528cac71f2c9b4c45ac3c9028e3a53fb414a1f7882991ee07",
        Fixtures.load(Fixtures.OBDS + "Testpatient_1.xml.0.approved.fhir.json"));
    // five cancers: C50.9, C20, C43.5, C43.7 (text + code), C22.0
    assertThat(r.cancers()).extracting(CancerCondition::type).containsExactlyInAnyOrder(CancerType.BREAST,
        CancerType.COLORECTAL, CancerType.MELANOMA, CancerType.MELANOMA, CancerType.OTHER_SOLID);
    assertThat(r.cancers()).extracting(CancerCondition::matchedBy).containsOnly(CodeMatch.ICD10);
  }

  @Test
  void snomedTextAndRejectedSuspectedAndInSitu() {
    // Sherman_McGlynn: suspected lung cancer + SCLC codes + neoplasm of prostate + carcinoma in situ of prostate
    PatientRecord r = Fixtures.NORMALISER.normalise("ffb8ae8f-8c7f-4475-8c42-d38419108e94", Fixtures.load(
        "smart-generated-sample-data-synthea-r4/Sherman_McGlynn_8ef2ef98-48c5-427e-80d4-5e8f30ac8bf5.json"));
    assertThat(r.cancers()).extracting(CancerCondition::code)
        .containsExactlyInAnyOrder("126906006", "254632001", "67811000119102");
    // cervical carcinoma in situ D06.9 is not a cancer; "Mamma-Ca, links" (C50.9) is
    PatientRecord cis = Fixtures.NORMALISER.normalise(
        "43d8d22e39e073fbb83f221071d60fe92e947d234ada77f7401d0eb4d230a849",
        Fixtures.load(Fixtures.OBDS + "Testperson_Cervixinsitu.xml.0.approved.fhir.json"));
    assertThat(cis.cancers()).singleElement().extracting(CancerCondition::type, CancerCondition::matchedBy)
        .containsExactly(CancerType.BREAST, CodeMatch.ICD10);
  }

  @Test
  void enteredInErrorAndRefutedConditionsIgnored() {
    List<Resource> rs = Fixtures.load("hl7-fhir-r4-spec-examples/condition-example-f002-lung.json");
    Condition c = (Condition) rs.get(0);
    assertThat(Fixtures.NORMALISER.normalise("f001", rs).cancers()).singleElement()
        .extracting(CancerCondition::type, CancerCondition::onset)
        .containsExactly(CancerType.NSCLC, LocalDate.of(2011, 5, 5));
    c.setVerificationStatus(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
        "http://terminology.hl7.org/CodeSystem/condition-ver-status", "entered-in-error", null)));
    assertThat(Fixtures.NORMALISER.normalise("f001", rs).cancers()).isEmpty();
  }

  @Test
  void dstu2ShapedConditionAndInvalidAssertedDate() {
    PatientRecord r = Fixtures.NORMALISER.normalise("any",
        Fixtures.load("mcode-extraction-framework/condition-with-icd10.json"));
    assertThat(r.cancers()).singleElement().extracting(CancerCondition::type).isEqualTo(CancerType.BREAST);
    PatientRecord csv = Fixtures.NORMALISER.normalise("mrn-1",
        Fixtures.load("mcode-extraction-framework/csv-condition-bundle.json"));
    assertThat(csv.cancers()).singleElement().extracting(CancerCondition::code).isEqualTo("C02.0");
    assertThat(csv.quarantined()).extracting(QuarantineEntry::elementPath, QuarantineEntry::reason)
        .contains(org.assertj.core.groups.Tuple.tuple("extension(condition-assertedDate)", "invalid-date"));
  }

  @Test
  void diseaseStatusMiiVerlaufMtbResponseAndMcode() {
    PatientRecord r = Fixtures.NORMALISER.normalise("a02e16474896f1d528cac71f2c9b4c45ac3c9028e3a53fb414a1f7882991ee07",
        Fixtures.load(Fixtures.OBDS + "Testpatient_1.xml.0.approved.fhir.json"));
    assertThat(r.statusEvents()).extracting(DiseaseStatusEvent::date, DiseaseStatusEvent::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2020, 12, 1), DiseaseStatus.PROGRESSION),
        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2021, 6, 1), DiseaseStatus.RECURRENCE),
        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2021, 12, 2), DiseaseStatus.STABLE),
        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2021, 12, 15), DiseaseStatus.PROGRESSION));
    assertThat(r.statusEvents()).allMatch(e -> e.focus() != null && e.focus().type().equals("Condition"));
    PatientRecord mtb = Fixtures.NORMALISER.normalise("mii-exa-test-data-mtb-patient-1",
        Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-mtb-1.json"));
    assertThat(mtb.statusEvents()).singleElement().extracting(DiseaseStatusEvent::status)
        .isEqualTo(DiseaseStatus.PARTIAL_RESPONSE);
    PatientRecord onko = Fixtures.NORMALISER.normalise("mii-exa-test-data-onko-patient-1",
        Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-onkologie-1.json"));
    assertThat(onko.statusEvents()).extracting(DiseaseStatusEvent::status)
        .containsExactly(DiseaseStatus.COMPLETE_RESPONSE, DiseaseStatus.PARTIAL_RESPONSE);
    // mCODE 97509-4 with the snomed-requested complete-remission code (focus is an unresolvable urn:uuid)
    PatientRecord mcode = Fixtures.NORMALISER.normalise("mrn-1",
        Fixtures.load("mcode-extraction-framework/csv-cancer-disease-status-bundle.json"));
    assertThat(mcode.statusEvents()).singleElement().extracting(DiseaseStatusEvent::status, DiseaseStatusEvent::focus)
        .containsExactly(DiseaseStatus.COMPLETE_RESPONSE, null);
    assertThat(DiseaseStatusNormaliser.status(new CodeableConcept().addCoding(
        new org.hl7.fhir.r4.model.Coding("http://snomed.info/sct", "271299001", null))))
        .isEqualTo(DiseaseStatus.PROGRESSION);
  }

  @Test
  void watchfulWaitingIsAProcedureNeverADrug() {
    PatientRecord r = Fixtures.NORMALISER.normalise("66eab990c3ab4a1dac96eecfa7189a4455b4a4e9d39b1813fa20e17b8cc564d2",
        Fixtures.load(Fixtures.OBDS + "Testpatient_CLL.xml.0.approved.fhir.json"));
    assertThat(r.procedures()).extracting(ProcedureEvent::kind, ProcedureEvent::start, ProcedureEvent::end)
        .contains(org.assertj.core.groups.Tuple.tuple(ProcedureKind.WATCHFUL_WAITING, LocalDate.of(2015, 7, 15),
            LocalDate.of(2020, 7, 18)));
    assertThat(r.exposures()).extracting(DrugExposure::start).containsOnly(LocalDate.of(2020, 9, 1));
    assertThat(r.statusEvents()).singleElement().extracting(DiseaseStatusEvent::status)
        .isEqualTo(DiseaseStatus.PROGRESSION);
  }

  @Test
  void therapyRecordedOnlyAsProcedureStillCounts() {
    PatientRecord r = Fixtures.NORMALISER.normalise("9142ee3ff7990f826ada966f03da267e0fe662f73858158f5e868b772cd68730",
        Fixtures.load(Fixtures.OBDS + "Testpatient_Mamma.xml.0.approved.fhir.json"));
    assertThat(r.exposures()).extracting(DrugExposure::ingredient, DrugExposure::start).containsExactly(
        org.assertj.core.groups.Tuple.tuple("cisplatin", LocalDate.of(2020, 4, 3)),
        org.assertj.core.groups.Tuple.tuple("unspecified-hormone-therapy", LocalDate.of(2020, 8, 2)));
    assertThat(r.procedures()).extracting(ProcedureEvent::kind).contains(ProcedureKind.SYSTEMIC_THERAPY,
        ProcedureKind.RADIOTHERAPY, ProcedureKind.SURGERY);
  }

  @Test
  void partialDatesAndDataAbsentStarts() {
    // OBDS Testpatient_1: immunotherapy Procedure performedPeriod.start "2020-05" -> 2020-05-01
    PatientRecord r = Fixtures.NORMALISER.normalise("a02e16474896f1d528cac71f2c9b4c45ac3c9028e3a53fb414a1f7882991ee07",
        Fixtures.load(Fixtures.OBDS + "Testpatient_1.xml.0.approved.fhir.json"));
    assertThat(r.exposures()).singleElement().extracting(DrugExposure::ingredient, DrugExposure::start,
        DrugExposure::end).containsExactly("atezolizumab", LocalDate.of(2020, 5, 1), LocalDate.of(2020, 10, 15));
    // radiotherapy with _start data-absent-reason and an end: starts on the end; without end: missing-date
    PatientRecord rt = Fixtures.NORMALISER.normalise("6d5d660ab62ed4f79df30257578c3a98eda74f14c6499270e0d2c3c92a5c2dfc",
        Fixtures.load(Fixtures.OBDS + "obdsv3_st_strahlenart.xml.0.approved.fhir.json"));
    assertThat(rt.procedures()).extracting(ProcedureEvent::start).containsOnly(LocalDate.of(2021, 12, 2));
    assertThat(rt.quarantined()).extracting(QuarantineEntry::reason).containsOnly("missing-date");
    assertThat(FhirDates.parse("2016", FhirDates.Bound.END)).isEqualTo(LocalDate.of(2016, 12, 31));
    assertThat(FhirDates.parse("2024-02", FhirDates.Bound.END)).isEqualTo(LocalDate.of(2024, 2, 29));
    // issue 8, class 10: the local day the record states, not the UTC day
    assertThat(FhirDates.parse("2021-09-25T01:00:00+02:00", FhirDates.Bound.START))
        .isEqualTo(LocalDate.of(2021, 9, 25));
    assertThat(FhirDates.parse("YYYY-MM-DD", FhirDates.Bound.START)).isNull();
  }
}
