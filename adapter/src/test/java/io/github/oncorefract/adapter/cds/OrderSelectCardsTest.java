package io.github.oncorefract.adapter.cds;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.assessment.MultipleMyelomaRuleSet;
import io.github.oncorefract.assessment.OvarianRuleSet;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.CodeMatch;
import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.knowledge.CancerDrugSignals;
import io.github.oncorefract.knowledge.CrossResistanceTable;
import io.github.oncorefract.knowledge.TableDrugCatalog;
import io.github.oncorefract.profiles.validation.OncoRefractValidation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.jupiter.api.Test;

/**
 * The oncologist's review of {@code order-select} (issue 9 follow-up): per-drug IMWG refractoriness for myeloma, EGFR
 * TKI generations, finer antimetabolite groups, exemestane after a non-steroidal AI, bevacizumab beyond progression,
 * one anti-PD-(L)1 group, the ovarian platinum-free interval, wording, combination partners, unrecognised drugs and the
 * order-select override reasons. Plain {@code new} on hand-built assessments; the drug and group tables are the real
 * ones.
 */
class OrderSelectCardsTest {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static final TableDrugCatalog DRUGS = TableDrugCatalog.loadDefault();
  static final OrderSelectCards CARDS = new OrderSelectCards(CTX, DRUGS, CrossResistanceTable.loadDefault(DRUGS),
      CancerDrugSignals.loadDefault());
  static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  static final String ATC = "http://www.whocc.no/atc";

  // --- builders -------------------------------------------------------------------------------------------------

  static LineOfTherapy line(int n, String start, String end, LineEndReason why, String... regimen) {
    List<ResourceRef> sources = new ArrayList<>();
    for (String drug : regimen) {
      sources.add(new ResourceRef("MedicationStatement", drug + "-l" + n));
    }
    return new LineOfTherapy(n, LineSetting.ADVANCED, n, new TreeSet<>(Arrays.asList(regimen)), LocalDate.parse(start),
        end == null ? null : LocalDate.parse(end), why, sources);
  }

  static CancerAssessment cancer(CancerType type, String ruleSet, List<LineOfTherapy> lines, Reason... reasons) {
    CancerCondition c = new CancerCondition(new ResourceRef("Condition", "c1"), type, "http://snomed.info/sct", "1",
        "a cancer", CodeMatch.SNOMED, LocalDate.parse("2020-01-01"), false);
    return new CancerAssessment(c, ruleSet, "1.1.0", lines, RefractoryStatus.AT_RISK, List.of(reasons), List.of(),
        null, "");
  }

  static MedicationRequest order(String text) {
    MedicationRequest mr = new MedicationRequest();
    mr.setId("draft-1");
    mr.setMedication(new CodeableConcept().setText(text));
    return mr;
  }

  static List<CdsJson.Card> cards(CancerAssessment ca, MedicationRequest order) {
    return CARDS.cardsFor("p1", List.of(ca), order, Map.of(), "oncorefract-order-select", "http://adapter");
  }

  static List<CdsJson.Card> cards(CancerAssessment ca, String orderedText) {
    return cards(ca, order(orderedText));
  }

  // --- 1. myeloma: per-drug IMWG refractoriness -----------------------------------------------------------------

  /**
   * VRd (bortezomib stopped more than 60 days before the progression: not refractory), then Pom-Dara-dex; the rule set
   * marks lenalidomide (line 1), pomalidomide, daratumumab and dexamethasone (line 2) refractory.
   */
  static CancerAssessment myeloma() {
    LineOfTherapy l1 = line(1, "2024-01-10", "2025-02-01", LineEndReason.PROGRESSION, "bortezomib", "dexamethasone",
        "lenalidomide");
    LineOfTherapy l2 = line(2, "2025-02-15", "2025-09-23", LineEndReason.PROGRESSION, "daratumumab", "dexamethasone",
        "pomalidomide");
    return cancer(CancerType.MULTIPLE_MYELOMA, MultipleMyelomaRuleSet.ID, List.of(l1, l2),
        new Reason("refractory-to-latest-line", "Refractory (IMWG) to a drug of the latest line, line 2.",
            l2.sources()),
        drug("lenalidomide", 1), drug("daratumumab", 2), drug("dexamethasone", 2), drug("pomalidomide", 2));
  }

  /** A reason as the myeloma rule set writes it (format read back by {@link MultipleMyelomaRuleSet#refractoryDrug}). */
  static Reason drug(String ingredient, int line) {
    return new Reason(MultipleMyelomaRuleSet.REASON_REFRACTORY_DRUG, "Refractory (IMWG) to " + ingredient
        + " in line " + line + ": progression on 2025-09-20, within 60 days of its last day (2025-09-23).",
        List.of(new ResourceRef("MedicationStatement", ingredient + "-l" + line)));
  }

