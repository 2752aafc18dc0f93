package io.github.oncorefract.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.QuarantineEntry;
import io.github.oncorefract.normalise.PatientNormaliser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault injection: an external server (an in-process HTTP stub speaking FHIR JSON) returns a search page holding one
 * malformed resource among good ones. The reader must remove exactly the invalid values, keep the resource, report each
 * removed element (type, id, element path, no value), keep the rest of the page and the later pages, and the patient
 * must still be assessed.
 */
class MalformedResourceIT {

  private static final String BASE = "http://127.0.0.1:%d/fhir";
  private static HttpServer server;
  private static FhirContext ctx;
  private static IGenericClient client;
  private static final AtomicInteger REQUESTS = new AtomicInteger();

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/fhir", MalformedResourceIT::handle);
    server.start();
    ctx = FhirContext.forR4();
    ctx.setParserErrorHandler(TolerantParsing.errorHandler());
    ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    client = ctx.newRestfulGenericClient(BASE.formatted(server.getAddress().getPort()));
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void invalidValuesAreQuarantinedAsElementsAndTheResourceIsKept() {
    PatientData data = new FhirSearchPatientDataSource(() -> client, 2).fetch("p1");

    assertThat(data.resources()).extracting(r -> r.getIdElement().toUnqualifiedVersionless().getValue())
        .containsExactlyInAnyOrder("Patient/p1", "Condition/c1", "MedicationStatement/ms1", "MedicationStatement/ms2",
            "MedicationStatement/ms3");
    org.hl7.fhir.r4.model.MedicationStatement ms2 = data.resources().stream()
        .filter(r -> r.getIdElement().getIdPart().equals("ms2"))
        .map(org.hl7.fhir.r4.model.MedicationStatement.class::cast).findFirst().orElseThrow();
    assertThat(ms2.hasStatus()).isFalse();
    assertThat(ms2.getEffectivePeriod().hasStart()).isFalse();
    assertThat(ms2.getMedicationCodeableConcept().getText()).isEqualTo("docetaxel");
    assertThat(data.quarantined()).containsExactlyInAnyOrder(
        new QuarantineEntry("MedicationStatement", "ms2", "effectivePeriod.start", "invalid-value"),
        new QuarantineEntry("MedicationStatement", "ms2", "status", "invalid-value"));
    assertThat(data.quarantined()).allSatisfy(q -> assertThat(q.toString()).doesNotContain("2020-13-45", "actve"));
    assertThat(data.requests()).isEqualTo(1 + 6 + 1);

    PatientRecord record = PatientNormaliser.withDefaultTables(ctx).normalise("p1", data.resources());
    assertThat(record.cancers()).hasSize(1);
    assertThat(record.exposures()).extracting(e -> e.ingredient() + "@" + e.start())
        .containsExactlyInAnyOrder("carboplatin@2021-01-05", "pemetrexed@2021-01-05");
  }

  @Test
  void withoutTheTolerantScopeAnInvalidValueStillFailsTheRead() {
    assertThatThrownBy(() -> client.search().byUrl("MedicationStatement?patient=p1&_count=2&page=2")
        .returnBundle(org.hl7.fhir.r4.model.Bundle.class).execute())
        .isInstanceOf(ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException.class)
        .hasCauseInstanceOf(DataFormatException.class);
  }

  @Test
  void anInvalidValueInThePatientItselfLosesOnlyThatElement() {
    PatientData data = new FhirSearchPatientDataSource(() -> client, 2).fetch("p2");
    assertThat(data.resources()).filteredOn(r -> r instanceof Patient).singleElement()
        .satisfies(p -> assertThat(((Patient) p).hasBirthDate()).isFalse());
    assertThat(data.quarantined()).containsExactly(new QuarantineEntry("Patient", "p2", "birthDate", "invalid-value"));
  }

  @Test
  void aConditionWithAnImpossibleOnsetDateIsStillACancer() {
    PatientData data = new FhirSearchPatientDataSource(() -> client, 2).fetch("p3");
    assertThat(data.quarantined())
        .containsExactly(new QuarantineEntry("Condition", "c3", "onsetDateTime", "invalid-value"));
    PatientRecord record = PatientNormaliser.withDefaultTables(ctx).normalise("p3", data.resources());
    assertThat(record.cancers()).hasSize(1);
  }

