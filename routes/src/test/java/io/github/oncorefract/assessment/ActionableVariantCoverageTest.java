package io.github.oncorefract.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.CodeMatch;
import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.VariantKind;
import io.github.oncorefract.profiles.KnowledgeCsv;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, class 7: the actionable-variant table covers every alteration the issue lists, with the cancers each FDA
 * label covers, germline versus somatic origin, and agent names that are ingredients of the drug table.
 */
@DisplayName("issue 8, class 7: actionable-variant coverage")
class ActionableVariantCoverageTest {

  private static final ActionableVariantTable TABLE = ActionableVariantTable.loadDefault();

  private static GenomicVariant v(String gene, String alteration, VariantKind kind, String sourceClass) {
    return new GenomicVariant(gene, alteration, kind, true, sourceClass, null, gene + " " + alteration,
        new ResourceRef("Observation", "x"));
  }

  private static GenomicVariant v(String gene, String alteration, VariantKind kind) {
    return v(gene, alteration, kind, "somatic");
  }

  private static CancerCondition icd10(CancerType type, String code) {
    return new CancerCondition(new ResourceRef("Condition", "c"), type, "http://hl7.org/fhir/sid/icd-10-cm", code,
        type.name() + " (ICD-10-CM " + code + ")", CodeMatch.ICD10, null, false);
  }

  private static List<String> agents(GenomicVariant v, CancerType type) {
    return TABLE.matches(v, type).stream().flatMap(r -> r.agents().stream()).distinct().toList();
  }

  private static List<String> agents(GenomicVariant v, CancerCondition c) {
    return TABLE.matches(v, c).stream().flatMap(r -> r.agents().stream()).distinct().toList();
  }

  @Test
  @DisplayName("issue 8, class 7: every agent of the variant table is an ingredient of the drug table")
  void everyAgentIsAKnownIngredient() {
    Set<String> ingredients = KnowledgeCsv.readResource("/io/github/oncorefract/knowledge/antineoplastic-ingredients.csv")
        .stream().map(r -> r.get("name")).collect(Collectors.toSet());
    assertThat(TABLE.allAgents()).isNotEmpty().allSatisfy(a -> assertThat(ingredients).as(a).contains(a));
  }

  @Test
  @DisplayName("issue 8, class 7: every gene of the variant table is in gene-symbols.csv (free-text genes)")
  void everyGeneIsAKnownSymbol() {
    Set<String> symbols = KnowledgeCsv.readResource("/io/github/oncorefract/knowledge/gene-symbols.csv")
        .stream().map(r -> r.get("symbol")).collect(Collectors.toSet());
    assertThat(TABLE.rows().stream().map(ActionableVariant::gene).filter(g -> !g.isEmpty()).distinct())
        .isNotEmpty().allSatisfy(g -> assertThat(symbols).as(g).contains(g));
  }

  @Test
  @DisplayName("issue 8, class 7: EGFR sensitising, uncommon, exon 20 insertion and T790M")
  void egfr() {
    assertThat(agents(v("EGFR", "p.E746_A750del", VariantKind.SEQUENCE), CancerType.NSCLC))
        .contains("osimertinib", "amivantamab", "lazertinib");
    assertThat(agents(v("EGFR", "p.L858R", VariantKind.SEQUENCE), CancerType.NSCLC)).contains("dacomitinib");
    for (String uncommon : List.of("p.G719A", "p.G719S", "p.L861Q", "p.S768I")) {
      assertThat(agents(v("EGFR", uncommon, VariantKind.SEQUENCE), CancerType.NSCLC)).as(uncommon)
          .contains("afatinib");
    }
    // exon 20 insertion as text and as HGVS (A767_V769dup, the MII molgen fixture's variant)
    assertThat(agents(v("EGFR", "exon 20 insertion", VariantKind.SEQUENCE), CancerType.NSCLC))
        .containsExactly("amivantamab", "sunvozertinib");
    assertThat(agents(v("EGFR", "p.A767_V769dup", VariantKind.SEQUENCE), CancerType.NSCLC))
        .containsExactly("amivantamab", "sunvozertinib");
    assertThat(agents(v("EGFR", "p.T790M", VariantKind.SEQUENCE), CancerType.NSCLC)).containsExactly("osimertinib");
    // a germline EGFR result is no tumour driver
    assertThat(agents(v("EGFR", "p.T790M", VariantKind.SEQUENCE, "germline"), CancerType.NSCLC)).isEmpty();
  }

