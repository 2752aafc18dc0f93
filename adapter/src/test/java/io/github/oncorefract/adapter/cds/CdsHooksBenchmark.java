package io.github.oncorefract.adapter.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Rerunnable latency harness of the {@code patient-view} service (BENCHMARKS.md, "CDS Hooks patient-view"): calls a
 * running adapter over HTTP, as an EHR does, with a 200-resource prefetch and a freshly signed JWT per call (the
 * verification is on: the adapter must trust the test EHR, see BENCHMARKS.md), and prints p50/p95/p99.
 *
 * <p>The patient is a likely-refractory demo patient (the subject of an active likely-refractory Flag written by the
 * start-up pass); its own resources are padded with laboratory Observations to exactly 200 resources. Token signing
 * and request building happen before the clock starts; each timed call is one HTTP round trip.
 *
 * <p>Arguments: {@code [baseUrl=http://localhost:8080] [calls=300] [warmup=50]}.
 */
public final class CdsHooksBenchmark {

  private CdsHooksBenchmark() {}

  public static void main(String[] args) throws Exception {
    String base = args.length > 0 ? args[0] : "http://localhost:8080";
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    FhirContext ctx = FhirContext.forR4();
    ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    IGenericClient fhir = ctx.newRestfulGenericClient(base + "/fhir");
    Bundle flags = fhir.search().byUrl("Flag?_count=200").returnBundle(Bundle.class).execute();
    String patient = flags.getEntry().stream().map(e -> (Flag) e.getResource())
        .filter(f -> f.getStatus() == Flag.FlagStatus.ACTIVE
            && "likely-refractory".equals(f.getCode().getCodingFirstRep().getCode()))
        .map(f -> f.getSubject().getReferenceElement().getIdPart()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no likely-refractory Flag: wait for the start-up pass"));

    ObjectMapper json = new ObjectMapper();
    ObjectNode prefetch = json.createObjectNode();
    int resources = 0;
    Bundle observations = null;
    for (CdsServiceCatalogue.PrefetchKey k : CdsServiceCatalogue.PREFETCH) {
      Resource r = "Patient".equals(k.type())
          ? fhir.read().resource(org.hl7.fhir.r4.model.Patient.class).withId(patient).execute()
          : fhir.search().byUrl(k.query(patient) + "&_count=1000").returnBundle(Bundle.class).execute();
      resources += r instanceof Bundle b ? b.getEntry().size() : 1;
      if (k.key().equals("observations")) {
        observations = (Bundle) r;
      } else {
        prefetch.set(k.key(), json.readTree(ctx.newJsonParser().encodeResourceToString(r)));
      }
    }
    for (int i = 0; resources < 200; i++, resources++) {
      Observation o = new Observation();
      o.setId("bench-hb-" + i);
      o.setStatus(Observation.ObservationStatus.FINAL);
      o.addCategory(new CodeableConcept(new Coding(
          "http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory")));
      o.setCode(new CodeableConcept(new Coding("http://loinc.org", "718-7", "Hemoglobin [Mass/volume] in Blood")));
      o.setSubject(new Reference("Patient/" + patient));
      o.setEffective(new DateTimeType(java.time.LocalDate.parse("2025-01-01").plusDays(i * 7L).toString()));
      o.setValue(new Quantity().setValue(11 + (i % 30) / 10.0).setUnit("g/dL").setSystem("http://unitsofmeasure.org")
          .setCode("g/dL"));
      observations.addEntry().setFullUrl(base + "/fhir/Observation/bench-hb-" + i).setResource(o);
    }
    prefetch.set("observations", json.readTree(ctx.newJsonParser().encodeResourceToString(observations)));

    String service = base + "/cds-services/" + CdsServiceCatalogue.PATIENT_VIEW;
    CdsTokens ehr = CdsTokens.testEhr();
    HttpClient http = HttpClient.newHttpClient();
    long[] nanos = new long[calls];
    int cards = -1;
    for (int i = -warmup; i < calls; i++) {
      ObjectNode body = json.createObjectNode().put("hook", "patient-view")
          .put("hookInstance", java.util.UUID.randomUUID().toString());
      body.putObject("context").put("userId", "Practitioner/bench").put("patientId", patient);
      body.set("prefetch", prefetch);
      HttpRequest req = HttpRequest.newBuilder(URI.create(service))
          .header("Content-Type", "application/json").header("Authorization", "Bearer " + ehr.token(service))
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
      long t0 = System.nanoTime();
      HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
      long took = System.nanoTime() - t0;
      if (resp.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + resp.statusCode() + ": " + resp.body());
      }
      if (i >= 0) {
        nanos[i] = took;
      } else if (cards < 0) {
        cards = json.readTree(resp.body()).get("cards").size();
      }
    }
    Arrays.sort(nanos);
    System.out.printf("CDS Hooks patient-view, %d resources in prefetch, %d card(s), %d calls after %d warm-up "
        + "(JWT verified)%n", resources, cards, calls, warmup);
    System.out.printf("p50 %.1f ms   p95 %.1f ms   p99 %.1f ms   max %.1f ms%n", pct(nanos, 50), pct(nanos, 95),
        pct(nanos, 99), nanos[nanos.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
