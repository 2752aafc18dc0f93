package io.github.oncorefract.assessment;

import static io.github.oncorefract.therapy.TestData.cancer;
import static io.github.oncorefract.therapy.TestData.event;
import static io.github.oncorefract.therapy.TestData.ex;
import static io.github.oncorefract.therapy.TestData.progression;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.DiseaseStatus;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.StopReason;
import org.junit.jupiter.api.Test;

/** Regressions found by review: a stale open platinum order; SCHOLAR-1 minimum cycles before stable disease counts. */
class RegressionRulesTest {

  @Test
  void staleActivePlatinumOrderMakesProgressionYearsLaterPlatinumRefractory() {
    // one carboplatin order left "active" (no end) in 2021; line 2 doxorubicin in 2023; progression on line 2.
    CancerAssessment a = Scenario.given().cancer(cancer("ov", CancerType.OVARIAN, "2021-01-01", false))
        .exposure(ex("carboplatin", "2021-02-01").status(ExposureStatus.ACTIVE),
            ex("doxorubicin", "2023-01-01").to("2023-06-01"))
        .event(progression("2023-07-01", "p1"))
        .assessOnly("2024-01-01");
    assertThat(a.reasons()).extracting(Reason::code).doesNotContain("platinum-refractory");
  }

  @Test
  void dlbclStableAfterOneCycleStoppedForToxicityIsNotScholarRefractory() {
    // SCHOLAR-1: SD counts only after >=4 cycles first-line (>=2 later-line). One 3-week R-CHOP cycle, stopped.
    CancerAssessment a = Scenario.given().cancer(cancer("dlbcl", CancerType.DLBCL, "2022-01-10", false))
        .exposure(ex("rituximab", "2022-02-01").to("2022-02-01").stop(StopReason.TOXICITY),
            ex("cyclophosphamide", "2022-02-01").to("2022-02-01").stop(StopReason.TOXICITY))
        .event(event(DiseaseStatus.STABLE, "2022-03-01", null, "sd"))
        .assessOnly("2022-06-01");
    assertThat(a.reasons()).extracting(Reason::code).doesNotContain("primary-refractory");
  }
}
