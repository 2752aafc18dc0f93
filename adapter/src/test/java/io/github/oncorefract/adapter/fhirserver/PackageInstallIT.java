package io.github.oncorefract.adapter.fhirserver;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.profiles.validation.OncoRefractValidation;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The project's FHIR package is installed into the embedded server at start: {@code $validate} with our profiles works
 * there, our StructureDefinitions, CodeSystems and ValueSets are stored resources, and the adapter serves its own
 * CapabilityStatement at {@code /api/metadata}.
 */
@EmbeddedFhirServerTest
class PackageInstallIT {

  private static final FhirContext CTX = FhirContext.forR4Cached();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

  @Autowired
  FhirPackageInstaller installer;

  @Test
  void packageWasInstalledAtStart() {
    assertThat(installer.lastOutcome()).as("installation outcome").isPresent();
    assertThat(installer.lastOutcome().get().resourcesInstalled())
        .containsEntry("StructureDefinition", structureDefinitions().size());
  }

  @Test
  void validatePassesForAWrittenResourceOfThePackage() throws Exception {
    IBaseResource example = OncoRefractValidation.resource(CTX, "example/Flag-example-likely-refractory.json");

    HttpResponse<String> response = validate("Flag", Canonical.SD_REFRACTORY_FLAG, example);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(errors(response)).as(response.body()).isEmpty();
  }

  @Test
  void validateRejectsASuggestionCarePlanThatIsActive() throws Exception {
    CarePlan plan = (CarePlan) OncoRefractValidation.resource(CTX, "example/CarePlan-example-suggestions.json");
    plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);

    HttpResponse<String> response = validate("CarePlan", Canonical.SD_SUGGESTION_CAREPLAN, plan);

    // HAPI answers 200 with the issues in the OperationOutcome (412 only for a resource it cannot parse).
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(errors(response)).as(response.body())
        .anySatisfy(e -> assertThat(e).contains("ocr-cp-1"));
  }

  @Test
  void validateRejectsAFlagWithoutItsRuleSet() throws Exception {
    Flag flag = (Flag) OncoRefractValidation.resource(CTX, "example/Flag-example-likely-refractory.json");
    flag.getExtension().removeIf(e -> Canonical.EXT_RULE_SET.equals(e.getUrl()));
    flag.getMeta().getProfile().clear();

    HttpResponse<String> response = validate("Flag", Canonical.SD_REFRACTORY_FLAG, flag);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(errors(response)).as(response.body())
        .anySatisfy(e -> assertThat(e).contains("ocr-rs-1"))
        .anySatisfy(e -> assertThat(e).contains("Flag.extension:ruleSet"));
  }

  @Test
  void validateChecksCodesAgainstOurTerminology() throws Exception {
    Flag flag = (Flag) OncoRefractValidation.resource(CTX, "example/Flag-example-likely-refractory.json");
    flag.getCode().getCodingFirstRep().setCode("no-such-status").setDisplay(null);

    HttpResponse<String> response = validate("Flag", Canonical.SD_REFRACTORY_FLAG, flag);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(errors(response)).as(response.body())
        .anySatisfy(e -> assertThat(e).contains("Flag.code").contains(Canonical.VS_REFRACTORY_STATUS));
  }

  @Test
  void ourStructureDefinitionsAreStoredWithASnapshot() throws Exception {
    List<String> urls = structureDefinitions();
    assertThat(urls).contains(Canonical.SD_REFRACTORY_FLAG, Canonical.SD_SUGGESTION_CAREPLAN,
        Canonical.SD_TRIAL_REFERRAL_SERVICEREQUEST, Canonical.SD_TRIAL_REFERRAL_TASK,
        Canonical.SD_ASSESSMENT_PROVENANCE, Canonical.SD_LINE_OF_THERAPY_CAREPLAN, Canonical.EXT_RULE_SET);
    for (String url : urls) {
      Bundle found = search("StructureDefinition?url=" + encode(url));
      assertThat(found.getEntry()).as(url).hasSize(1);
      StructureDefinition sd = (StructureDefinition) found.getEntryFirstRep().getResource();
      assertThat(sd.getUrl()).isEqualTo(url);
      assertThat(sd.getSnapshot().getElement()).as("snapshot of %s", url).isNotEmpty();
    }
  }

  /** Issue 8, class 11: the server holds our terminology as resources, so its validation and an EHR can use it. */
  @Test
  void ourCodeSystemsAndValueSetsAreStoredResources() throws Exception {
    assertThat(installer.lastOutcome()).isPresent();
    for (String type : List.of("CodeSystem", "ValueSet")) {
      List<String> urls = new ArrayList<>();
      for (String file : OncoRefractValidation.npmPackage().listResources(type)) {
        urls.add(((org.hl7.fhir.r4.model.MetadataResource) OncoRefractValidation.resource(CTX, file)).getUrl());
      }
      assertThat(urls).as(type).isNotEmpty();
      assertThat(installer.lastOutcome().get().resourcesInstalled()).containsEntry(type, urls.size());
      for (String url : urls) {
        Bundle found = search(type + "?url=" + encode(url));
        assertThat(found.getEntry()).as(url).hasSize(1);
      }
    }
    org.hl7.fhir.r4.model.CodeSystem status = (org.hl7.fhir.r4.model.CodeSystem) search(
        "CodeSystem?url=" + encode(Canonical.CS_REFRACTORY_STATUS)).getEntryFirstRep().getResource();
    assertThat(status.getConcept()).extracting(org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent::getCode)
        .contains("likely-refractory", "at-risk");
  }

  @Test
  void adapterMetadataIsOurCapabilityStatement() throws Exception {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/metadata")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("application/fhir+json");
    CapabilityStatement cs = CTX.newJsonParser().parseResource(CapabilityStatement.class, response.body());
    CapabilityStatement expected = (CapabilityStatement) OncoRefractValidation.capabilityStatement(CTX);
    assertThat(cs.getUrl()).isEqualTo(Canonical.CAPABILITY_STATEMENT);
    assertThat(cs.getFhirVersion().toCode()).isEqualTo("4.0.1");
    assertThat(cs.equalsDeep(expected)).as("same as the package's CapabilityStatement").isTrue();
  }

  /** Canonical URLs of every StructureDefinition in the package. */
  private static List<String> structureDefinitions() {
    try {
      List<String> urls = new ArrayList<>();
      for (String file : OncoRefractValidation.npmPackage().listResources("StructureDefinition")) {
        urls.add(((StructureDefinition) OncoRefractValidation.resource(CTX, file)).getUrl());
      }
      return urls;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private HttpResponse<String> validate(String type, String profile, IBaseResource resource) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(
            URI.create(base() + "/" + type + "/$validate?profile=" + encode(profile)))
        .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(CTX.newJsonParser().encodeResourceToString(resource)))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The error and fatal issues of the OperationOutcome in {@code response}, as "location: diagnostics". */
  private static List<String> errors(HttpResponse<String> response) {
    OperationOutcome oo = CTX.newJsonParser().parseResource(OperationOutcome.class, response.body());
    return oo.getIssue().stream()
        .filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
            || i.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
        .map(i -> String.join(",", i.getLocation().stream().map(org.hl7.fhir.r4.model.StringType::getValue).toList())
            + ": " + i.getDiagnostics())
        .toList();
  }

  private Bundle search(String query) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/" + query))
        .header("Accept", "application/fhir+json").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return CTX.newJsonParser().parseResource(Bundle.class, response.body());
  }

  private String base() {
    return "http://localhost:" + port + EmbeddedFhirServerConfig.FHIR_PATH;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
