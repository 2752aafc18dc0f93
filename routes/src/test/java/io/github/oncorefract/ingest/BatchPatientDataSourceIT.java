package io.github.oncorefract.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.oncorefract.domain.QuarantineEntry;
import io.github.oncorefract.publish.TransactionPublisher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fault injection for the batch reader: an in-process HTTP stub speaking FHIR JSON answers the batch entry by entry
 * from the same routes as plain requests, with a search whose first page in the batch has a {@code next} link, an
 * entry answering 500 inside the batch, an invalid value in the batch response, and (in another mode) a server that
 * refuses batches. The batch must give the same data and quarantine as the search reader, in fewer requests.
 */
class BatchPatientDataSourceIT {

  private static final String BASE = "http://127.0.0.1:%d/fhir";
  private static final List<BatchPatientDataSource.Search> OUTPUT = TransactionPublisher.OUTPUT_TYPES.stream()
      .map(t -> new BatchPatientDataSource.Search(t, id -> TransactionPublisher.earlierOutputSearch(t, id))).toList();
  private static HttpServer server;
  private static FhirContext ctx;
  private static IGenericClient client;
  private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
  private static volatile boolean refuseBatches;
  private static volatile boolean advertiseBatch = true;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/fhir", BatchPatientDataSourceIT::handle);
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

  @BeforeEach
  void reset() {
    REQUESTS.clear();
    refuseBatches = false;
    advertiseBatch = true;
  }

  private static BatchPatientDataSource batch(boolean auto) {
    return new BatchPatientDataSource(() -> client, FhirPager.defaults(), BatchPatientDataSource.patientSearches(2),
        OUTPUT, new FhirSearchPatientDataSource(() -> client, 2), auto);
  }

  @Test
  void oneBatchFollowsAnEntrysNextLinkFallsBackForAFailedEntryAndGivesWhatTheSearchesGive() {
    PatientData viaBatch = batch(true).fetch("p1");
    List<String> batchRequests = List.copyOf(REQUESTS);
    REQUESTS.clear();
    PatientData viaSearch = new FhirSearchPatientDataSource(() -> client, 2).fetch("p1");

    assertThat(ids(viaBatch.resources())).containsExactlyInAnyOrder("Patient/p1", "Condition/c1",
        "MedicationStatement/ms1", "MedicationStatement/ms2", "MedicationStatement/ms3", "Observation/o1",
        "Procedure/pr1");
    assertThat(ids(viaBatch.resources())).containsExactlyInAnyOrderElementsOf(ids(viaSearch.resources()));
    assertThat(viaBatch.quarantined()).containsExactlyInAnyOrder(
        new QuarantineEntry("MedicationStatement", "ms2", "status", "invalid-value"),
        new QuarantineEntry("Procedure", "pr1", "performedDateTime", "invalid-value"));
    assertThat(viaBatch.quarantined()).containsExactlyInAnyOrderElementsOf(viaSearch.quarantined());
    // the Flag of the adapter's earlier output came with the batch, apart from the clinical data
    assertThat(ids(viaBatch.earlierOutput())).containsExactly("Flag/f1");
    assertThat(viaSearch.earlierOutput()).isNull();
    // metadata once, the batch, page 2 of MedicationStatement, Observation on its own after its entry failed
    assertThat(batchRequests).containsExactly("GET metadata", "POST ", "GET MedicationStatement",
        "GET Observation");
    assertThat(viaBatch.requests()).isEqualTo(3);
    assertThat(viaSearch.requests()).isEqualTo(1 + 6 + 1);
  }

  @Test
  void aPatientTheServerDoesNotHaveIsNotFound() {
    assertThatThrownBy(() -> batch(true).fetch("gone")).isInstanceOf(PatientNotFoundException.class);
  }

  @Test
  void aServerRefusingBatchesIsReadPerTypeFromThenOn() {
    refuseBatches = true;
    BatchPatientDataSource source = batch(false);
    PatientData first = source.fetch("p1");
    PatientData second = source.fetch("p1");
    assertThat(ids(first.resources())).containsExactlyInAnyOrderElementsOf(ids(second.resources()))
        .contains("Observation/o1");
    assertThat(REQUESTS.stream().filter(r -> r.startsWith("POST"))).hasSize(1);
    assertThat(second.earlierOutput()).isNull();
  }

  @Test
  void autoReadsPerTypeWhenTheCapabilityStatementDoesNotListBatch() {
    advertiseBatch = false;
    BatchPatientDataSource source = batch(true);
    assertThat(source.serverSupportsBatch()).isFalse();
    assertThat(ids(source.fetch("p1").resources())).contains("Patient/p1", "Observation/o1");
    assertThat(REQUESTS).noneMatch(r -> r.startsWith("POST"));
  }

