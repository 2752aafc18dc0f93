package io.github.oncorefract.profiles.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ResourceValidator#validateEntries}: one validator call for a whole transaction finds, per entry, the errors
 * one call per resource finds: every invalid example ({@code invalid/}) is caught at its own entry with its expected
 * message while the package's valid examples beside it stay clean; an entry that does not claim its profile falls
 * back to a call of its own.
 */
class BundleEntriesValidationTest {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static ResourceValidator validator;

  @BeforeAll
  static void validator() {
    validator = new ResourceValidator(CTX);
  }

  static Resource invalid(String file) throws IOException {
    try (InputStream in = BundleEntriesValidationTest.class.getResourceAsStream("/invalid/" + file)) {
      return (Resource) CTX.newJsonParser().parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static List<Resource> validExamples() {
    List<Resource> out = new ArrayList<>();
    for (String file : PackageFiles.names("example")) {
      Resource r = (Resource) CTX.newJsonParser().parseResource(PackageFiles.read("example", file));
      if (ResourceValidator.profileFor(r).isPresent()) {
        out.add(r);
      }
    }
    return out;
  }

  static Bundle transaction(List<Resource> resources) {
    Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    int n = 0;
    for (Resource r : resources) {
      Resource copy = r.copy();
      copy.setId((String) null);
      b.addEntry().setFullUrl("urn:uuid:00000000-0000-0000-0000-" + String.format("%012d", n++))
          .setResource(copy).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(copy.fhirType());
    }
    return b;
  }

  @Test
  void warmUpValidatesAnExampleOfEveryProfile() {
    assertThat(validator.warmUp()).isEqualTo(validExamples().size()).isGreaterThanOrEqualTo(7);
  }

  @Test
  void validExamplesInOneTransactionHaveNoErrors() {
    List<Resource> valid = validExamples();
    assertThat(valid).hasSizeGreaterThanOrEqualTo(7);
    Map<Integer, List<ValidationIssue>> issues = validator.validateEntries(transaction(valid));
    assertThat(issues.values().stream().flatMap(List::stream).filter(ValidationIssue::isError).toList()).isEmpty();
  }

  @Test
  void everyInvalidExampleIsCaughtAtItsEntryWithTheMessageOfItsOwnCall() throws IOException {
    List<Resource> valid = validExamples();
    for (Map.Entry<String, String> c : InvalidExamplesTest.expected().entrySet()) {
      Resource bad = invalid(c.getKey());
      List<Resource> resources = new ArrayList<>(valid);
      int at = resources.size() / 2;
      resources.add(at, bad);
      Map<Integer, List<ValidationIssue>> issues = validator.validateEntries(transaction(resources));

      List<ValidationIssue> errorsAt = issues.getOrDefault(at, List.of()).stream()
          .filter(ValidationIssue::isError).toList();
      assertThat(errorsAt).as(c.getKey() + ": " + issues).anySatisfy(i -> assertThat(i.message())
          .contains(c.getValue()));
      // The same error messages as validating that resource on its own (locations differ by the entry prefix).
      List<String> alone = validator.validate(bundleCopy(bad)).stream().filter(ValidationIssue::isError)
          .map(i -> withoutLocation(i.message())).sorted().toList();
      assertThat(errorsAt.stream().map(i -> withoutLocation(i.message())).sorted().toList()).as(c.getKey())
          .containsAll(alone);
      // Located as on the resource alone ("Flag.status"), without the entry prefix or the resource's id.
      assertThat(errorsAt).allSatisfy(i -> assertThat(i.location()).startsWith(bad.fhirType())
          .doesNotContain("Bundle.entry").doesNotContain("/*"));
      // No other entry draws an error.
      issues.forEach((index, list) -> {
        if (index != at) {
          assertThat(list).as(c.getKey() + " entry " + index).noneMatch(ValidationIssue::isError);
        }
      });
    }
  }

  @Test
  void anUpdateEntrysRelativeFullUrlIsAnEnvelopeIssueNotTheResources() {
    // BundleBuilder's update entry: fullUrl "Flag/<id>" (relative), request PUT Flag/<id>.
    Bundle b = transaction(validExamples());
    Resource first = b.getEntryFirstRep().getResource();
    first.setId(first.fhirType() + "/f1");
    b.getEntryFirstRep().setFullUrl(first.fhirType() + "/f1").getRequest().setMethod(Bundle.HTTPVerb.PUT)
        .setUrl(first.fhirType() + "/f1");
    Map<Integer, List<ValidationIssue>> issues = validator.validateEntries(b);
    issues.forEach((index, list) -> {
      if (index >= 0) {
        assertThat(list).as("entry " + index).noneMatch(ValidationIssue::isError);
      }
    });
  }

  @Test
  void anEntryThatDoesNotClaimItsProfileIsValidatedOnItsOwnAgainstIt() {
    // A Flag without meta.profile: alone it is validated against the refractory Flag profile (profileFor), so it has
    // errors; the Bundle path must not validate it against the base definition only.
    Flag bare = new Flag();
    bare.setStatus(Flag.FlagStatus.ACTIVE);
    bare.getCode().setText("x");
    bare.getSubject().setReference("Patient/p1");
    List<ValidationIssue> alone = validator.errors(bare);
    assertThat(alone).isNotEmpty();
    Map<Integer, List<ValidationIssue>> issues = validator.validateEntries(transaction(List.of(bare)));
    assertThat(issues.getOrDefault(0, List.of()).stream().filter(ValidationIssue::isError).toList())
        .hasSameSizeAs(alone);
  }

  /** A message may quote a nested issue's location, which inside the Bundle starts with the entry. */
  private static String withoutLocation(String message) {
    return message.replaceAll("location=[^,]*,", "location=…,");
  }

  private static Resource bundleCopy(Resource r) {
    Resource copy = r.copy();
    copy.setId((String) null);
    return copy;
  }
}
