package io.github.oncorefract.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.oncorefract.adapter.OncoRefractApplication;
import io.github.oncorefract.adapter.demo.DemoCohortGenerator;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SMART App Launch (EHR launch) of the timeline against an in-process EHR (JDK HTTP server): its
 * {@code .well-known/smart-configuration}, an authorize endpoint that answers with a code, a token endpoint that
 * checks the code, the redirect URI and the PKCE verifier, and a FHIR endpoint serving demo patients only to the
 * launch's bearer token. The adapter's own FHIR server is that EHR (so the default allow-list admits it); the
 * embedded server does not start, which keeps this context small.
 */
@SpringBootTest(classes = OncoRefractApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "adapter.schedule.enabled=false",
      "adapter.schedule.run-at-startup=false",
      "adapter.trials.enabled=false",
      "adapter.smart.enabled=true",
      "adapter.smart.client-id=timeline-app"
    })
class SmartLaunchIT {

  private static final String TOKEN = "launch-token-" + System.nanoTime();
  private static final String PATIENT = "demo-0002";
  private static final HttpServer EHR;
  private static final String BASE;
  private static final String ISS;
  private static volatile FhirContext ctx;
  private static final Map<String, Bundle> PATIENTS = new ConcurrentHashMap<>();
  /** code -> [code_challenge, redirect_uri, client_id] of the authorize request that issued it. */
  private static final Map<String, List<String>> CODES = new ConcurrentHashMap<>();
  private static final List<String> FHIR_AUTH = new CopyOnWriteArrayList<>();
  private static final AtomicInteger DISCOVERIES = new AtomicInteger();
  private static final AtomicInteger TOKENS_ISSUED = new AtomicInteger();