  private static List<String> ids(List<? extends org.hl7.fhir.instance.model.api.IBaseResource> resources) {
    return resources.stream().map(r -> r.getIdElement().toUnqualifiedVersionless().getValue()).toList();
  }

  private record Answer(int status, String body) {}

  private static void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath().substring("/fhir".length());
    path = path.startsWith("/") ? path.substring(1) : path;
    String base = BASE.formatted(server.getAddress().getPort());
    Answer answer;
    if (ex.getRequestMethod().equals("POST")) {
      REQUESTS.add("POST " + path);
      if (refuseBatches) {
        answer = new Answer(405, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
            + "\"code\":\"not-supported\"}]}");
      } else {
        Bundle batch = ctx.newJsonParser().parseResource(Bundle.class,
            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"batch-response\",\"entry\":[");
        for (int i = 0; i < batch.getEntry().size(); i++) {
          URI u = URI.create(batch.getEntry().get(i).getRequest().getUrl());
          Answer a = get(base, u.getPath(), u.getRawQuery() == null ? "" : u.getRawQuery(), true);
          sb.append(i == 0 ? "" : ",").append("{");
          if (a.status() / 100 == 2) {
            sb.append("\"resource\":").append(a.body()).append(",");
          }
          sb.append("\"response\":{\"status\":\"").append(a.status()).append("\"}}");
        }
        answer = new Answer(200, sb.append("]}").toString());
      }
    } else {
      REQUESTS.add("GET " + path);
      String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
      answer = get(base, path, query, false);
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/fhir+json;charset=UTF-8");
    ex.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }

  /** The stub's data: one routing for plain requests and batch entries ({@code inBatch}). */
  private static Answer get(String base, String path, String query, boolean inBatch) {
    if (path.equals("metadata")) {
      return new Answer(200, """
          {"resourceType":"CapabilityStatement","status":"active","date":"2026-01-01","kind":"instance",
           "fhirVersion":"4.0.1","format":["json"],"rest":[{"mode":"server","interaction":[%s]}]}"""
          .formatted(advertiseBatch ? "{\"code\":\"transaction\"}" : "{\"code\":\"history-system\"}"));
    }
    if (path.equals("Patient/p1")) {
      return new Answer(200, "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"birthDate\":\"1950-02-03\"}");
    }
    if (path.startsWith("Patient/")) {
      return new Answer(404, "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
          + "\"code\":\"not-found\"}]}");
    }
    if (!query.contains("patient=p1") && !query.contains("subject=Patient%2Fp1") && !query.contains("page=2")) {
      return new Answer(200, bundle(base, null));
    }
    return switch (path) {
      case "Condition" -> new Answer(200, bundle(base, null, """
          {"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1"},
           "code":{"coding":[{"system":"http://snomed.info/sct","code":"254637007"}],"text":"NSCLC"},
           "onsetDateTime":"2020-12-01"}"""));
      case "MedicationStatement" -> query.contains("page=2")
          ? new Answer(200, bundle(base, null, """
              {"resourceType":"MedicationStatement","id":"ms3","status":"completed","subject":{"reference":"Patient/p1"},
               "medicationCodeableConcept":{"text":"pemetrexed"},"effectivePeriod":{"start":"2021-01-05"}}""", """
              {"resourceType":"MedicationStatement","id":"ms2","status":"actve","subject":{"reference":"Patient/p1"},
               "medicationCodeableConcept":{"text":"docetaxel"},"effectivePeriod":{"start":"2021-06-01"}}"""))
          : new Answer(200, bundle(base, base + "/MedicationStatement?patient=p1&_count=2&page=2", """
              {"resourceType":"MedicationStatement","id":"ms1","status":"completed","subject":{"reference":"Patient/p1"},
               "medicationCodeableConcept":{"text":"carboplatin"},"effectivePeriod":{"start":"2021-01-05"}}"""));
      case "Observation" -> inBatch
          ? new Answer(500, "")
          : new Answer(200, bundle(base, null, """
              {"resourceType":"Observation","id":"o1","status":"final","subject":{"reference":"Patient/p1"},
               "code":{"text":"disease status"}}"""));
      case "Procedure" -> new Answer(200, bundle(base, null, """
          {"resourceType":"Procedure","id":"pr1","status":"completed","subject":{"reference":"Patient/p1"},
           "code":{"text":"radiotherapy"},"performedDateTime":"2020-02-30"}"""));
      case "Flag" -> new Answer(200, bundle(base, null, """
          {"resourceType":"Flag","id":"f1","status":"active","subject":{"reference":"Patient/p1"},
           "code":{"text":"likely refractory"}}"""));
      default -> new Answer(200, bundle(base, null));
    };
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
