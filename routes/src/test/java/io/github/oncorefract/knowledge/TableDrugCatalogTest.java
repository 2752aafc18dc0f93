package io.github.oncorefract.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.IngredientInfo;
import io.github.oncorefract.domain.MaintenanceRole;
import io.github.oncorefract.profiles.KnowledgeCsv;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The drug tables, checked against codes and names that occur in the public fixtures. */
class TableDrugCatalogTest {

  private static final TableDrugCatalog CAT = TableDrugCatalog.loadDefault();

  @Test
  void rxnormClinicalDrugsFromSyntheaMapToIngredients() {
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "1736854")).containsExactly("cisplatin");
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "583214")).containsExactly("paclitaxel");
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "1734340")).containsExactly("etoposide");
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "1860480")).containsExactly("docetaxel");
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "752899")).containsExactly("leuprolide");
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "1736776")).containsExactly("oxaliplatin");
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "1803932")).containsExactly("leucovorin");
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "1594660")).containsExactly("alemtuzumab");
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "316672")).isEmpty(); // simvastatin
  }

  @Test
  void atcNdcSnomedUniiBothAtcSystems() {
    assertThat(CAT.ingredientsForCode("http://fhir.de/CodeSystem/bfarm/atc", "L01XA02")).containsExactly("carboplatin");
    assertThat(CAT.ingredientsForCode(CodeSystems.ATC, "L01XA02")).containsExactly("carboplatin");
    assertThat(CAT.ingredientsForCode(CodeSystems.ATC_DE, "l01fF05")).containsExactly("atezolizumab");
    assertThat(CAT.ingredientsForCode(CodeSystems.ATC_DE, "L01BC59")).containsExactly("trifluridine", "tipiracil");
    assertThat(CAT.ingredientsForCode(CodeSystems.NDC, "76388-713-25")).containsExactly("busulfan");
    assertThat(CAT.ingredientsForCode(CodeSystems.NDC, "51144-050-01")).containsExactly("brentuximab vedotin");
    assertThat(CAT.ingredientsForCode(CodeSystems.SNOMED, "108761006")).containsExactly("capecitabine");
    assertThat(CAT.ingredientsForCode(CodeSystems.UNII, "3C06JJ0Z2O")).containsExactly("osimertinib");
    assertThat(CAT.ingredientsForCode("example-code-system", "example-code")).isEmpty();
    assertThat(CAT.ingredientsForCode(CodeSystems.ATC, null)).isEmpty();
  }

  @Test
  void unknownAntineoplasticAtcIsFlaggedNotMapped() {
    assertThat(CAT.isUnmappedAntineoplasticCode(CodeSystems.ATC_DE, "L01XX99")).isTrue();
    assertThat(CAT.isUnmappedAntineoplasticCode(CodeSystems.ATC_DE, "L01XA01")).isFalse();
    assertThat(CAT.isUnmappedAntineoplasticCode(CodeSystems.ATC_DE, "J01XA04")).isFalse();
  }

  @Test
  void textBrandsSaltsGermanNamesAndLongestMatch() {
    assertThat(CAT.ingredientsForText("Taxotere")).containsExactly("docetaxel");
    assertThat(CAT.ingredientsForText("Myleran 2mg tablet, film coated")).containsExactly("busulfan");
    assertThat(CAT.ingredientsForText("Adcetris (Brentuximab Vedotin 50mg/10.5ml)"))
        .containsExactly("brentuximab vedotin");
    assertThat(CAT.ingredientsForText("erlotinib hydrochloride 150 MG")).containsExactly("erlotinib");
    assertThat(CAT.ingredientsForText("Cyclophosphamid")).containsExactly("cyclophosphamide");
    assertThat(CAT.ingredientsForText("5-Fluorouracil")).containsExactly("fluorouracil");
    assertThat(CAT.ingredientsForText("Folinsäure")).containsExactly("leucovorin");
    assertThat(CAT.ingredientsForText("PACLitaxel 100 MG Injection")).containsExactly("paclitaxel");
    assertThat(CAT.ingredientsForText("Abraxane (paclitaxel protein-bound)")).containsExactly("nab-paclitaxel");
    assertThat(CAT.ingredientsForText("Keytruda + Alimta + carboplatin"))
        .containsExactly("pembrolizumab", "pemetrexed", "carboplatin");
    assertThat(CAT.ingredientsForText("Infusion bestehend aus 85mg Doxorubicin aufgeloest"))
        .containsExactly("doxorubicin");
    assertThat(CAT.ingredientsForText("Revumenib")).containsExactly("revumenib");
    assertThat(CAT.ingredientsForText("Simvistatin 10 MG")).isEmpty();
    assertThat(CAT.ingredientsForText("Little Pink Pill for water retention")).isEmpty();
  }

  @Test
  void ingredientFactsFollowClinicalModelSection2() {
    assertThat(CAT.ingredient("pemetrexed").map(IngredientInfo::maintenance))
        .contains(MaintenanceRole.CONTINUATION_OR_SWITCH);
    assertThat(CAT.ingredient("bevacizumab").map(IngredientInfo::maintenance)).contains(MaintenanceRole.CONTINUATION);
    assertThat(CAT.ingredient("docetaxel").map(IngredientInfo::maintenance)).contains(MaintenanceRole.SWITCH);
    assertThat(CAT.ingredient("cisplatin").map(IngredientInfo::substitutionGroup)).contains("platinum");
    assertThat(CAT.ingredient("carboplatin").map(IngredientInfo::substitutionGroup)).contains("platinum");
    assertThat(CAT.ingredient("oxaliplatin").map(IngredientInfo::substitutionGroup)).isEmpty();
    assertThat(CAT.ingredient("nab-paclitaxel").map(IngredientInfo::substitutionGroup)).contains("taxane-paclitaxel");
    for (String tki : new String[] {"erlotinib", "gefitinib", "afatinib", "osimertinib", "crizotinib", "ceritinib",
        "alectinib", "brigatinib"}) {
      assertThat(CAT.ingredient(tki).map(IngredientInfo::gapExempt)).as(tki).contains(true);
    }
    assertThat(CAT.ingredient("lorlatinib").map(IngredientInfo::gapExempt)).contains(false);
    for (String s : new String[] {"leucovorin", "zoledronic acid", "denosumab", "ondansetron", "filgrastim",
        "pegfilgrastim", "mesna", "dexamethasone"}) {
      assertThat(CAT.ingredient(s).map(IngredientInfo::supportive)).as(s).contains(true);
    }
    assertThat(CAT.ingredient("unspecified-chemotherapy").map(IngredientInfo::drugClass)).contains("unspecified");
    assertThat(CAT.ingredient("CISPLATIN").map(IngredientInfo::rxnorm)).contains("2555");
    assertThat(CAT.ingredient("no-such-drug")).isEmpty();
  }

  @Test
  void everyFilledRxnormIngredientCodeHasASourceAndMapsBack() {
    List<Map<String, String>> sources = KnowledgeCsv.readResource(TableDrugCatalog.BASE + "rxnorm-sources.csv");
    Map<String, String> byIngredient = sources.stream()
        .collect(Collectors.toMap(r -> r.get("ingredient"), r -> r.get("rxnorm")));
    assertThat(sources).allSatisfy(r -> assertThat(r.get("sources")).as(r.get("ingredient")).isNotBlank());
    List<IngredientInfo> filled = CAT.ingredients().stream().filter(i -> i.rxnorm() != null).toList();
    assertThat(filled).extracting(IngredientInfo::name)
        .containsExactlyInAnyOrderElementsOf(byIngredient.keySet());
    for (IngredientInfo i : filled) {
      assertThat(i.rxnorm()).as(i.name()).isEqualTo(byIngredient.get(i.name()));
      // an RxNorm-coded ingredient in data maps back to exactly that ingredient (drug-codes.csv IN row)
      assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, i.rxnorm())).as(i.name()).containsExactly(i.name());
    }
    assertThat(filled.size()).isGreaterThan(40);
  }

  @Test
  void rxnormIngredientAndDoseFormGroupValuesFromPublicSources() {
    // RxNorm IN as coded in the HL7 mCODE IG examples (input/fsh/EX_ExtendedExample.fsh): RXN#3639 "DOXOrubicin",
    // RXN#56946 "PACLitaxel", RXN#84857 "anastrozole"
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "3639")).containsExactly("doxorubicin");
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "56946")).containsExactly("paclitaxel");
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "84857")).containsExactly("anastrozole");
    // the RxNorm IN 11289 "Warfarin" of the fixture hl7-genomics-reporting Bundle-diagnosticreport-cgexample.json
    // is not antineoplastic
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "11289")).isEmpty();
    // dose-form group (SCDG) "bortezomib Injectable Product" and an SCD "gefitinib 250 MG Oral Tablet" (mCODE
    // cancer-related-medication-request-gefitinib); "alemtuzumab 10 MG/ML [Lemtrada]" is a branded component
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "1163075")).containsExactly("bortezomib");
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "1162569")).containsExactly("lenalidomide");
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "349472")).containsExactly("gefitinib");
    // a supportive drug's code is recognised (then excluded by the normaliser): leucovorin SCD from Synthea
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "1803932")).containsExactly("leucovorin");
    assertThat(CAT.ingredient("leucovorin").map(IngredientInfo::supportive)).contains(true);
  }

  @Test
  void snomedSubstanceOfAMedicationIngredient() {
    // hl7-fhir-r4-spec-examples/medicationexample0321.json ingredient: 386906001 "Capecitabine (substance)";
    // medicationexample0304.json ingredient: 387138002 "Busulfan (substance)"
    assertThat(CAT.ingredientsForCode(CodeSystems.SNOMED, "386906001")).containsExactly("capecitabine");
    assertThat(CAT.ingredientsForCode(CodeSystems.SNOMED, "387138002")).containsExactly("busulfan");
    // 385055001 "Tablet dose form" of the same Medication is not a drug
    assertThat(CAT.ingredientsForCode(CodeSystems.SNOMED, "385055001")).isEmpty();
  }

  @Test
  void fixtureTextsWithSaltsTallManGermanNamesAndMisspellings() {
    // Synthea SCD displays (Fletcher_Hyatt, Loyd_Connelly): salt and tall-man lettering
    assertThat(CAT.ingredientsForText("0.25 ML Leuprolide Acetate 30 MG/ML Prefilled Syringe"))
        .containsExactly("leuprolide");
    assertThat(CAT.ingredientsForText("1 ML DOCEtaxel 20 MG/ML Injection")).containsExactly("docetaxel");
    // MII pat-5 Medication display "Leuprorelin" (INN)
    assertThat(CAT.ingredientsForText("Leuprorelin")).containsExactly("leuprolide");
    // oBDS German spellings (Testperson_CervixC53, Testpatient_CLL, Test_SysT_0, Testpatient_Prostata)
    assertThat(CAT.ingredientsForText("Etoposid")).containsExactly("etoposide");
    assertThat(CAT.ingredientsForText("Fludarabin")).containsExactly("fludarabine");
    assertThat(CAT.ingredientsForText("Bicalutamid")).containsExactly("bicalutamide");
    assertThat(CAT.ingredientsForText("Buserelin")).containsExactly("buserelin");
    // R4 medicationdispense0317 medicationReference.display misspells the INN
    assertThat(CAT.ingredientsForText("Brentixumab Vedotin (Adcetris)")).containsExactly("brentuximab vedotin");
    assertThat(CAT.ingredientsForText("Brentixumab Vedotin")).containsExactly("brentuximab vedotin");
    // non-oncology fixture texts stay unmapped
    assertThat(CAT.ingredientsForText("Zosyn (piperacillin/tazobactam) 4.5gm injection")).isEmpty();
    assertThat(CAT.ingredientsForText("Metamizol HEXAL® 500 mg")).isEmpty();
  }

  @Test
  void supportiveDrugsAreKnownAndMarkedSupportive() {
    // not in the fixtures; codes from drug-codes.csv (WHO ATC) so they are recognised, then excluded
    assertThat(CAT.ingredientsForCode(CodeSystems.ATC, "M05BA08")).containsExactly("zoledronic acid");
    assertThat(CAT.ingredientsForCode(CodeSystems.ATC, "M05BX04")).containsExactly("denosumab");
    assertThat(CAT.ingredientsForCode(CodeSystems.ATC, "A04AA01")).containsExactly("ondansetron");
    assertThat(CAT.ingredientsForCode(CodeSystems.ATC, "H02AB02")).containsExactly("dexamethasone");
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "26225")).containsExactly("ondansetron");
    for (String s : new String[] {"zoledronic acid", "denosumab", "ondansetron", "palonosetron", "dexamethasone",
        "prednisone", "leucovorin"}) {
      assertThat(CAT.ingredient(s).map(IngredientInfo::supportive)).as(s).contains(true);
    }
  }
}
