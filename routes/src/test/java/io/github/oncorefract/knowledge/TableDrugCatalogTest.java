package io.github.oncorefract.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.IngredientInfo;
import io.github.oncorefract.domain.MaintenanceRole;
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
}
