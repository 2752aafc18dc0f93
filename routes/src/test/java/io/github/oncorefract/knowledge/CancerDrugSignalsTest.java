package io.github.oncorefract.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 8, class 4: the data-driven signals of an unknown cancer drug (WHO INN stems, ATC L01/L02, mCODE). */
class CancerDrugSignalsTest {

  private static final CancerDrugSignals S = CancerDrugSignals.loadDefault();

  @Test
  @DisplayName("issue 8, class 4: INN stems of the WHO stem book mark a name; JAK -citinib and common words do not")
  void innStems() {
    assertThat(S.text("zandelisib 60 MG Oral Tablet")).contains("inn-stem -lisib");
    assertThat(S.text("Ivonescimab 20 MG/KG")).contains("inn-stem -mab");
    assertThat(S.text("lerociclib")).contains("inn-stem -ciclib");
    assertThat(S.text("saruparib")).contains("inn-stem -parib");
    assertThat(S.text("divarasib 400 mg")).contains("inn-stem -rasib");
    assertThat(S.text("sacituzumab tirumotecan")).isPresent();
    assertThat(S.text("letetresgene autoleucel")).contains("inn-stem -leucel");
    assertThat(S.text("camizestrant")).contains("inn-stem -estrant");
    // exclusion: JAK inhibitors for immune diseases
    assertThat(S.text("tofacitinib 5 MG Oral Tablet")).isEmpty();
    assertThat(S.text("baricitinib")).isEmpty();
    // non-cancer drugs and short words
    assertThat(S.text("metformin hydrochloride 500 MG Oral Tablet")).isEmpty();
    assertThat(S.text("120 ACTUAT Fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler")).isEmpty();
    assertThat(S.text("Little Pink Pill for water retention")).isEmpty();
    assertThat(S.text("mab nib")).isEmpty();
    assertThat(S.text(null)).isEmpty();
  }

  @Test
  @DisplayName("issue 8, class 4: ATC L01/L02 in any ATC system, profiles, extensions and order-set texts")
  void codesProfilesExtensionsOrderSets() {
    assertThat(S.code(CodeSystems.ATC_DE, "L01XX99")).contains("atc-prefix L01");
    assertThat(S.code(CodeSystems.ATC, "l02bx99")).contains("atc-prefix L02");
    assertThat(S.code(CodeSystems.ATC, "A10BA02")).isEmpty(); // metformin
    assertThat(S.code(CodeSystems.RXNORM, "L01XX99")).isEmpty();
    assertThat(S.profile("http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-related-medication-request"))
        .contains("profile mcode-cancer-related-medication");
    assertThat(S.profile("http://hl7.org/fhir/us/core/StructureDefinition/us-core-medicationrequest")).isEmpty();
    assertThat(S.extension("http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-treatment-intent")).isPresent();
    assertThat(S.orderText("Chemotherapy")).contains("order-text");
    assertThat(S.orderText("http://example.org/PlanDefinition/oncology-folfox-order-set")).contains("order-text");
    assertThat(S.orderText("outpatient")).isEmpty();
    assertThat(CancerDrugSignals.none().text("zandelisib")).isEmpty();
  }
}
