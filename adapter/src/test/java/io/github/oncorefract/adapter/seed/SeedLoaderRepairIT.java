package io.github.oncorefract.adapter.seed;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.adapter.config.FhirServerProperties;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerEndpoint;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Condition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 8, classes 9 and 12, on hand-built seed files loaded into the embedded server by the {@link SeedRunner} (as
 * {@code adapter.seed.path} would at start):
 * <ul>
 *   <li>{@code Jane_Doe_<uuid>.json}: a Synthea-style transaction (urn:uuid fullUrls) whose cancer Condition and one
 *       MedicationRequest point at an {@code encounter} urn:uuid that is not in the file, plus an entry with no
 *       resource ({@code DELETE}) and a MedicationRequest with an invalid status the server refuses;</li>
 *   <li>{@code array.json}: a bare JSON array of resources of a second patient, plus a shorter copy of the first
 *       patient's Condition (read later; it must not replace the better copy);</li>
 *   <li>{@code params.json}: a {@code Parameters} resource holding an Observation, {@code resourceType} last.</li>
 * </ul>
 * Both patients are then found with their cancer by {@code GET /api/patients/{id}/assessment}, the report accounts
 * for every entry, and no log line at INFO or above names the file.
 */
@EmbeddedFhirServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("issue 8, classes 9 and 12: the seed loader keeps what a dangling reference used to cost and logs no file name")
class SeedLoaderRepairIT {

  private static final String FILE_UUID = "0b5c0e2c-7f41-4c8e-b7a3-5d2f9c1e8a10";
  private static final String FILE_NAME = "Jane_Doe_" + FILE_UUID + ".json";
  private static final String PATIENT_A = "seedrepair-a-7d1c9e52-2b7a-4f0e-9a61-3f8e2c1b0a01";
  private static final String CONDITION_A = "seedrepair-a-cond-1";
  private static final String PATIENT_B = "seedrepair-b-patient";
  private static final String CONDITION_B = "seedrepair-b-cond-1";

  @TempDir
  static Path folder;
  @LocalServerPort
  int port;
  @Autowired
  FhirContext fhirContext;
  @Autowired
  TestRestTemplate http;
  @Autowired
  FhirServerProperties fhirServer;
  @Autowired
  ObjectProvider<FhirContext> contextProvider;
  @Autowired
  ObjectProvider<EmbeddedFhirServerEndpoint> endpointProvider;

  private final ObjectMapper json = new ObjectMapper();
  private final List<ILoggingEvent> events = new ArrayList<>();
  private SeedReport report;

  @BeforeAll
  void loadHandBuiltFiles() throws Exception {
    Files.writeString(folder.resolve(FILE_NAME), transactionWithDanglingEncounter(), StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("array.json"), bareArray(), StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("params.json"), parameters(), StandardCharsets.UTF_8);

    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    Logger seed = (Logger) LoggerFactory.getLogger("io.github.oncorefract.adapter.seed");
    Level before = seed.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    seed.setLevel(Level.DEBUG); // so that the DEBUG lines that may name the file exist, and are checked to be DEBUG
    FhirServerSeedState state = new FhirServerSeedState();
    try {
      new SeedRunner(fhirServer, new DemoProperties(false, 0, 1L), new SeedProperties(folder, 250), state,
          contextProvider, endpointProvider).run(new DefaultApplicationArguments());
    } finally {
      seed.setLevel(before);
      root.detachAppender(appender);
    }
    events.addAll(appender.list);
    report = state.lastReport().orElseThrow();
    System.out.println("SeedLoaderRepairIT: " + report.summary());
  }

  @Test
  @DisplayName("issue 8, class 9: every entry is loaded, merged, refused or skipped, with its reason")
  void everyEntryIsAccountedFor() {
    assertThat(report.filesRead()).isEqualTo(3);
    assertThat(report.filesRefused()).isZero();
    // 6 transaction entries + 4 array elements + 1 Parameters resource.
    assertThat(report.entriesRead()).isEqualTo(11);
    assertThat(report.resourcesLoaded()).isEqualTo(8);
    assertThat(report.duplicatesMerged()).isEqualTo(1);
    assertThat(report.refusedEntries()).isEqualTo(1);
    assertThat(report.entriesSkipped()).isEqualTo(1);
    assertThat(report.accountsForEveryEntry()).isTrue();
    assertThat(report.skippedByReason()).containsExactly(Map.entry("no-resource", 1L));
    assertThat(report.refusedByReason()).containsExactly(Map.entry("HAPI-0450", 1L));
    assertThat(report.repairs()).containsEntry("dropped Condition.encounter", 1L)
        .containsEntry("dropped MedicationRequest.encounter", 1L);
  }

