package io.github.oncorefract.adapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oncorefract.assessment.AssessmentParameters;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.RefractoryStatus;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code adapter.rules.*} binding with Spring Boot's Binder (no application context). */
class RulesPropertiesTest {

  private static RulesProperties bind(Map<String, String> props) {
    return new Binder(new MapConfigurationPropertySource(props))
        .bindOrCreate("adapter.rules", Bindable.of(RulesProperties.class));
  }

  @Test
  void emptyConfigurationIsExactlyTheDefaults() {
    assertThat(bind(Map.of()).toAssessmentParameters()).isEqualTo(AssessmentParameters.defaults());
  }

  @Test
  void partialConfigurationKeepsEveryOtherDefault() {
    RulesProperties r = bind(Map.of(
        "adapter.rules.nsclc.min-advanced-lines", "3",
        "adapter.rules.myeloma.refractory-window-days", "90",
        "adapter.rules.ovarian.resistant-status", "likely-refractory",
        "adapter.rules.therapy.gap-exempt", "Osimertinib, lorlatinib",
        "adapter.rules.dlbcl.asct-relapse-months", "6"));
    AssessmentParameters p = r.toAssessmentParameters();
    AssessmentParameters d = AssessmentParameters.defaults();
    assertThat(p.nsclc().solidTumour().advancedLinesThreshold()).isEqualTo(3);
    assertThat(p.solidTumour()).isEqualTo(d.solidTumour());
    assertThat(p.myeloma().refractoryWindowDays()).isEqualTo(90);
    assertThat(p.myeloma().imids()).isEqualTo(d.myeloma().imids());
    assertThat(p.ovarian().resistantStatus()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(p.therapy().gapExemptIngredients()).isEqualTo(Set.of("osimertinib", "lorlatinib"));
    assertThat(p.therapyFor(CancerType.MULTIPLE_MYELOMA).gapExemptIngredients())
        .isEqualTo(Set.of("osimertinib", "lorlatinib"));
    assertThat(p.therapyFor(CancerType.MULTIPLE_MYELOMA).includedSupportive()).containsExactly("dexamethasone");
    assertThat(p.therapyFor(CancerType.DLBCL).includedSupportive()).containsExactlyInAnyOrder("prednisone",
        "prednisolone");
    assertThat(p.dlbcl().asctRelapseMonths()).isEqualTo(6);
    assertThat(p.dlbcl().responseWindowDays()).isEqualTo(d.dlbcl().responseWindowDays());
    assertThat(p.suggestions()).isEqualTo(d.suggestions());
    assertThat(p.maxDaysBeforeDiagnosis()).isEqualTo(d.maxDaysBeforeDiagnosis());
  }

  @Test
  void negativeDaysFailWithTheKeyInTheMessage() {
    assertThatThrownBy(() -> bind(Map.of("adapter.rules.therapy.treatment-gap-days", "-1")))
        .isInstanceOf(BindException.class)
        .rootCause().hasMessage("adapter.rules.therapy.treatment-gap-days must be >= 0 (was -1)");
    assertThatThrownBy(() -> bind(Map.of("adapter.rules.ovarian.refractory-days", "-28")))
        .rootCause().hasMessageContaining("adapter.rules.ovarian.refractory-days");
  }

  @Test
  void nonsenseThresholdsAndEmptyClassesFail() {
    assertThatThrownBy(() -> bind(Map.of("adapter.rules.solid-tumour.min-advanced-lines", "0")))
        .rootCause().hasMessageContaining("adapter.rules.solid-tumour.min-advanced-lines must be >= 1");
    assertThatThrownBy(() -> bind(Map.of("adapter.rules.myeloma.anti-cd38", "")))
        .rootCause().hasMessageContaining("adapter.rules.myeloma.anti-cd38 must name at least one ingredient");
    assertThatThrownBy(() -> bind(Map.of("adapter.rules.dlbcl.response-window-days", "soon")))
        .isInstanceOf(BindException.class);
  }

  /** Issue 8, classes 5 and 6: switch maintenance, lymphoma steroids and course estimates are configuration. */
  @Test
  void regimenAndCourseKeysBind() {
    RulesProperties empty = bind(Map.of());
    assertThat(empty.exposure().toParameters())
        .isEqualTo(io.github.oncorefract.normalise.ExposureParameters.defaults());
    assertThat(empty.toAssessmentParameters().therapyFor(CancerType.OTHER_HAEMATOLOGICAL).includedSupportive())
        .containsExactlyInAnyOrder("prednisone", "prednisolone");
    assertThat(empty.toAssessmentParameters().therapyFor(CancerType.BREAST).includedSupportive()).isEmpty();

    RulesProperties r = bind(Map.of(
        "adapter.rules.therapy.switch-min-induction-days", "63",
        "adapter.rules.therapy.switch-induction-classes", "platinum, anthracycline",
        "adapter.rules.therapy.other-haematological-included-supportive", "",
        "adapter.rules.exposure.default-course-days", "90",
        "adapter.rules.exposure.order-procedure-gap-days", "45"));
    AssessmentParameters p = r.toAssessmentParameters();
    assertThat(p.therapyFor(CancerType.NSCLC).switchMinInductionDays()).isEqualTo(63);
    assertThat(p.therapyFor(CancerType.MULTIPLE_MYELOMA).switchInductionClasses())
        .containsExactlyInAnyOrder("platinum", "anthracycline");
    assertThat(p.therapyFor(CancerType.OTHER_HAEMATOLOGICAL).includedSupportive()).isEmpty();
    assertThat(r.exposure().toParameters().defaultCourseDays()).isEqualTo(90);
    assertThat(r.exposure().toParameters().orderProcedureGapDays()).isEqualTo(45);
    assertThatThrownBy(() -> bind(Map.of("adapter.rules.exposure.default-course-days", "0")))
        .rootCause().hasMessageContaining("adapter.rules.exposure.default-course-days must be >= 1");
  }
}
