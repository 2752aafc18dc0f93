package io.github.oncorefract.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.assessment.AssessmentParameters;
import io.github.oncorefract.assessment.PatientAssessor;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.Reason;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The oncologist's review of the public fixtures (issue 8, classes 1, 2 and 10): Synthea's "TNM stage N" Conditions
 * give the setting, a same-day-abated AML is not a cancer, a deceased patient without a date keeps no date, therapy
 * after the death is reported, and a progression after curative therapy is worded a recurrence.
 */
class StageTextAndDeathFixtureTest {

  private static final LocalDate AS_OF = LocalDate.of(2026, 12, 5);
  private static final PatientAssessor ASSESSOR = new PatientAssessor(AssessmentParameters.defaults(), Fixtures.CATALOG);
  private static final String SYNTHEA = "smart-generated-sample-data-synthea-r4/";

  private static PatientAssessment assess(String patientId, List<Resource> rs) {
    return ASSESSOR.assess(Fixtures.NORMALISER.normalise(patientId, rs), AS_OF);
  }

  private static CancerAssessment ofType(PatientAssessment pa, CancerType type) {
    return pa.cancers().stream().filter(c -> c.cancer().type() == type).findFirst().orElseThrow();
  }

  private static List<Reason> allReasons(CancerAssessment a) {
    List<Reason> out = new ArrayList<>(a.reasons());
    out.addAll(a.recordReasons());
    return out;
  }

  private static List<String> codes(CancerAssessment a) {
    return allReasons(a).stream().map(Reason::code).toList();
  }

  @Test
  @DisplayName("issue 8, class 2: 'TNM stage 1' / 'stage 3A' / 'Stadium IV' in a cancer Condition's own text is its stage")
  void stageGroupInText() {
    assertThat(StageNormaliser.stageGroupInText(List.of("Non-small cell carcinoma of lung, TNM stage 1 (disorder)")))
        .isEqualTo("I");
    assertThat(StageNormaliser.stageGroupInText(
        List.of("Primary small cell malignant neoplasm of lung, TNM stage 4 (disorder)"))).isEqualTo("IV");
    assertThat(StageNormaliser.stageGroupInText(List.of("breast cancer stage 3A"))).isEqualTo("IIIA");
    assertThat(StageNormaliser.stageGroupInText(List.of("Mammakarzinom Stadium II"))).isEqualTo("II");
    assertThat(StageNormaliser.stageGroupInText(List.of("Non-small cell lung cancer (disorder)"))).isNull();
    assertThat(StageNormaliser.stageGroupInText(List.of("Malignant neoplasm of breast, 2 sites"))).isNull();
  }

  @Test
  @DisplayName("issue 8, classes 2 and 10: Fletcher_Hyatt NSCLC stage 1 (424132000) -> curative lines; therapy after "
      + "death reported")
  void fletcherStageOneIsCurativeAndTherapyAfterDeathIsReported() {
    PatientAssessment pa = assess("c5ed5d78-5b3f-4a75-bdfb-5f318b068a20",
        Fixtures.load(SYNTHEA + "Fletcher_Hyatt_fe0562b5-f517-4951-8366-32fdab088930.json"));
    CancerAssessment nsclc = ofType(pa, CancerType.NSCLC);
    assertThat(nsclc.lines()).isNotEmpty().allSatisfy(l -> assertThat(l.setting()).isEqualTo(LineSetting.CURATIVE));
    assertThat(codes(nsclc)).contains("setting-early-stage").doesNotContain("setting-not-recorded");
    Reason afterDeath = allReasons(nsclc).stream()
        .filter(r -> r.code().equals(PatientAssessor.REASON_THERAPY_AFTER_DEATH)).findFirst().orElseThrow();
    assertThat(afterDeath.text()).contains("1996-01-21");
    assertThat(afterDeath.evidence()).isNotEmpty();
  }

