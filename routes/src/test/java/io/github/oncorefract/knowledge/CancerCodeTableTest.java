package io.github.oncorefract.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.CodeMatch;
import io.github.oncorefract.knowledge.CancerCodeTable.CancerMatch;
import io.github.oncorefract.knowledge.CancerCodeTable.Coded;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Cancer recognition on codes and texts seen in the fixtures (FINDINGS.md sections 2-8). */
class CancerCodeTableTest {

  private static final CancerCodeTable T = CancerCodeTable.loadDefault();

  private static Optional<CancerMatch> code(String system, String code) {
    return T.match(List.of(new Coded(system, code, null)), null);
  }

  @Test
  void icd10GmCmAndPlain() {
    assertThat(code(CodeSystems.ICD10_GM, "C56")).get().extracting(CancerMatch::type).isEqualTo(CancerType.OVARIAN);
    assertThat(code(CodeSystems.ICD10_GM, "C50.4")).get().extracting(CancerMatch::type).isEqualTo(CancerType.BREAST);
    assertThat(code(CodeSystems.ICD10_GM, "C20")).get().extracting(CancerMatch::type)
        .isEqualTo(CancerType.COLORECTAL);
    assertThat(code(CodeSystems.ICD10_GM, "C91.1")).get().extracting(CancerMatch::type)
        .isEqualTo(CancerType.LEUKAEMIA);
    assertThat(code(CodeSystems.ICD10_GM, "C43.7")).get().extracting(CancerMatch::type)
        .isEqualTo(CancerType.MELANOMA);
    assertThat(code(CodeSystems.ICD10_GM, "C61")).get().extracting(CancerMatch::type).isEqualTo(CancerType.PROSTATE);
    assertThat(code(CodeSystems.ICD10_GM, "C16.9")).get().extracting(CancerMatch::type)
        .isEqualTo(CancerType.OTHER_SOLID);
    assertThat(code(CodeSystems.ICD10_CM, "C90.00")).get().extracting(CancerMatch::type)
        .isEqualTo(CancerType.MULTIPLE_MYELOMA);
    assertThat(code(CodeSystems.ICD10_CM, "C83.30")).get().extracting(CancerMatch::type).isEqualTo(CancerType.DLBCL);
    assertThat(code(CodeSystems.ICD10_CM, "C85.90")).get().extracting(CancerMatch::type)
        .isEqualTo(CancerType.OTHER_HAEMATOLOGICAL);
    assertThat(code(CodeSystems.ICD10, "C34.8")).get().extracting(CancerMatch::type)
        .isEqualTo(CancerType.LUNG_OTHER);
    assertThat(code(CodeSystems.ICD10_CM, "C02.0")).get().extracting(CancerMatch::matchedBy)
        .isEqualTo(CodeMatch.ICD10);
    assertThat(code(CodeSystems.ICD10_GM, "D06.9")).isEmpty(); // carcinoma in situ of cervix
    assertThat(code(CodeSystems.ICD10_GM, "N80.1")).isEmpty();
  }

  @Test
  void lungIsNsclcOnlyWhenTextSaysSo() {
    Optional<CancerMatch> m = T.match(List.of(new Coded(CodeSystems.ICD10_GM, "C34.1", "Oberlappen")),
        "Nicht-kleinzelliges Bronchialkarzinom");
    assertThat(m).get().extracting(CancerMatch::type).isEqualTo(CancerType.NSCLC);
    assertThat(m.get().matchedBy()).isEqualTo(CodeMatch.ICD10);
    assertThat(m.get().label()).isEqualTo("NSCLC (ICD-10-GM C34.1)");
  }

  @Test
  void secondaryCodesMarkSecondary() {
    Optional<CancerMatch> m = code(CodeSystems.ICD10_CM, "C79.81");
    assertThat(m).get().extracting(CancerMatch::secondary).isEqualTo(true);
    // mCODE secondary-cancer-condition.json: ICD-9 174.2 + ICD-10-CM C79.81 + SNOMED 188152004
    Optional<CancerMatch> mixed = T.match(List.of(
        new Coded("http://hl7.org/fhir/sid/icd-9-cm/diagnosis", "174.2", null),
        new Coded(CodeSystems.ICD10_CM, "C79.81", null),
        new Coded(CodeSystems.SNOMED, "188152004", null)), null);
    assertThat(mixed).get().extracting(CancerMatch::type, CancerMatch::secondary, CancerMatch::matchedBy)
        .containsExactly(CancerType.BREAST, true, CodeMatch.ICD9);
  }

