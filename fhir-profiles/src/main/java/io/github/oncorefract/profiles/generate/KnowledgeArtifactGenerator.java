package io.github.oncorefract.profiles.generate;

import io.github.oncorefract.profiles.KnowledgeCsv;
import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.profiles.Canonical;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Generates the package's terminology that is derived from the knowledge tables, so the CSVs stay the one source of
 * truth (run by the build, {@code process-classes}, before the package is tarred; see {@code fhir-profiles/pom.xml}).
 *
 * <ul>
 *   <li>{@code actionable-variants.csv} (required) -> CodeSystem {@code actionable-variant} (code
 *       {@code <GENE>-<alteration>}, or the alteration alone for gene-less rows such as MSI-H; properties gene,
 *       alteration, agent, cancer-type, source, evidence-level), ConceptMap {@code actionable-variant-agents}
 *       (variant -> ingredient, comment = the FDA label) and ValueSet {@code actionable-genes} (HGNC ids).
 *   <li>{@code antineoplastic-ingredients.csv} (optional: skipped when absent) -> CodeSystem
 *       {@code antineoplastic-ingredient} (code = lower-case ingredient name; properties drug-class, rxnorm,
 *       substitution-group, maintenance, gap-exempt, supportive, source = the FDA label / EMA EPAR), CodeSystem {@code drug-class}, ValueSet
 *       {@code antineoplastic-ingredients} (every non-supportive ingredient), {@code regimen-ingredients} (every
 *       ingredient, the line-of-therapy products) and one ValueSet
 *       {@code antineoplastic-<class>} per non-supportive class, each also listing the verified RxNorm ingredient
 *       codes of its ingredients.
 *   <li>{@code drug-codes.csv} (optional) -> ConceptMap {@code drug-code-ingredients} (RxNorm, ATC, NDC, SNOMED CT,
 *       UNII -> ingredient; {@code equivalent} for an RxNorm ingredient (IN), else {@code wider}).
 * </ul>
 *
 * Output: one JSON file per artefact, {@code <ResourceType>-<id>.json}, pretty-printed, no dates (deterministic).
 */
public final class KnowledgeArtifactGenerator {

  /** HGNC ids (genenames.org) of the genes in the actionable-variant table. */
  static final Map<String, String> HGNC = Map.ofEntries(
      Map.entry("EGFR", "HGNC:3236"), Map.entry("ALK", "HGNC:427"), Map.entry("ROS1", "HGNC:10261"),
      Map.entry("RET", "HGNC:9967"), Map.entry("MET", "HGNC:7029"), Map.entry("BRAF", "HGNC:1097"),
      Map.entry("KRAS", "HGNC:6407"), Map.entry("NTRK1", "HGNC:8031"), Map.entry("NTRK2", "HGNC:8032"),
      Map.entry("NTRK3", "HGNC:8033"), Map.entry("BRCA1", "HGNC:1100"), Map.entry("BRCA2", "HGNC:1101"),
      Map.entry("ERBB2", "HGNC:3430"), Map.entry("PIK3CA", "HGNC:8975"), Map.entry("ESR1", "HGNC:3467"),
      Map.entry("IDH1", "HGNC:5382"), Map.entry("IDH2", "HGNC:5383"), Map.entry("FGFR2", "HGNC:3689"),
      Map.entry("FGFR3", "HGNC:3690"), Map.entry("NRG1", "HGNC:7997"));

  /** FHIR system URIs of the drug-code table's system names. */
  static final Map<String, String> DRUG_SYSTEMS = Map.of(
      "RXNORM", "http://www.nlm.nih.gov/research/umls/rxnorm",
      "ATC", "http://www.whocc.no/atc",
      "NDC", "http://hl7.org/fhir/sid/ndc",
      "SNOMED", "http://snomed.info/sct",
      "UNII", "http://fdasis.nlm.nih.gov");

  static final String HGNC_SYSTEM = "http://www.genenames.org/geneId";

  private final FhirContext ctx;

