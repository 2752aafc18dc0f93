package io.github.oncorefract.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.oncorefract.adapter.config.SmartProperties;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;

/**
 * The SMART launch controller with {@code new} against an in-process EHR (JDK HTTP server) that misbehaves: odd
 * {@code expires_in}, a patient that is not a FHIR id, no answer within the timeout, no JSON; and the issuer allow-list
 * against look-alike {@code iss} values.
 */
class SmartLaunchControllerTest {

  private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

  private HttpServer ehr;
  private String iss;
  private volatile String tokenBody;
  private volatile String configBody;
  private final CountDownLatch release = new CountDownLatch(1);
  private SmartLaunchController controller;
  private final MockHttpSession session = new MockHttpSession();

  @BeforeEach
  void start() throws IOException {
    ehr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ehr.createContext("/", this::handle);
    ehr.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    ehr.start();
    iss = "http://127.0.0.1:" + ehr.getAddress().getPort() + "/fhir";
    configBody = "{\"authorization_endpoint\":\"" + iss + "/auth\",\"token_endpoint\":\"" + iss + "/token\"}";
    SmartProperties smart = new SmartProperties(true, "app", null, URI.create("https://adapter.example/smart/callback"),
        "launch patient/*.rs", List.of(URI.create(iss)), Duration.ofMillis(500));
    SmartAuthorizationClient oauth = new SmartAuthorizationClient(
        HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build(), new ObjectMapper(),
        Duration.ofMillis(500));
    controller = new SmartLaunchController(smart, oauth, null, null, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    release.countDown();
    ehr.stop(0);
  }

  @Test
  void anAbsurdExpiresInStillCompletesTheLaunch() {
    tokenBody = "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":1000000000000000000,"
        + "\"patient\":\"p1\"}";

    ResponseEntity<String> done = callback(launch());

    assertThat(done.getStatusCode()).isEqualTo(HttpStatus.FOUND);
    assertThat(done.getHeaders().getLocation()).hasToString("/patients/p1/timeline");
    SmartSession.LaunchContext ctx = SmartSession.launched(session, "p1");
    assertThat(ctx.expired(NOW.plusSeconds(60))).isFalse();
  }

  @Test
  void twoEhrWindowsOfOneBrowserLaunchTwoPatientsSideBySide() {
    // the clinician opens patient A, then patient B in a second window before A's launch came back
    String stateA = launch();
    String stateB = launch();
    tokenBody = "{\"access_token\":\"tb\",\"token_type\":\"Bearer\",\"patient\":\"pb\"}";
    assertThat(callback(stateB).getStatusCode()).isEqualTo(HttpStatus.FOUND);
    tokenBody = "{\"access_token\":\"ta\",\"token_type\":\"Bearer\",\"patient\":\"pa\"}";
    assertThat(callback(stateA).getStatusCode()).isEqualTo(HttpStatus.FOUND);

    // both windows keep their own patient and token
    assertThat(SmartSession.launched(session, "pa").accessToken()).isEqualTo("ta");
    assertThat(SmartSession.launched(session, "pb").accessToken()).isEqualTo("tb");
    // a third launch does not end the others
    launch();
    assertThat(SmartSession.launched(session, "pa")).isNotNull();
    // each state is spent by its callback
    assertThatThrownBy(() -> callback(stateA)).isInstanceOf(WebErrors.PageException.class);
  }

  @Test
  void aNegativeExpiresInIsAnExpiredLaunch() {
    tokenBody = "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":-5,\"patient\":\"p1\"}";

    callback(launch());

    assertThat(SmartSession.launched(session, "p1").expired(NOW)).isTrue();
  }

  @Test
  void aPatientThatIsNotAFhirIdIsRefused() {
    for (String patient : List.of("../../admin", "p1/../../x", "//evil.example", "p1?x=1", "")) {
      tokenBody = "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"patient\":\"" + patient + "\"}";
      String state = launch();
      assertThatThrownBy(() -> callback(state)).as(patient)
          .isInstanceOf(SmartAuthorizationClient.SmartLaunchException.class).hasMessageContaining("patient");
      assertThat(SmartSession.launched(session, patient)).isNull();
    }
  }

  @Test
  void aTokenEndpointThatDoesNotAnswerOrAnswersNoJsonFailsClearly() {
    tokenBody = null; // hangs until the test ends
    String state = launch();
    assertThatThrownBy(() -> callback(state)).isInstanceOf(SmartAuthorizationClient.SmartLaunchException.class)
        .hasMessageContaining("could not be reached");

    tokenBody = "<html>oops</html>";
    String again = launch();
    assertThatThrownBy(() -> callback(again)).isInstanceOf(SmartAuthorizationClient.SmartLaunchException.class)
        .hasMessageContaining("did not answer a JSON object").hasMessageNotContaining("oops");
  }

  @Test
  void lookAlikeIssuersAreRefusedBeforeAnyRequest() {
    String host = "127.0.0.1:" + ehr.getAddress().getPort();
    for (String bad : List.of("http://evil.example@" + host + "/fhir", "http://" + host + "/fhir@evil.example",
        "http://" + host + "/fhir.evil.example", "http://" + host + "/fhir/../other", "http://" + host + "/fhirx",
        "http://" + host + "/fhir?x=1", "http://" + host + ".evil.example/fhir", "https://" + host + "/fhir",
        "javascript://" + host + "/fhir", "http://" + host + "/fhir#x")) {
      assertThatThrownBy(() -> controller.launch("l", bad, request())).as(bad)
          .isInstanceOf(WebErrors.PageException.class)
          .satisfies(e -> assertThat(((WebErrors.PageException) e).status()).isEqualTo(HttpStatus.FORBIDDEN));
    }
    // the same issuer in another spelling is the same issuer
    assertThat(controller.launch("l", "HTTP://" + host + "/fhir/", request()).getStatusCode())
        .isEqualTo(HttpStatus.FOUND);
  }

  // ------------------------------------------------------------------ helpers

  private MockHttpServletRequest request() {
    MockHttpServletRequest r = new MockHttpServletRequest();
    r.setSession(session);
    return r;
  }

  /** Launches and returns the state sent to the authorization endpoint. */
  private String launch() {
    ResponseEntity<String> r = controller.launch("opaque", iss, request());
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.FOUND);
    return query(r.getHeaders().getLocation().getRawQuery()).get("state");
  }

  private ResponseEntity<String> callback(String state) {
    return controller.callback("code-1", state, null, request());
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String body = path.endsWith("/.well-known/smart-configuration") ? configBody
        : path.endsWith("/token") ? tokenBody : null;
    if (body == null) {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String p : raw.split("&")) {
      int i = p.indexOf('=');
      m.put(URLDecoder.decode(p.substring(0, i), StandardCharsets.UTF_8),
          URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
    }
    return m;
  }
}
