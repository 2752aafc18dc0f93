package io.github.oncorefract.adapter.cds;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.profiles.Canonical;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The CDS Hooks service end to end on the shared embedded server and demo cohort, called the way an EHR calls it:
 * with a JWT signed by the test EHR ({@link CdsTokens#testEhr()}, trusted by the shared context), prefetch built from
 * the server's own search results, or none.
 */
@EmbeddedFhirServerTest
class CdsHooksIT {

  static final String PV = CdsServiceCatalogue.PATIENT_VIEW;
  static final String OS = CdsServiceCatalogue.ORDER_SELECT;
  static Map<String, List<String>> byStatus;

  @Autowired TestRestTemplate http;
  @Autowired IGenericClient fhir;
  @Autowired FhirContext ctx;
  @LocalServerPort int port;
  final ObjectMapper json = new ObjectMapper();
  final CdsTokens ehr = CdsTokens.testEhr();

  String base() {
    return "http://localhost:" + port;
  }

  String aud(String service) {
    return base() + "/cds-services/" + service;
  }

  @Test
  void discoveryListsBothServicesWithPrefetchForWhatTheEngineReads() throws Exception {
    ResponseEntity<String> r = http.getForEntity("/cds-services", String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode services = json.readTree(r.getBody()).get("services");
    assertThat(services).hasSize(2);
    Map<String, JsonNode> byId = new TreeMap<>();
    services.forEach(s -> byId.put(s.get("id").asText(), s));
    assertThat(byId.get(PV).get("hook").asText()).isEqualTo("patient-view");
    assertThat(byId.get(OS).get("hook").asText()).isEqualTo("order-select");
    JsonNode prefetch = byId.get(PV).get("prefetch");
    assertThat(prefetch.get("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
    assertThat(prefetch.get("conditions").asText()).isEqualTo("Condition?patient={{context.patientId}}");
    assertThat(prefetch.get("medicationRequests").asText())
        .isEqualTo("MedicationRequest?patient={{context.patientId}}&_include=MedicationRequest:medication");
    assertThat(prefetch.fieldNames()).toIterable().containsExactly("patient", "conditions", "medicationStatements",
        "medicationRequests", "medicationAdministrations", "observations", "procedures");
  }

  @Test
  void aLikelyRefractoryPatientGetsAWarningCardAndANotRefractoryOneNone() throws Exception {
    String patient = patients("likely-refractory").get(0);
    ObjectNode request = request("patient-view", patient, prefetch(patient));
    request.putObject("extension").put("com.example.unknown", "ignored");
    ResponseEntity<String> r = call(PV, request, ehr.token(aud(PV)));
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    JsonNode cards = json.readTree(r.getBody()).get("cards");
    assertThat(cards).hasSize(1);
    JsonNode card = cards.get(0);
    assertThat(card.get("indicator").asText()).isEqualTo("warning");
    assertThat(card.get("summary").asText()).endsWith(": review suggested").hasSizeLessThan(140)
        .doesNotContain(patient);
    assertThat(card.get("detail").asText()).contains("| # | setting | regimen | start | end | end reason |")
        .contains("**Reasons**").contains("evidence:");
    assertThat(card.get("source").get("label").asText()).matches("OncoRefract [a-z0-9-]+ \\d+\\.\\d+\\.\\d+");
    assertThat(card.get("overrideReasons")).hasSize(CdsCards.PATIENT_VIEW_OVERRIDE_REASONS.size());
    assertThat(card.get("overrideReasons").get(0).get("system").asText())
        .isEqualTo(CdsCards.OVERRIDE_REASON_SYSTEM);
    List<String> links = new ArrayList<>();
    card.get("links").forEach(l -> links.add(l.get("type").asText() + " " + l.get("url").asText()));
    assertThat(links).containsExactly("absolute " + base() + "/patients/" + patient + "/timeline",
        "smart " + base() + "/smart/launch");
    String uuid = card.get("uuid").asText();
    JsonNode again = json.readTree(call(PV, request(
        "patient-view", patient, prefetch(patient)), ehr.token(aud(PV))).getBody()).get("cards").get(0);
    assertThat(again.get("uuid").asText()).as("deterministic uuid").isEqualTo(uuid);

    String calm = patients("not-refractory").get(0);
    ResponseEntity<String> none = call(PV, request("patient-view", calm, prefetch(calm)), ehr.token(aud(PV)));
    assertThat(none.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(json.readTree(none.getBody()).get("cards")).isEmpty();
  }

  @Test
  void missingPrefetchIsFetchedFromTheFhirServerAndAnOperationOutcomeCountsAsMissing() throws Exception {
    String patient = patients("likely-refractory").get(0);
    JsonNode withPrefetch = json.readTree(call(PV, request("patient-view", patient, prefetch(patient)),
        ehr.token(aud(PV))).getBody()).get("cards");

    ObjectNode none = request("patient-view", patient, null);
    none.put("fhirServer", fhir.getServerBase());
    none.putObject("fhirAuthorization").put("access_token", "ehr-access-token").put("token_type", "Bearer")
        .put("scope", "patient/*.rs").put("subject", "oncorefract");
    ResponseEntity<String> fetched = call(PV, none, ehr.token(aud(PV)));
    assertThat(fetched.getStatusCode()).as(fetched.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(json.readTree(fetched.getBody()).get("cards")).isEqualTo(withPrefetch);

    ObjectNode prefetch = prefetch(patient);
    prefetch.set("conditions", json.readTree("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
        + "\"error\",\"code\":\"timeout\"}]}"));
    prefetch.putNull("observations");
    ResponseEntity<String> partial = call(PV, request("patient-view", patient, prefetch), ehr.token(aud(PV)));
    assertThat(partial.getStatusCode()).as(partial.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(json.readTree(partial.getBody()).get("cards")).isEqualTo(withPrefetch);
  }

  @Test
  void neitherPrefetchNorAnAllowedServerIs412() throws Exception {
    String patient = patients("likely-refractory").get(0);
    ObjectNode request = request("patient-view", patient, null);
    request.put("fhirServer", "https://ehr.elsewhere.invalid/fhir");
    request.putObject("fhirAuthorization").put("access_token", "must-not-leave");
    ResponseEntity<String> r = call(PV, request, ehr.token(aud(PV)));
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
    assertThat(r.getBody()).contains("OperationOutcome").contains("allowed-fhir-servers");
  }

  @Test
  void aMissingContextIsA400WithAClearMessage() throws Exception {
    ObjectNode request = json.createObjectNode().put("hook", "patient-view").put("hookInstance", "x");
    ResponseEntity<String> r = call(PV, request, ehr.token(aud(PV)));
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(r.getBody()).contains("OperationOutcome").contains("'context' is required");
    assertThat(call("no-such-service", request, ehr.token(aud("no-such-service"))).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void theJwtIsVerifiedOnEveryCall() throws Exception {
    String patient = patients("not-refractory").get(0);
    ObjectNode request = request("patient-view", patient, prefetch(patient));
    assertThat(call(PV, request, ehr.token(aud(PV))).getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(call(PV, request, ehr.token(base() + "/cds-services")).getStatusCode())
        .as("the discovery base is accepted as aud too").isEqualTo(HttpStatus.OK);

    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("wrong-audience", ehr.token(aud(OS)));
    refused.put("expired", ehr.token(aud(PV), c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600)))
        .issueTime(Date.from(Instant.now().minusSeconds(900)))));
    refused.put("alg-none", ehr.unsigned(aud(PV)));
    refused.put("alg-hmac", ehr.hs256(aud(PV)));
    refused.put("unknown-kid", ehr.token(aud(PV), "another-key", JWSAlgorithm.RS384, c -> {}));
    refused.put("untrusted-issuer", new CdsTokens(CdsTokens.testEhr().key(), "https://evil.example").token(aud(PV)));
    for (Map.Entry<String, String> e : refused.entrySet()) {
      ResponseEntity<String> r = call(PV, request, e.getValue());
      assertThat(r.getStatusCode()).as(e.getKey()).isEqualTo(HttpStatus.UNAUTHORIZED);
      assertThat(r.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
      assertThat(json.readTree(r.getBody()).get("issue").get(0).get("details").get("text").asText())
          .isEqualTo(e.getKey());
    }
    String once = ehr.token(aud(PV));
    assertThat(call(PV, request, once).getStatusCode()).isEqualTo(HttpStatus.OK);
    ResponseEntity<String> replay = call(PV, request, once);
    assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(replay.getBody()).contains("replayed-jti");
    assertThat(call(PV, request, null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void acceptingACardsSuggestionThenAPassWritesNothingNew() throws Exception {
    String patient = copyOf(patients("likely-refractory").get(0), "cdsacc");
    JsonNode card = json.readTree(call(PV, request("patient-view", patient, null), ehr.token(aud(PV))).getBody())
        .get("cards").get(0);
    assertThat(card.get("selectionBehavior").asText()).isEqualTo("any");
    // The clinician accepts every suggestion (trial team, draft care plan, chart flag): their actions in order.
    List<JsonNode> actions = new ArrayList<>();
    card.get("suggestions").forEach(sg -> sg.get("actions").forEach(actions::add));
    assertThat(card.get("suggestions")).hasSizeGreaterThanOrEqualTo(2);
    List<String> types = new ArrayList<>();
    actions.forEach(a -> types.add(a.get("resource").get("resourceType").asText()));
    assertThat(types).contains("CarePlan", "Flag");

    // The EHR accepts: it creates every action's resource as given, in the order given.
    Map<String, String> identifiers = new LinkedHashMap<>();
    for (JsonNode a : actions) {
      assertThat(a.get("type").asText()).isEqualTo("create");
      Resource r = (Resource) ctx.newJsonParser().parseResource(a.get("resource").toString());
      String id = r.getNamedProperty("identifier").getValues().stream()
          .map(v -> (org.hl7.fhir.r4.model.Identifier) v)
          .filter(i -> Canonical.ID_ASSESSMENT_OUTPUT.equals(i.getSystem())).findFirst().orElseThrow().getValue();
      identifiers.put(r.fhirType(), id);
      fhir.create().resource(r).execute();
    }

    ResponseEntity<String> pass = http.postForEntity("/api/assessments/run?full=true&details=true", null,
        String.class);
    assertThat(pass.getStatusCode()).as(pass.getBody()).isEqualTo(HttpStatus.OK);
    for (Map.Entry<String, String> e : identifiers.entrySet()) {
      Bundle found = fhir.search().byUrl(e.getKey() + "?identifier=" + Canonical.ID_ASSESSMENT_OUTPUT + "|"
          + e.getValue()).returnBundle(Bundle.class).execute();
      assertThat(found.getEntry()).as("one %s, not a second", e.getKey()).hasSize(1);
      assertThat(found.getEntryFirstRep().getResource().getMeta().getVersionId())
          .as("%s as the EHR created it, not rewritten by the pass", e.getKey()).isEqualTo("1");
    }
    assertThat(json.readTree(pass.getBody()).get("patients").findValuesAsText("patientId")).contains(patient);
    JsonNode after = json.readTree(call(PV, request("patient-view", patient, null), ehr.token(aud(PV))).getBody())
        .get("cards").get(0);
    assertThat(after.path("suggestions")).as("nothing left to create").isEmpty();
    assertThat(after.get("detail").asText()).contains("Already on the FHIR server");
  }

  @Test
  void orderSelectWarnsWhenTheOrderedClassAlreadyFailed() throws Exception {
    String patient = null;
    String ingredient = null;
    // a cancer outside the myeloma and ovarian rule sets (those have their own order-select rules), and a drug of a
    // group that warns (not bevacizumab, not a supportive drug)
    io.github.oncorefract.knowledge.TableDrugCatalog drugs = io.github.oncorefract.knowledge.TableDrugCatalog
        .loadDefault();
    io.github.oncorefract.knowledge.CrossResistanceTable groups = io.github.oncorefract.knowledge.CrossResistanceTable
        .loadDefault(drugs);
    for (String id : patients("likely-refractory")) {
      JsonNode a = json.readTree(http.getForEntity("/api/patients/" + id + "/assessment", String.class).getBody());
      String ruleSet = a.get("cancers").get(0).path("ruleSet").path("id").asText();
      if (ruleSet.equals("multiple-myeloma") || ruleSet.equals("ovarian-platinum")) {
        continue;
      }
      for (JsonNode line : a.get("cancers").get(0).get("lines")) {
        if (line.get("endReason").asText().equals("progression")) {
          for (JsonNode drug : line.get("regimen")) {
            if (groups.group(drug.asText()).map(g -> g.warn()).orElse(false)) {
              patient = id;
              ingredient = drug.asText();
              break;
            }
          }
        }
      }
      if (patient != null) {
        break;
      }
    }
    assertThat(patient).as("a demo patient with a line that ended in progression").isNotNull();
    ObjectNode request = request("order-select", patient, prefetch(patient));
    ObjectNode context = (ObjectNode) request.get("context");
    context.set("draftOrders", json.readTree("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{"
        + "\"resource\":{\"resourceType\":\"MedicationRequest\",\"id\":\"draft-1\",\"status\":\"draft\","
        + "\"intent\":\"order\",\"medicationCodeableConcept\":{\"text\":\"" + ingredient + "\"},"
        + "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}},{"
        + "\"resource\":{\"resourceType\":\"MedicationRequest\",\"id\":\"draft-2\",\"status\":\"draft\","
        + "\"intent\":\"order\",\"medicationCodeableConcept\":{\"text\":\"ondansetron\"},"
        + "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}}]}"));
    context.putArray("selections").add("MedicationRequest/draft-1").add("MedicationRequest/draft-2");
    ResponseEntity<String> r = call(OS, request, ehr.token(aud(OS)));
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    JsonNode cards = json.readTree(r.getBody()).get("cards");
    assertThat(cards).as("one card, for the cancer drug only").hasSize(1);
    assertThat(cards.get(0).get("indicator").asText()).as("warning, or info for a combination partner")
        .isIn("warning", "info");
    assertThat(cards.get(0).get("summary").asText()).containsPattern("^(Prior progression on|Part of a failed "
        + "combination:) [a-z-]+ \\(").hasSizeLessThan(140);
    assertThat(cards.get(0).get("detail").asText()).contains(ingredient);
    assertThat(cards.get(0).findValuesAsText("code")).contains("intentional-rechallenge", "record-incorrect");
  }

  @Test
  void feedbackIsCountedInPrometheus() throws Exception {
    String body = """
        {"feedback":[
          {"card":"0f0e6a52-8a8b-3c1e-9d8b-6f0c6d1a2b3c","outcome":"accepted",
           "acceptedSuggestions":[{"id":"1c2d"}],"outcomeTimestamp":"2026-12-01T10:00:00Z"},
          {"card":"0f0e6a52-8a8b-3c1e-9d8b-6f0c6d1a2b3c","outcome":"overridden",
           "overrideReason":{"reason":{"code":"patient-declined",
             "system":"https://oncorefract.github.io/fhir/CodeSystem/cds-override-reason","display":"Patient declined"},
             "userComment":"free text that is never logged"},
           "outcomeTimestamp":"2026-12-01T10:01:00Z"}]}""";
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.APPLICATION_JSON);
    h.setBearerAuth(ehr.token(aud(PV) + "/feedback"));
    ResponseEntity<String> r = http.postForEntity("/cds-services/" + PV + "/feedback", new HttpEntity<>(body, h),
        String.class);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
    h.setBearerAuth(ehr.token(aud(PV)));
    assertThat(http.postForEntity("/cds-services/" + PV + "/feedback",
        new HttpEntity<>("{\"feedback\":[{\"card\":\"x\",\"outcome\":\"maybe\"}]}", h), String.class)
        .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    String prometheus = http.getForEntity("/actuator/prometheus", String.class).getBody();
    assertThat(prometheus)
        .containsPattern("oncorefract_cds_feedback_total\\{[^}]*outcome=\"accepted\"[^}]*reason=\"none\"[^}]*"
            + "service=\"" + PV + "\"[^}]*\\} [1-9]")
        .containsPattern("oncorefract_cds_feedback_total\\{[^}]*outcome=\"overridden\"[^}]*"
            + "reason=\"patient-declined\"[^}]*\\} [1-9]");
  }

  // --- helpers ---------------------------------------------------------------------------------------------------

  ResponseEntity<String> call(String service, JsonNode body, String token) {
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.APPLICATION_JSON);
    if (token != null) {
      h.setBearerAuth(token);
    }
    return http.postForEntity("/cds-services/" + service, new HttpEntity<>(body.toString(), h), String.class);
  }

  ObjectNode request(String hook, String patient, ObjectNode prefetch) {
    ObjectNode r = json.createObjectNode().put("hookInstance", java.util.UUID.randomUUID().toString())
        .put("hook", hook);
    r.putObject("context").put("userId", "Practitioner/cds-it").put("patientId", patient);
    if (prefetch != null) {
      r.set("prefetch", prefetch);
    }
    return r;
  }

  /** The prefetch an EHR would send: each template's query run on the server. */
  ObjectNode prefetch(String patient) throws Exception {
    ObjectNode pf = json.createObjectNode();
    for (CdsServiceCatalogue.PrefetchKey k : CdsServiceCatalogue.PREFETCH) {
      Resource r = "Patient".equals(k.type())
          ? fhir.read().resource(org.hl7.fhir.r4.model.Patient.class).withId(patient).execute()
          : fhir.search().byUrl(k.query(patient) + "&_count=1000").returnBundle(Bundle.class).execute();
      pf.set(k.key(), json.readTree(ctx.newJsonParser().encodeResourceToString(r)));
    }
    return pf;
  }

  /** Demo patients with one cancer that has lines and this status (from a dry, full pass; computed once). */
  List<String> patients(String status) throws Exception {
    synchronized (CdsHooksIT.class) {
      if (byStatus == null) {
        ResponseEntity<String> r = http.postForEntity("/api/assessments/run?full=true&dryRun=true&details=true",
            null, String.class);
        Map<String, Integer> cancers = new TreeMap<>();
        Map<String, String> status1 = new TreeMap<>();
        for (JsonNode row : json.readTree(r.getBody()).get("patients")) {
          String id = row.get("patientId").asText();
          cancers.merge(id, 1, Integer::sum);
          if (id.startsWith("demo-") && row.get("lines").asInt() > 0) {
            status1.put(id, row.get("status").asText());
          }
        }
        Map<String, List<String>> m = new TreeMap<>();
        status1.forEach((id, s) -> {
          if (cancers.get(id) == 1) {
            m.computeIfAbsent(s, x -> new ArrayList<>()).add(id);
          }
        });
        byStatus = m;
      }
    }
    List<String> ids = byStatus.getOrDefault(status, List.of());
    assertThat(ids).as("demo patients %s", status).isNotEmpty();
    return ids;
  }

  /**
   * A copy of a demo patient under new ids (prefix), with every reference between the copied resources rewritten:
   * a patient no pass has written for yet.
   */
  String copyOf(String patient, String prefix) throws Exception {
    Map<String, Resource> all = new LinkedHashMap<>();
    ObjectNode pf = prefetch(patient);
    for (CdsServiceCatalogue.PrefetchKey k : CdsServiceCatalogue.PREFETCH) {
      Resource r = (Resource) ctx.newJsonParser().parseResource(pf.get(k.key()).toString());
      List<Resource> rs = r instanceof Bundle b ? b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
          .toList() : List.of(r);
      for (Resource x : rs) {
        if (!"Medication".equals(x.fhirType())) {
          all.put(x.fhirType() + "/" + x.getIdElement().getIdPart(), x);
        }
      }
    }
    String newPatient = prefix + "-" + patient;
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (Map.Entry<String, Resource> e : all.entrySet()) {
      Resource r = e.getValue().copy();
      r.setMeta(null);
      String text = ctx.newJsonParser().encodeResourceToString(r);
      for (String ref : all.keySet()) {
        String[] tid = ref.split("/");
        text = text.replace("\"" + ref + "\"", "\"" + tid[0] + "/" + prefix + "-" + tid[1] + "\"");
      }
      Resource c = (Resource) ctx.newJsonParser().parseResource(text);
      String[] tid = e.getKey().split("/");
      c.setId(tid[0] + "/" + prefix + "-" + tid[1]);
      tx.addEntry().setResource(c).getRequest().setMethod(Bundle.HTTPVerb.PUT)
          .setUrl(tid[0] + "/" + prefix + "-" + tid[1]);
    }
    fhir.transaction().withBundle(tx).execute();
    return newPatient;
  }
}
