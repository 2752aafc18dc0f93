package io.github.oncorefract.profiles.generate;

import io.github.oncorefract.profiles.KnowledgeCsv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.profiles.validation.OncoRefractValidation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

/**
 * The package's derived terminology says exactly what the knowledge CSVs say (they are the source of truth), checked
 * on the shipped .tgz so package and tables cannot drift.
 */
class KnowledgeTablesMatchPackageTest {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static final Path KNOWLEDGE = Path.of(System.getProperty("knowledge.dir",
      "src/main/resources/io/github/oncorefract/knowledge"));

  static <T> T pkg(Class<T> type, String file) {
    return type.cast(OncoRefractValidation.resource(CTX, file));
  }

  @Test
  void actionableVariantCodeSystemMatchesTheTable() throws Exception {
    List<Map<String, String>> rows = KnowledgeCsv.read(KNOWLEDGE.resolve("actionable-variants.csv"));
    CodeSystem cs = pkg(CodeSystem.class, "CodeSystem-actionable-variant.json");
    assertThat(cs.getConcept()).hasSameSizeAs(rows);
    for (Map<String, String> row : rows) {
      String code = KnowledgeArtifactGenerator.variantCode(row);
      CodeSystem.ConceptDefinitionComponent c = cs.getConcept().stream().filter(x -> x.getCode().equals(code))
          .findFirst().orElseThrow(() -> new AssertionError("missing " + code));
      assertThat(values(c, "agent")).as(code).isEqualTo(KnowledgeCsv.list(row.get("agents")));
      assertThat(values(c, "cancer-type")).as(code).isEqualTo(KnowledgeCsv.list(row.get("cancer_types")));
      assertThat(values(c, "source")).as(code).containsExactly(row.get("source"));
    }
    ConceptMap cm = pkg(ConceptMap.class, "ConceptMap-actionable-variant-agents.json");
    for (Map<String, String> row : rows) {
      String code = KnowledgeArtifactGenerator.variantCode(row);
      List<String> targets = cm.getGroupFirstRep().getElement().stream().filter(e -> e.getCode().equals(code))
          .flatMap(e -> e.getTarget().stream()).map(ConceptMap.TargetElementComponent::getCode).toList();
      assertThat(targets).as(code).isEqualTo(KnowledgeCsv.list(row.get("agents")));
    }
    ValueSet genes = pkg(ValueSet.class, "ValueSet-actionable-genes.json");
    Set<String> tableGenes = rows.stream().map(r -> r.get("gene")).filter(g -> !g.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(genes.getCompose().getIncludeFirstRep().getConcept().stream()
        .map(ValueSet.ConceptReferenceComponent::getDisplay)).containsExactlyInAnyOrderElementsOf(tableGenes);
  }

  @Test
  void ingredientTerminologyMatchesTheTable() throws Exception {
    Path file = KNOWLEDGE.resolve("antineoplastic-ingredients.csv");
    assumeTrue(Files.exists(file), "ingredient table not present yet");
    List<Map<String, String>> rows = KnowledgeCsv.read(file);
    CodeSystem cs = pkg(CodeSystem.class, "CodeSystem-antineoplastic-ingredient.json");
    assertThat(cs.getConcept().stream().map(CodeSystem.ConceptDefinitionComponent::getCode))
        .containsExactlyElementsOf(rows.stream().map(r -> r.get("name")).toList());
    for (Map<String, String> row : rows) {
      CodeSystem.ConceptDefinitionComponent c = cs.getConcept().stream()
          .filter(x -> x.getCode().equals(row.get("name"))).findFirst().orElseThrow();
      assertThat(values(c, "drug-class")).containsExactly(row.get("drug_class"));
      assertThat(values(c, "gap-exempt")).containsExactly(row.get("gap_exempt"));
      assertThat(values(c, "source")).as(row.get("name")).containsExactly(row.get("source"));
      if (!Boolean.parseBoolean(row.get("supportive"))) {
        ValueSet vs = pkg(ValueSet.class, "ValueSet-antineoplastic-" + row.get("drug_class") + ".json");
        assertThat(vs.getUrl()).isEqualTo(Canonical.VS_ANTINEOPLASTIC_CLASS_PREFIX + row.get("drug_class"));
        assertThat(vs.getCompose().getIncludeFirstRep().getConcept().stream()
            .map(ValueSet.ConceptReferenceComponent::getCode)).contains(row.get("name"));
      }
    }
  }

  @Test
  void drugCodeMapMatchesTheTable() throws Exception {
    Path file = KNOWLEDGE.resolve("drug-codes.csv");
    assumeTrue(Files.exists(file), "drug-code table not present yet");
    List<Map<String, String>> rows = KnowledgeCsv.read(file);
    ConceptMap cm = pkg(ConceptMap.class, "ConceptMap-drug-code-ingredients.json");
    long elements = cm.getGroup().stream().mapToLong(g -> g.getElement().size()).sum();
    assertThat(elements).isEqualTo(rows.size());
    for (Map<String, String> row : rows) {
      String system = KnowledgeArtifactGenerator.DRUG_SYSTEMS.get(row.get("system"));
      List<String> targets = cm.getGroup().stream().filter(g -> g.getSource().equals(system))
          .flatMap(g -> g.getElement().stream()).filter(e -> e.getCode().equals(row.get("code")))
          .flatMap(e -> e.getTarget().stream()).map(ConceptMap.TargetElementComponent::getCode).toList();
      assertThat(targets).as(row.get("code")).isEqualTo(KnowledgeCsv.list(row.get("ingredients")));
    }
  }

  @Test
  void csvReaderHandlesQuotesCommentsAndEmptyCells() {
    assertThat(KnowledgeCsv.split("a,\"b, \"\"c\"\"\",,d")).containsExactly("a", "b, \"c\"", "", "d");
    assertThat(KnowledgeCsv.list(" x; y ;;z")).containsExactly("x", "y", "z");
  }

  private static List<String> values(CodeSystem.ConceptDefinitionComponent c, String property) {
    return c.getProperty().stream().filter(p -> p.getCode().equals(property))
        .map(p -> p.getValue().primitiveValue()).toList();
  }
}