  KnowledgeArtifactGenerator(FhirContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param args {@code <knowledge dir> <package output dir>}
   * @throws IOException when a table cannot be read or an artefact written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: KnowledgeArtifactGenerator <knowledge dir> <package dir>");
    }
    KnowledgeArtifactGenerator g = new KnowledgeArtifactGenerator(FhirContext.forR4());
    g.write(g.generate(Path.of(args[0])), Path.of(args[1]));
  }

  /** Every artefact derived from the tables in {@code knowledgeDir}. */
  List<MetadataResource> generate(Path knowledgeDir) throws IOException {
    List<MetadataResource> out = new ArrayList<>();
    List<Map<String, String>> variants = KnowledgeCsv.read(knowledgeDir.resolve("actionable-variants.csv"));
    out.add(variantCodeSystem(variants));
    out.add(variantAgentMap(variants));
    out.add(actionableGenes(variants));
    Path ingredients = knowledgeDir.resolve("antineoplastic-ingredients.csv");
    if (Files.exists(ingredients)) {
      List<Map<String, String>> rows = KnowledgeCsv.read(ingredients);
      out.add(ingredientCodeSystem(rows));
      out.add(drugClassCodeSystem(rows));
      out.addAll(ingredientValueSets(rows));
    }
    Path drugCodes = knowledgeDir.resolve("drug-codes.csv");
    if (Files.exists(drugCodes)) {
      out.add(drugCodeMap(KnowledgeCsv.read(drugCodes)));
    }
    return out;
  }

  void write(List<MetadataResource> artefacts, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (MetadataResource r : artefacts) {
      String json = ctx.newJsonParser().setPrettyPrint(true).encodeResourceToString(r);
      Files.writeString(dir.resolve(r.fhirType() + "-" + r.getIdElement().getIdPart() + ".json"), json + "\n",
          StandardCharsets.UTF_8);
    }
  }

  /**
   * The concept code of a table row: its {@code code} column where present (one alteration may have several rows,
   * one per label indication group), else {@code gene-alteration}.
   */
  static String variantCode(Map<String, String> row) {
    String code = row.get("code");
    if (code != null && !code.isBlank()) {
      return code.strip();
    }
    String gene = row.get("gene");
    return gene.isEmpty() ? row.get("alteration") : gene + "-" + row.get("alteration");
  }

  private static <T extends MetadataResource> T common(T r, String id, String url, String name, String title,
      String description) {
    r.setId(id);
    r.setUrl(url);
    r.setVersion(Canonical.PACKAGE_VERSION);
    r.setName(name);
    r.setTitle(title);
    r.setStatus(Enumerations.PublicationStatus.ACTIVE);
    r.setExperimental(false);
    r.setPublisher("OncoRefract project");
    r.setDescription(description);
    return r;
  }

  private CodeSystem variantCodeSystem(List<Map<String, String>> rows) {
    CodeSystem cs = common(new CodeSystem(), "actionable-variant", Canonical.CS_ACTIONABLE_VARIANT,
        "ActionableVariant", "Actionable genomic variants",
        "Gene alterations with an FDA-approved targeted agent (generated from knowledge/actionable-variants.csv; "
            + "each concept's source property names the label). clinical-model.md section 4.");
    cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE).setCaseSensitive(true);
    cs.addProperty().setCode("gene").setType(CodeSystem.PropertyType.STRING)
        .setDescription("HGNC gene symbol (empty for gene-less biomarkers such as MSI-H)");
    cs.addProperty().setCode("alteration").setType(CodeSystem.PropertyType.STRING)
        .setDescription("Alteration as written in the table (HGVS protein, exon event, fusion, amplification)");
    cs.addProperty().setCode("agent").setType(CodeSystem.PropertyType.CODE)
        .setDescription("Candidate agent: a code of " + Canonical.CS_ANTINEOPLASTIC_INGREDIENT);
    cs.addProperty().setCode("cancer-type").setType(CodeSystem.PropertyType.CODE)
        .setDescription("Cancer type the label covers (CancerType name or label disease of "
            + "knowledge/label-diseases.csv), * for tumour-agnostic, !NAME excluded");
    cs.addProperty().setCode("source").setType(CodeSystem.PropertyType.STRING).setDescription("Source (FDA label)");
    cs.addProperty().setCode("evidence-level").setType(CodeSystem.PropertyType.STRING)
        .setDescription("Evidence level, e.g. FDA-approved");
    for (Map<String, String> row : rows) {
      String gene = row.get("gene");
      CodeSystem.ConceptDefinitionComponent c = cs.addConcept().setCode(variantCode(row))
          .setDisplay((gene + " " + row.get("alteration")).trim());
      if (!gene.isEmpty()) {
        c.addProperty().setCode("gene").setValue(new StringType(gene));
      }
      c.addProperty().setCode("alteration").setValue(new StringType(row.get("alteration")));
      for (String a : KnowledgeCsv.list(row.get("agents"))) {
        c.addProperty().setCode("agent").setValue(new CodeType(a));
      }
      for (String t : KnowledgeCsv.list(row.get("cancer_types"))) {
        c.addProperty().setCode("cancer-type").setValue(new CodeType(t));
      }
      c.addProperty().setCode("source").setValue(new StringType(row.get("source")));
      c.addProperty().setCode("evidence-level").setValue(new StringType(row.get("evidence_level")));
    }
    cs.setCount(cs.getConcept().size());
    return cs;
  }

  private ConceptMap variantAgentMap(List<Map<String, String>> rows) {
    ConceptMap cm = common(new ConceptMap(), "actionable-variant-agents", Canonical.CM_VARIANT_AGENTS,
        "ActionableVariantAgents", "Actionable variant to candidate agents",
        "Each actionable variant to the agents its FDA label names (generated from "
            + "knowledge/actionable-variants.csv). A mapping is a candidate for clinician review, not a "
            + "recommendation.");
    ConceptMap.ConceptMapGroupComponent g = cm.addGroup()
        .setSource(Canonical.CS_ACTIONABLE_VARIANT).setTarget(Canonical.CS_ANTINEOPLASTIC_INGREDIENT);
    for (Map<String, String> row : rows) {
      ConceptMap.SourceElementComponent e = g.addElement().setCode(variantCode(row));
      for (String a : KnowledgeCsv.list(row.get("agents"))) {
        e.addTarget().setCode(a).setEquivalence(Enumerations.ConceptMapEquivalence.RELATEDTO)
            .setComment("Cancer types: " + String.join(", ", KnowledgeCsv.list(row.get("cancer_types")))
                + ". Source: " + row.get("source") + " (" + row.get("evidence_level") + ")");
      }
    }
    return cm;
  }

  private ValueSet actionableGenes(List<Map<String, String>> rows) {
    ValueSet vs = common(new ValueSet(), "actionable-genes", Canonical.VS_ACTIONABLE_GENES, "ActionableGenes",
        "Actionable genes",
        "HGNC genes of the actionable-variant table (generated from knowledge/actionable-variants.csv). HGNC ids "
            + "of EGFR, ERBB2, BRAF, ALK, BRCA1 and BRCA2 are seen in public FHIR examples; the others are taken "
            + "from genenames.org and not re-checked offline.");
    ValueSet.ConceptSetComponent inc = vs.getCompose().addInclude().setSystem(HGNC_SYSTEM);
    TreeSet<String> genes = new TreeSet<>();
    for (Map<String, String> row : rows) {
      if (!row.get("gene").isEmpty()) {
        genes.add(row.get("gene"));
      }
    }
    for (String g : genes) {
      String id = HGNC.get(g);
      if (id == null) {
        throw new IllegalStateException("no HGNC id known for gene " + g + ": add it to KnowledgeArtifactGenerator");
      }
      inc.addConcept().setCode(id).setDisplay(g);
    }
    return vs;
  }

  private CodeSystem ingredientCodeSystem(List<Map<String, String>> rows) {
    CodeSystem cs = common(new CodeSystem(), "antineoplastic-ingredient", Canonical.CS_ANTINEOPLASTIC_INGREDIENT,
        "AntineoplasticIngredient", "Antineoplastic and supportive ingredients",
        "Ingredients the line-of-therapy engine recognises, by lower-case INN name (generated from "
            + "knowledge/antineoplastic-ingredients.csv). Properties give the drug class, the RxNorm ingredient "
            + "code where verified, substitution group, maintenance role and the gap-exempt and supportive flags "
            + "(clinical-model.md section 2; Meng et al., J Biomed Inform 2019).");
    cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE).setCaseSensitive(true);
    cs.addProperty().setCode("drug-class").setType(CodeSystem.PropertyType.CODE)
        .setDescription("Drug class: a code of " + Canonical.CS_DRUG_CLASS);
    cs.addProperty().setCode("rxnorm").setType(CodeSystem.PropertyType.STRING)
        .setDescription("RxNorm ingredient (IN) code, only where verified");
    cs.addProperty().setCode("substitution-group").setType(CodeSystem.PropertyType.CODE)
        .setDescription("Ingredients of one group substitute for each other without a new line");
    cs.addProperty().setCode("maintenance").setType(CodeSystem.PropertyType.CODE)
        .setDescription("Maintenance role: NONE, CONTINUATION, SWITCH or CONTINUATION_OR_SWITCH");
    cs.addProperty().setCode("gap-exempt").setType(CodeSystem.PropertyType.BOOLEAN)
        .setDescription("A treatment gap does not start a new line (continuous oral NSCLC TKIs)");
    cs.addProperty().setCode("supportive").setType(CodeSystem.PropertyType.BOOLEAN)
        .setDescription("Supportive drug: never an antineoplastic exposure by default");
    cs.addProperty().setCode("source").setType(CodeSystem.PropertyType.STRING)
        .setDescription("Where the ingredient's approval is documented (FDA label / EMA EPAR and brand)");
    for (Map<String, String> row : rows) {
      CodeSystem.ConceptDefinitionComponent c = cs.addConcept().setCode(row.get("name")).setDisplay(row.get("name"));
      c.addProperty().setCode("drug-class").setValue(new CodeType(row.get("drug_class")));
      if (!row.get("rxnorm").isEmpty()) {
        c.addProperty().setCode("rxnorm").setValue(new StringType(row.get("rxnorm")));
      }
      if (!row.get("substitution_group").isEmpty()) {
        c.addProperty().setCode("substitution-group").setValue(new CodeType(row.get("substitution_group")));
      }
      c.addProperty().setCode("maintenance").setValue(new CodeType(row.get("maintenance")));
      c.addProperty().setCode("gap-exempt").setValue(new BooleanType(Boolean.parseBoolean(row.get("gap_exempt"))));
      c.addProperty().setCode("supportive").setValue(new BooleanType(Boolean.parseBoolean(row.get("supportive"))));
      String source = row.getOrDefault("source", "");
      if (source != null && !source.isEmpty()) {
        c.addProperty().setCode("source").setValue(new StringType(source));
      }
    }
    cs.setCount(cs.getConcept().size());
    return cs;
  }

  private CodeSystem drugClassCodeSystem(List<Map<String, String>> rows) {
    CodeSystem cs = common(new CodeSystem(), "drug-class", Canonical.CS_DRUG_CLASS, "DrugClass", "Drug classes",
        "Drug classes of the ingredient table (generated from knowledge/antineoplastic-ingredients.csv).");
    cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE).setCaseSensitive(true);
    for (String c : new TreeSet<>(rows.stream().map(r -> r.get("drug_class")).toList())) {
      cs.addConcept().setCode(c).setDisplay(c);
    }
    cs.setCount(cs.getConcept().size());
    return cs;
  }

  /**
   * The ingredient ValueSets: every non-supportive ingredient, and one per drug class. Each includes the ingredient
   * codes of {@link Canonical#CS_ANTINEOPLASTIC_INGREDIENT} and, in a second include, the verified RxNorm ingredient
   * code of each (the table's {@code rxnorm} column): a line-of-therapy CarePlan codes its products both ways, and a
   * validator without RxNorm content (the embedded server, the offline chain) can then tell that such a product is in
   * the value set instead of warning that none of its codings is (issue 8, class 11).
   */
  private List<ValueSet> ingredientValueSets(List<Map<String, String>> rows) {
    Map<String, List<Map<String, String>>> byClass = new TreeMap<>();
    List<Map<String, String>> all = new ArrayList<>();
    List<Map<String, String>> regimen = new ArrayList<>();
    for (Map<String, String> row : rows) {
      regimen.add(row);
      if (Boolean.parseBoolean(row.get("supportive"))) {
        continue;
      }
      all.add(row);
      byClass.computeIfAbsent(row.get("drug_class"), k -> new ArrayList<>()).add(row);
    }
    List<ValueSet> out = new ArrayList<>();
    out.add(enumerated("antineoplastic-ingredients", Canonical.VS_ANTINEOPLASTIC_INGREDIENTS,
        "AntineoplasticIngredients", "Antineoplastic ingredients",
        "Every non-supportive ingredient of the ingredient table, by ingredient code and by its verified RxNorm "
            + "ingredient code.", all));
    out.add(enumerated("regimen-ingredients", Canonical.VS_REGIMEN_INGREDIENTS,
        "RegimenIngredients", "Regimen ingredients",
        "Every ingredient of the ingredient table, supportive ones included (a regimen shows the steroids its rule set "
            + "counts, e.g. dexamethasone in myeloma, prednisone in R-CHOP), by ingredient code and by its verified "
            + "RxNorm ingredient code. The products of a line-of-therapy CarePlan.", regimen));
    for (Map.Entry<String, List<Map<String, String>>> e : byClass.entrySet()) {
      String id = "antineoplastic-" + e.getKey();
      out.add(enumerated(id, Canonical.VS_ANTINEOPLASTIC_CLASS_PREFIX + e.getKey(),
          "Antineoplastic" + pascal(e.getKey()), "Antineoplastic ingredients: " + e.getKey(),
          "Ingredients of drug class " + e.getKey() + ", by ingredient code and by verified RxNorm ingredient code "
              + "(generated from knowledge/antineoplastic-ingredients.csv).",
          e.getValue()));
    }
    return out;
  }

  private ValueSet enumerated(String id, String url, String name, String title, String description,
      List<Map<String, String>> rows) {
    ValueSet vs = common(new ValueSet(), id, url, name, title, description);
    ValueSet.ConceptSetComponent inc = vs.getCompose().addInclude().setSystem(Canonical.CS_ANTINEOPLASTIC_INGREDIENT);
    for (Map<String, String> row : rows) {
      inc.addConcept().setCode(row.get("name"));
    }
    List<Map<String, String>> coded = rows.stream().filter(r -> !r.get("rxnorm").isEmpty()).toList();
    if (!coded.isEmpty()) {
      ValueSet.ConceptSetComponent rx = vs.getCompose().addInclude().setSystem(DRUG_SYSTEMS.get("RXNORM"));
      for (Map<String, String> row : coded) {
        rx.addConcept().setCode(row.get("rxnorm")).setDisplay(row.get("name"));
      }
    }
    return vs;
  }

  private ConceptMap drugCodeMap(List<Map<String, String>> rows) {
    ConceptMap cm = common(new ConceptMap(), "drug-code-ingredients", Canonical.CM_DRUG_CODE_INGREDIENTS,
        "DrugCodeIngredients", "Coded drugs to ingredients",
        "RxNorm, ATC, NDC, SNOMED CT and UNII codes to the ingredients they contain (generated from "
            + "knowledge/drug-codes.csv; each target's comment says where the code was seen or verified).");
    Map<String, ConceptMap.ConceptMapGroupComponent> groups = new TreeMap<>();
    for (Map<String, String> row : rows) {
      String system = DRUG_SYSTEMS.get(row.get("system"));
      if (system == null) {
        throw new IllegalStateException("drug-codes.csv: unknown system " + row.get("system"));
      }
      ConceptMap.ConceptMapGroupComponent g = groups.computeIfAbsent(system, s -> new ConceptMap
          .ConceptMapGroupComponent().setSource(s).setTarget(Canonical.CS_ANTINEOPLASTIC_INGREDIENT));
      ConceptMap.SourceElementComponent e = g.addElement().setCode(row.get("code"));
      boolean ingredient = "IN".equals(row.get("kind"));
      for (String i : KnowledgeCsv.list(row.get("ingredients"))) {
        e.addTarget().setCode(i)
            .setEquivalence(ingredient ? Enumerations.ConceptMapEquivalence.EQUIVALENT
                : Enumerations.ConceptMapEquivalence.WIDER)
            .setComment(row.get("kind") + (row.getOrDefault("note", "").isEmpty() ? "" : ": " + row.get("note")));
      }
    }
    groups.values().forEach(cm.getGroup()::add);
    return cm;
  }

  private static String pascal(String code) {
    StringBuilder b = new StringBuilder();
    for (String part : code.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return b.toString();
  }
}
