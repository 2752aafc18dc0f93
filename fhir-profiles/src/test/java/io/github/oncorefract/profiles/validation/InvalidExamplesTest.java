package io.github.oncorefract.profiles.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.profiles.Canonical;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each invalid example ({@code src/test/resources/invalid/}, a valid example with one rule broken) fails with the
 * expected message ({@code invalid/expected-messages.json}); every profile has at least one.
 */
class InvalidExamplesTest {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static ResourceValidator validator;

  @BeforeAll
  static void validator() {
    validator = new ResourceValidator(CTX);
  }

  static Map<String, String> expected() throws IOException {
    try (InputStream in = InvalidExamplesTest.class.getResourceAsStream("/invalid/expected-messages.json")) {
      JsonNode n = new ObjectMapper().readTree(in);
      Map<String, String> out = new java.util.TreeMap<>();
      n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
      return out;
    }
  }

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    expected().forEach((file, message) -> out.add(Arguments.of(file, message)));
    return out.stream();
  }

  static IBaseResource load(String file) throws IOException {
    try (InputStream in = InvalidExamplesTest.class.getResourceAsStream("/invalid/" + file)) {
      return CTX.newJsonParser().parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failsWithTheExpectedMessage(String file, String message) throws IOException {
    List<ValidationIssue> errors = validator.validate(load(file)).stream().filter(ValidationIssue::isError).toList();
    assertThat(errors).as(file).isNotEmpty();
    assertThat(errors).as(file + ": " + errors).anySatisfy(i -> assertThat(i.message()).contains(message));
  }

  @Test
  void everyProfileHasAnInvalidExample() throws IOException {
    Set<String> profiles = new TreeSet<>();
    for (String file : expected().keySet()) {
      IBaseResource r = load(file);
      Optional<String> p = r.getMeta().getProfile().stream().map(t -> t.getValueAsString()).findFirst();
      profiles.add(p.orElseThrow());
    }
    assertThat(profiles).containsExactlyInAnyOrder(Canonical.SD_REFRACTORY_FLAG, Canonical.SD_SUGGESTION_CAREPLAN,
        Canonical.SD_TRIAL_REFERRAL_SERVICEREQUEST, Canonical.SD_TRIAL_REFERRAL_TASK,
        Canonical.SD_ASSESSMENT_PROVENANCE, Canonical.SD_LINE_OF_THERAPY_CAREPLAN, Canonical.SD_ADAPTER_DEVICE);
  }

  @Test
  void messagesCarryNoResourceValues() throws IOException {
    // The invalid status code and the unknown rule-set id are values from the resource: never in a message.
    for (String file : List.of("Flag-invalid-status-code.json", "Flag-invalid-unknown-rule-set.json",
        "Provenance-invalid-agent.json")) {
      for (ValidationIssue i : validator.validate(load(file))) {
        assertThat(i.message()).doesNotContain("very-refractory", "made-up-rules", "provenance-0123456789abcdef",
            "Likely refractory cancer: Non-small");
      }
    }
  }
}
