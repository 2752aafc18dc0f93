package io.github.oncorefract.assessment;

import static io.github.oncorefract.therapy.TestData.cancer;
import static io.github.oncorefract.therapy.TestData.d;
import static io.github.oncorefract.therapy.TestData.ex;
import static io.github.oncorefract.therapy.TestData.progression;
import static io.github.oncorefract.therapy.TestData.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.CodeMatch;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.StageFinding;
import io.github.oncorefract.knowledge.TableDrugCatalog;
import io.github.oncorefract.therapy.TestData;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Hand-built cases for issue 8, classes 1, 2 and 3 (secondary cancers, setting from stage, diagnosis date). */
class StageAndSecondaryAssessmentTest {

  private static final TableDrugCatalog CATALOG = TableDrugCatalog.loadDefault();

  private static CancerCondition staged(String id, CancerType type, String onset, String stage) {
    return new CancerCondition(ref("Condition/" + id), type, null, null, type.name(), CodeMatch.ICD10, d(onset), false,
        null, null, true, null, List.of(new StageFinding(d(onset), StageFinding.Kind.STAGE_GROUP, stage,
        stage.startsWith("IV"), ref("Condition/" + id), ref("Condition/" + id))));
  }

  private static PatientAssessment assess(AssessmentParameters params, List<CancerCondition> cancers,
      List<TestData.Ex> exposures, List<DiseaseStatusEvent> events, String asOf) {
    List<DrugExposure> ex = new ArrayList<>();
    exposures.forEach(e -> ex.add(e.build()));
    PatientRecord r = new PatientRecord("p1", cancers, ex, events, List.of(), List.of(), null, List.of());
    return new PatientAssessor(params, CATALOG).assess(r, LocalDate.parse(asOf));
  }

  private static CancerAssessment only(PatientAssessment pa) {
    assertThat(pa.cancers()).hasSize(1);
    return pa.cancers().get(0);
  }

  private static List<String> codes(CancerAssessment a) {
    List<String> out = new ArrayList<>();
    a.reasons().forEach(r -> out.add(r.code()));
    a.recordReasons().forEach(r -> out.add(r.code()));
    return out;
  }

