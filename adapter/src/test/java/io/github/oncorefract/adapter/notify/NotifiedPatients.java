package io.github.oncorefract.adapter.notify;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * Test data for the notification ITs: a copy, under new ids, of a demo patient whose cancer the engine finds likely
 * refractory (the patient and everything the assessment reads, with references rewritten), so a test has a patient
 * that no pass has assessed yet.
 */
final class NotifiedPatients {

  static final List<String> TYPES = List.of("Condition", "MedicationStatement", "MedicationRequest",
      "MedicationAdministration", "Observation", "Procedure");

  private final IGenericClient fhir;
  private final FhirContext ctx;
  private final TestRestTemplate http;
  private final ObjectMapper json = new ObjectMapper();
  private String source;

  NotifiedPatients(IGenericClient fhir, FhirContext ctx, TestRestTemplate http) {
    this.fhir = fhir;
    this.ctx = ctx;
    this.http = http;
  }

  /** A demo patient whose preview has a likely-refractory cancer. */
  String likelyRefractoryDemoPatient() throws Exception {
    if (source != null) {
      return source;
    }
    for (int n = 1; n <= 50; n++) {
      String id = String.format("demo-%04d", n);
      JsonNode v = json.readTree(http.getForObject("/api/patients/" + id + "/assessment", String.class));
      for (JsonNode c : v.path("cancers")) {
        if ("likely-refractory".equals(c.path("status").asText())) {
          source = id;
          return id;
        }
      }
    }
    throw new AssertionError("no likely-refractory demo patient");
  }

  /**
   * Copies the source patient to {@code Patient/<prefix>-p} (its other resources to {@code <prefix>-<old id>}).
   *
   * @return the copied resources' new references ({@code Type/id}), the Patient first
   */
  List<String> copy(String prefix) throws Exception {
    String src = likelyRefractoryDemoPatient();
    String pid = prefix + "-p";
    List<Resource> originals = new ArrayList<>();
    Patient p = fhir.read().resource(Patient.class).withId(src).execute();
    originals.add(p);
    for (String type : TYPES) {
      Bundle b = fhir.search().byUrl(type + "?subject=Patient/" + src + "&_count=500").returnBundle(Bundle.class)
          .execute();
      b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
          .filter(r -> r.fhirType().equals(type)).forEach(originals::add);
    }
    Map<String, String> ids = new LinkedHashMap<>();
    for (Resource r : originals) {
      String old = r.fhirType() + "/" + r.getIdElement().getIdPart();
      ids.put(old, r instanceof Patient ? "Patient/" + pid : r.fhirType() + "/" + prefix + "-"
          + r.getIdElement().getIdPart());
    }
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (Resource r : originals) {
      r.setMeta(null);
      if (r instanceof Patient patient) {
        patient.setIdentifier(null);
        patient.setName(null);
      }
      String text = ctx.newJsonParser().encodeResourceToString(r);
      for (Map.Entry<String, String> e : ids.entrySet()) {
        text = text.replace("\"" + e.getKey() + "\"", "\"" + e.getValue() + "\"");
      }
      Resource copy = (Resource) ctx.newJsonParser().parseResource(text);
      String ref = ids.get(r.fhirType() + "/" + r.getIdElement().getIdPart());
      copy.setId(ref);
      tx.addEntry().setFullUrl(ref).setResource(copy).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(ref);
    }
    fhir.transaction().withBundle(tx).execute();
    return new ArrayList<>(ids.values());
  }
}