  @Test
  void aResearchStudyWithAnInvalidValueLosesOnlyThatElement() {
    List<org.hl7.fhir.r4.model.ResearchStudy> studies =
        new FhirResearchStudySource(() -> client, java.util.Set.of("active"), 50).load();
    assertThat(studies).extracting(s -> s.getIdElement().getIdPart()).containsExactly("rs-bad", "rs-ok");
    assertThat(studies.get(0).getPeriod().hasEnd()).isFalse();
  }

  private static void handle(HttpExchange ex) throws IOException {
    REQUESTS.incrementAndGet();
    String path = ex.getRequestURI().getPath().substring("/fhir/".length());
    String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
    String base = BASE.formatted(server.getAddress().getPort());
    String body;
    if (path.equals("metadata")) {
      body = """
          {"resourceType":"CapabilityStatement","status":"active","date":"2026-01-01","kind":"instance",
           "fhirVersion":"4.0.1","format":["json"]}""";
    } else if (path.equals("Patient/p1")) {
      body = """
          {"resourceType":"Patient","id":"p1","birthDate":"1950-02-03"}""";
    } else if (path.equals("Patient/p2")) {
      body = """
          {"resourceType":"Patient","id":"p2","birthDate":"1950-02-30"}""";
    } else if (path.equals("Patient/p3")) {
      body = """
          {"resourceType":"Patient","id":"p3","birthDate":"1950-02-03"}""";
    } else if (path.equals("Condition") && query.contains("patient=p3")) {
      body = bundle(base, null, """
          {"resourceType":"Condition","id":"c3","subject":{"reference":"Patient/p3"},
           "code":{"coding":[{"system":"http://snomed.info/sct","code":"254637007"}],"text":"NSCLC"},
           "onsetDateTime":"2020-02-30"}""");
    } else if (path.equals("Condition") && query.contains("patient=p1")) {
      body = bundle(base, null, """
          {"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1"},
           "code":{"coding":[{"system":"http://snomed.info/sct","code":"254637007"}],"text":"NSCLC"},
           "onsetDateTime":"2020-12-01"}""");
    } else if (path.equals("MedicationStatement") && query.contains("page=2")) {
      body = bundle(base, null, """
          {"resourceType":"MedicationStatement","id":"ms3","status":"completed","subject":{"reference":"Patient/p1"},
           "medicationCodeableConcept":{"text":"pemetrexed"},"effectivePeriod":{"start":"2021-01-05","end":"2021-04-01"}}""",
          """
          {"resourceType":"MedicationStatement","id":"ms2","status":"actve","subject":{"reference":"Patient/p1"},
           "medicationCodeableConcept":{"text":"docetaxel"},"effectivePeriod":{"start":"2020-13-45"}}""");
    } else if (path.equals("MedicationStatement") && query.contains("patient=p1")) {
      body = bundle(base, base + "/MedicationStatement?patient=p1&_count=2&page=2", """
          {"resourceType":"MedicationStatement","id":"ms1","status":"completed","subject":{"reference":"Patient/p1"},
           "medicationCodeableConcept":{"text":"carboplatin"},"effectivePeriod":{"start":"2021-01-05","end":"2021-04-01"}}""");
    } else if (path.equals("ResearchStudy")) {
      body = bundle(base, null, """
          {"resourceType":"ResearchStudy","id":"rs-ok","status":"active","title":"EGFR NSCLC study"}""", """
          {"resourceType":"ResearchStudy","id":"rs-bad","status":"active","period":{"end":"2027-13-45"}}""");
    } else if (path.startsWith("Patient/")) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    } else {
      body = bundle(base, null);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/fhir+json;charset=UTF-8");
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private static String bundle(String base, String next, String... resources) {
    StringBuilder sb = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"link\":[");
    sb.append("{\"relation\":\"self\",\"url\":\"").append(base).append("\"}");
    if (next != null) {
      sb.append(",{\"relation\":\"next\",\"url\":\"").append(next).append("\"}");
    }
    sb.append("],\"entry\":[");
    List<String> entries = List.of(resources).stream()
        .map(r -> "{\"fullUrl\":\"" + base + "/x\",\"resource\":" + r + ",\"search\":{\"mode\":\"match\"}}").toList();
    sb.append(String.join(",", entries)).append("]}");
    return sb.toString();
  }
}