  @Test
  void carfilzomibAfterBortezomibThatWasNotRefractoryGivesNoCard() {
    assertThat(cards(myeloma(), "carfilzomib")).as("bortezomib progressed >60 days after its last dose").isEmpty();
  }

  @Test
  void lenalidomideCitesItsOwnRefractoryLineOneNotPomalidomidesLineTwo() {
    List<CdsJson.Card> cards = cards(myeloma(), "lenalidomide");
    assertThat(cards).hasSize(1);
    assertThat(cards.get(0).indicator()).isEqualTo("warning");
    assertThat(cards.get(0).summary()).startsWith("Prior progression on lenalidomide (IMiD), line 1 (");
    assertThat(cards.get(0).detail()).contains("Refractory (IMWG) to lenalidomide in line 1");
  }

  @Test
  void pomalidomideWordingNamesDrugClassLineRegimenAndEnd() {
    CdsJson.Card card = cards(myeloma(), "pomalidomide").get(0);
    assertThat(card.summary()).isEqualTo("Prior progression on pomalidomide (IMiD), line 2 "
        + "(daratumumab + dexamethasone + pomalidomide), ended 2025-09-23").hasSizeLessThan(140);
    assertThat(card.summary()).doesNotContain("imid ").doesNotContain("Likely refractory to this class");
  }

  @Test
  void isatuximabNamesTheRefractoryAntiCd38Antibody() {
    CdsJson.Card card = cards(myeloma(), "isatuximab").get(0);
    assertThat(card.summary()).startsWith("Prior progression on daratumumab (anti-CD38 antibody), line 2");
  }

  @Test
  void myelomaLineProgressionWithoutARefractoryDrugReasonGivesNoCard() {
    CancerAssessment ca = myeloma();
    CancerAssessment noDrugs = cancer(CancerType.MULTIPLE_MYELOMA, MultipleMyelomaRuleSet.ID, ca.lines());
    assertThat(cards(noDrugs, "lenalidomide")).isEmpty();
  }

  // --- 2. EGFR TKI generations ----------------------------------------------------------------------------------

  @Test
  void osimertinibAfterEarlierEgfrTkiProgressionDoesNotWarnButAnotherFirstGenerationDoes() {
    for (String prior : List.of("erlotinib", "gefitinib", "afatinib")) {
      CancerAssessment ca = cancer(CancerType.NSCLC, "nsclc",
          List.of(line(1, "2024-01-01", "2025-01-01", LineEndReason.PROGRESSION, prior)));
      assertThat(cards(ca, "osimertinib")).as("osimertinib after " + prior).isEmpty();
      assertThat(cards(ca, "Tagrisso 80 mg")).as("brand").isEmpty();
    }
    CancerAssessment erlotinib = cancer(CancerType.NSCLC, "nsclc",
        List.of(line(1, "2024-01-01", "2025-01-01", LineEndReason.PROGRESSION, "erlotinib")));
    CdsJson.Card card = cards(erlotinib, "gefitinib").get(0);
    assertThat(card.indicator()).isEqualTo("warning");
    assertThat(card.summary()).isEqualTo("Prior progression on erlotinib (first/second-generation EGFR TKI), line 1 "
        + "(erlotinib), ended 2025-01-01");
  }

  // --- 3. antimetabolites, exemestane, bevacizumab ---------------------------------------------------------------

  static CancerAssessment colorectalAfterFolfox() {
    return cancer(CancerType.COLORECTAL, "solid-tumour", List.of(
        line(1, "2024-01-01", "2024-08-01", LineEndReason.PROGRESSION, "bevacizumab", "fluorouracil", "leucovorin",
            "oxaliplatin")));
  }

  @Test
  void trifluridineTipiracilAfterFluorouracilDoesNotWarn() {
    assertThat(cards(colorectalAfterFolfox(), "Lonsurf")).isEmpty();
    assertThat(cards(colorectalAfterFolfox(), "trifluridine / tipiracil")).isEmpty();
  }

  @Test
  void fluorouracilInFolfiriAfterFolfoxIsOnlyAPartnerInfoNotAWarning() {
    List<CdsJson.Card> cards = cards(colorectalAfterFolfox(), "fluorouracil");
    assertThat(cards).hasSize(1);
    assertThat(cards.get(0).indicator()).isEqualTo("info");
    assertThat(cards.get(0).summary()).startsWith("Part of a failed combination: fluorouracil (fluoropyrimidine)");
    assertThat(cards.get(0).detail()).contains("part of a failed combination");
  }