  @Test
  @DisplayName("issue 8, class 2: Sherman_McGlynn SCLC stage 1 (67811000119102) -> curative lines")
  void shermanScLcStageOneIsCurative() {
    PatientAssessment pa = assess("ffb8ae8f-8c7f-4475-8c42-d38419108e94",
        Fixtures.load(SYNTHEA + "Sherman_McGlynn_8ef2ef98-48c5-427e-80d4-5e8f30ac8bf5.json"));
    CancerAssessment sclc = ofType(pa, CancerType.LUNG_OTHER);
    assertThat(sclc.lines()).isNotEmpty().allSatisfy(l -> assertThat(l.setting()).isEqualTo(LineSetting.CURATIVE));
    assertThat(codes(sclc)).doesNotContain("setting-not-recorded");
  }

  @Test
  @DisplayName("issue 8, class 2: SMART bulk patient 129c6ac7 NSCLC stage 1 -> curative lines")
  void bulkNsclcStageOneIsCurative() {
    String id = "129c6ac7-8d06-89de-ad63-0204a93e76c3";
    List<Resource> rs = new ArrayList<>();
    for (String t : List.of("Patient", "Condition", "MedicationRequest", "Procedure")) {
      rs.addAll(Fixtures.load("smart-sample-bulk-fhir-datasets-10-patients/" + t + ".patient-" + id + ".ndjson"));
    }
    CancerAssessment nsclc = ofType(assess(id, rs), CancerType.NSCLC);
    assertThat(nsclc.lines()).isNotEmpty().allSatisfy(l -> assertThat(l.setting()).isEqualTo(LineSetting.CURATIVE));
  }

  @Test
  @DisplayName("issue 8, classes 1 and 2: Khadijah960's same-day-abated AML is not assessed, its chemotherapy is "
      + "unattributed; the breast recurrence is worded so")
  void khadijahSameDayAbatedAmlIsNotACancer() {
    PatientAssessment pa = assess("03889212-b18b-4c00-72e0-da0e96f7cf68",
        Fixtures.load(StageAndSecondaryNormaliseTest.KHADIJAH));
    assertThat(pa.cancers()).noneMatch(c -> c.cancer().ref().id().startsWith("c5852bd1"));
    assertThat(pa.cancers()).noneMatch(c -> c.cancer().type().haematological());
    assertThat(pa.unattributedTherapy()).extracting(DrugExposure::ingredient).contains("unspecified-chemotherapy");
    CancerAssessment breast = ofType(pa, CancerType.BREAST);
    assertThat(codes(breast)).contains(PatientAssessor.REASON_NOT_ASSESSED,
        PatientAssessor.REASON_UNATTRIBUTED_THERAPY);
    assertThat(breast.lines()).extracting(LineOfTherapy::regimenLabel)
        .noneMatch(l -> l.contains("unspecified-chemotherapy"));
    assertThat(allReasons(breast)).filteredOn(r -> r.code().equals("setting-advanced-disease")).singleElement()
        .satisfies(r -> assertThat(r.text()).contains("recurrence after curative therapy")
            .doesNotContain("(progression)"));
  }

  @Test
  @DisplayName("issue 8, class 10: MII patient-2 (deceasedBoolean, no date) is said deceased without a date")
  void deceasedWithoutDateStatesNoDate() {
    PatientAssessment pa = assess("mii-exa-test-data-patient-2",
        Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-pat-2.json"));
    assertThat(pa.cancers()).isNotEmpty().allSatisfy(c -> {
      assertThat(c.suggestions()).isEmpty();
      assertThat(c.reasons()).filteredOn(r -> r.code().equals(PatientAssessor.REASON_DECEASED)).singleElement()
          .satisfies(r -> assertThat(r.text()).isEqualTo(
              "The patient is recorded as deceased (date not recorded): no suggestions are made."));
      assertThat(c.narrative()).doesNotContain(AS_OF.toString());
      assertThat(c.lines()).noneMatch(l -> l.endReason().name().equals("DEATH"));
    });
  }
}
