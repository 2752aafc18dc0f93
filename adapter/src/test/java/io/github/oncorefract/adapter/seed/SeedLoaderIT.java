package io.github.oncorefract.adapter.seed;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Loads every public fixture file into the embedded server once, then checks what arrived. */
@EmbeddedFhirServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedLoaderIT {

  @LocalServerPort
  int port;

  @Autowired
  FhirContext fhirContext;

  @Autowired
  TestRestTemplate http;

  private IGenericClient client;
  private SeedReport report;

  @BeforeAll
  void loadAllPublicFixtures() {
    client = PublicFixtures.client(fhirContext, port);
    report = PublicFixtures.ensureLoaded(fhirContext, port);

    System.out.println("SeedLoaderIT: " + report.summary());
    report.refused().forEach(r -> System.out.println("SeedLoaderIT refused: " + r));
    System.out.println("SeedLoaderIT repairs: " + report.repairs());
  }

  @Test
  void everyFileIsReadAndTheNumbersAddUp() {
    // 121 JSON/NDJSON files (FINDINGS.md and SOURCES.md are ignored): the 109 of the first corpus plus the 12 of
    // "Additions 2026-12" (SOURCES.md). 9546 entries in them: 6073 of the first corpus, 3473 of the additions (the
    // fhir-genomics-operations Parameters counts as its 4 resources, not as one resource; no entry lacks a resource).
    assertThat(report.filesRead()).isEqualTo(121);
    assertThat(report.filesRefused()).isZero();
    assertThat(report.entriesRead()).isEqualTo(9546);
    // The same Type/id in several files (bzkf single-resource snapshots repeat resources of the bundle snapshots,
    // e.g. Medication/868a0a..., and the bundles repeat patients): loaded once. The copy kept is the one with the most
    // content after reference repair, else the one read last (no copy has meta.lastUpdated), e.g. the bundle copy of
    // each bzkf VerlaufObservation, whose single-resource snapshot loses its focus "Condition/Primärdiagnose".
    assertThat(report.duplicatesMerged()).isEqualTo(110);
    assertThat(report.mergesByRule()).containsExactly(Map.entry("latest-file", 44L), Map.entry("most-content", 26L));
    assertThat(report.resourcesLoaded()).isEqualTo(9433);
    assertThat(report.refusedResources()).isEqualTo(3);
    assertThat(report.entriesSkipped()).isZero();
    // issue 8, class 9: every entry of every file is loaded, merged, refused or skipped.
    assertThat(report.entriesRead()).isEqualTo(report.resourcesLoaded() + report.duplicatesMerged()
        + report.refusedEntries() + report.entriesSkipped());
    assertThat(report.accountsForEveryEntry()).isTrue();
    // issue 8, class 9: dangling references cost the reference, not the resource. These were refusals before:
    // - the last entry of each HadleyLab mcode_translator transaction Bundle (FINDINGS.md section 14) is a Provenance
    //   whose target lists every entry of the original download; the download was filtered, so 108 + 123 + 168 of
    //   those urn:uuid targets match no fullUrl (HAPI-0505 for the whole Provenance);
    // - mCODE csv-cancer-disease-status-bundle's Observation.subject and .focus are "urn:uuid:mrn-1"/"urn:uuid:..."
    //   that no entry resolves (HAPI-0505);
    // - Genomics Reporting cgexample DiagnosticReport.basedOn points at a "DiagnosticRequest", a resource type that no
    //   longer exists in R4 (HAPI-0931).
    assertThat(report.repairs()).containsOnly(Map.entry("dropped Provenance.target", 399L),
        Map.entry("dropped Observation.subject", 1L), Map.entry("dropped Observation.focus", 1L),
        Map.entry("dropped DiagnosticReport.basedOn", 1L));
    // Why each is refused (the data is wrong, not the loader):
    // - HAPI-0450 x3: the mCODE extraction-framework CSV templates carry placeholder values the server's strict
    //   parser refuses ("YYYY-MM-DD" dates, status "example-status" in MedicationRequest/MedicationAdministration,
    //   the Condition of csv-condition-bundle). A value that is not a value cannot be repaired without inventing one.
    assertThat(report.refusedByReason()).containsExactly(Map.entry("HAPI-0450", 3L));
  }

  /**
   * Issue 8, class 9: the resources of a {@code Parameters} (FINDINGS.md section 17, {@code resourceType} last) are
   * loaded as resources, not as one Parameters.
   */
  @Test
  void theObservationsOfTheGenomicsOperationsParametersAreLoaded() {
    Observation variant = client.read().resource(Observation.class)
        .withId("dv-58a39ad867e146f585bb553bb10ce85a").execute();
    assertThat(variant.getSubject().getReference()).isEqualTo("Patient/CA12345");
  }

  @Test
  void smartBulkPatientExistsWithItsConditions() {
    Patient patient = client.read().resource(Patient.class).withId("129c6ac7-8d06-89de-ad63-0204a93e76c3").execute();
    assertThat(patient.getIdElement().getIdPart()).isEqualTo("129c6ac7-8d06-89de-ad63-0204a93e76c3");
    assertThat(conditionsOf("129c6ac7-8d06-89de-ad63-0204a93e76c3")).isGreaterThanOrEqualTo(40);
  }

  @Test
  void miiAndSyntheaPatientsExistWithTheirConditions() {
    assertThat(conditionsOf("mii-exa-test-data-onko-patient-1")).isGreaterThanOrEqualTo(2);
    assertThat(conditionsOf("mii-exa-test-data-patient-2")).isGreaterThanOrEqualTo(2);
    // Synthea Fletcher_Hyatt (transaction of POSTs with urn:uuid fullUrls): the Patient keeps its own id.
    assertThat(conditionsOf("c5ed5d78-5b3f-4a75-bdfb-5f318b068a20")).isEqualTo(20);
  }

  /**
   * Issue 8, class 9: the mCODE STU1 IG examples (FINDINGS.md section 16) reference {@code Patient/mCODEPatientExample01},
   * which no file holds: the server creates it as a placeholder. Its NSCLC is assessed, but nothing is written for it
   * (no Flag, CarePlan, ServiceRequest, Task or line), and each cancer says why.
   */
  @Test
  @DisplayName("issue 8, class 9: a placeholder patient (mCODE IG examples) is assessed but gets nothing written")
  void thePlaceholderPatientOfTheMcodeExamplesGetsNoWrittenSuggestion() throws Exception {
    Patient placeholder = client.read().resource(Patient.class).withId("mCODEPatientExample01").execute();
    assertThat(placeholder.getExtensionByUrl("http://hapifhir.io/fhir/StructureDefinition/resource-placeholder"))
        .isNotNull();

    JsonNode view = new ObjectMapper().readTree(
        http.getForObject("/api/patients/mCODEPatientExample01/assessment", String.class));

    assertThat(view.path("cancers")).isNotEmpty();
    for (JsonNode cancer : view.path("cancers")) {
      assertThat(cancer.path("suggestions")).isEmpty();
      assertThat(cancer.path("reasons").findValuesAsText("code")).contains("patient-placeholder");
    }
    assertThat(view.path("plannedWrites")).isEmpty();
  }

  private int conditionsOf(String patientId) {
    Bundle bundle = client.search().forResource(Condition.class)
        .where(Condition.PATIENT.hasId(patientId)).count(500).returnBundle(Bundle.class).execute();
    return bundle.getEntry().size();
  }
}
