package io.github.oncorefract.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StageFinding;
import io.github.oncorefract.knowledge.CancerCodeTable.CancerMatch;
import io.github.oncorefract.knowledge.CancerCodeTable.Coded;
import io.github.oncorefract.knowledge.CodeSystems;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 8, classes 1, 2 and 10 on the real public fixtures (read from {@code shared.dir}) and small parser cases. */
class StageAndSecondaryNormaliseTest {

  static final String MC = "hl7-mcode-ig-stu1-examples/";
  static final String HL_LONG = "hadleylab-mcode-translator-synthea/longitudinalMCODEBreast/";
  static final String LASONYA = "hadleylab-mcode-translator-synthea/10YearsMcodeBreast/"
      + "Lasonya941_Carroll471_ac24f7c1-dd07-8abd-1f3b-2a3179beafd1.json";
  static final String KHADIJAH = HL_LONG + "Khadijah960_Heathcote539_03889212-b18b-4c00-72e0-da0e96f7cf68.json";
  static final String MICAH = "smart-generated-sample-data-synthea-r4-metastatic/"
      + "Micah_Schinner_d4d72610-ec40-42ed-b34f-09e286181ee9.json";

  @Test
  @DisplayName("issue 8, class 10: a dateTime with an offset keeps the local day it states")
  void offsetDateTimeKeepsItsLocalDay() {
    assertThat(FhirDates.parse("2021-03-04T22:30:00-05:00", FhirDates.Bound.START)).isEqualTo(LocalDate.of(2021, 3, 4));
    assertThat(FhirDates.parse("2021-03-04T00:30:00+09:00", FhirDates.Bound.START)).isEqualTo(LocalDate.of(2021, 3, 4));
    assertThat(FhirDates.parse("2021-03-04T23:59:59Z", FhirDates.Bound.END)).isEqualTo(LocalDate.of(2021, 3, 4));
    assertThat(FhirDates.parse("2021-03-04T22:30:00-25:00", FhirDates.Bound.START)).isNull();
    // PW/triple_negative: breast cancer onset 1971-07-23T21:07:40-04:00 (01:07 UTC on the 24th) is the 23rd.
    PatientRecord r = Fixtures.NORMALISER.normalise("4181a2c7-7342-42c7-aecb-422306501708",
        Fixtures.load("mcode-pathways-synthea/triple_negative.json"));
    assertThat(r.cancers()).singleElement().extracting(CancerCondition::onset).isEqualTo(LocalDate.of(1971, 7, 23));
  }

  @Test
  @DisplayName("issue 8, class 1: mCODE STU1 secondary (profile, 94225005, related-primary extension) and its primary")
  void mcodeStu1SecondaryNamesItsPrimary() {
    List<Resource> rs = new ArrayList<>(Fixtures.load(MC + "Condition-mCODESecondaryCancerConditionExample01.json"));
    rs.addAll(Fixtures.load(MC + "Condition-mCODEPrimaryCancerConditionExample01.json"));
    PatientRecord r = Fixtures.NORMALISER.normalise("mCODEPatientExample01", rs);
    CancerCondition sec = r.cancers().stream().filter(CancerCondition::secondary).findFirst().orElseThrow();
    assertThat(sec.ref().id()).isEqualTo("mCODESecondaryCancerConditionExample01");
    assertThat(sec.relatedPrimary()).isEqualTo(new ResourceRef("Condition", "mCODEPrimaryCancerConditionExample01"));
    assertThat(sec.onset()).isEqualTo(LocalDate.of(2019, 5, 1));
    CancerCondition primary = r.cancers().stream().filter(c -> !c.secondary()).findFirst().orElseThrow();
    assertThat(primary.type()).isEqualTo(CancerType.NSCLC);
    // Condition.stage.summary {code "3C", display "IIIC", system cancerstaging.org}
    assertThat(primary.stages()).extracting(StageFinding::value).containsExactly("IIIC");
  }

  @Test
  @DisplayName("issue 8, class 1: Synthea 94260004 as the only cancer Condition is secondary, standing for colon")
  void micahSecondaryOnly() {
    PatientRecord r = Fixtures.NORMALISER.normalise("720b9118-3153-40c8-b162-cd963506be0e", Fixtures.load(MICAH));
    assertThat(r.cancers()).singleElement().satisfies(c -> {
      assertThat(c.secondary()).isTrue();
      assertThat(c.type()).isEqualTo(CancerType.COLORECTAL);
      assertThat(c.code()).isEqualTo("94260004");
    });
  }

