package io.github.oncorefract.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.UnrecognisedMedication;
import io.github.oncorefract.knowledge.CodeSystems;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, class 4 (unknown drugs dropped silently): a medication that looks like a cancer drug but is not in the drug
 * table is reported as {@code unrecognised-medication} (type, id, codes, text; no patient identifier), never an
 * exposure and never silent; supportive and non-cancer drugs are not reported. Hand-built cases for the signals,
 * real public fixtures for the shapes they have.
 */
class UnrecognisedMedicationTest {

  private static final String P = "p1";

  private static MedicationRequest request(String id, CodeableConcept drug) {
    MedicationRequest mr = new MedicationRequest();
    mr.setId(id);
    mr.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    mr.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    mr.setSubject(new Reference("Patient/" + P));
    mr.setAuthoredOnElement(new DateTimeType("2024-03-01"));
    mr.setMedication(drug);
    return mr;
  }

  private static CodeableConcept text(String t) {
    return new CodeableConcept().setText(t);
  }

  private static CodeableConcept coded(String system, String code, String display) {
    return new CodeableConcept().addCoding(new Coding(system, code, display));
  }

  private static PatientRecord run(Resource... rs) {
    return Fixtures.NORMALISER.normalise(P, List.of(rs));
  }

  @Test
  @DisplayName("issue 8, class 4: an unknown -lisib or -mab drug is reported with its code and text, not dropped")
  void unknownStemDrugsAreReported() {
    PatientRecord r = run(
        request("mr-lisib", text("zandelisib 60 MG Oral Tablet")),
        request("mr-mab", coded(CodeSystems.RXNORM, "9999991", "ivonescimab 20 MG/ML Injectable Solution")));
    assertThat(r.exposures()).isEmpty();
    assertThat(r.unrecognisedMedications()).containsExactly(
        new UnrecognisedMedication("MedicationRequest", "mr-lisib", List.of(), "zandelisib 60 MG Oral Tablet",
            "inn-stem -lisib"),
        new UnrecognisedMedication("MedicationRequest", "mr-mab", List.of(CodeSystems.RXNORM + "|9999991"),
            "ivonescimab 20 MG/ML Injectable Solution", "inn-stem -mab"));
    // reported, not quarantined twice
    assertThat(r.quarantined()).isEmpty();
  }

  @Test
  @DisplayName("issue 8, class 4: an ATC L01 code not in the table is reported (German BfArM ATC system as in MII)")
  void unknownAtcL01IsReported() {
    PatientRecord r = run(request("mr-atc", coded(CodeSystems.ATC_DE, "L01XX99", null)));
    assertThat(r.exposures()).isEmpty();
    assertThat(r.unrecognisedMedications()).singleElement().satisfies(u -> {
      assertThat(u.codes()).containsExactly(CodeSystems.ATC_DE + "|L01XX99");
      assertThat(u.text()).isNull();
      assertThat(u.signal()).isEqualTo("atc-prefix L01");
    });
  }

