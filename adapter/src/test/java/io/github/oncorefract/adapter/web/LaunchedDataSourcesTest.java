package io.github.oncorefract.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.oncorefract.ingest.PatientData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The launch's access token goes to the launch's {@code iss} only: a {@code next} link or a redirect the EHR's FHIR
 * server answers with that points at another server (a proxy's internal host name, or anything else) is not followed
 * with the token. In-process JDK HTTP servers: the EHR's FHIR server and the other host.
 */
class LaunchedDataSourcesTest {

  private static final FhirContext CTX = FhirContext.forR4Cached();
  private static final String TOKEN = "secret-launch-token";

  private HttpServer ehr;
  private HttpServer other;
  private String iss;
  private String otherBase;
  private volatile String mode;
  private final List<String> ehrAuth = new CopyOnWriteArrayList<>();
  private final List<String> otherAuth = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    other.createContext("/", ex -> {
      otherAuth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      send(ex, 200, CTX.newJsonParser().encodeResourceToString(new Bundle().setType(Bundle.BundleType.SEARCHSET)));
    });
    other.start();
    otherBase = "http://127.0.0.1:" + other.getAddress().getPort() + "/fhir";
    ehr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ehr.createContext("/", this::ehr);
    ehr.start();
    iss = "http://127.0.0.1:" + ehr.getAddress().getPort() + "/fhir";
  }

  @AfterEach
  void stop() {
    ehr.stop(0);
    other.stop(0);
  }

  @Test
  void readsFromIssWithTheToken() {
    mode = "plain";
    PatientData data = source().fetch("p1");

    assertThat(data.resources()).hasSize(1);
    assertThat(ehrAuth).isNotEmpty().allMatch(("Bearer " + TOKEN)::equals);
  }

  @Test
  void aNextLinkToAnotherHostIsNotFollowedWithTheToken() {
    mode = "next";
    Throwable thrown = catchThrowable(() -> source().fetch("p1"));

    assertThat(otherAuth).noneMatch(a -> a.contains(TOKEN));
    assertThat(thrown).as("the page says the server could not be read").isInstanceOf(RuntimeException.class);
  }

  @Test
  void aRedirectToAnotherHostIsNotFollowedWithTheToken() {
    mode = "redirect";
    Throwable thrown = catchThrowable(() -> source().fetch("p1"));

    assertThat(otherAuth).noneMatch(a -> a.contains(TOKEN));
    assertThat(thrown).as("the page says the server could not be read").isInstanceOf(RuntimeException.class);
  }

  @Test
  void onlyUrlsUnderIssCarryTheToken() {
    java.net.URI base = java.net.URI.create("https://ehr.example/fhir");

    assertThat(LaunchedDataSources.within(base, "https://ehr.example/fhir/Condition?patient=p1")).isTrue();
    assertThat(LaunchedDataSources.within(base, "https://EHR.example:443/fhir/Patient/p1")).isTrue();
    assertThat(LaunchedDataSources.within(base, "https://ehr.example/fhir")).isTrue();
    assertThat(LaunchedDataSources.within(base, "https://ehr.example/fhirevil/Condition")).isFalse();
    assertThat(LaunchedDataSources.within(base, "https://ehr.example/fhir/../admin/Condition")).isFalse();
    assertThat(LaunchedDataSources.within(base, "http://ehr.example/fhir/Condition")).isFalse();
    assertThat(LaunchedDataSources.within(base, "https://ehr.example:8443/fhir/Condition")).isFalse();
    assertThat(LaunchedDataSources.within(base, "https://ehr.example.evil.test/fhir/Condition")).isFalse();
    assertThat(LaunchedDataSources.within(base, "https://x@evil.test/fhir/Condition")).isFalse();
    assertThat(LaunchedDataSources.within(base, "Condition?page=2")).isFalse();
  }

  private io.github.oncorefract.ingest.PatientDataSource source() {
    return new LaunchedDataSources(CTX, 50).forLaunch(
        new SmartSession.LaunchContext(iss, "p1", TOKEN, Instant.now().plusSeconds(600)));
  }

  private void ehr(HttpExchange ex) throws IOException {
    ehrAuth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
    String path = ex.getRequestURI().getPath();
    Resource answer;
    if (path.equals("/fhir/metadata")) {
      CapabilityStatement cs = new CapabilityStatement();
      cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
      cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
      cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
      answer = cs;
    } else if (path.equals("/fhir/Patient/p1")) {
      answer = new Patient().setId("p1");
    } else if (path.equals("/fhir/Condition") && "redirect".equals(mode)) {
      ex.getResponseHeaders().add("Location", otherBase + "/Condition?patient=p1");
      ex.sendResponseHeaders(302, -1);
      ex.close();
      return;
    } else {
      Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET);
      if (path.equals("/fhir/Condition") && "next".equals(mode)) {
        b.addLink().setRelation(Bundle.LINK_NEXT).setUrl(otherBase + "/Condition?page=2");
      }
      answer = b;
    }
    send(ex, 200, CTX.newJsonParser().encodeResourceToString(answer));
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/fhir+json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
