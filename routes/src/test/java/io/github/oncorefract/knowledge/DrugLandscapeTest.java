package io.github.oncorefract.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.assessment.MyelomaParameters;
import io.github.oncorefract.assessment.NsclcParameters;
import io.github.oncorefract.assessment.OvarianParameters;
import io.github.oncorefract.domain.IngredientInfo;
import io.github.oncorefract.profiles.KnowledgeCsv;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, class 4 (unknown drugs dropped silently): the drug table covers the antineoplastic landscape approved by
 * the FDA or EMA through 2026, each ingredient with its class and label source, and resolves the codes, brands and
 * names of recent agents (including the traps of FINDINGS.md section 14).
 */
class DrugLandscapeTest {

  private static final TableDrugCatalog CAT = TableDrugCatalog.loadDefault();
  private static final List<Map<String, String>> ROWS =
      KnowledgeCsv.readResource(TableDrugCatalog.BASE + "antineoplastic-ingredients.csv");

  private static List<IngredientInfo> antineoplastic() {
    return CAT.ingredients().stream().filter(i -> !i.supportive() && !"unspecified".equals(i.drugClass())).toList();
  }

  @Test
  @DisplayName("issue 8, class 4: >= 250 antineoplastic ingredients, each with a class and a label source")
  void atLeast250AntineoplasticIngredientsEachWithAClassAndASource() {
    assertThat(antineoplastic()).hasSizeGreaterThanOrEqualTo(250);
    assertThat(antineoplastic()).allSatisfy(i -> {
      assertThat(i.drugClass()).as(i.name()).isNotBlank().matches("[a-z0-9]+(-[a-z0-9]+)*");
      assertThat(i.name()).isEqualTo(i.name().toLowerCase(java.util.Locale.ROOT));
    });
    assertThat(ROWS).allSatisfy(r -> assertThat(r.get("source")).as(r.get("name")).isNotBlank());
    // every class of the landscape is there
    Set<String> classes = antineoplastic().stream().map(IngredientInfo::drugClass).collect(Collectors.toSet());
    assertThat(classes).contains("platinum", "taxane", "alkylator", "antimetabolite", "anthracycline", "egfr-tki",
        "cdk4-6-inhibitor", "pi3k-inhibitor", "kras-g12c-inhibitor", "parp-inhibitor", "idh-inhibitor",
        "fgfr-inhibitor", "anti-pd-1", "anti-pd-l1", "anti-ctla-4", "anti-lag-3", "aromatase-inhibitor", "serd",
        "antiandrogen", "gnrh-antagonist", "anti-trop2-adc", "anti-her2-adc", "bcma-bispecific",
        "cd20-cd3-bispecific", "car-t-cd19", "car-t-bcma", "radioligand", "radiopharmaceutical", "menin-inhibitor");
  }

  @Test
  @DisplayName("issue 8, class 4: alpelisib (Piqray) and the recent targeted agents resolve by name and brand")
  void recentTargetedAgentsResolveByBrand() {
    assertThat(CAT.ingredientsForText("Piqray 150 MG Oral Tablet")).containsExactly("alpelisib");
    assertThat(CAT.ingredientsForText("alpelisib 300 MG Daily Dose")).containsExactly("alpelisib");
    assertThat(CAT.ingredient("alpelisib").map(IngredientInfo::drugClass)).contains("pi3k-inhibitor");
    assertThat(CAT.ingredientsForText("Kisqali 200 MG")).containsExactly("ribociclib");
    assertThat(CAT.ingredientsForText("Ibrance")).containsExactly("palbociclib");
    assertThat(CAT.ingredientsForText("Lynparza")).containsExactly("olaparib");
    assertThat(CAT.ingredientsForText("Tagrisso 80 mg")).containsExactly("osimertinib");
    assertThat(CAT.ingredientsForText("Truqap")).containsExactly("capivasertib");
    assertThat(CAT.ingredientsForText("Itovebi")).containsExactly("inavolisib");
    assertThat(CAT.ingredientsForText("Orserdu")).containsExactly("elacestrant");
    assertThat(CAT.ingredientsForText("Lazcluze + Rybrevant")).containsExactly("lazertinib", "amivantamab");
    assertThat(CAT.ingredientsForText("Hernexeos")).containsExactly("zongertinib");
    assertThat(CAT.ingredientsForText("Revuforj")).containsExactly("revumenib");
    assertThat(CAT.ingredientsForText("Voranigo")).containsExactly("vorasidenib");
    assertThat(CAT.ingredientsForText("Keytruda")).containsExactly("pembrolizumab");
    assertThat(CAT.ingredientsForText("Opdualag")).containsExactly("nivolumab", "relatlimab");
    assertThat(CAT.ingredientsForText("ribociclib succinate 200 MG Oral Tablet")).containsExactly("ribociclib");
    assertThat(CAT.ingredientsForText("lapatinib ditosylate")).containsExactly("lapatinib");
    assertThat(CAT.ingredientsForText("Hydroxycarbamide 500 mg")).containsExactly("hydroxyurea");
  }

