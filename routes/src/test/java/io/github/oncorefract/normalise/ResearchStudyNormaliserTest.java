package io.github.oncorefract.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.TrialCandidate;
import io.github.oncorefract.domain.VariantCriterion;
import io.github.oncorefract.domain.VariantKind;
import io.github.oncorefract.knowledge.CancerCodeTable;
import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.junit.jupiter.api.Test;

class ResearchStudyNormaliserTest {

  private static final FhirContext CTX = FhirContext.forR4Cached();
  private final ResearchStudyNormaliser normaliser = new ResearchStudyNormaliser(CancerCodeTable.loadDefault());

  /** Parsed from JSON, as the server returns it. */
  private static ResearchStudy parse(String json) {
    return CTX.newJsonParser().parseResource(ResearchStudy.class, json);
  }

  private static ResearchStudy study(String id, ResearchStudy.ResearchStudyStatus status) {
    ResearchStudy rs = new ResearchStudy();
    rs.setId(id);
    rs.setStatus(status);
    return rs;
  }

  @Test
  void nsclcStudyWithAnHgncKeywordIsAGeneLevelConditionStudy() {
    ResearchStudy rs = parse("""
        {"resourceType":"ResearchStudy","id":"s1","status":"active","title":"EGFR-mutant NSCLC after osimertinib",
         "identifier":[{"system":"https://example.org/other","value":"LOCAL-7"},
                       {"system":"https://clinicaltrials.gov","value":"NCT00000000"}],
         "condition":[{"coding":[{"system":"http://snomed.info/sct","code":"254637007",
                                  "display":"Non-small cell lung cancer"}]}],
         "keyword":[{"coding":[{"system":"http://www.genenames.org/geneId","code":"HGNC:3236","display":"EGFR"}]}],
         "period":{"start":"2025-01-01","end":"2027-06"}}""");
    TrialCandidate t = normaliser.normalise(rs).orElseThrow();
    assertThat(t.study().value()).isEqualTo("ResearchStudy/s1");
    assertThat(t.title()).isEqualTo("EGFR-mutant NSCLC after osimertinib");
    assertThat(t.registryId()).isEqualTo("NCT00000000");
    assertThat(t.status()).isEqualTo("active");
    assertThat(t.cancerTypes()).containsExactly(CancerType.NSCLC);
    assertThat(t.criteria()).containsExactly(new VariantCriterion("EGFR", null, VariantKind.UNSPECIFIED));
    assertThat(t.basket()).isFalse();
    assertThat(t.unrestricted()).isFalse();
    assertThat(t.end()).isEqualTo(LocalDate.of(2027, 6, 30));
  }

  @Test
  void basketStudyAcrossSolidTumoursReadsEveryVariantFromKeywordsAndFocus() {
    ResearchStudy rs = study("b1", ResearchStudy.ResearchStudyStatus.ACTIVE);
    rs.addCondition(new CodeableConcept().setText("Advanced solid tumors"));
    rs.addKeyword(new CodeableConcept().setText("KRAS G12C"));
    rs.addKeyword(new CodeableConcept().setText("NTRK1/2/3 fusion-positive"));
    rs.addFocus(new CodeableConcept().setText("EGFR exon 20 insertion"));
    rs.addFocus(new CodeableConcept().setText("BRAF p.Val600Glu"));
    rs.addKeyword(new CodeableConcept().setText("MSI-H / dMMR"));
    rs.addKeyword(new CodeableConcept().setText("HER2 amplification"));
    TrialCandidate t = normaliser.normalise(rs).orElseThrow();
    assertThat(t.allSolidTumours()).isTrue();
    assertThat(t.cancerTypes()).isEmpty();
    assertThat(t.basket()).isTrue();
    assertThat(t.registryId()).isNull();
    assertThat(t.criteria()).containsExactly(
        new VariantCriterion("KRAS", "p.G12C", VariantKind.SEQUENCE),
        new VariantCriterion("NTRK1", "fusion", VariantKind.FUSION),
        new VariantCriterion(null, "MSI-H", VariantKind.MSI),
        new VariantCriterion("ERBB2", "amplification", VariantKind.COPY_NUMBER_GAIN),
        new VariantCriterion("EGFR", "exon 20 insertion", VariantKind.SEQUENCE),
        new VariantCriterion("BRAF", "p.V600E", VariantKind.SEQUENCE));
  }

  @Test
  void snomedMalignantNeoplasticDiseaseIsTheSolidTumourGroup() {
    ResearchStudy rs = study("g", ResearchStudy.ResearchStudyStatus.APPROVED);
    rs.addCondition(new CodeableConcept(new Coding("http://snomed.info/sct", "363346000",
        "Malignant neoplastic disease")));
    rs.addKeyword(new CodeableConcept().setText("KRAS-mutant"));
    TrialCandidate t = normaliser.normalise(rs).orElseThrow();
    assertThat(t.allSolidTumours()).isTrue();
    assertThat(t.status()).isEqualTo("approved");
    assertThat(t.criteria()).containsExactly(new VariantCriterion("KRAS", null, VariantKind.UNSPECIFIED));
  }

