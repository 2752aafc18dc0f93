package io.github.oncorefract.adapter.seed;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Loads every public fixture file into the embedded server once, then checks what arrived. */
@EmbeddedFhirServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedLoaderIT {

  @LocalServerPort
  int port;

  @Autowired
  FhirContext fhirContext;

  private IGenericClient client;
  private SeedReport report;

  @BeforeAll
  void loadAllPublicFixtures() {
    client = PublicFixtures.client(fhirContext, port);
    report = PublicFixtures.ensureLoaded(fhirContext, port);

    System.out.println("SeedLoaderIT: " + report.summary());
    report.refused().forEach(r -> System.out.println("SeedLoaderIT refused: " + r));
  }

  @Test
  void everyFileIsReadAndTheNumbersAddUp() {
    // 109 JSON/NDJSON files (FINDINGS.md and SOURCES.md are ignored), 6073 resources in them.
    assertThat(report.filesRead()).isEqualTo(109);
    assertThat(report.filesRefused()).isZero();
    assertThat(report.resourcesRead()).isEqualTo(6073);
    // The same Type/id in several files (bzkf single-resource snapshots repeat resources of the bundle snapshots,
    // e.g. Medication/868a0a..., and the bundles repeat patients): loaded once, the later file's version.
    assertThat(report.duplicatesMerged()).isEqualTo(110);
    assertThat(report.resourcesLoaded()).isEqualTo(5958);
    assertThat(report.refusedResources()).isEqualTo(5);
    assertThat(report.resourcesRead()).isEqualTo(report.resourcesLoaded() + report.refusedResources()
        + report.duplicatesMerged() + report.entriesSkipped());
    // Why each is refused (the data is wrong, not the loader):
    // Not refused: the 7 bzkf VerlaufObservation single-resource snapshots reference "Condition/Primärdiagnose", not
    // a valid FHIR id (HAPI-0521), but each repeats an Observation of a bundle snapshot: the bundle's copy is loaded.
    // - HAPI-0450 x3: the mCODE extraction-framework CSV templates carry placeholder values the server's strict
    //   parser refuses ("YYYY-MM-DD" dates, status "example-status" in MedicationRequest/MedicationAdministration,
    //   the Condition of csv-condition-bundle).
    // - HAPI-0505 x1: mCODE csv-cancer-disease-status-bundle's Observation.subject is "urn:uuid:mrn-1", which no
    //   entry of its Bundle resolves.
    // - HAPI-0931 x1: Genomics Reporting cgexample DiagnosticReport.basedOn points at a "DiagnosticRequest", a
    //   resource type that no longer exists in R4.
    assertThat(report.refusedByReason()).containsExactly(
        Map.entry("HAPI-0450", 3L), Map.entry("HAPI-0505", 1L), Map.entry("HAPI-0931", 1L));
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

  private int conditionsOf(String patientId) {
    Bundle bundle = client.search().forResource(Condition.class)
        .where(Condition.PATIENT.hasId(patientId)).count(500).returnBundle(Bundle.class).execute();
    return bundle.getEntry().size();
  }
}