  @Test
  @DisplayName("issue 8, class 7: fusions ALK, ROS1, RET, NTRK1-3 (tumour-agnostic), NRG1, FGFR2")
  void fusions() {
    GenomicVariant alk = v("ALK", "fusion", VariantKind.FUSION);
    assertThat(agents(alk, CancerType.NSCLC)).contains("alectinib", "lorlatinib", "ensartinib");
    assertThat(agents(v("ROS1", "fusion", VariantKind.FUSION), CancerType.NSCLC))
        .contains("crizotinib", "entrectinib", "repotrectinib");
    assertThat(agents(v("RET", "fusion", VariantKind.FUSION), CancerType.NSCLC))
        .contains("selpercatinib", "pralsetinib");
    assertThat(agents(v("RET", "p.M918T", VariantKind.SEQUENCE), icd10(CancerType.OTHER_SOLID, "C73")))
        .containsExactly("selpercatinib");
    for (String g : List.of("NTRK1", "NTRK2", "NTRK3")) {
      assertThat(agents(v(g, "fusion", VariantKind.FUSION), CancerType.BREAST)).as(g)
          .containsExactly("larotrectinib", "entrectinib", "repotrectinib");
    }
    assertThat(agents(v("NRG1", "fusion", VariantKind.FUSION), icd10(CancerType.OTHER_SOLID, "C25.0")))
        .containsExactly("zenocutuzumab");
    // FGFR2 fusion: cholangiocarcinoma (ICD-10 C22.1) only
    GenomicVariant fgfr2 = v("FGFR2", "fusion", VariantKind.FUSION);
    assertThat(agents(fgfr2, icd10(CancerType.OTHER_SOLID, "C22.1"))).containsExactly("pemigatinib", "futibatinib");
    assertThat(agents(fgfr2, icd10(CancerType.OTHER_SOLID, "C18.7"))).isEmpty();
    // a gene-level "ALK positive" reads as the rearrangement
    assertThat(agents(v("ALK", null, VariantKind.UNSPECIFIED), CancerType.NSCLC)).contains("alectinib");
  }

  @Test
  @DisplayName("issue 8, class 7: MET exon 14 skipping, MET amplification (NCCN) and c-Met overexpression")
  void met() {
    assertThat(agents(v("MET", "exon 14 skipping", VariantKind.SEQUENCE), CancerType.NSCLC))
        .containsExactly("capmatinib", "tepotinib");
    List<ActionableVariant> amp = TABLE.matches(v("MET", "amplification", VariantKind.COPY_NUMBER_GAIN),
        CancerType.NSCLC);
    assertThat(amp).singleElement().satisfies(r -> {
      assertThat(r.agents()).containsExactly("crizotinib");
      assertThat(r.evidenceLevel()).isEqualTo("NCCN-recommended");
    });
    assertThat(agents(v("MET", "overexpression", VariantKind.EXPRESSION), CancerType.NSCLC))
        .containsExactly("telisotuzumab vedotin");
  }

  @Test
  @DisplayName("issue 8, class 7: BRAF V600E by cancer, tumour-agnostic except colorectal")
  void braf() {
    GenomicVariant v600e = v("BRAF", "p.V600E", VariantKind.SEQUENCE);
    assertThat(agents(v600e, CancerType.MELANOMA)).contains("dabrafenib", "trametinib", "encorafenib",
        "binimetinib", "vemurafenib", "cobimetinib");
    assertThat(agents(v600e, CancerType.NSCLC)).contains("dabrafenib", "encorafenib");
    assertThat(agents(v600e, icd10(CancerType.OTHER_SOLID, "C73"))).containsExactly("dabrafenib", "trametinib");
    assertThat(agents(v600e, CancerType.COLORECTAL)).containsExactly("encorafenib", "cetuximab");
    assertThat(agents(v("BRAF", "p.V600K", VariantKind.SEQUENCE), CancerType.NSCLC)).isEmpty();
  }

  @Test
  @DisplayName("issue 8, class 7: KRAS G12C in NSCLC and colorectal cancer")
  void kras() {
    GenomicVariant g12c = v("KRAS", "p.Gly12Cys", VariantKind.SEQUENCE);
    assertThat(agents(g12c, CancerType.NSCLC)).containsExactly("sotorasib", "adagrasib");
    assertThat(agents(g12c, CancerType.COLORECTAL)).containsExactly("sotorasib", "adagrasib");
    assertThat(agents(g12c, CancerType.PROSTATE)).isEmpty();
  }