  @Test
  void snomedIncludingDecisionsOnProstateAndRejections() {
    assertThat(code(CodeSystems.SNOMED, "254637007")).get().extracting(CancerMatch::type)
        .isEqualTo(CancerType.NSCLC);
    assertThat(code(CodeSystems.SNOMED, "424132000")).get().extracting(CancerMatch::type)
        .isEqualTo(CancerType.NSCLC);
    assertThat(code(CodeSystems.SNOMED, "254632001")).get().extracting(CancerMatch::type)
        .isEqualTo(CancerType.LUNG_OTHER);
    assertThat(code(CodeSystems.SNOMED, "126906006")).get().extracting(CancerMatch::type)
        .isEqualTo(CancerType.PROSTATE);
    assertThat(code(CodeSystems.SNOMED, "162573006")).isEmpty(); // suspected lung cancer
    assertThat(code(CodeSystems.SNOMED, "92691004")).isEmpty(); // carcinoma in situ of prostate
    assertThat(code(CodeSystems.SNOMED, "68496003")).isEmpty(); // polyp of colon
    Optional<CancerMatch> generic = T.match(List.of(new Coded(CodeSystems.SNOMED, "363346000", null)),
        "Malignant neoplasm of breast");
    assertThat(generic).get().extracting(CancerMatch::type).isEqualTo(CancerType.BREAST);
  }

  @Test
  void textOnly() {
    assertThat(T.match(List.of(), "Malignes Melanom rechtes Bein")).get()
        .extracting(CancerMatch::type, CancerMatch::matchedBy).containsExactly(CancerType.MELANOMA, CodeMatch.TEXT);
    assertThat(T.match(List.of(), "Mamma-Ca, links")).get().extracting(CancerMatch::type)
        .isEqualTo(CancerType.BREAST);
    assertThat(T.match(List.of(), "Non-small cell lung cancer (disorder)")).get().extracting(CancerMatch::type)
        .isEqualTo(CancerType.NSCLC);
    assertThat(T.match(List.of(), "Suspected lung cancer (situation)")).isEmpty();
    assertThat(T.match(List.of(), "Carcinoma in situ of prostate (disorder)")).isEmpty();
    assertThat(T.match(List.of(), "Recurrent rectal polyp")).isEmpty();
    assertThat(T.match(List.of(), null)).isEmpty();
  }

  @Test
  void snomedCodesVerifiedAgainstPublicTerminologyAnswers() {
    // displays returned by tx.fhir.org, cached in HL7/fhir-mCODE-ig input-cache/txcache/snomed.cache @912fab94, or
    // listed in the mCODE 1.18.1 primary cancer disorder value set expansion (mcode/mcode-extraction-framework
    // src/helpers/valueSets); see the notes in cancer-codes.csv
    String[][] rows = {
        {"372244006", "MELANOMA"}, // Malignant melanoma (disorder)
        {"399068003", "PROSTATE"}, // Malignant tumor of prostate (disorder)
        {"285421005", "MULTIPLE_MYELOMA"}, // IgG myeloma
        {"840424008", "DLBCL"}, // Diffuse large B-cell lymphoma of stomach
        {"363443007", "OVARIAN"}, // Malignant tumor of ovary (disorder) - also mCODE EX_ExtendedExample.fsh
        {"93934004", "OVARIAN"}, // Primary malignant neoplasm of ovary
        {"93974005", "PROSTATE"}, // Primary malignant neoplasm of prostate
        {"93655004", "MELANOMA"}, // Malignant melanoma of skin
        {"109969005", "DLBCL"}, // Diffuse non-Hodgkin's lymphoma, large cell (clinical)
        {"109989006", "MULTIPLE_MYELOMA"}, // Multiple myeloma (disorder)
        {"93143009", "LEUKAEMIA"}, // Leukemia, disease (disorder)
    };
    for (String[] r : rows) {
      assertThat(code(CodeSystems.SNOMED, r[0])).as(r[0]).get().extracting(CancerMatch::type)
          .isEqualTo(CancerType.valueOf(r[1]));
    }
    // 128462008 Secondary malignant neoplastic disease (disorder): generic and secondary
    assertThat(code(CodeSystems.SNOMED, "128462008")).get().extracting(CancerMatch::secondary).isEqualTo(true);
  }
}
