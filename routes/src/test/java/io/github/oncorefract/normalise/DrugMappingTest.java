package io.github.oncorefract.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureSource;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.QuarantineEntry;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.TreatmentIntent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Every drug-mapping path, on real fixture resources (or, where no fixture has the path, on the exact value of the
 * named public source):
 * RxNorm SCD (Synthea), SBDC and NDC in a contained Medication (R4 spec), RxNorm IN (mCODE IG example value),
 * ATC L01 (MII, oBDS) and L02 (MII pat-5, oBDS Prostata), UNII alone (MII mtb-1), SNOMED product (R4 0309),
 * SNOMED substance in the ingredient list and in a contained Substance (R4 medicationexample0304/0321), text only
 * (brand, German spelling, compounded), reference display only (oBDS SysT), separate vs contained Medication,
 * supportive drugs excluded (leucovorin RxNorm SCD, folinic acid ATC).
 */
class DrugMappingTest {

  private static final String R4 = "hl7-fhir-r4-spec-examples/";

  private static PatientRecord run(String patient, List<Resource> rs) {
    return Fixtures.NORMALISER.normalise(patient, rs);
  }

  private static List<String> ingredients(PatientRecord r) {
    return r.exposures().stream().map(DrugExposure::ingredient).toList();
  }

  @Test
  void rxnormClinicalDrugFromSynthea() {
    // Gilbert_Wunsch: 48 cisplatin (RxNorm 1736854) + 48 paclitaxel (583214) requests, all stopped, authoredOn only
    PatientRecord r = run("1a96f2e7-7ce0-4164-b3f6-4fdffeca00fb",
        Fixtures.load("smart-generated-sample-data-synthea-r4/Gilbert_Wunsch_ab591293-dc94-4290-a29f-f35522273600.json"));
    assertThat(r.exposures()).hasSize(96);
    assertThat(r.exposures()).allMatch(e -> e.source() == ExposureSource.MEDICATION_REQUEST
        && e.status() == ExposureStatus.STOPPED && e.start().equals(e.end()));
    assertThat(r.exposures().stream().filter(e -> e.ingredient().equals("cisplatin")).count()).isEqualTo(48);
    assertThat(r.exposures().get(0).start()).isEqualTo(LocalDate.of(2008, 10, 12));
  }