  @Test
  void myelomaStudyByCodeAndOtherTypesKeepTheirCode() {
    ResearchStudy mm = study("mm", ResearchStudy.ResearchStudyStatus.INREVIEW);
    mm.addCondition(new CodeableConcept(new Coding("http://snomed.info/sct", "109989006", "Multiple myeloma")));
    TrialCandidate t = normaliser.normalise(mm).orElseThrow();
    assertThat(t.cancerTypes()).containsExactly(CancerType.MULTIPLE_MYELOMA);
    assertThat(t.criteria()).isEmpty();
    assertThat(t.basket()).isFalse();

    ResearchStudy pan = study("pan", ResearchStudy.ResearchStudyStatus.ACTIVE);
    pan.addCondition(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "C25.9",
        "Malignant neoplasm of pancreas, unspecified")));
    TrialCandidate p = normaliser.normalise(pan).orElseThrow();
    assertThat(p.cancerTypes()).containsExactly(CancerType.OTHER_SOLID);
    assertThat(p.conditionCodes()).containsExactly("ICD10|C259");
  }

  @Test
  void closedAndUnusableStudiesAreNotRead() {
    for (ResearchStudy.ResearchStudyStatus s : new ResearchStudy.ResearchStudyStatus[] {
        ResearchStudy.ResearchStudyStatus.CLOSEDTOACCRUAL, ResearchStudy.ResearchStudyStatus.COMPLETED,
        ResearchStudy.ResearchStudyStatus.WITHDRAWN, ResearchStudy.ResearchStudyStatus.TEMPORARILYCLOSEDTOACCRUAL,
        ResearchStudy.ResearchStudyStatus.ADMINISTRATIVELYCOMPLETED, ResearchStudy.ResearchStudyStatus.DISAPPROVED}) {
      ResearchStudy rs = study("c", s);
      rs.addCondition(new CodeableConcept(new Coding("http://snomed.info/sct", "109989006", "Multiple myeloma")));
      assertThat(normaliser.normalise(rs)).as(s.toCode()).isEmpty();
    }
    ResearchStudy nothing = study("n", ResearchStudy.ResearchStudyStatus.ACTIVE);
    assertThat(normaliser.normalise(nothing)).as("no condition, no variant").isEmpty();
    ResearchStudy unknown = study("u", ResearchStudy.ResearchStudyStatus.ACTIVE);
    unknown.addCondition(new CodeableConcept().setText("Glioblastoma"));
    unknown.addKeyword(new CodeableConcept().setText("IDH1 R132H"));
    assertThat(normaliser.normalise(unknown)).as("only unrecognised conditions: matches nobody").isEmpty();
    ResearchStudy noStatus = new ResearchStudy();
    noStatus.setId("x");
    assertThat(normaliser.normalise(noStatus)).isEmpty();
  }

  @Test
  void variantOnlyStudyWithoutConditionsIsUnrestricted() {
    ResearchStudy rs = study("v", ResearchStudy.ResearchStudyStatus.ACTIVE);
    rs.addKeyword(new CodeableConcept().setText("IDH1 R132H"));
    TrialCandidate t = normaliser.normalise(rs).orElseThrow();
    assertThat(t.unrestricted()).isTrue();
    assertThat(t.basket()).isTrue();
    assertThat(t.criteria()).containsExactly(new VariantCriterion("IDH1", "p.R132H", VariantKind.SEQUENCE));
  }

  @Test
  void miiMtbStudyWithTitleAndNctNamingSystemOnly() {
    ResearchStudy rs = Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-mtb-1.json").stream()
        .filter(r -> r instanceof ResearchStudy).map(r -> (ResearchStudy) r).findFirst().orElseThrow();
    TrialCandidate t = normaliser.normalise(rs).orElseThrow();
    assertThat(t.registryId()).isEqualTo("NCT05252390");
    assertThat(t.cancerTypes()).containsExactly(CancerType.NSCLC);
    assertThat(t.criteria()).containsExactly(new VariantCriterion("EGFR", null, VariantKind.UNSPECIFIED));
    assertThat(t.unrestricted()).isFalse();
  }

  @Test
  void textsWithoutGenesGiveNoCriteria() {
    assertThat(ResearchStudyNormaliser.criteria("Stage IV NSCLC, ECOG 0-1, after TKI")).isEmpty();
    assertThat(ResearchStudyNormaliser.criteria("ADVANCED SOLID TUMORS")).isEmpty();
    assertThat(ResearchStudyNormaliser.criteria("T1 N0 M1 disease")).isEmpty();
    assertThat(ResearchStudyNormaliser.criteria("EGFR")).containsExactly(
        new VariantCriterion("EGFR", null, VariantKind.UNSPECIFIED));
    assertThat(ResearchStudyNormaliser.criteria("FGFR2 fusion or KRAS G12C")).containsExactly(
        new VariantCriterion("FGFR2", "fusion", VariantKind.FUSION),
        new VariantCriterion("KRAS", "p.G12C", VariantKind.SEQUENCE));
    assertThat(Optional.ofNullable(ResearchStudyNormaliser.registryId(java.util.List.of()))).isEmpty();
  }

  @Test
  void wordingThatExcludesAVariantNeverBecomesACriterion() {
    assertThat(ResearchStudyNormaliser.criteria("KRAS wild-type metastatic colorectal cancer")).isEmpty();
    assertThat(ResearchStudyNormaliser.criteria("Non-small cell lung cancer without EGFR or ALK alterations"))
        .isEmpty();
    assertThat(ResearchStudyNormaliser.criteria("EGFR-negative, ALK-negative NSCLC")).isEmpty();
    assertThat(ResearchStudyNormaliser.criteria("Non-small cell lung cancer with EGFR L858R"))
        .extracting(c -> c.gene()).containsExactly("EGFR");
  }
}
