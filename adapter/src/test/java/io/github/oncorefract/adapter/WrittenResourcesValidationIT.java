package io.github.oncorefract.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.profiles.validation.ResourceValidator;
import io.github.oncorefract.profiles.validation.ValidationIssue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Everything the adapter writes conforms to the OncoRefract profiles: after a full pass over the demo cohort, every
 * resource tagged {@code adapter-output} on the embedded server is read back and validated offline with
 * {@link ResourceValidator} (its own profile per type, the one it names in {@code meta.profile}).
 *
 * <p>The server is shared with the other ITs: whatever carries the tag is validated, except resources a clinician
 * (another IT) acted on, recognised by a status the adapter never writes (CarePlan or ServiceRequest not
 * {@code draft}, Task not {@code requested}); those are the adapter's "preserved" resources and are no longer its
 * output. At most {@link #MAX_VALIDATED} resources are validated (validation costs tens of milliseconds each).
 */
@EmbeddedFhirServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WrittenResourcesValidationIT {

  private static final List<String> WRITTEN_TYPES =
      List.of("Flag", "CarePlan", "ServiceRequest", "Task", "Provenance", "Device");

  /** Statuses the adapter itself writes, per type (as {@code SuggestionResourceBuilder} proposes them). */
  private static final Map<String, Set<String>> ADAPTER_STATUSES = Map.of(
      "Flag", Set.of("active", "inactive"),
      "CarePlan", Set.of("draft"),
      "ServiceRequest", Set.of("draft"),
      "Task", Set.of("requested"));

  private static final int MAX_VALIDATED = 300;

  /**
   * A kind of warning the adapter's output may carry.
   *
   * @param mustMention text every warning of this kind contains (where it occurs, or what it is about), so the same
   *                    message id about something else still fails
   * @param reason      why it is acceptable
   */
  private record Accepted(String mustMention, String reason) {}

  /**
   * The warnings the adapter's output is allowed to carry, by validator message id. A new kind of warning fails
   * {@link #writtenResourcesConformToTheProfiles()}: decide, then list it here or fix the builder.
   */
  private static final Map<String, Accepted> ACCEPTED_WARNINGS = new TreeMap<>(Map.of(
      "Terminology_PassThrough_TX_Message", new Accepted(Canonical.BASE + "/CodeSystem/provenance-key",
          "Provenance.meta.tag .../CodeSystem/provenance-key is the publisher's per-transaction content key (how it "
              + "finds its own Provenance again). meta.tag has an example binding only; the key system is not a "
              + "CodeSystem of the package, so the validator cannot check the code and says so."),
      "Terminology_TX_Code_ValueSet_Ext", new Accepted("Provenance.reason",
          "Provenance.reason is text only: the binding to v3 PurposeOfUse is extensible, none of its codes means "
              + "decision support, and text alone is allowed.")));

  @Autowired TestRestTemplate http;
  @Autowired IGenericClient fhir;

  private final FhirContext ctx = FhirContext.forR4Cached();
  private ResourceValidator validator;
  private Map<String, List<Resource>> written;
  private int preservedSkipped;

  @Autowired FhirContext appContext;
  @org.springframework.boot.test.web.server.LocalServerPort int port;

  @BeforeAll
  void runAFullPassAndReadBackItsOutput() {
    // The demo cohort is loaded at start; the public fixtures too, so both kinds of data are written and checked.
    io.github.oncorefract.adapter.seed.PublicFixtures.ensureLoaded(appContext, port);
    ResponseEntity<String> r = http.postForEntity("/api/assessments/run?full=true", null, String.class);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    written = new LinkedHashMap<>();
    for (String type : WRITTEN_TYPES) {
      List<Resource> ofType = new ArrayList<>();
      for (Resource res : readTagged(type)) {
        Set<String> statuses = ADAPTER_STATUSES.get(type);
        String status = status(res);
        if (statuses != null && status != null && !statuses.contains(status)) {
          preservedSkipped++;
        } else {
          ofType.add(res);
        }
      }
      written.put(type, ofType);
    }
    validator = new ResourceValidator(ctx);
  }

  @Test
  void aPassWroteEveryKindOfResource() {
    assertThat(written.get("Flag")).isNotEmpty();
    assertThat(written.get("CarePlan")).isNotEmpty();
    assertThat(written.get("ServiceRequest")).isNotEmpty();
    assertThat(written.get("Task")).isNotEmpty();
    assertThat(written.get("Provenance")).isNotEmpty();
    assertThat(written.get("Device")).isNotEmpty();
  }

  @Test
  void writtenResourcesConformToTheProfiles() {
    List<Resource> sample = sample();
    List<String> errors = new ArrayList<>();
    Map<String, List<String>> warnings = new TreeMap<>();
    for (Resource res : sample) {
      String ref = res.fhirType() + "/" + res.getIdElement().getIdPart();
      for (ValidationIssue issue : validator.validate(res)) {
        if (issue.isError()) {
          errors.add(ref + " " + issue);
        } else if (issue.severity() == ValidationIssue.Severity.WARNING) {
          warnings.computeIfAbsent(String.valueOf(issue.messageId()), k -> new ArrayList<>()).add(ref + " " + issue);
        }
      }
    }
    assertThat(sample).hasSizeGreaterThan(WRITTEN_TYPES.size());
    assertThat(errors).as("errors in %d resources (%d clinician-changed skipped)", sample.size(), preservedSkipped)
        .isEmpty();
    assertThat(new TreeSet<>(warnings.keySet())).as("warning message ids; examples: %s", firstOfEach(warnings))
        .isEqualTo(ACCEPTED_WARNINGS.keySet());
    warnings.forEach((id, found) -> assertThat(found).as(id)
        .allSatisfy(w -> assertThat(w).contains(ACCEPTED_WARNINGS.get(id).mustMention())));
  }

  /** Round-robin over the types, so every type is represented when there are more than {@link #MAX_VALIDATED}. */
  private List<Resource> sample() {
    List<Iterator<Resource>> its = new ArrayList<>();
    written.values().forEach(l -> its.add(l.iterator()));
    List<Resource> out = new ArrayList<>();
    boolean more = true;
    while (more && out.size() < MAX_VALIDATED) {
      more = false;
      for (Iterator<Resource> it : its) {
        if (it.hasNext() && out.size() < MAX_VALIDATED) {
          out.add(it.next());
          more = true;
        }
      }
    }
    return out;
  }

  private List<Resource> readTagged(String type) {
    List<Resource> all = new ArrayList<>();
    Bundle page = fhir.search().byUrl(type + "?_tag=" + Canonical.CS_TAGS + "|" + Canonical.TAG_ADAPTER_OUTPUT
        + "&_count=500").returnBundle(Bundle.class).execute();
    while (true) {
      page.getEntry().forEach(e -> all.add(e.getResource()));
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        return all;
      }
      page = fhir.loadPage().next(page).execute();
    }
  }

  private static String status(Resource res) {
    var p = res.getNamedProperty("status");
    return p == null || !p.hasValues() ? null : p.getValues().get(0).primitiveValue();
  }

  private static List<String> firstOfEach(Map<String, List<String>> byId) {
    return byId.values().stream().map(l -> l.get(0) + " (x" + l.size() + ")").toList();
  }
}
