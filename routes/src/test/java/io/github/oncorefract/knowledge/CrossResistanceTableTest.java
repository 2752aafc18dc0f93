package io.github.oncorefract.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.IngredientInfo;
import org.junit.jupiter.api.Test;

/**
 * The cross-resistance groups of the order-select check are data ({@code cross-resistance-groups.csv},
 * {@code cross-resistance-members.csv}): every non-supportive ingredient has a group with a display name and a source.
 */
class CrossResistanceTableTest {

  static final TableDrugCatalog DRUGS = TableDrugCatalog.loadDefault();
  static final CrossResistanceTable T = CrossResistanceTable.loadDefault(DRUGS);

  String group(String ingredient) {
    return T.group(ingredient).orElseThrow().code();
  }

  @Test
  void everyNonSupportiveIngredientHasAGroupWithDisplayAndSource() {
    for (IngredientInfo i : DRUGS.ingredients()) {
      if (i.supportive()) {
        assertThat(T.group(i.name())).as(i.name()).isEmpty();
        continue;
      }
      CrossResistanceTable.Group g = T.group(i.name()).orElseThrow();
      assertThat(g.display()).as(i.name()).isNotBlank();
      assertThat(g.source()).as(i.name()).isNotBlank();
    }
  }

  @Test
  void antimetabolitesAreSplitIntoCrossResistanceGroups() {
    assertThat(group("fluorouracil")).isEqualTo(group("capecitabine")).isEqualTo("fluoropyrimidine");
    assertThat(group("trifluridine")).isEqualTo(group("tipiracil")).isEqualTo("trifluridine-tipiracil");
    assertThat(group("pemetrexed")).isEqualTo(group("methotrexate")).isEqualTo("antifolate");
    assertThat(group("gemcitabine")).isEqualTo(group("cytarabine")).isEqualTo("nucleoside-analogue");
    assertThat(T.groups()).extracting(CrossResistanceTable.Group::code).doesNotContain("antimetabolite");
  }

  @Test
  void egfrGenerationsAromataseInhibitorsAndPdL1AxisAndAntiVegf() {
    assertThat(group("erlotinib")).isEqualTo(group("gefitinib")).isEqualTo(group("afatinib"))
        .isNotEqualTo(group("osimertinib"));
    assertThat(group("exemestane")).isNotEqualTo(group("letrozole"));
    assertThat(group("letrozole")).isEqualTo(group("anastrozole"));
    assertThat(group("pembrolizumab")).isEqualTo(group("atezolizumab")).isEqualTo(group("durvalumab"));
    assertThat(T.group("atezolizumab").orElseThrow().display()).isEqualTo("anti-PD-(L)1");
    assertThat(T.group("bevacizumab").orElseThrow().warn()).isFalse();
    assertThat(T.group("unspecified-chemotherapy").orElseThrow().warn()).isFalse();
    assertThat(T.group("lenalidomide").orElseThrow().display()).isEqualTo("IMiD");
    assertThat(T.group("daratumumab").orElseThrow().display()).isEqualTo("anti-CD38 antibody");
    assertThat(T.group("palbociclib").orElseThrow().display()).isEqualTo("CDK4/6 inhibitor");
    assertThat(T.group("bortezomib").orElseThrow().display()).isEqualTo("proteasome inhibitor");
  }
}