  static {
    try {
      EHR = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    EHR.createContext("/", SmartLaunchIT::handle);
    EHR.start();
    BASE = "http://127.0.0.1:" + EHR.getAddress().getPort();
    ISS = BASE + "/fhir";
  }

  @DynamicPropertySource
  static void ehr(DynamicPropertyRegistry r) {
    r.add("adapter.fhir.base-url", () -> ISS);
  }

  @Autowired FhirContext fhirContext;
  @LocalServerPort int port;

  private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
      .followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void data() {
    ctx = fhirContext;
    if (PATIENTS.isEmpty()) {
      List<Bundle> cohort = new DemoCohortGenerator(fhirContext).generate(3, DemoCohortGenerator.DEFAULT_SEED);
      for (int i = 0; i < cohort.size(); i++) {
        PATIENTS.put(String.format("demo-%04d", i + 1), cohort.get(i));
      }
    }
    FHIR_AUTH.clear();
  }

  @AfterAll
  static void stop() {
    EHR.stop(0);
  }

  @Test
  void launchRedirectsWithPkceAndStateAndTheCallbackOpensTheTimelineOfTheTokensPatient() throws Exception {
    HttpResponse<String> launch = get("/smart/launch?launch=" + enc("opaque-launch-1") + "&iss=" + enc(ISS));

    assertThat(launch.statusCode()).isEqualTo(302);
    URI authorize = URI.create(launch.headers().firstValue("Location").orElseThrow());
    assertThat(authorize.toString()).startsWith(BASE + "/auth/authorize?");
    Map<String, String> q = query(authorize.getRawQuery());
    assertThat(q).containsEntry("response_type", "code").containsEntry("client_id", "timeline-app")
        .containsEntry("redirect_uri", "http://127.0.0.1:" + port + "/smart/callback")
        .containsEntry("launch", "opaque-launch-1").containsEntry("scope", "launch openid fhirUser patient/*.rs")
        .containsEntry("aud", ISS).containsEntry("code_challenge_method", "S256");
    assertThat(q.get("state")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(q.get("code_challenge")).hasSize(43);
    assertThat(launch.headers().firstValue("Cache-Control")).contains("no-store");

    // the EHR authorizes and sends the browser back with a code
    HttpResponse<String> authorized = browser.send(HttpRequest.newBuilder(authorize).build(),
        HttpResponse.BodyHandlers.ofString());
    URI callback = URI.create(authorized.headers().firstValue("Location").orElseThrow());
    assertThat(callback.toString()).startsWith("http://127.0.0.1:" + port + "/smart/callback?");
    HttpResponse<String> done = browser.send(HttpRequest.newBuilder(callback).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
    assertThat(done.headers().firstValue("Location")).contains("/patients/" + PATIENT + "/timeline");
    assertThat(TOKENS_ISSUED.get()).isPositive();

    HttpResponse<String> page = get("/patients/" + PATIENT + "/timeline");
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("Patient/" + PATIENT).contains("class=\"line-band")
        .contains("id=\"status-box\"");
    // read from iss with the launch's token, never without it
    assertThat(FHIR_AUTH).isNotEmpty().allMatch(("Bearer " + TOKEN)::equals);
    assertThat(page.body()).doesNotContain(TOKEN);

    // the launch is for one patient only
    HttpResponse<String> other = get("/patients/demo-0001/timeline");
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("another patient");
  }

  @Test
  void aCallbackWithAnotherStateIsRejected() throws Exception {
    HttpResponse<String> launch = get("/smart/launch?launch=l2&iss=" + enc(ISS));
    assertThat(launch.statusCode()).isEqualTo(302);
    Map<String, String> q = query(URI.create(launch.headers().firstValue("Location").orElseThrow()).getRawQuery());
    String code = issueCode(q);
    int tokens = TOKENS_ISSUED.get();

    HttpResponse<String> forged = get("/smart/callback?code=" + enc(code) + "&state=" + enc("forged-state"));

    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).contains("state does not match");
    assertThat(TOKENS_ISSUED.get()).as("no code exchanged").isEqualTo(tokens);
    assertThat(get("/patients/" + PATIENT + "/timeline").statusCode()).isEqualTo(401);
    // a forged callback does not spend this window's launch (it cannot guess its state) ...
    assertThat(get("/smart/callback?code=" + enc(code) + "&state=" + enc(q.get("state"))).statusCode())
        .isEqualTo(302);
    // ... but the state is spent by its own callback: a replay is refused
    assertThat(get("/smart/callback?code=" + enc(code) + "&state=" + enc(q.get("state"))).statusCode())
        .isEqualTo(400);
  }

  @Test
  void anUntrustedIssuerIsRejectedBeforeAnyRequestToIt() throws Exception {
    int discoveries = DISCOVERIES.get();

    HttpResponse<String> r = get("/smart/launch?launch=x&iss=" + enc("http://127.0.0.1:" + EHR.getAddress().getPort()
        + "/other-fhir"));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("not an allowed issuer");
    assertThat(DISCOVERIES.get()).isEqualTo(discoveries);
    assertThat(get("/smart/launch?launch=x&iss=" + enc("javascript:alert(1)")).statusCode()).isEqualTo(403);
  }

  @Test
  void theTimelineNeedsALaunchWhenSmartIsOn() throws Exception {
    HttpResponse<String> r = get("/patients/" + PATIENT + "/timeline");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.body()).contains("SMART App Launch");
    assertThat(FHIR_AUTH).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  private HttpResponse<String> get(String path) throws Exception {
    return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** What the EHR's authorize endpoint would do: issue a code for this request. */
  private String issueCode(Map<String, String> q) throws Exception {
    URI authorize = URI.create(BASE + "/auth/authorize?" + form(q));
    HttpResponse<String> r = browser.send(HttpRequest.newBuilder(authorize).build(),
        HttpResponse.BodyHandlers.ofString());
    return query(URI.create(r.headers().firstValue("Location").orElseThrow()).getRawQuery()).get("code");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String form(Map<String, String> m) {
    List<String> parts = new ArrayList<>();
    m.forEach((k, v) -> parts.add(enc(k) + "=" + enc(v)));
    return String.join("&", parts);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return m;
    }
    for (String p : raw.split("&")) {
      int i = p.indexOf('=');
      m.put(URLDecoder.decode(i < 0 ? p : p.substring(0, i), StandardCharsets.UTF_8),
          i < 0 ? "" : URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  // ------------------------------------------------------------------ the stub EHR

  private static void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      if (path.equals("/fhir/.well-known/smart-configuration")) {
        DISCOVERIES.incrementAndGet();
        send(ex, 200, "application/json", "{\"authorization_endpoint\":\"" + BASE + "/auth/authorize\","
            + "\"token_endpoint\":\"" + BASE + "/auth/token\",\"code_challenge_methods_supported\":[\"S256\"],"
            + "\"capabilities\":[\"launch-ehr\",\"client-public\",\"context-ehr-patient\"]}");
      } else if (path.equals("/auth/authorize")) {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String code = "code-" + System.nanoTime();
        CODES.put(code, List.of(q.get("code_challenge"), q.get("redirect_uri"), q.get("client_id")));
        ex.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + enc(code) + "&state="
            + enc(q.get("state")));
        send(ex, 302, "text/plain", "");
      } else if (path.equals("/auth/token")) {
        token(ex);
      } else if (path.startsWith("/fhir/")) {
        fhir(ex, path.substring("/fhir/".length()));
      } else {
        send(ex, 404, "text/plain", "not found");
      }
    } catch (RuntimeException e) {
      send(ex, 500, "text/plain", e.getClass().getSimpleName());
    }
  }

  private static void token(HttpExchange ex) throws IOException {
    Map<String, String> f = query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    List<String> issued = CODES.remove(f.getOrDefault("code", ""));
    boolean ok = issued != null && "authorization_code".equals(f.get("grant_type"))
        && issued.get(1).equals(f.get("redirect_uri")) && issued.get(2).equals(f.get("client_id"))
        && f.get("code_verifier") != null
        && issued.get(0).equals(SmartAuthorizationClient.s256(f.get("code_verifier")));
    if (!ok) {
      send(ex, 400, "application/json", "{\"error\":\"invalid_grant\"}");
      return;
    }
    TOKENS_ISSUED.incrementAndGet();
    send(ex, 200, "application/json", "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\","
        + "\"expires_in\":3600,\"scope\":\"launch openid fhirUser patient/*.rs\",\"patient\":\"" + PATIENT + "\"}");
  }

  private static void fhir(HttpExchange ex, String rest) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    FHIR_AUTH.add(String.valueOf(auth));
    if (!("Bearer " + TOKEN).equals(auth)) {
      send(ex, 401, "application/fhir+json", "{\"resourceType\":\"OperationOutcome\"}");
      return;
    }
    Resource answer;
    if (rest.equals("metadata")) {
      CapabilityStatement cs = new CapabilityStatement();
      cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
      cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
      cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
      answer = cs;
    } else if (rest.startsWith("Patient/")) {
      Bundle b = PATIENTS.get(rest.substring("Patient/".length()));
      if (b == null) {
        send(ex, 404, "application/fhir+json", "{\"resourceType\":\"OperationOutcome\"}");
        return;
      }
      answer = of(b, "Patient").get(0);
    } else {
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      Bundle b = PATIENTS.get(q.getOrDefault("patient", "").replace("Patient/", ""));
      Bundle page = new Bundle().setType(Bundle.BundleType.SEARCHSET);
      if (b != null) {
        of(b, rest).forEach(r -> page.addEntry().setResource(r).getSearch().setMode(Bundle.SearchEntryMode.MATCH));
        if (q.containsKey("_include")) {
          of(b, "Medication").forEach(r -> page.addEntry().setResource(r).getSearch()
              .setMode(Bundle.SearchEntryMode.INCLUDE));
        }
      }
      page.setTotal((int) page.getEntry().stream().filter(e -> e.getSearch().getMode()
          == Bundle.SearchEntryMode.MATCH).count());
      answer = page;
    }
    send(ex, 200, "application/fhir+json", ctx.newJsonParser().encodeResourceToString(answer));
  }

  private static List<Resource> of(Bundle b, String type) {
    return b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(r -> r != null && r.fhirType().equals(type)).toList();
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }
}