  @Test
  @DisplayName("issue 8, class 9: a later, shorter copy does not replace the better one; the report says which was kept")
  void theBetterCopyOfADuplicateIsKept() {
    assertThat(report.merges()).hasSize(1);
    SeedReport.Merge merge = report.merges().get(0);
    assertThat(merge.resourceType() + "/" + merge.id()).isEqualTo("Condition/" + CONDITION_A);
    assertThat(merge.kept()).isEqualTo("file 1 of 3, entry 1");
    assertThat(merge.rule()).isEqualTo("most-content");

    IGenericClient client = PublicFixtures.client(fhirContext, port);
    Condition condition = client.read().resource(Condition.class).withId(CONDITION_A).execute();
    assertThat(condition.getCode().getCodingFirstRep().getCode()).isEqualTo("254637007");
    assertThat(condition.hasOnsetDateTimeType()).isTrue();
    assertThat(condition.hasEncounter()).isFalse();
    assertThat(condition.getSubject().getReference()).isEqualTo("Patient/" + PATIENT_A);
  }

  @Test
  @DisplayName("issue 8, class 9: the patient whose Condition had a dangling encounter is assessed with her cancer")
  void thePatientWithTheDanglingEncounterIsAssessed() throws Exception {
    JsonNode view = assessment(PATIENT_A);
    assertThat(view.path("cancers")).hasSize(1);
    assertThat(view.path("cancers").get(0).path("condition").asText()).isEqualTo("Condition/" + CONDITION_A);
    assertThat(view.path("cancers").get(0).path("lines")).hasSize(1);
    assertThat(view.path("cancers").get(0).path("lines").get(0).path("regimen").toString())
        .contains("carboplatin").contains("pemetrexed");
  }

  @Test
  @DisplayName("issue 8, class 9: the patient of the bare-array file is assessed with her cancer")
  void thePatientOfTheBareArrayIsAssessed() throws Exception {
    JsonNode view = assessment(PATIENT_B);
    assertThat(view.path("cancers")).hasSize(1);
    assertThat(view.path("cancers").get(0).path("condition").asText()).isEqualTo("Condition/" + CONDITION_B);
    assertThat(view.path("cancers").get(0).path("lines")).hasSize(1);
  }

  @Test
  @DisplayName("issue 8, class 9: the resources inside a Parameters are loaded as resources")
  void theObservationInsideParametersIsLoaded() {
    IGenericClient client = PublicFixtures.client(fhirContext, port);
    assertThat(client.read().resource(org.hl7.fhir.r4.model.Observation.class).withId("seedrepair-b-obs-1")
        .execute().getSubject().getReference()).isEqualTo("Patient/" + PATIENT_B);
  }