  @Test
  @DisplayName("issue 8, class 4: an oncology order set or chemotherapy category marks an unknown drug")
  void orderSetAndCategory() {
    MedicationRequest byOrderSet = request("mr-set", text("Study drug XYZ-123 200 mg"));
    byOrderSet.getInstantiatesCanonical().add(new CanonicalType("http://example.org/PlanDefinition/oncology-regimen"));
    MedicationStatement byCategory = new MedicationStatement();
    byCategory.setId("ms-cat");
    byCategory.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
    byCategory.setSubject(new Reference("Patient/" + P));
    byCategory.setEffective(new DateTimeType("2024-03-01"));
    byCategory.setCategory(text("Chemotherapy"));
    byCategory.setMedication(text("Compound 7"));
    PatientRecord r = run(byOrderSet, byCategory);
    assertThat(r.unrecognisedMedications()).extracting(UnrecognisedMedication::resourceId, UnrecognisedMedication::signal)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("mr-set", "order-text"),
            org.assertj.core.groups.Tuple.tuple("ms-cat", "order-text"));
  }

  @Test
  @DisplayName("issue 8, class 4: supportive (ondansetron) and non-cancer drugs (metformin, fluticasone) are not reported")
  void supportiveAndNonCancerDrugsAreNotReported() {
    PatientRecord r = run(
        request("mr-ond", coded(CodeSystems.RXNORM, "26225", "ondansetron")),
        request("mr-ond-text", text("Ondansetron 8 MG Oral Tablet")),
        request("mr-met", coded(CodeSystems.RXNORM, "860975", "24 HR metformin hydrochloride 500 MG Extended Release "
            + "Oral Tablet")),
        request("mr-met-atc", coded(CodeSystems.ATC, "A10BA02", "metformin")),
        // the fixture HL Khadijah960 code and display
        request("mr-flu", coded(CodeSystems.RXNORM, "895994",
            "120 ACTUAT Fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler")),
        request("mr-tofa", text("tofacitinib 5 MG Oral Tablet")));
    assertThat(r.exposures()).isEmpty();
    assertThat(r.unrecognisedMedications()).isEmpty();
    assertThat(r.quarantined()).isEmpty();
  }

  @Test
  @DisplayName("issue 8, class 4: a known drug is an exposure, not a report (alpelisib by brand)")
  void knownDrugIsAnExposure() {
    PatientRecord r = run(request("mr-piqray", text("Piqray 300 MG Daily Dose")));
    assertThat(r.exposures()).extracting(DrugExposure::ingredient).containsExactly("alpelisib");
    assertThat(r.unrecognisedMedications()).isEmpty();
  }

  @Test
  @DisplayName("issue 8, class 4: mCODE cancer-related-medication-request with an unknown code (mcode-extraction-framework)")
  void mcodeProfiledUnknownDrugIsReported() {
    // the only resource: code "example-code" of "example-code-system", display "Example Text", profile
    // mcode-cancer-related-medication-request, subject urn:uuid:mrn-1; its authoredOn "YYYY-MM-DD" is unparseable
    List<Resource> rs = Fixtures.load("mcode-extraction-framework/csv-medication-request-bundle.json");
    PatientRecord r = Fixtures.NORMALISER.normalise("mrn-1", rs);
    assertThat(r.exposures()).isEmpty();
    assertThat(r.unrecognisedMedications()).singleElement().satisfies(u -> {
      assertThat(u.resourceType()).isEqualTo("MedicationRequest");
      assertThat(u.resourceId()).isEqualTo("requestId-1");
      assertThat(u.codes()).containsExactly("example-code-system|example-code");
      assertThat(u.text()).isEqualTo("Example Text");
      assertThat(u.signal()).isEqualTo("profile mcode-cancer-related-medication");
    });
  }

  @Test
  @DisplayName("issue 8, class 4: HadleyLab breast bundles: Verzenio and trastuzumab/hyaluronidase are exposures; "
      + "nothing unrecognised")
  void hadleyLabBreastBundlesHaveNoUnrecognisedCancerDrug() {
    PatientRecord lasonya = Fixtures.NORMALISER.normalise("ac24f7c1-dd07-8abd-1f3b-2a3179beafd1", Fixtures.load(
        "hadleylab-mcode-translator-synthea/10YearsMcodeBreast/"
            + "Lasonya941_Carroll471_ac24f7c1-dd07-8abd-1f3b-2a3179beafd1.json"));
    List<String> ingredients = lasonya.exposures().stream().map(DrugExposure::ingredient).distinct().toList();
    assertThat(ingredients).contains("abemaciclib", "trastuzumab", "tamoxifen").doesNotContain("hyaluronidase");
    assertThat(lasonya.unrecognisedMedications()).isEmpty();
    for (String f : List.of("Hilaria948_Schumm995_640908bd-2a1f-9bd4-0a9b-3c87efffecc1.json",
        "Khadijah960_Heathcote539_03889212-b18b-4c00-72e0-da0e96f7cf68.json")) {
      List<Resource> rs = Fixtures.load("hadleylab-mcode-translator-synthea/longitudinalMCODEBreast/" + f);
      String patient = ResourceIndex.logicalId(rs.stream().filter(x -> x instanceof org.hl7.fhir.r4.model.Patient)
          .findFirst().orElseThrow());
      PatientRecord rec = Fixtures.NORMALISER.normalise(patient, new ArrayList<>(rs));
      assertThat(rec.exposures()).as(f).isNotEmpty();
      assertThat(rec.unrecognisedMedications()).as(f).isEmpty();
    }
  }
}
