package io.github.oncorefract.profiles.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.profiles.Canonical;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** The shipped .tgz is a well-formed FHIR NPM package, loadable by HAPI from the classpath. */
class PackageStructureTest {

  static final FhirContext CTX = FhirContext.forR4Cached();

  @Test
  void packageJsonIsWellFormed() throws Exception {
    JsonNode pkg = new ObjectMapper().readTree(PackageFiles.read("", "package.json"));
    assertThat(pkg.path("name").asText()).isEqualTo(Canonical.PACKAGE_NAME).isEqualTo("io.github.oncorefract.fhir");
    assertThat(pkg.path("version").asText()).isEqualTo(Canonical.PACKAGE_VERSION);
    String mavenVersion = System.getProperty("project.version", Canonical.PACKAGE_VERSION + "-SNAPSHOT");
    assertThat(pkg.path("version").asText()).isEqualTo(mavenVersion.replace("-SNAPSHOT", ""));
    assertThat(pkg.path("canonical").asText()).isEqualTo(Canonical.BASE);
    assertThat(pkg.path("fhirVersions").get(0).asText()).isEqualTo("4.0.1");
    assertThat(pkg.path("fhirVersions")).hasSize(1);
    assertThat(pkg.path("dependencies").path("hl7.fhir.r4.core").asText()).isEqualTo("4.0.1");
    assertThat(PackageFiles.NPM.name()).isEqualTo(Canonical.PACKAGE_NAME);
    assertThat(PackageFiles.NPM.version()).isEqualTo(Canonical.PACKAGE_VERSION);
  }

  @Test
  void everyArtifactIsNamedAfterItsTypeAndIdAndHangsOffTheCanonicalBase() {
    List<String> files = new ArrayList<>();
    for (String folder : List.of("", "example")) {
      for (String file : PackageFiles.names(folder)) {
        if (file.equals("package.json") || file.startsWith(".")) {
          continue;
        }
        files.add(file);
        Resource r = (Resource) CTX.newJsonParser().parseResource(PackageFiles.read(folder, file));
        assertThat(file).isEqualTo(r.fhirType() + "-" + r.getIdElement().getIdPart() + ".json");
        if (folder.isEmpty()) {
          MetadataResource m = (MetadataResource) r;
          assertThat(m.getUrl()).as(file).isEqualTo(Canonical.BASE + "/" + r.fhirType() + "/" + r.getIdPart());
          assertThat(m.getVersion()).as(file).isEqualTo(Canonical.PACKAGE_VERSION);
        }
      }
    }
    assertThat(files).hasSizeGreaterThan(30);
  }

  @Test
  void npmPackageValidationSupportLoadsThePackageFromTheClasspath() {
    NpmPackageValidationSupport npm = OncoRefractValidation.packageSupport(CTX);
    for (String url : List.of(Canonical.SD_REFRACTORY_FLAG, Canonical.SD_SUGGESTION_CAREPLAN,
        Canonical.SD_TRIAL_REFERRAL_SERVICEREQUEST, Canonical.SD_TRIAL_REFERRAL_TASK,
        Canonical.SD_ASSESSMENT_PROVENANCE, Canonical.SD_LINE_OF_THERAPY_CAREPLAN, Canonical.SD_ADAPTER_DEVICE,
        Canonical.EXT_RULE_SET,
        Canonical.EXT_LINE_NUMBER, Canonical.EXT_LINE_SETTING, Canonical.EXT_LINE_END_REASON)) {
      assertThat(npm.fetchStructureDefinition(url)).as(url).isNotNull();
    }
    for (String url : List.of(Canonical.CS_REFRACTORY_STATUS, Canonical.CS_SUGGESTION_TYPE,
        Canonical.CS_LINE_END_REASON, Canonical.CS_RULE_SET, Canonical.CS_LINE_SETTING, Canonical.CS_TAGS,
        Canonical.CS_ACTIONABLE_VARIANT, Canonical.CS_CAREPLAN_CATEGORY)) {
      assertThat(npm.fetchCodeSystem(url)).as(url).isNotNull();
    }
    for (String url : List.of(Canonical.VS_REFRACTORY_STATUS, Canonical.VS_SUGGESTION_TYPE,
        Canonical.VS_LINE_END_REASON, Canonical.VS_LINE_SETTING, Canonical.VS_RULE_SET, Canonical.VS_ACTIONABLE_GENES,
        Canonical.VS_CANCER_CONDITIONS_PREFIX + "solid-tumour")) {
      assertThat(npm.fetchValueSet(url)).as(url).isNotNull();
    }
    // ConceptMaps and the CapabilityStatement are package content, not validation support: read them directly.
    assertThat(((org.hl7.fhir.r4.model.ConceptMap) OncoRefractValidation.resource(CTX,
        "ConceptMap-actionable-variant-agents.json")).getUrl()).isEqualTo(Canonical.CM_VARIANT_AGENTS);
  }

  @Test
  void capabilityStatementListsTheProfilesOfEveryWrittenType() {
    var cs = (org.hl7.fhir.r4.model.CapabilityStatement) OncoRefractValidation.capabilityStatement(CTX);
    assertThat(cs.getUrl()).isEqualTo(Canonical.CAPABILITY_STATEMENT);
    var resources = cs.getRestFirstRep().getResource();
    assertThat(resources.stream().flatMap(r -> r.getSupportedProfile().stream()).map(p -> p.getValue()))
        .contains(Canonical.SD_REFRACTORY_FLAG, Canonical.SD_SUGGESTION_CAREPLAN,
            Canonical.SD_TRIAL_REFERRAL_SERVICEREQUEST, Canonical.SD_TRIAL_REFERRAL_TASK,
            Canonical.SD_ASSESSMENT_PROVENANCE, Canonical.SD_LINE_OF_THERAPY_CAREPLAN, Canonical.SD_ADAPTER_DEVICE);
  }

  @Test
  void packageBytesAreAGzip() {
    byte[] b = OncoRefractValidation.packageBytes();
    assertThat(b.length).isGreaterThan(1000);
    assertThat(b[0] & 0xff).isEqualTo(0x1f);
    assertThat(b[1] & 0xff).isEqualTo(0x8b);
  }
}
