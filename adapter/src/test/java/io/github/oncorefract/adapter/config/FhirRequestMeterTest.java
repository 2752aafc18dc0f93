package io.github.oncorefract.adapter.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.HttpDelete;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.entity.StringEntity;
import org.junit.jupiter.api.Test;

class FhirRequestMeterTest {

  private static final String BASE = "http://localhost:8080/fhir";

  private static HttpPost post(String url, String body) {
    HttpPost p = new HttpPost(url);
    p.setEntity(new StringEntity(body, StandardCharsets.UTF_8));
    return p;
  }

  private static String type(HttpRequest r) {
    return FhirRequestMeter.interaction(r.getRequestLine().getMethod(), r.getRequestLine().getUri(), r);
  }

  @Test
  void classifiesTheBulkDataRequests() {
    assertThat(type(new HttpGet(BASE + "/$export?_type=Patient&_since=2026-01-01T00%3A00%3A00Z")))
        .isEqualTo("bulk-export");
    assertThat(type(new HttpGet(BASE + "/Group/g1/$export?_type=Patient"))).isEqualTo("bulk-export");
    assertThat(type(new HttpGet(BASE + "/$export-poll-status?_jobId=abc"))).isEqualTo("bulk-status");
    assertThat(type(new org.apache.http.client.methods.HttpDelete(BASE + "/$export-poll-status?_jobId=abc")))
        .isEqualTo("bulk-status");
    HttpGet file = new HttpGet(BASE + "/Binary/b1");
    file.addHeader("Accept", "application/fhir+ndjson");
    assertThat(type(file)).isEqualTo("bulk-download");
    assertThat(type(new HttpGet(BASE + "/Binary/b1"))).isEqualTo("read");
  }

  @Test
  void classifiesReadsSearchesPagesAndBundles() {
    assertThat(type(new HttpGet(BASE + "/Patient/p1"))).isEqualTo("read");
    assertThat(type(new HttpGet(BASE + "/metadata"))).isEqualTo("read");
    assertThat(type(new HttpGet(BASE + "/Condition?patient=p1&_count=100"))).isEqualTo("search");
    assertThat(type(new HttpGet(BASE + "?_getpages=abc&_getpagesoffset=100"))).isEqualTo("search");
    assertThat(type(post(BASE + "/Observation/_search", "patient=p1"))).isEqualTo("search");
    assertThat(type(post(BASE, "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[]}"))).isEqualTo("batch");
    assertThat(type(post(BASE, "{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"transaction\"}")))
        .isEqualTo("transaction");
    assertThat(type(post(BASE, "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"batch\"/></Bundle>")))
        .isEqualTo("batch");
    assertThat(type(post(BASE + "/Flag", "{\"resourceType\":\"Flag\",\"status\":\"active\"}"))).isEqualTo("create");
    assertThat(type(post(BASE + "/Patient/p1/$everything", "{}"))).isEqualTo("operation");
    assertThat(type(new HttpPut(BASE + "/Flag/f1"))).isEqualTo("update");
    assertThat(type(new HttpDelete(BASE + "/Flag/f1"))).isEqualTo("delete");
  }

  @Test
  void countsByMethodTypeAndKind() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    FhirRequestMeter.count(meters, new HttpGet(BASE + "/Condition?patient=p1"));
    FhirRequestMeter.count(meters, new HttpGet(BASE + "/Condition?patient=p2"));
    FhirRequestMeter.count(meters, post(BASE, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\"}"));
    FhirRequestMeter.count(null, new HttpGet(BASE + "/Condition?patient=p3"));

    assertThat(meters.get(FhirRequestMeter.METER).tags("method", "GET", "type", "search", "kind", "read").counter()
        .count()).isEqualTo(2.0);
    assertThat(meters.get(FhirRequestMeter.METER).tags("kind", "write").counter().count()).isEqualTo(1.0);
  }
}
