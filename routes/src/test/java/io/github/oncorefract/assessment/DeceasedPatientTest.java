package io.github.oncorefract.assessment;

import static io.github.oncorefract.therapy.TestData.cancer;
import static io.github.oncorefract.therapy.TestData.d;
import static io.github.oncorefract.therapy.TestData.ex;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.Reason;
import org.junit.jupiter.api.Test;

/** A patient who has died: a drug still recorded as active ends with the death, and nothing is suggested. */
class DeceasedPatientTest {

  @Test
  void aLineStillRecordedAsActiveEndsWithTheDeath() {
    Scenario s = Scenario.given().cancer(cancer("c", CancerType.NSCLC, "2022-01-10", false))
        .exposure(ex("osimertinib", "2022-02-01").status(ExposureStatus.ACTIVE));
    s.death = d("2023-03-01");
    CancerAssessment a = s.assessOnly("2024-01-01");
    assertThat(a.lines()).hasSize(1);
    assertThat(a.lines().get(0).end()).isEqualTo(d("2023-03-01"));
    assertThat(a.lines().get(0).endReason()).isEqualTo(LineEndReason.DEATH);
    assertThat(a.suggestions()).isEmpty();
    assertThat(a.reasons()).extracting(Reason::code).contains(PatientAssessor.REASON_DECEASED);
  }

  @Test
  void aLivingPatientsActiveLineIsOngoing() {
    CancerAssessment a = Scenario.given().cancer(cancer("c", CancerType.NSCLC, "2022-01-10", false))
        .exposure(ex("osimertinib", "2022-02-01").status(ExposureStatus.ACTIVE)).assessOnly("2024-01-01");
    assertThat(a.lines().get(0).end()).isNull();
    assertThat(a.lines().get(0).endReason()).isEqualTo(LineEndReason.ONGOING);
  }
}
