package io.github.oncorefract.adapter.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** HAPI's lenient parser warnings are counted by kind and kept off the console. */
@ExtendWith(OutputCaptureExtension.class)
class ParserWarningMeterTest {

  @Test
  void unknownElementsAndInvalidValuesAreCountedNotPrinted(CapturedOutput output) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ParserWarningMeter meter = new ParserWarningMeter(registry);
    try {
      FhirContext ctx = FhirContext.forR4Cached();
      var parser = ctx.newJsonParser().setParserErrorHandler(new LenientErrorHandler(true)
          .setErrorOnInvalidValue(false));
      parser.parseResource(Patient.class, "{\"resourceType\":\"Patient\",\"id\":\"w1\",\"nickname\":\"Zebedee-77\","
          + "\"birthDate\":\"1961-13-45\"}");
      assertThat(registry.get("oncorefract.fhir.parser.warnings").tag("kind", "unknown-element").counter().count())
          .isEqualTo(1.0);
      assertThat(registry.get("oncorefract.fhir.parser.warnings").tag("kind", "invalid-value").counter().count())
          .isEqualTo(1.0);
      assertThat(output.getAll()).doesNotContain("Zebedee").doesNotContain("nickname").doesNotContain("1961-13-45");
    } finally {
      meter.destroy();
    }
  }

  @Test
  void kindsComeFromTheFormatString() {
    assertThat(ParserWarningMeter.kind("{}Unknown element '{}' found while parsing")).isEqualTo("unknown-element");
    assertThat(ParserWarningMeter.kind("{}Unknown attribute '{}' found while parsing"))
        .isEqualTo("unknown-attribute");
    assertThat(ParserWarningMeter.kind("{}Multiple repetitions of non-repeatable element '{}' found while parsing"))
        .isEqualTo("unexpected-repeat");
    assertThat(ParserWarningMeter.kind("{}Resource is missing required element: {}")).isEqualTo("missing-required");
    assertThat(ParserWarningMeter.kind(null)).isEqualTo("other");
  }
}