  @Test
  @DisplayName("issue 8, class 12: the file's name is never logged at INFO or above, only its position")
  void theFileNameIsNotLoggedAtInfo() {
    List<String> infoOrAbove = events.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()))
        .toList();
    assertThat(infoOrAbove).as("the seed summary and the refusal are logged")
        .anySatisfy(m -> assertThat(m).contains("entries read 11"))
        .anySatisfy(m -> assertThat(m).contains("Seed refused file 1 of 3, entry"));
    assertThat(infoOrAbove).noneSatisfy(m -> assertThat(m).containsAnyOf("Jane", "Doe", FILE_UUID,
        folder.toString()));
    // The capture works: at DEBUG the name is there (so its absence above is not an accident of the capture).
    assertThat(events).filteredOn(e -> e.getLevel() == Level.DEBUG)
        .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains(FILE_NAME));
    assertThat(report.summary()).doesNotContain("Jane");
    assertThat(report.refused()).allSatisfy(r -> assertThat(r.toString()).doesNotContain("Jane"));
  }

  private JsonNode assessment(String patientId) throws Exception {
    String body = http.getForObject("/api/patients/" + patientId + "/assessment", String.class);
    return json.readTree(body);
  }

  // --- hand-built files ---------------------------------------------------------------------------------------------

  /** Synthea-style transaction: urn:uuid fullUrls, POSTs, and an {@code encounter} urn:uuid that is not in the file. */
  private static String transactionWithDanglingEncounter() {
    String patient = "urn:uuid:" + PATIENT_A.substring("seedrepair-a-".length());
    String missingEncounter = "urn:uuid:9f0e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f";
    return """
        {"resourceType": "Bundle", "type": "transaction", "entry": [
          {"fullUrl": "%1$s", "resource": {"resourceType": "Patient", "id": "%2$s",
            "name": [{"family": "Doe", "given": ["Jane"]}], "gender": "female", "birthDate": "1961-04-02"},
           "request": {"method": "POST", "url": "Patient"}},
          {"fullUrl": "urn:uuid:4a1e6f0c-2d3b-4c5a-9e8f-7a6b5c4d3e21", "resource": {"resourceType": "Condition",
            "id": "%3$s",
            "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
              "code": "active"}]},
            "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
              "code": "confirmed"}]},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "254637007",
              "display": "Non-small cell lung cancer"}], "text": "Non-small cell lung cancer"},
            "subject": {"reference": "%1$s"}, "encounter": {"reference": "%4$s"},
            "onsetDateTime": "2023-01-05T10:00:00+01:00"},
           "request": {"method": "POST", "url": "Condition"}},
          {"fullUrl": "urn:uuid:5b2f7a1d-3e4c-4d6b-8f9a-0b1c2d3e4f51", "resource": {"resourceType": "MedicationRequest",
            "id": "seedrepair-a-mr-1", "status": "completed", "intent": "order",
            "medicationCodeableConcept": {"text": "carboplatin"}, "subject": {"reference": "%1$s"},
            "encounter": {"reference": "%4$s"},
            "authoredOn": "2023-02-01", "reasonReference": [{"reference": "urn:uuid:4a1e6f0c-2d3b-4c5a-9e8f-7a6b5c4d3e21"}]},
           "request": {"method": "POST", "url": "MedicationRequest"}},
          {"fullUrl": "urn:uuid:6c3a8b2e-4f5d-4e7c-9a0b-1c2d3e4f5a61", "resource": {"resourceType": "MedicationRequest",
            "id": "seedrepair-a-mr-2", "status": "completed", "intent": "order",
            "medicationCodeableConcept": {"text": "pemetrexed"}, "subject": {"reference": "%1$s"},
            "authoredOn": "2023-02-01", "reasonReference": [{"reference": "urn:uuid:4a1e6f0c-2d3b-4c5a-9e8f-7a6b5c4d3e21"}]},
           "request": {"method": "POST", "url": "MedicationRequest"}},
          {"fullUrl": "urn:uuid:7d4b9c3f-5a6e-4f8d-0b1c-2d3e4f5a6b71", "resource": {"resourceType": "MedicationRequest",
            "id": "seedrepair-a-mr-bad", "status": "example-status", "intent": "order",
            "medicationCodeableConcept": {"text": "pemetrexed"}, "subject": {"reference": "%1$s"}},
           "request": {"method": "POST", "url": "MedicationRequest"}},
          {"request": {"method": "DELETE", "url": "Observation/seedrepair-nothing"}}
        ]}
        """.formatted(patient, PATIENT_A, CONDITION_A, missingEncounter);
  }

  /** A bare JSON array: the second patient, and a shorter, later copy of the first patient's Condition. */
  private static String bareArray() {
    return """
        [
          {"resourceType": "Patient", "id": "%1$s", "gender": "female", "birthDate": "1958-09-12"},
          {"resourceType": "Condition", "id": "%2$s",
            "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
              "code": "confirmed"}]},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "254837009"}]},
            "subject": {"reference": "Patient/%1$s"}, "onsetDateTime": "2020-03-01"},
          {"resourceType": "MedicationStatement", "id": "seedrepair-b-ms-1", "status": "completed",
            "medicationCodeableConcept": {"text": "letrozole"}, "subject": {"reference": "Patient/%1$s"},
            "effectivePeriod": {"start": "2020-04-01", "end": "2021-04-01"},
            "reasonReference": [{"reference": "Condition/%2$s"}]},
          {"resourceType": "Condition", "id": "%3$s",
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "254637007"}]},
            "subject": {"reference": "Patient/%4$s"}}
        ]
        """.formatted(PATIENT_B, CONDITION_B, CONDITION_A, PATIENT_A);
  }

  /** A Parameters resource (an operation's output) whose resourceType comes last, as in FINDINGS.md section 17. */
  private static String parameters() {
    return """
        {"parameter": [{"name": "result", "resource": {
            "status": "final", "code": {"text": "note"}, "subject": {"reference": "Patient/%1$s"},
            "id": "seedrepair-b-obs-1", "resourceType": "Observation"}}],
         "resourceType": "Parameters"}
        """.formatted(PATIENT_B);
  }
}