  @Test
  @DisplayName("issue 8, class 1: Khadijah960's AML abated an hour after onset is not active; her breast cancer is")
  void khadijahAmlIsNotActive() {
    PatientRecord r = Fixtures.NORMALISER.normalise("03889212-b18b-4c00-72e0-da0e96f7cf68", Fixtures.load(KHADIJAH));
    CancerCondition aml = r.cancers().stream().filter(c -> c.type() == CancerType.LEUKAEMIA).findFirst().orElseThrow();
    assertThat(aml.active()).isFalse();
    assertThat(aml.abatement()).isEqualTo(LocalDate.of(2010, 8, 30));
    assertThat(r.cancers()).filteredOn(c -> c.type() == CancerType.BREAST).singleElement()
        .satisfies(c -> assertThat(c.active()).isTrue());
    // Condition.stage c3A and the two same-timestamp stage-group Observations (3A and 3), M0
    assertThat(r.stages()).extracting(StageFinding::value).contains("IIIA", "III", "M0");
    assertThat(r.stages()).noneMatch(StageFinding::advanced);
  }

  @Test
  @DisplayName("issue 8, class 2: Lasonya941 is stage 4 / cM1 with no secondary Condition")
  void lasonyaStageFourFromConditionAndObservations() {
    PatientRecord r = Fixtures.NORMALISER.normalise("ac24f7c1-dd07-8abd-1f3b-2a3179beafd1", Fixtures.load(LASONYA));
    CancerCondition breast = r.cancers().stream().filter(c -> !c.secondary()).findFirst().orElseThrow();
    assertThat(breast.stages()).extracting(StageFinding::value, StageFinding::advanced)
        .contains(org.assertj.core.groups.Tuple.tuple("IV", true));
    assertThat(r.stages()).filteredOn(s -> s.kind() == StageFinding.Kind.M_CATEGORY).extracting(StageFinding::value)
        .containsOnly("M1");
    assertThat(r.stages()).filteredOn(StageFinding::advanced).extracting(StageFinding::condition)
        .containsOnly(breast.ref());
  }

  @Test
  @DisplayName("issue 8, class 2: stage values from AJCC codes, SNOMED displays and text")
  void stageParsing() {
    assertThat(StageNormaliser.parseGroup("c4")).isEqualTo("IV");
    assertThat(StageNormaliser.parseGroup("3C")).isEqualTo("IIIC");
    assertThat(StageNormaliser.parseGroup("IIIC")).isEqualTo("IIIC");
    assertThat(StageNormaliser.parseGroup("p2B")).isEqualTo("IIB");
    assertThat(StageNormaliser.parseGroup("Stage 3A (qualifier value)")).isEqualTo("IIIA");
    assertThat(StageNormaliser.parseGroup("metastatic NSCLC, stage IVA")).isEqualTo("IVA");
    assertThat(StageNormaliser.parseGroup("cM1")).isNull();
    assertThat(StageNormaliser.parseM("cM1")).isEqualTo("M1");
    assertThat(StageNormaliser.parseM("pM1a")).isEqualTo("M1");
    assertThat(StageNormaliser.parseM("M0 category (finding)")).isEqualTo("M0");
    assertThat(StageNormaliser.parseM("T0 category (finding)")).isNull();
    CodeableConcept split = new CodeableConcept().addCoding(new Coding("http://cancerstaging.org", "3C", "IIIC"));
    assertThat(StageNormaliser.stageGroup(split)).contains("IIIC");
    assertThat(StageNormaliser.advancedWords(List.of("Metastatic malignant neoplasm of breast"))).isEqualTo("metastatic");
    assertThat(StageNormaliser.advancedWords(List.of("Malignant neoplasm of breast (disorder)"))).isNull();
  }

  @Test
  @DisplayName("issue 8, class 1: secondary neoplasms by code family, ICD-10 C77-C79 and text; a metastatic primary is "
      + "not a secondary")
  void secondaryRecognition() {
    for (String code : List.of("94381002", "94222008", "94391008", "94225005", "94181007", "94260004")) {
      assertThat(Fixtures.CANCERS.match(List.of(new Coded(CodeSystems.SNOMED, code, null)), null))
          .as(code).get().extracting(CancerMatch::secondary).isEqualTo(true);
    }
    assertThat(Fixtures.CANCERS.match(List.of(new Coded(CodeSystems.ICD10_CM, "C78.7", null)), null))
        .get().extracting(CancerMatch::secondary).isEqualTo(true);
    // an unlisted SNOMED secondary code: its display decides
    Optional<CancerMatch> unlisted = Fixtures.CANCERS.match(
        List.of(new Coded(CodeSystems.SNOMED, "94999999", "Secondary malignant neoplasm of ovary")), null);
    assertThat(unlisted).get().extracting(CancerMatch::secondary).isEqualTo(true);
    assertThat(Fixtures.CANCERS.match(List.of(), "Metastasis to bone")).get()
        .extracting(CancerMatch::secondary).isEqualTo(true);
    assertThat(Fixtures.CANCERS.match(List.of(), "metastatic adenocarcinoma to liver")).get()
        .extracting(CancerMatch::secondary).isEqualTo(true);
    assertThat(Fixtures.CANCERS.match(List.of(), "Metastatic breast cancer")).get()
        .extracting(CancerMatch::type, CancerMatch::secondary).containsExactly(CancerType.BREAST, false);
  }
}