  @Test
  void bevacizumabContinuedBeyondProgressionDoesNotWarn() {
    assertThat(cards(colorectalAfterFolfox(), "bevacizumab")).isEmpty();
    CancerAssessment mono = cancer(CancerType.COLORECTAL, "solid-tumour",
        List.of(line(1, "2024-01-01", "2024-08-01", LineEndReason.PROGRESSION, "bevacizumab")));
    assertThat(cards(mono, "Avastin")).as("not even after bevacizumab alone").isEmpty();
  }

  @Test
  void gemcitabineAfterPemetrexedDoesNotWarnButPemetrexedAloneDoes() {
    CancerAssessment ca = cancer(CancerType.NSCLC, "nsclc",
        List.of(line(1, "2024-01-01", "2024-08-01", LineEndReason.PROGRESSION, "pemetrexed")));
    assertThat(cards(ca, "gemcitabine")).isEmpty();
    assertThat(cards(ca, "methotrexate")).extracting(CdsJson.Card::indicator).containsExactly("warning");
    assertThat(cards(ca, "methotrexate").get(0).summary()).contains("(antifolate)");
  }

  @Test
  void exemestaneAfterNonSteroidalAromataseInhibitorDoesNotWarn() {
    CancerAssessment ca = cancer(CancerType.BREAST, "solid-tumour",
        List.of(line(1, "2023-01-01", "2024-08-01", LineEndReason.PROGRESSION, "letrozole")));
    assertThat(cards(ca, "exemestane")).isEmpty();
    assertThat(cards(ca, "anastrozole")).extracting(CdsJson.Card::indicator).containsExactly("warning");
  }

  // --- 4. anti-PD-(L)1 -----------------------------------------------------------------------------------------

  @Test
  void antiPdL1AfterAntiPd1ProgressionWarnsAsOneGroup() {
    CancerAssessment ca = cancer(CancerType.NSCLC, "nsclc",
        List.of(line(1, "2023-01-01", "2024-02-01", LineEndReason.PROGRESSION, "pembrolizumab")));
    for (String antiPdL1 : List.of("atezolizumab", "durvalumab")) {
      List<CdsJson.Card> cards = cards(ca, antiPdL1);
      assertThat(cards).as(antiPdL1).extracting(CdsJson.Card::indicator).containsExactly("warning");
      assertThat(cards.get(0).summary()).startsWith("Prior progression on pembrolizumab (anti-PD-(L)1), line 1");
    }
  }

  // --- 5. ovarian: the rule set's platinum status and the platinum-free interval --------------------------------

  static LineOfTherapy carboPacli() {
    return line(1, "2024-01-01", "2024-06-01", LineEndReason.PROGRESSION, "carboplatin", "paclitaxel");
  }

  @Test
  void ovarianPlatinumOrderWarnsWhenTheRuleSetSaysPlatinumResistantWithTheInterval() {
    LineOfTherapy l1 = carboPacli();
    List<ResourceRef> ev = new ArrayList<>(l1.sources());
    ev.add(new ResourceRef("Observation", "prog-1"));
    CancerAssessment ca = cancer(CancerType.OVARIAN, OvarianRuleSet.ID, List.of(l1),
        new Reason(OvarianRuleSet.REASON_PLATINUM_RESISTANT, "Progression within 6 months of the last platinum dose "
            + "(2024-06-01, carboplatin + paclitaxel); platinum-free interval 92 days (3.0 months).", ev));
    List<CdsJson.Card> cards = cards(ca, "cisplatin");
    assertThat(cards).extracting(CdsJson.Card::indicator).containsExactly("warning");
    assertThat(cards.get(0).summary()).isEqualTo("Prior progression on carboplatin (platinum agent), line 1 "
        + "(carboplatin + paclitaxel), platinum-free interval 92 days (3.0 months)");
    assertThat(cards.get(0).detail()).contains("Platinum-resistant by the ovarian-platinum rule set");
  }

  @Test
  void ovarianPlatinumSensitiveRelapseGivesNoPlatinumCardEvenAfterLineProgression() {
    CancerAssessment ca = cancer(CancerType.OVARIAN, OvarianRuleSet.ID, List.of(carboPacli()),
        new Reason("progression-on-latest-line", "Progression on the latest line.", carboPacli().sources()));
    assertThat(cards(ca, "carboplatin")).isEmpty();
  }

