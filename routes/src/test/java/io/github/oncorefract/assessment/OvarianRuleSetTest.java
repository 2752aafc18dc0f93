package io.github.oncorefract.assessment;

import static io.github.oncorefract.therapy.TestData.cancer;
import static io.github.oncorefract.therapy.TestData.ex;
import static io.github.oncorefract.therapy.TestData.progression;
import static io.github.oncorefract.therapy.TestData.variant;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.SuggestionType;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, class 8: platinum-resistant ovarian cancer gets a trial referral by default. Source: NCCN Clinical
 * Practice Guidelines in Oncology, Ovarian Cancer, "Recurrence therapy for platinum-resistant disease": clinical
 * trial is listed first among the options.
 */
@DisplayName("issue 8, class 8: platinum-resistant ovarian cancer")
class OvarianRuleSetTest {

  private static Scenario ovarian() {
    return Scenario.given().cancer(cancer("ov", CancerType.OVARIAN, "2021-01-01", false));
  }

  private static List<SuggestionType> types(CancerAssessment a) {
    return a.suggestions().stream().map(Suggestion::type).toList();
  }

  @Test
  @DisplayName("issue 8, class 8: platinum-resistant (AT_RISK by default) gets a trial referral")
  void platinumResistantGetsTrialReferral() {
    CancerAssessment a = ovarian()
        .exposure(ex("carboplatin", "2021-02-01").to("2021-06-01"), ex("paclitaxel", "2021-02-01").to("2021-06-01"))
        .event(progression("2021-10-01", "p1"))
        .assessOnly("2022-01-01");
    assertThat(a.status()).isEqualTo(RefractoryStatus.AT_RISK);
    assertThat(a.reasons()).extracting(Reason::code).first().isEqualTo(OvarianRuleSet.REASON_PLATINUM_RESISTANT);
    assertThat(types(a)).contains(SuggestionType.TRIAL_REFERRAL).doesNotContain(
        SuggestionType.TREATMENT_STRATEGY_REVIEW);
    Suggestion referral = a.suggestions().stream().filter(s -> s.type() == SuggestionType.TRIAL_REFERRAL)
        .findFirst().orElseThrow();
    assertThat(referral.text()).contains("Platinum-resistant").contains("NCCN");
    assertThat(referral.reasons()).extracting(Reason::code).contains(OvarianRuleSet.REASON_PLATINUM_RESISTANT);
  }

  @Test
  @DisplayName("issue 8, class 8: platinum-sensitive recurrence gets no trial referral")
  void platinumSensitiveGetsNone() {
    CancerAssessment a = ovarian()
        .exposure(ex("carboplatin", "2021-02-01").to("2021-06-01"), ex("paclitaxel", "2021-02-01").to("2021-06-01"))
        .event(progression("2022-03-01", "p1"))
        .assessOnly("2022-06-01");
    assertThat(a.reasons()).extracting(Reason::code).doesNotContain(OvarianRuleSet.REASON_PLATINUM_RESISTANT);
    assertThat(types(a)).doesNotContain(SuggestionType.TRIAL_REFERRAL);
  }

  @Test
  @DisplayName("issue 8, class 8: the referral can be switched off; the status label stays configurable")
  void referralIsConfigurable() {
    RuleOutcome resistant = new RuleOutcome(RefractoryStatus.AT_RISK,
        List.of(new Reason(OvarianRuleSet.REASON_PLATINUM_RESISTANT, "Progression within 6 months", List.of())),
        LocalDate.parse("2021-10-01"), "platinum-resistant", Set.of("carboplatin"));
    SuggestionParameters d = SuggestionParameters.defaults();
    assertThat(d.trialReferralForPlatinumResistant()).isTrue();
    SuggestionParameters off = new SuggestionParameters(d.genomicLookbackMonths(), d.trialReferralForAtRisk(),
        d.strategyReviewForAtRisk(), d.supportiveCareForAtRisk(), d.actionableVariantsResource(), false);
    var ov = cancer("ov", CancerType.OVARIAN, "2021-01-01", false);
    LocalDate asOf = LocalDate.parse("2022-01-01");
    assertThat(SuggestionRules.fromClasspath(d).suggest(ov, resistant, List.of(), List.of(), Set.of(), asOf))
        .extracting(Suggestion::type).contains(SuggestionType.TRIAL_REFERRAL);
    assertThat(SuggestionRules.fromClasspath(off).suggest(ov, resistant, List.of(), List.of(), Set.of(), asOf))
        .extracting(Suggestion::type).doesNotContain(SuggestionType.TRIAL_REFERRAL);
    // a resistant state configured as LIKELY_REFRACTORY gets exactly one referral
    RuleOutcome likely = new RuleOutcome(RefractoryStatus.LIKELY_REFRACTORY, resistant.reasons(),
        resistant.statusDate(), resistant.summary(), resistant.refractoryIngredients());
    assertThat(SuggestionRules.fromClasspath(d).suggest(ov, likely, List.of(), List.of(), Set.of(), asOf))
        .filteredOn(s -> s.type() == SuggestionType.TRIAL_REFERRAL).hasSize(1);
  }

  @Test
  @DisplayName("PARP inhibitors (maintenance after a response to platinum) are not suggested for platinum-failed "
      + "ovarian cancer")
  void parpInhibitorsAreNotSuggestedWhenPlatinumFailed() {
    java.util.function.Function<String, CancerAssessment> withBrca = prog -> ovarian()
        .exposure(ex("carboplatin", "2021-02-01").to("2021-06-01"), ex("paclitaxel", "2021-02-01").to("2021-06-01"))
        .event(progression(prog, "p1"))
        .variant(variant("BRCA1", "c.68_69delAG", io.github.oncorefract.domain.VariantKind.SEQUENCE, true,
            "2021-01-20", "brca"))
        .assessOnly("2022-06-01");
    CancerAssessment refractory = withBrca.apply("2021-06-10");
    assertThat(refractory.reasons()).extracting(Reason::code).first()
        .isEqualTo(OvarianRuleSet.REASON_PLATINUM_REFRACTORY);
    CancerAssessment resistant = withBrca.apply("2021-10-01");
    assertThat(resistant.reasons()).extracting(Reason::code).first()
        .isEqualTo(OvarianRuleSet.REASON_PLATINUM_RESISTANT);
    for (CancerAssessment a : List.of(refractory, resistant)) {
      assertThat(a.suggestions()).noneMatch(s -> s.agents().contains("olaparib") || s.agents().contains("niraparib")
          || s.agents().contains("rucaparib") || s.type() == SuggestionType.TARGETED_THERAPY_REVIEW);
      assertThat(a.suggestions()).allSatisfy(s -> assertThat(s.text()).doesNotContain("(platinum-resistant)"));
    }
    CancerAssessment sensitive = withBrca.apply("2022-03-01");
    assertThat(sensitive.suggestions()).filteredOn(s -> s.type() == SuggestionType.TARGETED_THERAPY_REVIEW)
        .singleElement().satisfies(s -> {
          assertThat(s.agents()).containsExactly("olaparib", "niraparib", "rucaparib");
          assertThat(s.text()).contains("only as maintenance after a complete or partial response to platinum");
        });
  }
}
