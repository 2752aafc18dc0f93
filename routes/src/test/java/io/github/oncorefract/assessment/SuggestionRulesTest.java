package io.github.oncorefract.assessment;

import static io.github.oncorefract.therapy.TestData.cancer;
import static io.github.oncorefract.therapy.TestData.ex;
import static io.github.oncorefract.therapy.TestData.progression;
import static io.github.oncorefract.therapy.TestData.variant;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StopReason;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.domain.VariantKind;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuggestionRulesTest {

  private static Scenario refractoryNsclc() {
    return Scenario.given()
        .cancer(cancer("c1", CancerType.NSCLC, "2022-12-01", false))
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"), ex("pemetrexed", "2023-01-10").to("2023-06-02"))
        .event(progression("2023-06-02", "p1"))
        .exposure(ex("docetaxel", "2023-06-20").to("2023-10-01"))
        .event(progression("2023-10-05", "p2"));
  }

  private static List<SuggestionType> types(CancerAssessment a) {
    return a.suggestions().stream().map(Suggestion::type).toList();
  }

  @Test
  void likelyRefractoryGetsTheWholeCatalogueInOrder() {
    CancerAssessment a = refractoryNsclc()
        .variant(variant("KRAS", "p.G12C", VariantKind.SEQUENCE, true, "2023-02-01", "v1"))
        .assessOnly("2024-01-01");
    assertThat(types(a)).containsExactly(SuggestionType.GENOMIC_PROFILING, SuggestionType.TARGETED_THERAPY_REVIEW,
        SuggestionType.TRIAL_REFERRAL, SuggestionType.TREATMENT_STRATEGY_REVIEW, SuggestionType.SUPPORTIVE_CARE);
    Suggestion targeted = a.suggestions().get(1);
    assertThat(targeted.agents()).containsExactly("sotorasib", "adagrasib");
    assertThat(targeted.evidence()).containsExactly(new ResourceRef("Observation", "v1"));
    Suggestion profiling = a.suggestions().get(0);
    assertThat(profiling.reasons().get(0).code()).isEqualTo("no-genomic-result-since-progression");
    assertThat(profiling.evidence()).contains(new ResourceRef("Observation", "p2"));
  }

  @Test
  void genomicResultAfterTheLatestProgressionSatisfiesProfiling() {
    CancerAssessment a = refractoryNsclc()
        .variant(variant("EGFR", null, VariantKind.SEQUENCE, false, "2023-10-20", "wt"))
        .assessOnly("2024-01-01");
    assertThat(types(a)).doesNotContain(SuggestionType.GENOMIC_PROFILING);
  }

  @Test
  void noGenomicResultInTwelveMonthsPromptsProfilingEvenWithoutProgression() {
    CancerAssessment a = Scenario.given()
        .cancer(cancer("c1", CancerType.NSCLC, "2022-12-01", false))
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"))
        .variant(variant("EGFR", null, VariantKind.SEQUENCE, false, "2022-12-15", "old"))
        .assessOnly("2024-01-01");
    assertThat(types(a)).containsExactly(SuggestionType.GENOMIC_PROFILING);
    assertThat(a.suggestions().get(0).reasons().get(0).code()).isEqualTo("no-genomic-result-in-lookback");
    CancerAssessment recent = Scenario.given()
        .cancer(cancer("c1", CancerType.NSCLC, "2022-12-01", false))
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"))
        .variant(variant("EGFR", null, VariantKind.SEQUENCE, false, "2023-02-15", "recent"))
        .assessOnly("2024-01-01");
    assertThat(recent.suggestions()).isEmpty();
  }

  @Test
  void agentAlreadyGivenIsNotSuggestedButAResistanceVariantIs() {
    CancerAssessment a = Scenario.given()
        .cancer(cancer("c1", CancerType.NSCLC, "2022-12-01", false))
        .variant(variant("EGFR", "p.Leu858Arg", VariantKind.SEQUENCE, true, "2022-12-10", "v1"))
        .exposure(ex("erlotinib", "2023-01-01").to("2023-09-01"))
        .event(progression("2023-09-01", "p1"))
        .variant(variant("EGFR", "T790M", VariantKind.SEQUENCE, true, "2023-09-20", "v2"))
        .assessOnly("2024-01-01");
    List<Suggestion> targeted = a.suggestions().stream()
        .filter(s -> s.type() == SuggestionType.TARGETED_THERAPY_REVIEW).toList();
    assertThat(targeted).hasSize(1);
    assertThat(targeted.get(0).agents()).containsExactly("osimertinib");
    assertThat(targeted.get(0).evidence()).containsExactly(new ResourceRef("Observation", "v2"));
    assertThat(targeted.get(0).text()).contains("FDA label: osimertinib (Tagrisso)");
  }

  @Test
  void absentVariantOrOtherCancerTypeIsNotActionable() {
    CancerAssessment a = Scenario.given()
        .cancer(cancer("c1", CancerType.COLORECTAL, "2022-12-01", false))
        .variant(variant("EGFR", "p.L858R", VariantKind.SEQUENCE, true, "2023-12-10", "v1"),
            variant("ALK", null, VariantKind.FUSION, false, "2023-12-10", "v2"),
            variant(null, "MSI-H", VariantKind.MSI, true, "2023-12-10", "v3"))
        .assessOnly("2024-01-01");
    // issue 8, class 7: MSI-H colorectal cancer is one alteration with two labels (pembrolizumab; nivolumab with
    // ipilimumab), one suggestion listing both
    assertThat(a.suggestions()).extracting(Suggestion::agents)
        .containsExactly(List.of("pembrolizumab", "nivolumab", "ipilimumab"));
  }

  @Test
  void atRiskGetsSupportiveCareButNoTrialReferralByDefault() {
    CancerAssessment a = Scenario.given()
        .cancer(cancer("c1", CancerType.NSCLC, "2022-12-01", false))
        .exposure(ex("carboplatin", "2023-01-10").to("2023-04-01"))
        .event(progression("2023-05-01", "p1"))
        .variant(variant("EGFR", null, VariantKind.SEQUENCE, false, "2023-06-01", "wt"))
        .assessOnly("2024-01-01");
    assertThat(types(a)).containsExactly(SuggestionType.SUPPORTIVE_CARE);
  }

  @Test
  void aLineStoppedForNoResponseIsTheMostRecentProgressionForProfiling() {
    // clinical-model.md s1: progression can also appear as a line stopped for "no response" (SNOMED 266721009).
    CancerAssessment a = Scenario.given()
        .cancer(cancer("c1", CancerType.MELANOMA, "2022-12-01", false))
        .variant(variant("BRAF", "p.V600E", VariantKind.SEQUENCE, true, "2023-03-01", "v1"))
        .exposure(ex("dabrafenib", "2023-01-10").to("2023-09-01").stop(StopReason.NO_RESPONSE).id("dab"))
        .assessOnly("2023-12-01");
    assertThat(types(a)).startsWith(SuggestionType.GENOMIC_PROFILING);
    Suggestion profiling = a.suggestions().get(0);
    assertThat(profiling.reasons().get(0).code()).isEqualTo("no-genomic-result-since-progression");
    assertThat(profiling.text()).contains("2023-09-01");
    assertThat(profiling.evidence()).contains(new ResourceRef("MedicationAdministration", "dab"));
  }

  @Test
  void targetedSuggestionsAreOrderedByEvidenceLevelThenTableOrderNotByResourceId() {
    ActionableVariantTable table = ActionableVariantTable.parse(
        "gene,alteration,agents,cancer_types,source,evidence_level\n"
            + "KRAS,p.G12D,agent-b,*,trial,clinical-trial\n"
            + "NTRK1,fusion,larotrectinib,*,label,FDA-approved\n"
            + ",MSI-H,pembrolizumab,*,label,FDA-approved\n");
    SuggestionRules rules = new SuggestionRules(SuggestionParameters.defaults(), table);
    RuleOutcome notRefractory = new RuleOutcome(RefractoryStatus.NOT_REFRACTORY, List.of(), null, "none", Set.of());
    List<Suggestion> out = rules.suggest(cancer("c1", CancerType.COLORECTAL, "2023-01-01", false), notRefractory,
        List.of(), List.of(variant("KRAS", "p.G12D", VariantKind.SEQUENCE, true, "2023-11-01", "a"),
            variant(null, "MSI-H", VariantKind.MSI, true, "2023-11-01", "b"),
            variant("NTRK1", "fusion", VariantKind.FUSION, true, "2023-11-01", "c")),
        Set.of(), LocalDate.parse("2023-12-01"));
    assertThat(out).extracting(Suggestion::agents).containsExactly(
        List.of("larotrectinib"), List.of("pembrolizumab"), List.of("agent-b"));
  }

  @Test
  void dlbclStrategyOptionsLeaveOutWhatWasAlreadyUsed() {
    RuleOutcome afterAsct = new RuleOutcome(io.github.oncorefract.domain.RefractoryStatus.LIKELY_REFRACTORY,
        java.util.List.of(new io.github.oncorefract.domain.Reason("relapse-within-12-months-of-asct", "x",
            java.util.List.of())), null, "refractory", java.util.Set.of());
    RuleOutcome primary = new RuleOutcome(io.github.oncorefract.domain.RefractoryStatus.LIKELY_REFRACTORY,
        java.util.List.of(new io.github.oncorefract.domain.Reason("primary-refractory", "x", java.util.List.of())),
        null, "primary refractory", java.util.Set.of());
    org.assertj.core.api.Assertions.assertThat(SuggestionRules.dlbclOptions(primary, java.util.Set.of("rituximab")))
        .contains("CAR-T", "autologous stem-cell transplant");
    org.assertj.core.api.Assertions.assertThat(SuggestionRules.dlbclOptions(afterAsct, java.util.Set.of()))
        .contains("CAR-T").doesNotContain("autologous");
    org.assertj.core.api.Assertions.assertThat(
            SuggestionRules.dlbclOptions(afterAsct, java.util.Set.of("axicabtagene ciloleucel")))
        .doesNotContain("CAR-T", "autologous").contains("bispecific");
  }

  @Test
  @org.junit.jupiter.api.DisplayName("issue 8, class 7: an undated genomic result still counts as a result")
  void undatedResultCountsAsAResult() {
    CancerAssessment noProgression = Scenario.given()
        .cancer(cancer("c1", CancerType.BREAST, "2022-12-01", false))
        .variant(variant("PIK3CA", "p.H1047R", VariantKind.SEQUENCE, true, null, "u1"))
        .assessOnly("2024-01-01");
    assertThat(types(noProgression)).doesNotContain(SuggestionType.GENOMIC_PROFILING)
        .contains(SuggestionType.TARGETED_THERAPY_REVIEW);
    CancerAssessment afterProgression = Scenario.given()
        .cancer(cancer("c1", CancerType.BREAST, "2022-12-01", false))
        .exposure(ex("letrozole", "2023-01-10").to("2023-09-01"))
        .event(progression("2023-09-01", "p1"))
        .variant(variant("PIK3CA", "p.H1047R", VariantKind.SEQUENCE, true, null, "u1"))
        .assessOnly("2024-01-01");
    assertThat(afterProgression.suggestions()).filteredOn(s -> s.type() == SuggestionType.GENOMIC_PROFILING)
        .singleElement().satisfies(s -> assertThat(s.text()).contains("without a date"));
  }

  @Test
  @org.junit.jupiter.api.DisplayName("issue 8, class 7: a drug for the alteration already given suppresses all its options")
  void aDrugForTheAlterationSuppressesEveryOption() {
    CancerAssessment treated = Scenario.given()
        .cancer(cancer("c1", CancerType.MELANOMA, "2022-12-01", false))
        .variant(variant("BRAF", "p.V600E", VariantKind.SEQUENCE, true, "2023-01-05", "v1"))
        .exposure(ex("vemurafenib", "2023-01-10").to("2023-06-01"))
        .assessOnly("2023-07-01");
    assertThat(types(treated)).doesNotContain(SuggestionType.TARGETED_THERAPY_REVIEW);
    CancerAssessment untreated = Scenario.given()
        .cancer(cancer("c1", CancerType.MELANOMA, "2022-12-01", false))
        .variant(variant("BRAF", "p.V600E", VariantKind.SEQUENCE, true, "2023-01-05", "v1"))
        .assessOnly("2023-07-01");
    assertThat(untreated.suggestions()).filteredOn(s -> s.type() == SuggestionType.TARGETED_THERAPY_REVIEW)
        .singleElement().satisfies(s -> {
          assertThat(s.agents()).contains("dabrafenib", "encorafenib", "vemurafenib");
          assertThat(s.text()).contains("Tafinlar").contains("Braftovi");
        });
  }

  @Test
  @org.junit.jupiter.api.DisplayName("issue 8, class 7: a gene-level finding is actionable with a note to confirm")
  void geneLevelFindingSaysSo() {
    CancerAssessment a = Scenario.given()
        .cancer(cancer("c1", CancerType.NSCLC, "2022-12-01", false))
        .variant(variant("ALK", null, VariantKind.UNSPECIFIED, true, "2023-01-05", "v1"))
        .assessOnly("2023-07-01");
    assertThat(a.suggestions()).filteredOn(s -> s.type() == SuggestionType.TARGETED_THERAPY_REVIEW)
        .singleElement().satisfies(s -> assertThat(s.text()).contains("names the gene only"));
    // BRCA2 of unstated origin in breast cancer: the labels (olaparib, talazoparib) require a germline result
    CancerAssessment brca = Scenario.given()
        .cancer(cancer("c1", CancerType.BREAST, "2022-12-01", false))
        .variant(new io.github.oncorefract.domain.GenomicVariant("BRCA2", null, VariantKind.UNSPECIFIED, true, null,
            LocalDate.parse("2023-01-05"), "BRCA2", new ResourceRef("Observation", "b1")))
        .assessOnly("2023-07-01");
    assertThat(brca.suggestions()).filteredOn(s -> s.type() == SuggestionType.TARGETED_THERAPY_REVIEW)
        .singleElement().satisfies(s -> {
          assertThat(s.agents()).containsExactly("olaparib", "talazoparib");
          assertThat(s.text()).contains("germline result");
        });
  }
}