  @Test
  @DisplayName("issue 8, class 4: FINDINGS.md 14 traps: Verzenio 1946840 and hyaluronidase-oysk/trastuzumab 2119714")
  void findingsSection14Traps() {
    // RxNorm 1946840 "Verzenio 100 MG Oral Tablet": brand only, no "abemaciclib" anywhere in the resource
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "1946840")).containsExactly("abemaciclib");
    assertThat(CAT.ingredientsForText("Verzenio 100 MG Oral Tablet")).containsExactly("abemaciclib");
    // RxNorm 2119714: the anticancer ingredient is second; hyaluronidase is a supportive excipient
    String display = "5 ML hyaluronidase-oysk 2000 UNT/ML / trastuzumab 120 MG/ML Injection";
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "2119714")).contains("trastuzumab");
    assertThat(CAT.ingredientsForText(display)).contains("trastuzumab");
    for (List<String> found : List.of(CAT.ingredientsForCode(CodeSystems.RXNORM, "2119714"),
        CAT.ingredientsForText(display))) {
      assertThat(found.stream().filter(n -> !CAT.ingredient(n).orElseThrow().supportive()))
          .containsExactly("trastuzumab");
    }
    assertThat(CAT.ingredient("hyaluronidase").map(IngredientInfo::supportive)).contains(true);
    assertThat(CAT.ingredientsForCode(CodeSystems.RXNORM, "1601380")).containsExactly("palbociclib");
    assertThat(CAT.ingredientsForText("Phesgo")).containsExactly("pertuzumab", "trastuzumab", "hyaluronidase");
  }

  @Test
  @DisplayName("issue 8, class 4: ADCs, bispecifics, CAR-T and radioligands resolve with USAN suffixes and brands")
  void adcBispecificCellTherapyAndRadioligandNames() {
    assertThat(CAT.ingredientsForText("fam-trastuzumab deruxtecan-nxki")).containsExactly("trastuzumab deruxtecan");
    assertThat(CAT.ingredientsForText("sacituzumab govitecan-hziy 180 MG")).containsExactly("sacituzumab govitecan");
    assertThat(CAT.ingredientsForText("Datroway")).containsExactly("datopotamab deruxtecan");
    assertThat(CAT.ingredientsForText("enfortumab vedotin-ejfv")).containsExactly("enfortumab vedotin");
    assertThat(CAT.ingredientsForText("Elahere")).containsExactly("mirvetuximab soravtansine");
    assertThat(CAT.ingredientsForText("Tivdak")).containsExactly("tisotumab vedotin");
    assertThat(CAT.ingredientsForText("telisotuzumab vedotin-tllv")).containsExactly("telisotuzumab vedotin");
    assertThat(CAT.ingredientsForText("Tecvayli")).containsExactly("teclistamab");
    assertThat(CAT.ingredientsForText("Talvey")).containsExactly("talquetamab");
    assertThat(CAT.ingredientsForText("elranatamab-bcmm")).containsExactly("elranatamab");
    assertThat(CAT.ingredientsForText("Lynozyfic")).containsExactly("linvoseltamab");
    assertThat(CAT.ingredientsForText("Imdelltra")).containsExactly("tarlatamab");
    assertThat(CAT.ingredientsForText("Blincyto")).containsExactly("blinatumomab");
    assertThat(CAT.ingredientsForText("Kimmtrak")).containsExactly("tebentafusp");
    assertThat(CAT.ingredientsForText("Ziihera")).containsExactly("zanidatamab");
    assertThat(CAT.ingredientsForText("Lunsumio")).containsExactly("mosunetuzumab");
    assertThat(CAT.ingredientsForText("Carvykti")).containsExactly("ciltacabtagene autoleucel");
    assertThat(CAT.ingredientsForText("ide-cel")).containsExactly("idecabtagene vicleucel");
    assertThat(CAT.ingredientsForText("Tecartus")).containsExactly("brexucabtagene autoleucel");
    assertThat(CAT.ingredientsForText("Aucatzyl")).containsExactly("obecabtagene autoleucel");
    assertThat(CAT.ingredientsForText("Amtagvi (lifileucel)")).containsExactly("lifileucel");
    assertThat(CAT.ingredientsForText("Tecelra")).containsExactly("afamitresgene autoleucel");
    assertThat(CAT.ingredientsForText("Lutathera")).containsExactly("lutetium lu 177 dotatate");
    assertThat(CAT.ingredientsForText("Lutetium Lu 177 vipivotide tetraxetan 1000 MBq/ML"))
        .containsExactly("lutetium lu 177 vipivotide tetraxetan");
    assertThat(CAT.ingredientsForText("Pluvicto")).containsExactly("lutetium lu 177 vipivotide tetraxetan");
    assertThat(CAT.ingredientsForText("Xofigo (radium-223 dichloride)")).containsExactly("radium ra 223 dichloride");
    assertThat(CAT.ingredient("ciltacabtagene autoleucel").map(IngredientInfo::drugClass)).contains("car-t-bcma");
    assertThat(CAT.ingredient("lutetium lu 177 dotatate").map(IngredientInfo::drugClass)).contains("radioligand");
  }

  @Test
  @DisplayName("issue 8, class 4: every agent of the actionable-variant landscape is in the drug table (lower-case INN)")
  void everyActionableVariantAgentIsInTheTable() {
    // the agents of the current actionable-variant table ...
    List<Map<String, String>> variants = KnowledgeCsv.readResource(TableDrugCatalog.BASE + "actionable-variants.csv");
    for (Map<String, String> v : variants) {
      for (String agent : KnowledgeCsv.list(v.get("agents"))) {
        assertThat(agent).isEqualTo(agent.toLowerCase(java.util.Locale.ROOT));
        assertThat(CAT.ingredient(agent)).as(agent).isPresent();
      }
    }
    // ... and of every alteration issue 8 (class 7) names: EGFR incl. exon 20, ALK, ROS1, RET, NTRK, MET, BRAF, KRAS
    // G12C, HER2, PIK3CA, ESR1, BRCA, IDH1/2, FGFR2/3, MSI-H/dMMR, TMB-high, NRG1 (FDA labels)
    for (String agent : List.of("erlotinib", "gefitinib", "afatinib", "dacomitinib", "osimertinib", "lazertinib",
        "amivantamab", "mobocertinib", "sunvozertinib", "alectinib", "brigatinib", "lorlatinib", "crizotinib",
        "ceritinib", "ensartinib", "entrectinib", "repotrectinib", "taletrectinib", "selpercatinib", "pralsetinib",
        "larotrectinib", "capmatinib", "tepotinib", "telisotuzumab vedotin", "dabrafenib", "trametinib",
        "encorafenib", "binimetinib", "vemurafenib", "cobimetinib", "tovorafenib", "sotorasib", "adagrasib",
        "cetuximab", "panitumumab", "trastuzumab", "pertuzumab", "trastuzumab emtansine", "trastuzumab deruxtecan",
        "tucatinib", "neratinib", "lapatinib", "margetuximab", "zanidatamab", "zongertinib", "alpelisib",
        "inavolisib", "capivasertib", "elacestrant", "imlunestrant", "olaparib", "niraparib", "rucaparib",
        "talazoparib", "ivosidenib", "olutasidenib", "enasidenib", "vorasidenib", "erdafitinib", "pemigatinib",
        "futibatinib", "infigratinib", "pembrolizumab", "nivolumab", "ipilimumab", "dostarlimab",
        "zenocutuzumab", "avutometinib", "defactinib")) {
      assertThat(CAT.ingredient(agent)).as(agent).hasValueSatisfying(i -> assertThat(i.supportive()).isFalse());
    }
  }

  @Test
  @DisplayName("issue 8, class 4: the rule sets' drug lists name table ingredients of the right class")
  void ruleSetDrugListsStillMatchTheTable() {
    MyelomaParameters mm = MyelomaParameters.defaults();
    assertThat(mm.imids()).allSatisfy(n -> assertThat(cls(n)).as(n).isEqualTo("imid"));
    assertThat(mm.proteasomeInhibitors()).allSatisfy(n -> assertThat(cls(n)).as(n).isEqualTo("proteasome-inhibitor"));
    assertThat(mm.antiCd38()).allSatisfy(n -> assertThat(cls(n)).as(n).isEqualTo("anti-cd38"));
    // the table's IMiD / PI / anti-CD38 rows are exactly the configured lists (no new agent left out)
    assertThat(names("imid")).isEqualTo(mm.imids());
    assertThat(names("proteasome-inhibitor")).isEqualTo(mm.proteasomeInhibitors());
    assertThat(names("anti-cd38")).isEqualTo(mm.antiCd38());
    assertThat(OvarianParameters.defaults().platinumIngredients()).allSatisfy(n -> assertThat(cls(n)).isEqualTo("platinum"));
    // NSCLC resistance-testing TKIs = the egfr-tki, alk-tki and ros1-ntrk-tki rows
    Set<String> tkis = new java.util.TreeSet<>(names("egfr-tki"));
    tkis.addAll(names("alk-tki"));
    tkis.addAll(names("ros1-ntrk-tki"));
    assertThat(NsclcParameters.DEFAULT_TARGETED_TKIS).containsExactlyInAnyOrderElementsOf(tkis);
  }

  private static String cls(String name) {
    return CAT.ingredient(name).map(IngredientInfo::drugClass).orElse(null);
  }

  private static Set<String> names(String drugClass) {
    return CAT.ingredients().stream().filter(i -> drugClass.equals(i.drugClass())).map(IngredientInfo::name)
        .collect(Collectors.toSet());
  }
}