  @Test
  void atcAndUniiCodingsAndDraftRecommendationsDropped() {
    // MII mtb-1: osimertinib statement coded UNII 3C06JJ0Z2O + ATC L01EB04; MTB recommendations are draft
    PatientRecord r = run("mii-exa-test-data-mtb-patient-1",
        Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-mtb-1.json"));
    assertThat(ingredients(r)).containsExactlyInAnyOrder("unspecified-chemotherapy", "osimertinib");
    assertThat(ingredients(r)).doesNotContain("sotorasib", "trametinib");
    DrugExposure osi = r.exposures().stream().filter(e -> e.ingredient().equals("osimertinib")).findFirst()
        .orElseThrow();
    // the statement says 2024-04-15..04-15; the Procedure it is partOf runs to 2024-08-30
    assertThat(osi.start()).isEqualTo(LocalDate.of(2024, 4, 15));
    assertThat(osi.end()).isEqualTo(LocalDate.of(2024, 8, 30));
    assertThat(osi.intent()).isEqualTo(TreatmentIntent.CURATIVE);
  }

  @Test
  void ndcContainedMedication() {
    PatientRecord r = run("pat1", Fixtures.load(R4 + "medicationrequest0306.json"));
    assertThat(r.exposures()).singleElement().satisfies(e -> {
      assertThat(e.ingredient()).isEqualTo("busulfan");
      assertThat(e.start()).isEqualTo(LocalDate.of(2015, 1, 15));
      assertThat(e.resource()).isEqualTo(new ResourceRef("MedicationRequest", "medrx0306"));
    });
  }

  @Test
  void snomedProductContainedMedicationWithValidityPeriod() {
    PatientRecord r = run("pat1", Fixtures.load(R4 + "medicationrequest0309.json"));
    assertThat(r.exposures()).singleElement().extracting(DrugExposure::ingredient, DrugExposure::start,
        DrugExposure::end).containsExactly("capecitabine", LocalDate.of(2016, 1, 22), LocalDate.of(2016, 2, 4));
  }

  @Test
  void containedIdsResolvedStrictlyInsideTheirResource() {
    // "#med0303" is Zosyn in administration0303 and alemtuzumab in administration0304
    List<Resource> rs = new ArrayList<>();
    MedicationAdministration zosyn = (MedicationAdministration) Fixtures.load(R4 + "medicationadministration0303.json")
        .get(0);
    zosyn.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
    rs.add(zosyn);
    rs.addAll(Fixtures.load(R4 + "medicationadministration0304.json"));
    PatientRecord r = run("pat1", rs);
    assertThat(r.exposures()).singleElement().extracting(DrugExposure::ingredient, DrugExposure::resource)
        .containsExactly("alemtuzumab", new ResourceRef("MedicationAdministration", "medadmin0304"));
    // dateTime with offset +01:00 -> the local day it states
    assertThat(r.exposures().get(0).start()).isEqualTo(LocalDate.of(2015, 1, 15));
  }

  @Test
  void rxnormBrandedContainedAndNdcBrentuximab() {
    assertThat(ingredients(run("pat1", Fixtures.load(R4 + "medicationrequest0317.json"))))
        .containsExactly("alemtuzumab");
    assertThat(ingredients(run("pat1", Fixtures.load(R4 + "medicationrequest0316.json"))))
        .containsExactly("brentuximab vedotin");
    // administration 0310 ends after midnight local time (2015-01-16T02:03+01:00) -> 2015-01-16
    PatientRecord r = run("pat1", Fixtures.load(R4 + "medicationadministration0310.json"));
    assertThat(r.exposures()).singleElement().extracting(DrugExposure::end).isEqualTo(LocalDate.of(2015, 1, 16));
  }

  @Test
  void separateMedicationResourcesAndGermanTextAndDarCodes() {
    // OBDS CLL: three statements -> separate Medication (ATC without display, text "Cyclophosphamid" ...)
    PatientRecord r = run("66eab990c3ab4a1dac96eecfa7189a4455b4a4e9d39b1813fa20e17b8cc564d2",
        Fixtures.load(Fixtures.OBDS + "Testpatient_CLL.xml.0.approved.fhir.json"));
    assertThat(ingredients(r)).containsExactlyInAnyOrder("cyclophosphamide", "fludarabine", "rituximab");
    // Folgepaket Mamma: "Taxotere" only as text, ATC coding with _code data-absent-reason
    PatientRecord m = run("9142ee3ff7990f826ada966f03da267e0fe662f73858158f5e868b772cd68730",
        Fixtures.load(Fixtures.OBDS + "Folgepaket_Testpatient_Mamma.xml.0.approved.fhir.json"));
    assertThat(ingredients(m)).containsExactlyInAnyOrder("cyclophosphamide", "epirubicin", "docetaxel");
    // Rektum: "5-Fluorouracil" text, oxaliplatin; folinic acid (V03AF03) is supportive -> no exposure
    PatientRecord rk = run("4a8639bbad9d5774878e0d6a132ece2b65912449072a6888e2028987d5d479c4",
        Fixtures.load(Fixtures.OBDS + "Testpatient_Rektum.xml.0.approved.fhir.json"));
    assertThat(ingredients(rk)).containsExactlyInAnyOrder("fluorouracil", "oxaliplatin");
  }

  @Test
  void textOnlyCompoundedMedication() {
    // MII pat-3: doxorubicin "Rezeptur" Medication with text only
    PatientRecord r = run("mii-exa-test-data-patient-3",
        Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-pat-3.json"));
    assertThat(ingredients(r)).contains("doxorubicin", "fluorouracil", "oxaliplatin");
    // the FOLFOX Procedure (OPS 6-001) is not a systemic line of its own
    assertThat(ingredients(r)).noneMatch(i -> i.startsWith("unspecified"));
  }

  @Test
  void unresolvableReferenceIsQuarantinedAndDisplayOnlyWorks() {
    // SysT_1 index_0: medicationReference "Medication/868a..." not in the file, no display
    PatientRecord r = run("any", Fixtures.load(Fixtures.SYST + "Test_SysT_1.xml.index_0.approved.fhir.json"));
    assertThat(r.exposures()).isEmpty();
    assertThat(r.quarantined()).extracting(QuarantineEntry::reason).containsExactly("unresolved-medication");
    assertThat(r.quarantined().get(0).elementPath()).isEqualTo("medicationReference");
    // SysT_2 index_2: "Revumenib" as text with DAR code; partial date "2023-06" -> 2023-06-01
    PatientRecord rev = run("any", Fixtures.load(Fixtures.SYST + "Test_SysT_2.xml.index_2.approved.fhir.json"));
    assertThat(rev.exposures()).singleElement().extracting(DrugExposure::ingredient, DrugExposure::start)
        .containsExactly("revumenib", LocalDate.of(2023, 6, 1));
  }

  @Test
  void enteredInErrorAndCancelledAndNotOncologyDropped() {
    // MII pat-1: entered-in-error statement/administration, cancelled request (non-oncology drugs)
    PatientRecord r = run("mii-exa-test-data-patient-1",
        Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-pat-1.json"));
    assertThat(r.exposures()).isEmpty();
    // an antineoplastic administration made entered-in-error is dropped
    MedicationAdministration alem = (MedicationAdministration) Fixtures.load(R4 + "medicationadministration0304.json")
        .get(0);
    alem.setStatus(MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR);
    assertThat(run("pat1", List.of(alem)).exposures()).isEmpty();
    MedicationRequest busulfan = (MedicationRequest) Fixtures.load(R4 + "medicationrequest0306.json").get(0);
    busulfan.setStatus(MedicationRequest.MedicationRequestStatus.CANCELLED);
    assertThat(run("pat1", List.of(busulfan)).exposures()).isEmpty();
  }

  @Test
  void recommendationRequestsWithIntentProposalOrOptionAreNotTherapy() {
    // MII onkologie-1: line 1 as Procedure + 2 Statements + 2 active "proposal" Requests; niraparib Statement +
    // "option" Request
    PatientRecord r = run("mii-exa-test-data-onko-patient-1",
        Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-onkologie-1.json"));
    assertThat(r.exposures()).extracting(DrugExposure::source).containsOnly(ExposureSource.MEDICATION_STATEMENT);
    assertThat(ingredients(r)).containsExactlyInAnyOrder("carboplatin", "paclitaxel", "niraparib");
    DrugExposure nira = r.exposures().stream().filter(e -> e.ingredient().equals("niraparib")).findFirst()
        .orElseThrow();
    assertThat(nira.status()).isEqualTo(ExposureStatus.COMPLETED);
    assertThat(nira.end()).isNull(); // completed but the period has only a start
  }

  @Test
  void invalidPlaceholderDateIsQuarantinedWithItsPath() {
    List<Resource> rs = Fixtures.load("mcode-extraction-framework/csv-medication-administration-bundle.json");
    PatientRecord r = run("mrn-1", rs);
    assertThat(r.exposures()).isEmpty();
    assertThat(r.quarantined()).extracting(QuarantineEntry::elementPath, QuarantineEntry::reason)
        .contains(org.assertj.core.groups.Tuple.tuple("effectivePeriod.start", "invalid-date"),
            org.assertj.core.groups.Tuple.tuple("effectivePeriod.end", "invalid-date"));
    assertThat(r.quarantined()).allMatch(q -> q.resourceId().equals("medicationId-1"));
  }

  private static MedicationRequest order(String id, Reference medication) {
    MedicationRequest mr = new MedicationRequest();
    mr.setId(id);
    mr.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    mr.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    mr.setSubject(new Reference("Patient/pat1"));
    mr.setAuthoredOnElement(new DateTimeType("2016-01-22"));
    mr.setMedication(medication);
    return mr;
  }

  @Test
  void rxnormIngredientCode() {
    // no fixture codes an antineoplastic RxNorm IN; the value is the HL7 mCODE IG example
    // (input/fsh/EX_ExtendedExample.fsh: medicationCodeableConcept = RXN#3639 "DOXOrubicin")
    MedicationRequest mr = order("mcode-doxorubicin", null);
    mr.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "3639",
        "DOXOrubicin")));
    assertThat(ingredients(run("pat1", List.of(mr)))).containsExactly("doxorubicin");
  }

  @Test
  void supportiveLeucovorinBySyntheaRxnormIsExcluded() {
    // Loyd_Connelly: oxaliplatin 1736776 + leucovorin 1803932 "Leucovorin 100 MG Injection" requests (1983)
    List<Resource> rs = Fixtures.load(
        "smart-generated-sample-data-synthea-r4/Loyd_Connelly_b200e2a2-c5ea-481f-97ae-67ec2dc22a5b.json");
    assertThat(rs).filteredOn(x -> x instanceof MedicationRequest m && m.hasMedicationCodeableConcept()
        && m.getMedicationCodeableConcept().getCodingFirstRep().getCode().equals("1803932")).isNotEmpty();
    PatientRecord r = run("11f2b925-43b2-45e4-ac34-7811a9eb9c1b", rs);
    assertThat(ingredients(r)).contains("oxaliplatin").doesNotContain("leucovorin");
  }

  @Test
  void uniiAloneMapsWithoutTheAtcCoding() {
    // MII mtb-1 osimertinib statement: drop the ATC L01EB04 coding, keep UNII 3C06JJ0Z2O "OSIMERTINIB" and text
    MedicationStatement ms = Fixtures.first(Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-mtb-1.json"),
        MedicationStatement.class, "mii-exa-test-data-mtb-systemische-therapie-medstatement-1");
    CodeableConcept cc = ms.getMedicationCodeableConcept();
    cc.getCoding().removeIf(c -> !"http://fdasis.nlm.nih.gov".equals(c.getSystem()));
    cc.setText(null);
    assertThat(cc.getCoding()).singleElement().extracting(Coding::getCode).isEqualTo("3C06JJ0Z2O");
    assertThat(ingredients(run("mii-exa-test-data-mtb-patient-1", List.of(ms)))).containsExactly("osimertinib");
  }

  @Test
  void atcL02EndocrineTherapyInSeparateMedications() {
    // MII pat-5: leuprorelin (ATC L02AE02) request + statement + administration -> separate Medication; ibuprofen
    // (M01AE01) is not antineoplastic
    PatientRecord r = run("mii-exa-test-data-patient-5",
        Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-pat-5.json"));
    assertThat(ingredients(r)).containsExactly("leuprolide", "leuprolide", "leuprolide");
    // oBDS Testpatient_Prostata: buserelin Medication ATC L02AE01 without display, text "Buserelin"
    PatientRecord p = run("23283daf4d699cc4b3e9d01cd4ce1344cd94f9f9769dfd88da68b2b696332d48",
        Fixtures.load(Fixtures.OBDS + "Testpatient_Prostata.xml.0.approved.fhir.json"));
    assertThat(ingredients(p)).containsExactly("buserelin");
  }

  @Test
  void referenceDisplayOnlyWhenTheMedicationIsMissing() {
    // single-resource oBDS snapshots: medicationReference "Medication/dd88..." (absent) with display "Bicalutamid"
    PatientRecord b = run("any", Fixtures.load(Fixtures.SYST + "Test_SysT_0.xml.index_0.approved.fhir.json"));
    assertThat(b.exposures()).singleElement().extracting(DrugExposure::ingredient, DrugExposure::start)
        .containsExactly("bicalutamide", LocalDate.of(2021, 11, 8));
    // display "Regorafenib", partial start "2023-06"
    PatientRecord g = run("any", Fixtures.load(Fixtures.SYST + "Test_SysT_2.xml.index_0.approved.fhir.json"));
    assertThat(g.exposures()).singleElement().extracting(DrugExposure::ingredient, DrugExposure::start,
        DrugExposure::end).containsExactly("regorafenib", LocalDate.of(2023, 6, 1), LocalDate.of(2023, 10, 15));
  }

  @Test
  void ingredientListOfASeparateMedication() {
    // R4 medicationexample0304 (Myleran): without its NDC product code only ingredient 387138002 "Busulfan
    // (substance)" is left; the request references it as Medication/med0304
    Medication med = (Medication) Fixtures.load(R4 + "medicationexample0304.json").get(0);
    med.setCode(null);
    assertThat(med.getIngredientFirstRep().getItemCodeableConcept().getCodingFirstRep().getCode())
        .isEqualTo("387138002");
    PatientRecord r = run("pat1", List.of(order("rx-busulfan", new Reference("Medication/med0304")), med));
    assertThat(ingredients(r)).containsExactly("busulfan");
  }

  @Test
  void ingredientAsContainedSubstance() {
    // R4 medicationexample0321: ingredient.itemReference "#sub03" -> contained Substance 386906001 "Capecitabine
    // (substance)"; its product code 108761006 removed so only the Substance can name the drug
    Medication med = (Medication) Fixtures.load(R4 + "medicationexample0321.json").get(0);
    med.setCode(null);
    PatientRecord r = run("pat1", List.of(order("rx-capecitabine", new Reference("Medication/med0321")), med));
    assertThat(ingredients(r)).containsExactly("capecitabine");
  }

  @Test
  void nonOncologyCodesAndTextsGiveNoExposure() {
    // Sherman_McGlynn: warfarin 855332, digoxin 197604 ... next to cisplatin/etoposide/docetaxel/leuprolide
    PatientRecord r = run("ffb8ae8f-8c7f-4475-8c42-d38419108e94", Fixtures.load(
        "smart-generated-sample-data-synthea-r4/Sherman_McGlynn_8ef2ef98-48c5-427e-80d4-5e8f30ac8bf5.json"));
    assertThat(ingredients(r)).containsOnly("cisplatin", "etoposide", "docetaxel", "leuprolide");
    // R4 medicationstatementexample3: text only "Little Pink Pill for water retention"
    assertThat(run("pat1", Fixtures.load(R4 + "medicationstatementexample3.json")).exposures()).isEmpty();
  }
}
