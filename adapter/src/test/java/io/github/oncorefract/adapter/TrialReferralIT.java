package io.github.oncorefract.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Trial matching end to end on the embedded server with the demo cohort and its fictional ResearchStudy resources
 * (loaded at start): likely-refractory referrals name the matching studies (EGFR NSCLC, the KRAS G12C / NTRK basket
 * across solid tumours, myeloma; never the closed one) in the assessment JSON, the ServiceRequest and the Task, and
 * a second full pass leaves them unchanged.
 */
@EmbeddedFhirServerTest
class TrialReferralIT {

  @Autowired TestRestTemplate http;
  @Autowired IGenericClient fhir;
  @Autowired FhirContext ctx;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void referralsNameTheMatchingDemoStudiesAndARerunChangesNothing() throws Exception {
    JsonNode first = run();
    assertThat(first.get("failed").asInt()).as("failures: %s", first.get("failures")).isZero();
    List<String> referred = new ArrayList<>();
    for (JsonNode row : first.get("patients")) {
      String id = row.get("patientId").asText();
      if (id.startsWith("demo-") && row.get("suggestions").toString().contains("trial-referral")
          && !referred.contains(id)) {
        referred.add(id);
      }
    }
    assertThat(referred).isNotEmpty();

    // study -> patients it was matched for; and one trial view per (study, patient)
    Map<String, TreeSet<String>> byStudy = new TreeMap<>();
    Map<String, JsonNode> views = new TreeMap<>();
    for (String id : referred) {
      ResponseEntity<String> r = http.getForEntity("/api/patients/" + id + "/assessment", String.class);
      assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
      for (JsonNode cancer : json.readTree(r.getBody()).get("cancers")) {
        for (JsonNode s : cancer.get("suggestions")) {
          if (!s.get("type").asText().equals("trial-referral")) {
            assertThat(s.get("trials").size()).as("only referrals carry studies").isZero();
            continue;
          }
          for (JsonNode t : s.get("trials")) {
            byStudy.computeIfAbsent(t.get("study").asText(), k -> new TreeSet<>()).add(id);
            views.put(t.get("study").asText() + "@" + id, t);
            assertThat(s.get("text").asText()).contains(t.get("identifier").asText());
          }
        }
      }
    }
    assertThat(byStudy).containsKeys("ResearchStudy/demo-study-0001", "ResearchStudy/demo-study-0002",
        "ResearchStudy/demo-study-0003");
    assertThat(byStudy).as("closed to accrual").doesNotContainKey("ResearchStudy/demo-study-0004");

    String basketPatient = byStudy.get("ResearchStudy/demo-study-0002").first();
    JsonNode basket = views.get("ResearchStudy/demo-study-0002@" + basketPatient);
    assertThat(basket.get("basket").asBoolean()).isTrue();
    assertThat(basket.get("scope").asText()).isEqualTo("cancer-group");
    assertThat(basket.get("criterion").asText()).isEqualTo("KRAS p.G12C");
    assertThat(basket.get("identifier").asText()).isEqualTo("DEMO-STUDY-0002");

    Map<String, String> before = new TreeMap<>();
    for (String patient : List.of(basketPatient, byStudy.get("ResearchStudy/demo-study-0001").first(),
        byStudy.get("ResearchStudy/demo-study-0003").first())) {
      String study = byStudy.entrySet().stream().filter(e -> e.getValue().contains(patient)).findFirst()
          .orElseThrow().getKey();
      List<ServiceRequest> srs = search("ServiceRequest", patient, ServiceRequest.class);
      assertThat(srs).anySatisfy(sr -> {
        assertThat(sr.getSupportingInfo()).extracting(Reference::getReference).contains(study);
        assertThat(sr.getNote()).anySatisfy(n -> assertThat(n.getText()).startsWith("Candidate studies on this server"));
      });
      List<Task> tasks = search("Task", patient, Task.class);
      assertThat(tasks).anySatisfy(t -> assertThat(t.getInput()).anySatisfy(i -> {
        assertThat(i.getType().getText()).isEqualTo("candidate study");
        assertThat(((Reference) i.getValue()).getReference()).isEqualTo(study);
      }));
      srs.forEach(sr -> before.put("ServiceRequest/" + sr.getIdElement().getIdPart(), encode(sr)));
      tasks.forEach(t -> before.put("Task/" + t.getIdElement().getIdPart(), encode(t)));
    }

    JsonNode second = run();
    assertThat(second.get("failed").asInt()).isZero();
    assertThat(second.get("created").asInt()).isZero();
    assertThat(second.get("updated").asInt()).isZero();
    Map<String, String> after = new TreeMap<>();
    for (String key : before.keySet()) {
      String[] p = key.split("/");
      after.put(key, encode(fhir.read().resource(p[0]).withId(p[1]).execute()));
    }
    assertThat(after).as("referrals after an unchanged pass, versions included").isEqualTo(before);
  }

  private <T extends org.hl7.fhir.r4.model.Resource> List<T> search(String type, String patient, Class<T> cls) {
    return fhir.search().byUrl(type + "?subject=Patient/" + patient + "&_count=200").returnBundle(Bundle.class)
        .execute().getEntry().stream().map(e -> cls.cast(e.getResource())).toList();
  }

  private String encode(org.hl7.fhir.instance.model.api.IBaseResource r) {
    return ctx.newJsonParser().encodeResourceToString(r);
  }

  private JsonNode run() throws Exception {
    ResponseEntity<String> r =
        http.postForEntity("/api/assessments/run?full=true&details=true", null, String.class);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }
}
