package io.github.oncorefract.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.profiles.validation.ResourceValidator;
import io.github.oncorefract.profiles.validation.ValidationIssue;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, class 5: a line-of-therapy CarePlan whose regimen holds a counted supportive drug (dexamethasone in VRd,
 * prednisone in R-CHOP) still conforms to the line-of-therapy CarePlan profile.
 */
class RegimenCompanionConformTest {

  @Test
  @DisplayName("issue 8, class 5: VRd and R-CHOP CarePlans validate with zero errors; steroids draw no new issue")
  void companionsInTheRegimenConform() {
    ResourceValidator validator = new ResourceValidator(LineOfTherapyResourceBuilderTest.CTX);
    LineOfTherapyResourceBuilder builder = new LineOfTherapyResourceBuilder(LineOfTherapyResourceBuilderTest.CATALOG);
    var lines = List.of(
        LineOfTherapyResourceBuilderTest.line(1, LineSetting.ADVANCED, 1,
            List.of("bortezomib", "dexamethasone", "lenalidomide"), LocalDate.of(2023, 1, 2),
            LocalDate.of(2023, 6, 18), LineEndReason.COMPLETED, "MedicationAdministration/v1"),
        LineOfTherapyResourceBuilderTest.line(2, LineSetting.ADVANCED, 2,
            List.of("cyclophosphamide", "doxorubicin", "prednisone", "rituximab", "vincristine"),
            LocalDate.of(2023, 9, 1), LocalDate.of(2023, 12, 15), LineEndReason.COMPLETED,
            "MedicationAdministration/r1"));
    var out = builder.build(LineOfTherapyResourceBuilderTest.assessment("p1", lines));
    assertThat(out).hasSize(2);
    // activities are alphabetical: VRd dexamethasone is activity[1], R-CHOP prednisone activity[2]
    int[] companion = {1, 2};
    for (int i = 0; i < out.size(); i++) {
      Resource r = out.get(i).resource();
      List<ValidationIssue> issues = validator.validate(r);
      assertThat(issues.stream().filter(ValidationIssue::isError).toList()).isEmpty();
      // the steroid's product coding draws no other kind of issue than the antineoplastic drugs' codings do
      Set<String> antineoplastic = kinds(issues, 0);
      assertThat(kinds(issues, companion[i])).isSubsetOf(antineoplastic);
    }
  }

  private static Set<String> kinds(List<ValidationIssue> issues, int activity) {
    String at = "activity[" + activity + "]";
    return issues.stream().filter(v -> v.location() != null && v.location().contains(at))
        .map(v -> v.severity() + " " + v.messageId() + " " + v.location().replace(at, "activity[*]"))
        .collect(Collectors.toSet());
  }
}