  @Test
  void ovarianRuleSetStatesTheIntervalItsCardsRead() {
    Reason r = new Reason(OvarianRuleSet.REASON_PLATINUM_REFRACTORY, "Progression during platinum (carboplatin) or "
        + "within 28 days of the last platinum dose (2024-06-01); platinum-free interval 0 days (0.0 months).",
        List.of());
    assertThat(OvarianRuleSet.platinumFreeDays(r)).hasValue(0);
  }

  // --- 6. combination partners and display names -----------------------------------------------------------------

  @Test
  void paclitaxelAfterCarboplatinPaclitaxelIsPartOfAFailedCombination() {
    CancerAssessment ca = cancer(CancerType.OTHER_SOLID, "solid-tumour", List.of(carboPacli()));
    List<CdsJson.Card> cards = cards(ca, "paclitaxel");
    assertThat(cards).extracting(CdsJson.Card::indicator).containsExactly("info");
    assertThat(cards.get(0).summary()).isEqualTo("Part of a failed combination: paclitaxel (taxane), line 1 "
        + "(carboplatin + paclitaxel), ended 2024-06-01");
  }

  @Test
  void classNamesAreDisplayNamesNotSlugs() {
    CancerAssessment ca = cancer(CancerType.BREAST, "solid-tumour",
        List.of(line(1, "2023-01-01", "2024-08-01", LineEndReason.PROGRESSION, "palbociclib")));
    assertThat(cards(ca, "ribociclib").get(0).summary()).contains("(CDK4/6 inhibitor)")
        .doesNotContain("cdk4-6");
  }

  // --- 7. unrecognised drugs --------------------------------------------------------------------------------------

  @Test
  void anUnmappedDrugThatLooksLikeACancerDrugGetsAnInfoCardSoSilenceNeverMeansChecked() {
    CancerAssessment ca = cancer(CancerType.NSCLC, "nsclc",
        List.of(line(1, "2024-01-01", "2025-01-01", LineEndReason.PROGRESSION, "erlotinib")));
    MedicationRequest byText = order("futurotinib 100 mg tablet");
    MedicationRequest byAtc = new MedicationRequest();
    byAtc.setId("draft-2");
    byAtc.setMedication(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(ATC, "L01XX99", null)));
    for (MedicationRequest mr : List.of(byText, byAtc)) {
      List<CdsJson.Card> cards = cards(ca, mr);
      assertThat(cards).extracting(CdsJson.Card::indicator).containsExactly("info");
      assertThat(cards.get(0).summary())
          .isEqualTo("Drug not recognised by OncoRefract: no check against prior lines was made");
    }
  }

  @Test
  void supportiveAndNonCancerDrugsGetNoCard() {
    CancerAssessment ca = colorectalAfterFolfox();
    assertThat(cards(ca, "ondansetron")).isEmpty();
    assertThat(cards(ca, "paracetamol 500 mg")).isEmpty();
    assertThat(cards(ca, "leucovorin")).isEmpty();
  }

  @Test
  void unverifiedRxNormCodesAreNotMappedButStillGetTheUnrecognisedCardWhenTheTextSignals() {
    // 1369713 / 1721560 were not verifiable from a terminology-server answer or a curated table: not in the table
    assertThat(DRUGS.ingredientsForCode(RXNORM, "1369713")).isEmpty();
    assertThat(DRUGS.ingredientsForCode(RXNORM, "1721560")).isEmpty();
    MedicationRequest mr = new MedicationRequest();
    mr.setId("draft-3");
    mr.setMedication(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(RXNORM, "1721560",
        "futurotinib 80 MG Oral Tablet")));
    assertThat(cards(colorectalAfterFolfox(), mr)).extracting(CdsJson.Card::indicator).containsExactly("info");
  }

  // --- 8. override reasons --------------------------------------------------------------------------------------

  @Test
  void orderSelectCardsOfferTheirOwnOverrideReasonsDefinedInTheCodeSystem() {
    CdsJson.Card card = cards(myeloma(), "pomalidomide").get(0);
    assertThat(card.overrideReasons()).extracting(CdsJson.Coding::code).containsExactly("intentional-rechallenge",
        "prior-exposure-not-refractory", "different-mechanism-within-class", "record-incorrect");
    CodeSystem cs = (CodeSystem) OncoRefractValidation.resource(CTX, "CodeSystem-cds-override-reason.json");
    for (CdsJson.Coding c : OrderSelectCards.OVERRIDE_REASONS) {
      assertThat(c.system()).isEqualTo(cs.getUrl());
      assertThat(cs.getConcept()).as(c.code()).anyMatch(k -> k.getCode().equals(c.code())
          && k.getDisplay().equals(c.display()));
    }
    assertThat(cs.getCount()).isEqualTo(cs.getConcept().size());
  }
}
