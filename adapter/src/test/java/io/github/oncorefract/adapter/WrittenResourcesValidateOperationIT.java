package io.github.oncorefract.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerConfig;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.profiles.validation.ResourceValidator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 8, class 11: what is written declares its profile, and the server's own {@code $validate} agrees. After a full
 * pass over the embedded server's demo cohort, with {@code adapter.write.lines-of-therapy=true} so that every kind of
 * output is written, every resource type the adapter writes (Flag, suggestion CarePlan, line-of-therapy CarePlan,
 * trial-referral ServiceRequest and Task, Provenance, the adapter Device) is read back; each names its profile in
 * {@code meta.profile}; and a sample of each profile is sent to the embedded HAPI JPA server's
 * {@code POST [base]/<type>/$validate?profile=<declared profile>}, whose OperationOutcome must carry no error or fatal
 * issue and no warning that mentions our own CodeSystems, ValueSets or profiles ({@link Canonical#BASE}): the server
 * holds our package's StructureDefinitions, CodeSystems and ValueSets ({@code FhirPackageInstaller}). A second pass
 * over the unchanged data must still send nothing (the profile claim is part of the content compare, not a change).
 *
 * <p>Warnings tolerated, and why (see {@link #TOLERATED}): only two kinds, both about external terminology: an RxNorm
 * code the offline server cannot check (no RxNorm content is loaded into it), and {@code Provenance.reason} as text
 * only against the extensible v3 PurposeOfUse binding (also accepted by {@code WrittenResourcesValidationIT}).
 * Anything else fails the test. Not reported by the server, so not tolerated: the Provenance's key tag
 * ({@code .../CodeSystem/provenance-key}), which the offline validator of the package does warn about.
 *
 * <p>This IT runs in a Spring context of its own (the lines-of-therapy property differs from the shared one), on its own
 * in-memory database, so its line CarePlans never reach the other ITs.
 */
@EmbeddedFhirServerTest
@TestPropertySource(properties = "adapter.write.lines-of-therapy=true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("issue 8, class 11: $validate of every written resource type against its declared profile")
class WrittenResourcesValidateOperationIT {

  /** Resource types the adapter writes. */
  private static final List<String> WRITTEN_TYPES =
      List.of("Flag", "CarePlan", "ServiceRequest", "Task", "Provenance", "Device");

  /** Every profile a written resource may declare: each must be seen and validated. */
  private static final List<String> PROFILES = List.of(Canonical.SD_REFRACTORY_FLAG, Canonical.SD_SUGGESTION_CAREPLAN,
      Canonical.SD_LINE_OF_THERAPY_CAREPLAN, Canonical.SD_TRIAL_REFERRAL_SERVICEREQUEST,
      Canonical.SD_TRIAL_REFERRAL_TASK, Canonical.SD_ASSESSMENT_PROVENANCE, Canonical.SD_ADAPTER_DEVICE);

  /** Resources sent to {@code $validate} per profile (each call costs the server tens to hundreds of ms). */
  private static final int PER_PROFILE = 12;

  /**
   * Warnings tolerated, by a text each such warning contains, with the reason. External terminology only; none of
   * them may mention {@link Canonical#BASE} (asserted separately, before this list is consulted).
   */
  private static final Map<String, String> TOLERATED = new TreeMap<>(Map.of(
      "CodeSystem is unknown and can't be validated: http://www.nlm.nih.gov/research/umls/rxnorm",
      "A line-of-therapy activity codes its product with our ingredient code and, where the table holds a verified "
          + "one, the RxNorm ingredient code. The embedded server is offline and holds no RxNorm content, so it may "
          + "say it cannot check the RxNorm code (our ValueSets list the RxNorm codes, so the product is still found "
          + "in the bound ValueSet).",
      "http://terminology.hl7.org/ValueSet/v3-PurposeOfUse",
      "Provenance.reason is text only: the binding to v3 PurposeOfUse is extensible, none of its codes means decision "
          + "support, and text alone is allowed (the same warning WrittenResourcesValidationIT accepts)."));

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Autowired IGenericClient fhir;
  @LocalServerPort int port;

  private final FhirContext ctx = FhirContext.forR4Cached();
  private final ObjectMapper json = new ObjectMapper();
  /** Written resources read back, by declared profile. */
  private final Map<String, List<Resource>> byProfile = new LinkedHashMap<>();
  private final List<String> undeclared = new ArrayList<>();
  private int firstPassWrites;

  @BeforeAll
  void runAFullPassWithLinesOfTherapyAndReadBackItsOutput() throws Exception {
    JsonNode pass = run();
    assertThat(pass.get("failed").asInt()).as("failures: %s", pass.get("failures")).isZero();
    firstPassWrites = pass.get("created").asInt() + pass.get("updated").asInt();
    PROFILES.forEach(p -> byProfile.put(p, new ArrayList<>()));
    for (String type : WRITTEN_TYPES) {
      for (Resource r : readTagged(type)) {
        String expected = ResourceValidator.profileFor(r).orElseThrow();
        List<String> claimed = r.getMeta().getProfile().stream().map(CanonicalType::getValue).toList();
        if (!claimed.contains(expected)) {
          undeclared.add(r.fhirType() + "/" + r.getIdElement().getIdPart() + " claims " + claimed);
        }
        byProfile.get(expected).add(r);
      }
    }
  }

  @Test
  @Order(1)
  void everyWrittenResourceNamesItsProfile() {
    assertThat(firstPassWrites).as("the pass wrote something").isPositive();
    assertThat(undeclared).as("written resources without their profile in meta.profile").isEmpty();
    byProfile.forEach((profile, found) -> assertThat(found).as("written resources declaring %s", profile)
        .isNotEmpty());
  }

  @Test
  @Order(2)
  void validateAgainstTheDeclaredProfileAnswersWithNoErrorAndNoWarningAboutOurCodes() throws Exception {
    List<String> errors = new ArrayList<>();
    List<String> aboutOurs = new ArrayList<>();
    List<String> untolerated = new ArrayList<>();
    Map<String, Integer> validated = new TreeMap<>();
    for (Map.Entry<String, List<Resource>> e : byProfile.entrySet()) {
      for (Resource r : sample(e.getValue())) {
        String ref = r.fhirType() + "/" + r.getIdElement().getIdPart();
        OperationOutcome oo = validate(r, e.getKey());
        validated.merge(e.getKey(), 1, Integer::sum);
        for (OperationOutcome.OperationOutcomeIssueComponent i : oo.getIssue()) {
          String text = ref + " " + i.getSeverity().toCode() + " " + locations(i) + ": " + i.getDiagnostics();
          switch (i.getSeverity()) {
            case FATAL, ERROR -> errors.add(text);
            case WARNING -> {
              if (String.valueOf(i.getDiagnostics()).contains(Canonical.BASE)) {
                aboutOurs.add(text);
              } else if (TOLERATED.keySet().stream().noneMatch(t -> String.valueOf(i.getDiagnostics()).contains(t))) {
                untolerated.add(text);
              }
            }
            default -> { }
          }
        }
      }
    }
    assertThat(validated.keySet()).as("profiles validated").containsExactlyInAnyOrderElementsOf(PROFILES);
    assertThat(errors).as("error or fatal issues of $validate (%s)", validated).isEmpty();
    assertThat(aboutOurs).as("warnings about our own CodeSystems, ValueSets or profiles").isEmpty();
    assertThat(untolerated).as("warnings not in the tolerated list").isEmpty();
  }

  @Test
  @Order(3)
  void aSecondPassOverUnchangedDataSendsNothing() throws Exception {
    JsonNode second = run();
    assertThat(second.get("failed").asInt()).isZero();
    assertThat(second.get("created").asInt()).isZero();
    assertThat(second.get("updated").asInt()).isZero();
  }

  /** Up to {@link #PER_PROFILE} resources, taken round-robin over their statuses so each status is represented. */
  private static List<Resource> sample(List<Resource> all) {
    Map<String, Iterator<Resource>> byStatus = new TreeMap<>();
    Map<String, List<Resource>> grouped = new TreeMap<>();
    for (Resource r : all) {
      var p = r.getNamedProperty("status");
      String status = p == null || !p.hasValues() ? "" : p.getValues().get(0).primitiveValue();
      grouped.computeIfAbsent(status, k -> new ArrayList<>()).add(r);
    }
    grouped.forEach((k, v) -> byStatus.put(k, v.iterator()));
    List<Resource> out = new ArrayList<>();
    boolean more = true;
    while (more && out.size() < PER_PROFILE) {
      more = false;
      for (Iterator<Resource> it : byStatus.values()) {
        if (it.hasNext() && out.size() < PER_PROFILE) {
          out.add(it.next());
          more = true;
        }
      }
    }
    return out;
  }

  /** {@code POST [base]/<type>/$validate?profile=<profile>} with the resource as read back from the server. */
  private OperationOutcome validate(Resource r, String profile) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/" + r.fhirType()
            + "/$validate?profile=" + URLEncoder.encode(profile, StandardCharsets.UTF_8)))
        .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(ctx.newJsonParser().encodeResourceToString(r)))
        .build(), HttpResponse.BodyHandlers.ofString());
    // HAPI answers 200 with the issues in the OperationOutcome (412 only for a resource it cannot parse).
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ctx.newJsonParser().parseResource(OperationOutcome.class, response.body());
  }

  private static String locations(OperationOutcome.OperationOutcomeIssueComponent i) {
    return String.join(",", i.getLocation().stream().map(org.hl7.fhir.r4.model.StringType::getValue).toList());
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

  /**
   * A full pass through the adapter's API. Sent with the JDK client and no read timeout of its own: on a loaded
   * machine a pass over the demo cohort with lines of therapy may take minutes.
   */
  private JsonNode run() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/api/assessments/run?full=true"))
        .timeout(java.time.Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private String base() {
    return "http://localhost:" + port + EmbeddedFhirServerConfig.FHIR_PATH;
  }
}