  @Test
  @DisplayName("issue 8, class 7: HER2 mutation, amplification, overexpression, IHC 3+ and HER2-low")
  void erbb2() {
    assertThat(agents(v("ERBB2", "p.Y772_A775dup", VariantKind.SEQUENCE), CancerType.NSCLC))
        .containsExactly("trastuzumab deruxtecan", "zongertinib");
    assertThat(agents(v("ERBB2", "amplification", VariantKind.COPY_NUMBER_GAIN), CancerType.BREAST))
        .contains("trastuzumab", "pertuzumab", "trastuzumab emtansine", "tucatinib", "neratinib", "lapatinib",
            "margetuximab");
    assertThat(agents(v("ERBB2", "overexpression", VariantKind.EXPRESSION), icd10(CancerType.OTHER_SOLID, "C16.9")))
        .containsExactly("trastuzumab", "trastuzumab deruxtecan");
    assertThat(agents(v("ERBB2", "IHC 3+", VariantKind.EXPRESSION), CancerType.OVARIAN))
        .containsExactly("trastuzumab deruxtecan");
    assertThat(agents(v("ERBB2", "IHC 2+", VariantKind.EXPRESSION), CancerType.BREAST))
        .containsExactly("trastuzumab deruxtecan");
    assertThat(agents(v("ERBB2", "overexpression", VariantKind.EXPRESSION), CancerType.OVARIAN)).isEmpty();
  }

  @Test
  @DisplayName("issue 8, class 7: PIK3CA and ESR1 in breast cancer")
  void breastEndocrine() {
    assertThat(agents(v("PIK3CA", "p.H1047R", VariantKind.SEQUENCE), CancerType.BREAST))
        .containsExactly("alpelisib", "inavolisib", "capivasertib");
    assertThat(agents(v("ESR1", "p.Y537S", VariantKind.SEQUENCE), CancerType.BREAST))
        .containsExactly("elacestrant", "imlunestrant");
    assertThat(agents(v("PIK3CA", "p.H1047R", VariantKind.SEQUENCE), CancerType.COLORECTAL)).isEmpty();
  }

  @Test
  @DisplayName("issue 8, class 7: BRCA1/2 germline and somatic per label; germline BRCA in NSCLC is no driver")
  void brca() {
    GenomicVariant germline = v("BRCA1", "NG_005905.2:g.126148_126152GTAAA[1]", VariantKind.SEQUENCE, "germline");
    GenomicVariant somatic = v("BRCA2", "p.Q2634Afs*20", VariantKind.SEQUENCE, "somatic");
    assertThat(agents(germline, CancerType.NSCLC)).isEmpty(); // FINDINGS.md 18.12
    assertThat(agents(germline, CancerType.BREAST)).containsExactly("olaparib", "talazoparib");
    assertThat(agents(somatic, CancerType.BREAST)).isEmpty(); // breast labels: germline BRCA only
    assertThat(agents(germline, icd10(CancerType.OTHER_SOLID, "C25.9"))).containsExactly("olaparib");
    assertThat(agents(somatic, CancerType.OVARIAN)).containsExactly("olaparib", "niraparib", "rucaparib");
    assertThat(agents(somatic, CancerType.PROSTATE)).contains("olaparib", "talazoparib", "niraparib", "rucaparib");
    // origin not stated: a gene-level finding matches germline and any rows
    assertThat(agents(v("BRCA2", null, VariantKind.UNSPECIFIED, null), CancerType.BREAST)).contains("olaparib");
  }

  @Test
  @DisplayName("issue 8, class 7: IDH1/IDH2 by disease, FGFR3 in urothelial cancer")
  void idhAndFgfr3() {
    GenomicVariant idh1 = v("IDH1", "p.R132H", VariantKind.SEQUENCE);
    assertThat(agents(idh1, icd10(CancerType.LEUKAEMIA, "C92.00"))).containsExactly("ivosidenib", "olutasidenib");
    assertThat(agents(idh1, icd10(CancerType.OTHER_SOLID, "C22.1"))).containsExactly("ivosidenib");
    assertThat(agents(idh1, icd10(CancerType.OTHER_SOLID, "C71.9"))).containsExactly("vorasidenib");
    assertThat(agents(idh1, icd10(CancerType.LEUKAEMIA, "C91.10"))).isEmpty(); // CLL
    assertThat(agents(v("IDH2", "p.R140Q", VariantKind.SEQUENCE), icd10(CancerType.LEUKAEMIA, "C92.0")))
        .containsExactly("enasidenib");
    assertThat(agents(v("FGFR3", "p.S249C", VariantKind.SEQUENCE), icd10(CancerType.OTHER_SOLID, "C67.9")))
        .containsExactly("erdafitinib");
    assertThat(agents(v("FGFR3", "fusion", VariantKind.FUSION), icd10(CancerType.OTHER_SOLID, "C67.9")))
        .containsExactly("erdafitinib");
  }