  @Test
  @DisplayName("issue 8, class 2: stage IV at diagnosis with two failed lines is likely refractory")
  void stageFourTwoFailedLinesIsLikelyRefractory() {
    CancerAssessment a = only(assess(AssessmentParameters.defaults(),
        List.of(staged("crc", CancerType.COLORECTAL, "2021-01-05", "IV")),
        List.of(ex("oxaliplatin", "2021-01-20").to("2021-06-30"), ex("fluorouracil", "2021-01-20").to("2021-06-30"),
            ex("irinotecan", "2021-08-01").to("2022-01-15")),
        List.of(progression("2021-07-15", "pd1"), progression("2022-02-01", "pd2")), "2022-06-01"));
    assertThat(a.lines()).extracting(LineOfTherapy::setting).containsExactly(LineSetting.ADVANCED, LineSetting.ADVANCED);
    assertThat(a.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    Reason setting = a.recordReasons().stream().filter(r -> r.code().equals("setting-advanced-disease")).findFirst()
        .orElseThrow();
    assertThat(setting.text()).contains("2021-01-05", "stage IV");
    assertThat(setting.evidence()).contains(ref("Condition/crc"));
  }

  @Test
  @DisplayName("issue 8, class 2: stage III adjuvant line is curative; the recurrence makes the following lines advanced")
  void stageThreeAdjuvantThenRecurrenceThenTwoLines() {
    List<TestData.Ex> ex = List.of(
        ex("oxaliplatin", "2020-02-01").to("2020-07-15"), ex("capecitabine", "2020-02-01").to("2020-07-15"),
        ex("irinotecan", "2021-05-01").to("2021-10-01"), ex("fluorouracil", "2021-05-01").to("2021-10-01"),
        ex("regorafenib", "2021-12-01").to("2022-04-01"));
    List<DiseaseStatusEvent> ev = List.of(
        new DiseaseStatusEvent(d("2021-04-10"), io.github.oncorefract.domain.DiseaseStatus.RECURRENCE, null,
            ref("Observation/rec")),
        progression("2021-11-10", "pd1"), progression("2022-04-20", "pd2"));
    CancerAssessment a = only(assess(AssessmentParameters.defaults(),
        List.of(staged("crc", CancerType.COLORECTAL, "2020-01-10", "IIIB")), ex, ev, "2022-06-01"));
    assertThat(a.lines()).extracting(LineOfTherapy::setting)
        .containsExactly(LineSetting.CURATIVE, LineSetting.ADVANCED, LineSetting.ADVANCED);
    assertThat(a.lines()).extracting(LineOfTherapy::numberInSetting).containsExactly(1, 1, 2);
    assertThat(a.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(codes(a)).contains("setting-early-stage", "setting-advanced-disease");
  }

  @Test
  @DisplayName("issue 8, class 2: stage III on adjuvant therapy without recurrence is not flagged")
  void stageThreeAdjuvantOnlyIsNotRefractory() {
    CancerAssessment a = only(assess(AssessmentParameters.defaults(),
        List.of(staged("br", CancerType.BREAST, "2020-01-10", "IIIA")),
        List.of(ex("doxorubicin", "2020-02-01").to("2020-04-01"), ex("cyclophosphamide", "2020-02-01").to("2020-04-01"),
            ex("paclitaxel", "2020-05-01").to("2020-08-01"), ex("tamoxifen", "2020-09-01").to("2021-09-01")),
        List.of(), "2022-01-01"));
    assertThat(a.lines()).isNotEmpty().allMatch(l -> l.setting() == LineSetting.CURATIVE);
    assertThat(a.status()).isEqualTo(RefractoryStatus.NOT_REFRACTORY);
  }

  @Test
  @DisplayName("issue 8, class 2: a first line before the first progression is not curative when nothing tells")
  void noStageNoIntentIsAssumedAdvancedAndSaysSo() {
    List<TestData.Ex> ex = List.of(ex("carboplatin", "2021-02-01").to("2021-06-01"),
        ex("pemetrexed", "2021-02-01").to("2021-06-01"), ex("docetaxel", "2021-08-01").to("2021-12-01"));
    List<DiseaseStatusEvent> ev = List.of(progression("2021-07-01", "pd1"), progression("2021-12-20", "pd2"));
    CancerAssessment a = only(assess(AssessmentParameters.defaults(),
        List.of(cancer("nsclc", CancerType.NSCLC, "2021-01-10", false)), ex, ev, "2022-03-01"));
    assertThat(a.lines()).extracting(LineOfTherapy::setting).containsExactly(LineSetting.ADVANCED, LineSetting.ADVANCED);
    assertThat(a.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(a.recordReasons()).filteredOn(r -> r.code().equals("setting-not-recorded")).singleElement()
        .extracting(Reason::text).asString().contains("L1", "assumed advanced");

    AssessmentParameters curative = withSetting(new SettingParameters(false, 90, SettingParameters.CURABLE_AT_ANY_STAGE));
    CancerAssessment c = only(assess(curative, List.of(cancer("nsclc", CancerType.NSCLC, "2021-01-10", false)), ex, ev,
        "2022-03-01"));
    assertThat(c.lines()).extracting(LineOfTherapy::setting).containsExactly(LineSetting.CURATIVE, LineSetting.ADVANCED);
    assertThat(c.recordReasons()).extracting(Reason::text).anyMatch(t -> t.contains("assumed curative"));
  }

  @Test
  @DisplayName("issue 8, class 2: myeloma lines are never curative because a later progression was found")
  void myelomaLinesAreNeverCurativeBecauseOfALaterProgression() {
    CancerAssessment a = only(assess(AssessmentParameters.defaults(),
        List.of(staged("mm", CancerType.MULTIPLE_MYELOMA, "2019-01-10", "II")),
        List.of(ex("bortezomib", "2019-02-01").to("2019-08-01"), ex("lenalidomide", "2019-02-01").to("2019-08-01"),
            ex("dexamethasone", "2019-02-01").to("2019-08-01"), ex("daratumumab", "2021-03-01").to("2021-09-01")),
        List.of(progression("2021-02-01", "pd1")), "2022-01-01"));
    assertThat(a.lines()).hasSize(2).allMatch(l -> l.setting() == LineSetting.ADVANCED);
    assertThat(codes(a)).contains("setting-blood-cancer", "setting-advanced-disease");
  }

  @Test
  @DisplayName("issue 8, class 1: a lone secondary Condition is assessed as the cancer, metastatic from its onset")
  void loneSecondaryIsTheCancerMetastaticFromItsOnset() {
    CancerCondition sec = new CancerCondition(ref("Condition/sec"), CancerType.COLORECTAL, null, "94260004",
        "Colorectal cancer (metastatic)", CodeMatch.SNOMED, d("2017-11-29"), true);
    CancerAssessment a = only(assess(AssessmentParameters.defaults(), List.of(sec),
        List.of(ex("oxaliplatin", "2017-12-23").to("2018-05-31").reason("sec")), List.of(), "2019-01-01"));
    assertThat(a.cancer().ref()).isEqualTo(ref("Condition/sec"));
    assertThat(a.lines()).singleElement().extracting(LineOfTherapy::setting).isEqualTo(LineSetting.ADVANCED);
    assertThat(codes(a)).contains("secondary-only", "setting-advanced-disease");
  }

  @Test
  @DisplayName("issue 8, class 1: a secondary names its primary; with two primaries it never becomes a third cancer")
  void secondaryAttachesToTheRelatedPrimary() {
    CancerCondition breast = cancer("breast", CancerType.BREAST, "2015-03-01", false);
    CancerCondition lung = cancer("lung", CancerType.NSCLC, "2019-06-01", false);
    CancerCondition mets = new CancerCondition(ref("Condition/lungmets"), CancerType.OTHER_SOLID, null, "94391008",
        "Secondary malignant neoplasm", CodeMatch.SNOMED, d("2020-02-01"), true, null, ref("Condition/breast"), true,
        null, List.of());
    PatientAssessment pa = assess(AssessmentParameters.defaults(), List.of(breast, lung, mets),
        List.of(ex("capecitabine", "2020-03-01").to("2020-09-01").reason("lungmets")), List.of(), "2021-01-01");
    assertThat(pa.cancers()).extracting(ca -> ca.cancer().ref().id()).containsExactly("breast", "lung");
    CancerAssessment b = pa.cancers().get(0);
    assertThat(b.lines()).singleElement().extracting(LineOfTherapy::regimenLabel).isEqualTo("capecitabine");
    assertThat(b.recordReasons()).extracting(Reason::code).contains("secondary-attached");
    assertThat(pa.cancers().get(1).lines()).isEmpty();
  }

  @Test
  @DisplayName("issue 8, class 1: a resolved cancer keeps its history but is never flagged")
  void resolvedCancerIsNotFlagged() {
    CancerCondition aml = new CancerCondition(ref("Condition/aml"), CancerType.OTHER_SOLID, null, null, "x",
        CodeMatch.TEXT, d("2018-01-01"), false, null, null, false, d("2020-01-01"), List.of());
    CancerAssessment a = only(assess(AssessmentParameters.defaults(), List.of(aml),
        List.of(ex("carboplatin", "2018-02-01").to("2018-05-01"), ex("docetaxel", "2018-07-01").to("2018-10-01")),
        List.of(progression("2018-06-01", "p1"), progression("2018-11-01", "p2")), "2021-01-01"));
    assertThat(a.lines()).hasSize(2);
    assertThat(a.status()).isEqualTo(RefractoryStatus.NOT_REFRACTORY);
    assertThat(a.suggestions()).isEmpty();
    assertThat(codes(a)).contains(PatientAssessor.REASON_NOT_ACTIVE);
  }

  @Test
  @DisplayName("issue 8, class 3: therapy before a recorded-only diagnosis date is the cancer's; far earlier therapy "
      + "before a recorded onset is reported, not dropped")
  void recordedDateIsNoOnsetAndUnattributedTherapyIsReported() {
    CancerCondition gastric = new CancerCondition(ref("Condition/g"), CancerType.OTHER_SOLID, null, "C16.9", "x",
        CodeMatch.ICD10, null, false, d("2022-11-30"), null, true, null, List.of());
    PatientAssessment pa = assess(AssessmentParameters.defaults(), List.of(gastric),
        List.of(ex("cisplatin", "2020-09-17").to("2020-09-17")), List.of(), "2023-01-01");
    CancerAssessment a = only(pa);
    assertThat(a.lines()).singleElement().extracting(LineOfTherapy::regimenLabel).isEqualTo("cisplatin");
    assertThat(a.recordReasons()).filteredOn(r -> r.code().equals("diagnosis-date")).singleElement()
        .extracting(Reason::text).asString().contains("2020-09-17", "2022-11-30");
    assertThat(pa.unattributedTherapy()).isEmpty();

    CancerCondition withOnset = cancer("c", CancerType.BREAST, "2022-11-30", false);
    PatientAssessment pb = assess(AssessmentParameters.defaults(), List.of(withOnset),
        List.of(ex("cisplatin", "2010-09-17").to("2010-09-17")), List.of(), "2023-01-01");
    assertThat(pb.unattributedTherapy()).singleElement().extracting(DrugExposure::ingredient).isEqualTo("cisplatin");
    assertThat(pb.cancers().get(0).recordReasons()).extracting(Reason::code)
        .contains(PatientAssessor.REASON_UNATTRIBUTED_THERAPY);

    PatientAssessment orphan = assess(AssessmentParameters.defaults(), List.of(),
        List.of(ex("carboplatin", "2023-01-10")), List.of(), "2024-01-01");
    assertThat(orphan.cancers()).isEmpty();
    assertThat(orphan.unattributedTherapy()).hasSize(1);
  }

  private static AssessmentParameters withSetting(SettingParameters s) {
    AssessmentParameters d = AssessmentParameters.defaults();
    return new AssessmentParameters(d.therapy(), Map.copyOf(d.therapyByType()), d.solidTumour(), d.nsclc(),
        d.myeloma(), d.ovarian(), d.dlbcl(), d.suggestions(), d.maxDaysBeforeDiagnosis(), s);
  }
}
