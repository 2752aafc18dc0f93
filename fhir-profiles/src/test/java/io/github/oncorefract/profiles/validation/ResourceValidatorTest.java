package io.github.oncorefract.profiles.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oncorefract.profiles.Canonical;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Flag;
import org.junit.jupiter.api.Test;

/** The pure parts of the validator: profile choice, message sanitising, mode parsing (no chain built). */
class ResourceValidatorTest {

  @Test
  void profileForWhatTheAdapterWrites() {
    assertThat(ResourceValidator.profileFor(new Flag())).contains(Canonical.SD_REFRACTORY_FLAG);
    assertThat(ResourceValidator.profileFor(new CarePlan().setIntent(CarePlan.CarePlanIntent.PROPOSAL)))
        .contains(Canonical.SD_SUGGESTION_CAREPLAN);
    assertThat(ResourceValidator.profileFor(new CarePlan().setIntent(CarePlan.CarePlanIntent.PLAN)))
        .contains(Canonical.SD_LINE_OF_THERAPY_CAREPLAN);
    assertThat(ResourceValidator.profileFor(new Device())).contains(Canonical.SD_ADAPTER_DEVICE);
    assertThat(ResourceValidator.profileFor(new org.hl7.fhir.r4.model.Patient())).isEmpty();
  }

  @Test
  void sanitiseKeepsCanonicalsAndConstraintTextsAndDropsValues() {
    assertThat(ResourceValidator.sanitise("The value provided ('Smith') was not found in the value set 'X' ("
        + Canonical.BASE + "/ValueSet/rule-set|0.1.0)", Set.of()))
        .isEqualTo("The value provided ('…') was not found in the value set '…' (" + Canonical.BASE
            + "/ValueSet/rule-set|0.1.0)");
    assertThat(ResourceValidator.sanitise("Unknown code '" + Canonical.CS_RULE_SET + "#secret' (codes = "
        + Canonical.CS_RULE_SET + "#secret)", Set.of()))
        .isEqualTo("Unknown code '…' (codes = " + Canonical.CS_RULE_SET + "#…)");
    assertThat(ResourceValidator.sanitise("Constraint failed: k: 'Human text' and can't", Set.of("Human text")))
        .isEqualTo("Constraint failed: k: 'Human text' and can't");
    assertThat(ResourceValidator.sanitise(null, Set.of())).isEmpty();
  }

  @Test
  void modeParses() {
    assertThat(ValidationMode.parse("enforce")).isEqualTo(ValidationMode.ENFORCE);
    assertThat(ValidationMode.parse(" Off ")).isEqualTo(ValidationMode.OFF);
    assertThat(ValidationMode.parse(null)).isEqualTo(ValidationMode.WARN);
    assertThatThrownBy(() -> ValidationMode.parse("strict")).isInstanceOf(IllegalArgumentException.class);
  }
}