  @Test
  @DisplayName("issue 8, class 7: MSI-H, dMMR by IHC and TMB-high are tumour-agnostic")
  void tumourAgnosticBiomarkers() {
    assertThat(agents(v(null, "MSI-H", VariantKind.MSI), CancerType.PROSTATE)).containsExactly("pembrolizumab");
    assertThat(agents(v(null, "dMMR", VariantKind.MSI), CancerType.PROSTATE))
        .containsExactly("pembrolizumab", "dostarlimab");
    assertThat(agents(v(null, "dMMR", VariantKind.MSI), CancerType.COLORECTAL))
        .containsExactly("pembrolizumab", "dostarlimab", "nivolumab", "ipilimumab");
    assertThat(agents(v(null, "14.2 mutations per megabase", VariantKind.TMB), CancerType.BREAST))
        .containsExactly("pembrolizumab");
    assertThat(agents(v(null, "10 Mutations/Megabase", VariantKind.TMB), CancerType.BREAST))
        .containsExactly("pembrolizumab");
    assertThat(agents(v(null, "8 Mutations/Megabase", VariantKind.TMB), CancerType.BREAST)).isEmpty();
    assertThat(agents(v(null, "MSS", VariantKind.MSI), CancerType.COLORECTAL)).isEmpty();
  }
  @Test
  @DisplayName("issue 8, class 7 (review D2, D7): NSCLC rows cover unrecorded-histology lung cancer, not SCLC; "
      + "advanced-only rows suppressed for early disease, conditional when unknown")
  void lungHistologyAndAdvancedOnlyRows() {
    GenomicVariant alk = v("ALK", "fusion", VariantKind.FUSION);
    CancerCondition c34 = icd10(CancerType.LUNG_OTHER, "C34.1");
    assertThat(agents(alk, c34)).contains("alectinib");
    CancerCondition sclc = new CancerCondition(new ResourceRef("Condition", "s"), CancerType.LUNG_OTHER,
        "http://snomed.info/sct", "254632001", "Small cell carcinoma of lung", CodeMatch.SNOMED, null, false);
    assertThat(agents(alk, sclc)).isEmpty();
    CancerCondition sclcText = icd10(CancerType.LUNG_OTHER, "C34.1");
    sclcText = new CancerCondition(sclcText.ref(), sclcText.type(), sclcText.system(), sclcText.code(),
        "Kleinzelliges Bronchialkarzinom", CodeMatch.ICD10, null, false);
    assertThat(agents(alk, sclcText)).isEmpty();

    SuggestionRules rules = new SuggestionRules(SuggestionParameters.defaults(), TABLE);
    GenomicVariant tmb = new GenomicVariant(null, "12 /Mb", VariantKind.TMB, true, null, null, "TMB 12",
        new ResourceRef("Observation", "t"));
    CancerCondition colon = icd10(CancerType.COLORECTAL, "C18.7");
    RuleOutcome none = new RuleOutcome(io.github.oncorefract.domain.RefractoryStatus.NOT_REFRACTORY, List.of(), null,
        "", Set.of());
    java.time.LocalDate asOf = java.time.LocalDate.parse("2026-01-01");
    assertThat(rules.suggest(colon, none, List.of(), List.of(), List.of(tmb), Set.of(), asOf, Boolean.FALSE))
        .noneMatch(x -> x.text().contains("pembrolizumab"));
    assertThat(rules.suggest(colon, none, List.of(), List.of(), List.of(tmb), Set.of(), asOf, null))
        .anySatisfy(x -> assertThat(x.text()).contains("pembrolizumab: only for unresectable or metastatic disease"));
    assertThat(rules.suggest(colon, none, List.of(), List.of(), List.of(tmb), Set.of(), asOf, Boolean.TRUE))
        .anySatisfy(x -> assertThat(x.text()).contains("pembrolizumab").doesNotContain("only for unresectable"));
  }
}
