package io.github.oncorefract.assessment;

import static io.github.oncorefract.therapy.TestData.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.VariantKind;
import org.junit.jupiter.api.Test;

class ActionableVariantTableTest {

  private final ActionableVariantTable table = ActionableVariantTable.loadDefault();

  @Test
  void defaultTableLoadsWithSources() {
    assertThat(table.rows()).hasSizeGreaterThanOrEqualTo(45);
    assertThat(table.rows()).allSatisfy(r -> {
      assertThat(r.source()).matches("(FDA label|NCCN).*");
      assertThat(r.evidenceLevel()).isIn("FDA-approved", "NCCN-recommended");
      assertThat(r.origin()).isIn("somatic", "germline", "any");
      assertThat(r.agents()).isNotEmpty();
      assertThat(r.cancerTypes()).isNotEmpty();
    });
    assertThat(table.rows()).flatExtracting(ActionableVariant::cancerTypes)
        .allSatisfy(t -> assertThat(t.equals("*") || isCancerType(t.replace("!", "")) || LABEL_DISEASES.contains(t))
            .as(t).isTrue());
  }

  private static final java.util.Set<String> LABEL_DISEASES = java.util.Set.of("GASTRIC", "PANCREATIC",
      "CHOLANGIOCARCINOMA", "UROTHELIAL", "THYROID", "GLIOMA", "AML");

  private static boolean isCancerType(String t) {
    try {
      CancerType.valueOf(t);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Test
  void normalisesNotations() {
    assertThat(ActionableVariantTable.normalise("p.Leu858Arg")).isEqualTo("p.l858r");
    assertThat(ActionableVariantTable.normalise("L858R")).isEqualTo("p.l858r");
    assertThat(ActionableVariantTable.normalise("p.(Thr790Met)")).isEqualTo("p.t790m");
    assertThat(ActionableVariantTable.normalise("Exon 19 deletion")).isEqualTo("exon19del");
    assertThat(ActionableVariantTable.normalise("MSI high")).isEqualTo("msi-h");
    assertThat(ActionableVariantTable.normalise("metastatic")).isEqualTo("metastatic");
  }

  @Test
  void matchesByGeneAlterationAndClass() {
    assertThat(table.matches(variant("EGFR", "p.E746_A750del", VariantKind.SEQUENCE, true, null, "a"),
        CancerType.NSCLC)).extracting(ActionableVariant::alteration).containsExactly("exon19del");
    assertThat(table.matches(variant("EGFR", "exon 19 deletion", VariantKind.SEQUENCE, true, null, "b"),
        CancerType.NSCLC)).hasSize(1);
    assertThat(table.matches(variant("ALK", "EML4-ALK", VariantKind.FUSION, true, null, "c"), CancerType.NSCLC))
        .extracting(ActionableVariant::agents).singleElement().asList().contains("alectinib");
    assertThat(table.matches(variant("BRCA2", "c.5946delT", VariantKind.SEQUENCE, true, null, "d"),
        CancerType.OVARIAN)).extracting(ActionableVariant::agents).singleElement().asList().contains("olaparib");
    assertThat(table.matches(variant("MET", "exon 14 skipping", VariantKind.SEQUENCE, true, null, "e"),
        CancerType.NSCLC)).hasSize(1);
    assertThat(table.matches(variant("ERBB2", null, VariantKind.COPY_NUMBER_GAIN, true, null, "f"),
        CancerType.BREAST)).hasSize(1);
    // issue 8, class 7: L861Q is an afatinib-label sensitising mutation; L747P is not in the table
    assertThat(table.matches(variant("EGFR", "p.L861Q", VariantKind.SEQUENCE, true, null, "g"), CancerType.NSCLC))
        .extracting(ActionableVariant::agents).singleElement().asList().contains("afatinib");
    assertThat(table.matches(variant("EGFR", "p.L747P", VariantKind.SEQUENCE, true, null, "g2"), CancerType.NSCLC))
        .isEmpty();
    assertThat(table.matches(variant("EGFR", "p.L858R", VariantKind.SEQUENCE, false, null, "h"), CancerType.NSCLC))
        .isEmpty();
  }

  @Test
  void parsesQuotedFieldsAndRejectsMalformedRows() {
    ActionableVariantTable t = ActionableVariantTable.parse(
        "gene,alteration,agents,cancer_types,source,evidence_level\n"
            + "BRAF,p.V600E,dabrafenib; trametinib,MELANOMA,\"FDA label: a, \"\"b\"\"\",FDA-approved\n");
    assertThat(t.rows().get(0).source()).isEqualTo("FDA label: a, \"b\"");
    assertThat(t.rows().get(0).agents()).containsExactly("dabrafenib", "trametinib");
    assertThatThrownBy(() -> ActionableVariantTable.parse("h\nA,B\n")).isInstanceOf(IllegalStateException.class);
  }
}
