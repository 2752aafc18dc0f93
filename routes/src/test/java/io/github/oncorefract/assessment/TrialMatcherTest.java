package io.github.oncorefract.assessment;

import static io.github.oncorefract.therapy.TestData.cancer;
import static io.github.oncorefract.therapy.TestData.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.CodeMatch;
import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.TrialCandidate;
import io.github.oncorefract.domain.TrialMatch;
import io.github.oncorefract.domain.VariantCriterion;
import io.github.oncorefract.domain.VariantKind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrialMatcherTest {

  private static final LocalDate AS_OF = LocalDate.of(2026, 6, 1);
  private static final CancerCondition NSCLC = cancer("c1", CancerType.NSCLC, "2024-01-01", false);
  private static final CancerCondition CRC = cancer("c2", CancerType.COLORECTAL, "2024-01-01", false);
  private static final CancerCondition MYELOMA = cancer("c3", CancerType.MULTIPLE_MYELOMA, "2024-01-01", false);
  private static final GenomicVariant KRAS_G12C =
      variant("KRAS", "p.Gly12Cys", VariantKind.SEQUENCE, true, "2025-01-01", "kras");
  private static final GenomicVariant EGFR_DEL =
      variant("EGFR", "exon 19 deletion", VariantKind.SEQUENCE, true, "2025-01-01", "egfr");
  private static final GenomicVariant NTRK1_FUSION =
      variant("NTRK1", "fusion", VariantKind.FUSION, true, "2025-01-01", "ntrk");

  private final TrialMatcher matcher = new TrialMatcher(5);

  static TrialCandidate study(String id, Set<CancerType> types, boolean allSolid, boolean unrestricted,
      VariantCriterion... criteria) {
    return new TrialCandidate(new ResourceRef("ResearchStudy", id), "Study " + id, "DEMO-" + id, "active", types,
        Set.of(), allSolid, false, unrestricted, List.of(criteria), null);
  }

  static VariantCriterion crit(String gene, String alteration, VariantKind kind) {
    return new VariantCriterion(gene, alteration, kind);
  }

  private List<String> ids(List<TrialMatch> matches) {
    return matches.stream().map(m -> m.study().study().id()).toList();
  }

  @Test
  void sameCancerTypeMatchesAndOtherTypesDoNot() {
    TrialCandidate myeloma = study("mm", Set.of(CancerType.MULTIPLE_MYELOMA), false, false);
    TrialCandidate lung = study("lung", Set.of(CancerType.NSCLC), false, false);
    assertThat(ids(matcher.match(MYELOMA, List.of(), List.of(myeloma, lung), AS_OF))).containsExactly("mm");
    List<TrialMatch> m = matcher.match(NSCLC, List.of(), List.of(myeloma, lung), AS_OF);
    assertThat(ids(m)).containsExactly("lung");
    assertThat(m.get(0).scope()).isEqualTo(TrialMatch.Scope.CANCER_TYPE);
    assertThat(m.get(0).criterion()).isNull();
  }

  @Test
  void basketStudyMatchesTheVariantAcrossSolidCancerTypesButNotBloodCancers() {
    TrialCandidate basket = study("basket", Set.of(), true, false, crit("KRAS", "p.G12C", VariantKind.SEQUENCE),
        crit("NTRK", "fusion", VariantKind.FUSION));
    assertThat(basket.basket()).isTrue();
    List<TrialMatch> crc = matcher.match(CRC, List.of(KRAS_G12C), List.of(basket), AS_OF);
    assertThat(ids(crc)).containsExactly("basket");
    assertThat(crc.get(0).scope()).isEqualTo(TrialMatch.Scope.CANCER_GROUP);
    assertThat(crc.get(0).variant()).isEqualTo(new ResourceRef("Observation", "kras"));
    assertThat(crc.get(0).label()).isEqualTo("DEMO-basket (basket, KRAS p.G12C)");
    assertThat(ids(matcher.match(NSCLC, List.of(NTRK1_FUSION), List.of(basket), AS_OF)))
        .as("NTRK family criterion matches NTRK1").containsExactly("basket");
    assertThat(matcher.match(NSCLC, List.of(EGFR_DEL), List.of(basket), AS_OF)).as("no matching variant").isEmpty();
    assertThat(matcher.match(MYELOMA, List.of(KRAS_G12C), List.of(basket), AS_OF)).as("not a solid tumour")
        .isEmpty();
  }

  @Test
  void studyWithoutConditionsMatchesItsVariantInAnyCancer() {
    TrialCandidate any = study("any", Set.of(), false, true, crit(null, "MSI-H", VariantKind.MSI));
    GenomicVariant msi = variant(null, "MSI-H", VariantKind.MSI, true, "2025-01-01", "msi");
    List<TrialMatch> m = matcher.match(MYELOMA, List.of(msi), List.of(any), AS_OF);
    assertThat(ids(m)).containsExactly("any");
    assertThat(m.get(0).scope()).isEqualTo(TrialMatch.Scope.ANY_CANCER);
    assertThat(matcher.match(MYELOMA, List.of(KRAS_G12C), List.of(any), AS_OF)).isEmpty();
  }

  @Test
  void alterationSpecificCriterionNeedsThatAlterationGeneLevelTakesAnyVariantOfTheGene() {
    TrialCandidate g12d = study("g12d", Set.of(CancerType.COLORECTAL), false, false,
        crit("KRAS", "p.G12D", VariantKind.SEQUENCE));
    TrialCandidate kras = study("kras", Set.of(CancerType.COLORECTAL), false, false,
        crit("KRAS", null, VariantKind.UNSPECIFIED));
    TrialCandidate ex19 = study("ex19", Set.of(CancerType.NSCLC), false, false,
        crit("EGFR", "exon 19 deletion", VariantKind.SEQUENCE));
    assertThat(ids(matcher.match(CRC, List.of(KRAS_G12C), List.of(g12d, kras), AS_OF))).containsExactly("kras");
    GenomicVariant inFrame = variant("EGFR", "p.E746_A750del", VariantKind.SEQUENCE, true, "2025-01-01", "e");
    assertThat(ids(matcher.match(NSCLC, List.of(inFrame), List.of(ex19), AS_OF)))
        .as("an in-frame deletion in codons 729-761 is an exon 19 deletion").containsExactly("ex19");
    GenomicVariant absent = variant("KRAS", "p.G12C", VariantKind.SEQUENCE, false, "2025-01-01", "wt");
    assertThat(matcher.match(CRC, List.of(absent), List.of(kras), AS_OF)).as("absent variant").isEmpty();
    GenomicVariant later = variant("KRAS", "p.G12C", VariantKind.SEQUENCE, true, "2026-07-01", "later");
    assertThat(matcher.match(CRC, List.of(later), List.of(kras), AS_OF)).as("after asOf").isEmpty();
  }

  @Test
  void closedStudiesAreNotReadAndEndedStudiesNeverMatch() {
    TrialCandidate ended = new TrialCandidate(new ResourceRef("ResearchStudy", "ended"), "Ended", null, "active",
        Set.of(CancerType.NSCLC), Set.of(), false, false, false, List.of(), AS_OF.minusDays(1));
    assertThat(matcher.match(NSCLC, List.of(), List.of(ended), AS_OF)).isEmpty();
  }

  @Test
  void broadOtherTypesNeedTheSameCode() {
    CancerCondition pancreas = new CancerCondition(new ResourceRef("Condition", "p"), CancerType.OTHER_SOLID,
        "http://hl7.org/fhir/sid/icd-10-cm", "C25.9", "Solid cancer (ICD-10-CM C25.9)", CodeMatch.ICD10,
        LocalDate.of(2024, 1, 1), false);
    CancerCondition glioma = new CancerCondition(new ResourceRef("Condition", "g"), CancerType.OTHER_SOLID,
        "http://hl7.org/fhir/sid/icd-10-cm", "C71.9", "Solid cancer (ICD-10-CM C71.9)", CodeMatch.ICD10,
        LocalDate.of(2024, 1, 1), false);
    TrialCandidate pancreatic = new TrialCandidate(new ResourceRef("ResearchStudy", "pan"), "Pancreas", null,
        "active", Set.of(CancerType.OTHER_SOLID), Set.of(TrialCandidate.codeKey("ICD10", "C25.9")), false, false,
        false, List.of(), null);
    assertThat(ids(matcher.match(pancreas, List.of(), List.of(pancreatic), AS_OF))).containsExactly("pan");
    assertThat(matcher.match(glioma, List.of(), List.of(pancreatic), AS_OF)).isEmpty();
  }

  @Test
  void variantSpecificFirstThenConditionSpecificityThenIdAndCapped() {
    List<TrialCandidate> studies = new ArrayList<>(List.of(
        study("a-cond-only", Set.of(CancerType.NSCLC), false, false),
        study("b-gene-basket", Set.of(), true, false, crit("EGFR", null, VariantKind.UNSPECIFIED)),
        study("c-gene-type", Set.of(CancerType.NSCLC), false, false, crit("EGFR", null, VariantKind.UNSPECIFIED)),
        study("d-alt-basket", Set.of(), true, false, crit("EGFR", "exon 19 deletion", VariantKind.SEQUENCE)),
        study("e-alt-type", Set.of(CancerType.NSCLC), false, false,
            crit("EGFR", "exon 19 deletion", VariantKind.SEQUENCE)),
        study("f-any", Set.of(), false, true, crit("EGFR", null, VariantKind.UNSPECIFIED))));
    List<String> expected = List.of("e-alt-type", "d-alt-basket", "c-gene-type", "b-gene-basket", "f-any",
        "a-cond-only");
    assertThat(ids(new TrialMatcher(10).match(NSCLC, List.of(EGFR_DEL), studies, AS_OF))).isEqualTo(expected);
    Collections.reverse(studies);
    assertThat(ids(new TrialMatcher(10).match(NSCLC, List.of(EGFR_DEL), studies, AS_OF)))
        .as("input order does not matter").isEqualTo(expected);
    assertThat(ids(new TrialMatcher(2).match(NSCLC, List.of(EGFR_DEL), studies, AS_OF)))
        .containsExactly("e-alt-type", "d-alt-basket");
    assertThat(ids(matcher.match(NSCLC, List.of(EGFR_DEL), studies, AS_OF))).hasSize(5);
    assertThatThrownBy(() -> new TrialMatcher(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void enrichAddsMatchesTextAndEvidenceToTheTrialReferralOnly() {
    Reason status = new Reason("progression-on-latest-line", "Progression.", List.of(new ResourceRef("Observation",
        "p")));
    Suggestion referral = new Suggestion(SuggestionType.TRIAL_REFERRAL, "Refer.", List.of(status), List.of());
    Suggestion care = new Suggestion(SuggestionType.SUPPORTIVE_CARE, "Care.", List.of(status), List.of());
    CancerAssessment ca = new CancerAssessment(CRC, "solid-tumour", "1.0.0", List.of(),
        RefractoryStatus.LIKELY_REFRACTORY, List.of(status), List.of(referral, care), AS_OF, "n");
    PatientAssessment pa = new PatientAssessment("p1", AS_OF, List.of(ca), List.of());
    TrialCandidate basket = study("basket", Set.of(), true, false, crit("KRAS", "p.G12C", VariantKind.SEQUENCE));
    TrialCandidate lung = study("lung", Set.of(CancerType.NSCLC), false, false);

    PatientAssessment out = matcher.enrich(pa, List.of(KRAS_G12C), List.of(lung, basket));
    Suggestion s = out.cancers().get(0).suggestions().get(0);
    assertThat(s.trials()).extracting(m -> m.study().study().id()).containsExactly("basket");
    assertThat(s.text()).isEqualTo("Refer. 1 matching study on the server: DEMO-basket (basket, KRAS p.G12C).");
    assertThat(s.reasons()).extracting(Reason::code)
        .containsExactly("progression-on-latest-line", TrialMatcher.REASON_CODE);
    assertThat(s.evidence()).containsExactly(new ResourceRef("Observation", "kras"),
        new ResourceRef("Observation", "p"), new ResourceRef("ResearchStudy", "basket"));
    assertThat(out.cancers().get(0).suggestions().get(1)).isSameAs(care);
    assertThat(matcher.enrich(pa, List.of(), List.of(lung, basket))).as("no match: unchanged").isSameAs(pa);
    assertThat(matcher.enrich(pa, List.of(KRAS_G12C), List.of())).isSameAs(pa);
  }
}
