package io.github.oncorefract.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.profiles.Canonical;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * End to end on the embedded HAPI FHIR JPA server with the generated demo cohort: a pass writes suggestions, a second
 * pass over unchanged data changes nothing (by count and by content), and a clinician's change survives the next pass.
 */
@EmbeddedFhirServerTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AssessmentPassIT {

  private static final List<String> WRITTEN_TYPES = List.of("Flag", "CarePlan", "ServiceRequest", "Task", "Provenance");

  @Autowired TestRestTemplate http;
  @Autowired IGenericClient fhir;
  @Autowired FhirContext ctx;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  @Order(1)
  void firstPassWritesSuggestionsAndSecondPassChangesNothing() throws Exception {
    JsonNode first = run();
    assertThat(first.get("failed").asInt()).as("failures: %s", first.get("failures")).isZero();
    assertThat(first.get("patientsAssessed").asInt()).isGreaterThan(0);
    assertThat(first.get("likelyRefractory").asInt()).isGreaterThan(0);
    // The server is shared with other ITs: the adapter's output may already exist, so count everything proposed.
    int proposed = first.get("created").asInt() + first.get("updated").asInt() + first.get("unchanged").asInt()
        + first.get("preserved").asInt();
    assertThat(proposed).isGreaterThan(0);
    Map<String, String> before = snapshot();
    assertThat(before.keySet()).anyMatch(k -> k.startsWith("Flag/")).anyMatch(k -> k.startsWith("CarePlan/"))
        .anyMatch(k -> k.startsWith("Task/")).anyMatch(k -> k.startsWith("Provenance/"));

    JsonNode second = run();
    assertThat(second.get("created").asInt()).isZero();
    assertThat(second.get("updated").asInt()).isZero();
    assertThat(second.get("failed").asInt()).isZero();
    assertThat(second.get("unchanged").asInt() + second.get("preserved").asInt()).isEqualTo(proposed);
    assertThat(snapshot()).as("server state after an unchanged pass").isEqualTo(before);
  }

  @Test
  @Order(2)
  void clinicianChangesSurviveTheNextPass() throws Exception {
    CarePlan plan = firstOf(CarePlan.class);
    plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
    fhir.update().resource(plan).execute();
    Task task = firstOf(Task.class);
    task.setStatus(Task.TaskStatus.ACCEPTED);
    fhir.update().resource(task).execute();
    Map<String, String> before = snapshot();

    JsonNode pass = run();
    assertThat(pass.get("preserved").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(pass.get("updated").asInt()).isZero();
    assertThat(fhir.read().resource(CarePlan.class).withId(plan.getIdElement().getIdPart()).execute().getStatus())
        .isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
    assertThat(fhir.read().resource(Task.class).withId(task.getIdElement().getIdPart()).execute().getStatus())
        .isEqualTo(Task.TaskStatus.ACCEPTED);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void assessmentEndpointReadsWithoutWriting() throws Exception {
    // A demo patient with one cancer, lines and suggestions (the shared server also holds other ITs' patients).
    String patientId = singleCancerWithLines("likely-refractory").get(0);
    Map<String, String> before = snapshot();
    ResponseEntity<String> r = http.getForEntity("/api/patients/" + patientId + "/assessment", String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode body = json.readTree(r.getBody());
    assertThat(body.get("patientId").asText()).isEqualTo(patientId);
    JsonNode cancer = body.get("cancers").get(0);
    assertThat(cancer.get("ruleSet").get("id").asText()).isNotBlank();
    assertThat(cancer.get("lines").size()).isGreaterThan(0);
    assertThat(cancer.get("lines").get(0).get("regimen").size()).isGreaterThan(0);
    assertThat(cancer.get("suggestions").size()).isGreaterThan(0);
    assertThat(snapshot()).isEqualTo(before);

    ResponseEntity<String> missing = http.getForEntity("/api/patients/no-such-patient/assessment", String.class);
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(missing.getBody()).contains("OperationOutcome");
    ResponseEntity<String> bad = http.getForEntity("/api/patients/bad_id!/assessment", String.class);
    assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(bad.getBody()).contains("OperationOutcome");
  }

  @Test
  @Order(4)
  void healthIsUpWhileTheServerAnswers() throws Exception {
    ResponseEntity<String> r = http.getForEntity("/actuator/health", String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(json.readTree(r.getBody()).get("status").asText()).isEqualTo("UP");
  }

  @Test
  @Order(5)
  void incrementalPassAssessesOnlyPatientsWhoseDataChanged() throws Exception {
    run();
    JsonNode idle = run(false);
    assertThat(idle.get("incremental").asBoolean()).isTrue();
    assertThat(idle.get("patientsAssessed").asInt()).isZero();

    // New progression for a demo patient who has a line and is not refractory: only that patient is reassessed.
    List<String> candidates = notRefractoryWithLines();
    addProgression(candidates.get(0));
    JsonNode changed = run(false);
    assertThat(changed.get("patientsAssessed").asInt()).isEqualTo(1);
    assertThat(changed.get("created").asInt() + changed.get("updated").asInt()).isPositive();
  }

  @Test
  @Order(6)
  void dryRunWritesNothingAndLeavesTheChangeForTheNextPass() throws Exception {
    run();
    addProgression(notRefractoryWithLines().get(1));
    Map<String, String> before = snapshot();
    ResponseEntity<String> r = http.postForEntity("/api/assessments/run?dryRun=true", null, String.class);
    JsonNode dry = json.readTree(r.getBody());
    assertThat(dry.get("writeMode").asText()).isEqualTo("dry-run");
    // The changed patient, and at most what else changed within the cursor's second (the server's Date has
    // one-second precision; the search is ge, so a change in that second is found again rather than lost).
    assertThat(dry.get("patientsAssessed").asInt()).isBetween(1, 2);
    assertThat(dry.get("created").asInt() + dry.get("updated").asInt()).as("what would be written").isPositive();
    assertThat(snapshot()).isEqualTo(before);

    JsonNode real = run(false);
    assertThat(real.get("patientsAssessed").asInt()).as("a dry run does not move the cursor")
        .isEqualTo(dry.get("patientsAssessed").asInt());
    assertThat(real.get("created").asInt() + real.get("updated").asInt())
        .isEqualTo(dry.get("created").asInt() + dry.get("updated").asInt());
  }

  @Test
  @Order(7)
  void outputForACancerThatIsWithdrawnIsRetired() throws Exception {
    ResponseEntity<String> r =
        http.postForEntity("/api/assessments/run?full=true&details=true", null, String.class);
    java.util.Map<String, Integer> cancers = new java.util.TreeMap<>();
    List<String> refractory = new java.util.ArrayList<>();
    for (JsonNode row : json.readTree(r.getBody()).get("patients")) {
      String id = row.get("patientId").asText();
      cancers.merge(id, 1, Integer::sum);
      if (id.startsWith("demo-") && row.get("status").asText().equals("likely-refractory")) {
        refractory.add(id);
      }
    }
    String patient = refractory.stream().filter(id -> cancers.get(id) == 1).reduce((a, b) -> b).orElseThrow();
    assertThat(count("Flag", patient, "active")).isEqualTo(1);

    // The diagnosis is withdrawn: the cancer Condition is entered in error.
    for (Bundle.BundleEntryComponent e : fhir.search().byUrl("Condition?patient=" + patient)
        .returnBundle(Bundle.class).execute().getEntry()) {
      org.hl7.fhir.r4.model.Condition c = (org.hl7.fhir.r4.model.Condition) e.getResource();
      c.setVerificationStatus(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
          "http://terminology.hl7.org/CodeSystem/condition-ver-status", "entered-in-error", null)));
      fhir.update().resource(c).execute();
    }
    JsonNode pass = run(false);
    assertThat(pass.get("patientsAssessed").asInt()).isEqualTo(1);
    assertThat(pass.get("updated").asInt()).isPositive();
    assertThat(count("Flag", patient, "active")).isZero();
    assertThat(count("Flag", patient, "inactive")).isEqualTo(1);
    assertThat(count("CarePlan", patient, "draft")).isZero();
    assertThat(count("Task", patient, "requested")).isZero();
    assertThat(count("ServiceRequest", patient, "draft")).isZero();
    JsonNode again = run();
    assertThat(again.get("created").asInt() + again.get("updated").asInt()).as("retirement is stable").isZero();
  }

  /** How many of the patient's resources of this type are in this status (Flag has no status search parameter). */
  private long count(String type, String patientId, String status) {
    return fhir.search().byUrl(type + "?subject=Patient/" + patientId + "&_count=200").returnBundle(Bundle.class)
        .execute().getEntry().stream()
        .filter(e -> status.equals(e.getResource().getNamedProperty("status").getValues().get(0).primitiveValue()))
        .count();
  }

  /** Demo patients with one cancer that has lines of therapy and is not refractory (from a dry, full pass). */
  private List<String> notRefractoryWithLines() throws Exception {
    return singleCancerWithLines("not-refractory");
  }

  /** Demo patients with one cancer that has lines of therapy and this status (from a dry, full pass). */
  private List<String> singleCancerWithLines(String status) throws Exception {
    ResponseEntity<String> r =
        http.postForEntity("/api/assessments/run?full=true&dryRun=true&details=true", null, String.class);
    java.util.Map<String, Integer> cancers = new java.util.TreeMap<>();
    List<String> ids = new java.util.ArrayList<>();
    for (JsonNode row : json.readTree(r.getBody()).get("patients")) {
      String id = row.get("patientId").asText();
      cancers.merge(id, 1, Integer::sum);
      if (id.startsWith("demo-") && row.get("status").asText().equals(status)
          && row.get("lines").asInt() > 0) {
        ids.add(id);
      }
    }
    List<String> single = ids.stream().filter(id -> cancers.get(id) == 1).toList();
    assertThat(single).as("demo patients to add a progression to").hasSizeGreaterThanOrEqualTo(2);
    return single;
  }

  /** A new mCODE disease-status "worsened" Observation on the patient's first Condition, dated 2026-06-01. */
  private void addProgression(String patientId) {
    org.hl7.fhir.r4.model.Condition cond = fhir.search().byUrl("Condition?patient=" + patientId)
        .returnBundle(Bundle.class).execute().getEntry().stream()
        .map(e -> (org.hl7.fhir.r4.model.Condition) e.getResource()).findFirst().orElseThrow();
    org.hl7.fhir.r4.model.Observation progression = new org.hl7.fhir.r4.model.Observation();
    progression.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL);
    progression.getCode().addCoding().setSystem("http://loinc.org").setCode("97509-4");
    progression.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patientId));
    progression.addFocus(new org.hl7.fhir.r4.model.Reference("Condition/" + cond.getIdElement().getIdPart()));
    progression.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-06-01"));
    progression.setValue(new org.hl7.fhir.r4.model.CodeableConcept(
        new org.hl7.fhir.r4.model.Coding("http://snomed.info/sct", "271299001", "Patient's condition worsened")));
    fhir.create().resource(progression).execute();
  }

  private JsonNode run() throws Exception {
    return run(true);
  }

  private JsonNode run(boolean full) throws Exception {
    ResponseEntity<String> r = http.postForEntity("/api/assessments/run?full=" + full, null, String.class);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }

  private <T extends Resource> T firstOf(Class<T> type) {
    Bundle b = fhir.search().forResource(type)
        .withTag(Canonical.CS_TAGS, Canonical.TAG_ADAPTER_OUTPUT).count(1).returnBundle(Bundle.class).execute();
    return type.cast(b.getEntryFirstRep().getResource());
  }

  /** Every resource the adapter wrote, by {@code Type/id}, as JSON including its version. */
  private Map<String, String> snapshot() {
    Map<String, String> all = new TreeMap<>();
    for (String type : WRITTEN_TYPES) {
      Bundle page = fhir.search().byUrl(type + "?_tag=" + Canonical.CS_TAGS + "|" + Canonical.TAG_ADAPTER_OUTPUT
          + "&_count=500").returnBundle(Bundle.class).execute();
      while (true) {
        for (Bundle.BundleEntryComponent e : page.getEntry()) {
          Resource res = e.getResource();
          all.put(type + "/" + res.getIdElement().getIdPart(), ctx.newJsonParser().encodeResourceToString(res));
        }
        if (page.getLink(Bundle.LINK_NEXT) == null) {
          break;
        }
        page = fhir.loadPage().next(page).execute();
      }
    }
    return all;
  }
}
