package io.github.oncorefract.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.profiles.Canonical;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A clinician's edit of a proposal that is still {@code draft} (a note added) is never overwritten, while the
 * adapter's own proposals are still updated when the assessment changes. The publisher tells the two apart by the
 * adapter's Provenance of its last write.
 */
@EmbeddedFhirServerTest
class ClinicianEditIT {

  @Autowired TestRestTemplate http;
  @Autowired IGenericClient fhir;
  private final ObjectMapper json = new ObjectMapper();

  /** Chosen once per class: a dry full pass and one assessment read per candidate are not cheap. */
  private static List<String> patients;

  @Test
  void aNoteAddedToADraftCarePlanSurvivesTheNextPasses() throws Exception {
    List<String> patients = likelyRefractorySingleCancer();
    CarePlan plan = draftProposalOf(patients.get(0));
    plan.addNote().setText("Discussed at tumour board; biopsy planned.");
    fhir.update().resource(plan).execute();
    CarePlan edited = fhir.read().resource(CarePlan.class).withId(plan.getIdElement().getIdPart()).execute();

    // A new progression makes the adapter want to change this CarePlan: it must leave the edited one alone.
    addProgression(patients.get(0), "2026-07-01");
    JsonNode pass = run(false);

    CarePlan after = fhir.read().resource(CarePlan.class).withId(plan.getIdElement().getIdPart()).execute();
    assertThat(after.getIdElement().getVersionIdPart()).isEqualTo(edited.getIdElement().getVersionIdPart());
    assertThat(after.getNoteFirstRep().getText()).isEqualTo("Discussed at tumour board; biopsy planned.");
    assertThat(after.getStatus()).isEqualTo(CarePlan.CarePlanStatus.DRAFT);
    assertThat(pass.get("preserved").asInt()).isPositive();
  }

  @Test
  void theAdaptersOwnDraftIsStillUpdatedWhenTheAssessmentChanges() throws Exception {
    List<String> patients = likelyRefractorySingleCancer();
    String patient = patients.get(patients.size() - 1);
    CarePlan before = draftProposalOf(patient);

    String observation = addProgression(patient, "2026-08-01");
    run(false);

    CarePlan after = fhir.read().resource(CarePlan.class).withId(before.getIdElement().getIdPart()).execute();
    assertThat(Integer.parseInt(after.getIdElement().getVersionIdPart()))
        .isGreaterThan(Integer.parseInt(before.getIdElement().getVersionIdPart()));
    assertThat(after.getSupportingInfo()).extracting(Reference::getReference).contains(observation);
  }

  /** Two demo patients with a single cancer assessed likely refractory by the solid-tumour (or NSCLC) rules. */
  private List<String> likelyRefractorySingleCancer() throws Exception {
    if (patients != null) {
      return patients;
    }
    run(true); // every patient's output is on the server before a test edits it
    ResponseEntity<String> r =
        http.postForEntity("/api/assessments/run?full=true&dryRun=true&details=true", null, String.class);
    Map<String, Integer> cancers = new TreeMap<>();
    List<String> ids = new ArrayList<>();
    for (JsonNode row : json.readTree(r.getBody()).get("patients")) {
      String id = row.get("patientId").asText();
      cancers.merge(id, 1, Integer::sum);
      if (id.startsWith("demo-") && row.get("status").asText().equals("likely-refractory")) {
        ids.add(id);
      }
    }
    List<String> chosen = new ArrayList<>();
    for (String id : ids.stream().filter(id -> cancers.get(id) == 1).distinct().toList()) {
      // Solid-tumour reasoning (also the NSCLC rule set's): every progression after the latest line is evidence.
      JsonNode a = json.readTree(http.getForEntity("/api/patients/" + id + "/assessment", String.class).getBody());
      if (List.of("solid-tumour", "nsclc").contains(a.get("cancers").get(0).get("ruleSet").get("id").asText())) {
        chosen.add(id);
      }
      if (chosen.size() == 2) {
        break;
      }
    }
    assertThat(chosen).hasSize(2);
    patients = chosen;
    return chosen;
  }

  private CarePlan draftProposalOf(String patientId) {
    return fhir.search().byUrl("CarePlan?subject=Patient/" + patientId + "&identifier="
            + Canonical.ID_ASSESSMENT_OUTPUT + "|&status=draft").returnBundle(Bundle.class).execute()
        .getEntry().stream().map(e -> (CarePlan) e.getResource()).findFirst().orElseThrow();
  }

  /** A new mCODE disease-status "worsened" Observation on the patient's cancer; returns {@code Observation/<id>}. */
  private String addProgression(String patientId, String date) {
    String condition = fhir.search().byUrl("CarePlan?subject=Patient/" + patientId + "&identifier="
            + Canonical.ID_ASSESSMENT_OUTPUT + "|").returnBundle(Bundle.class).execute().getEntry().stream()
        .map(e -> ((CarePlan) e.getResource()).getAddressesFirstRep().getReference()).findFirst().orElseThrow();
    Observation progression = new Observation();
    progression.setStatus(Observation.ObservationStatus.FINAL);
    progression.getCode().addCoding().setSystem("http://loinc.org").setCode("97509-4");
    progression.setSubject(new Reference("Patient/" + patientId));
    progression.addFocus(new Reference(condition));
    progression.setEffective(new DateTimeType(date));
    progression.setValue(new CodeableConcept(
        new Coding("http://snomed.info/sct", "271299001", "Patient's condition worsened")));
    return fhir.create().resource(progression).execute().getId().toUnqualifiedVersionless().getValue();
  }

  /** A writing pass: full, or incremental (only patients whose data changed since the last pass). */
  private JsonNode run(boolean full) throws Exception {
    ResponseEntity<String> r = http.postForEntity("/api/assessments/run?full=" + full, null, String.class);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }
}
