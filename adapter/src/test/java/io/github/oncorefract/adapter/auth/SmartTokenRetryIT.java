package io.github.oncorefract.adapter.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.github.oncorefract.adapter.config.ResilientHttpClient;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The SMART Backend Services token endpoint behind a WireMock that fails first: each token request is retried on its
 * own under the FHIR requests' policy (503, 429 with {@code Retry-After} capped, a connection reset, a gateway's HTML
 * page), with a fresh assertion each time, and nothing of the assertion or the token is logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class SmartTokenRetryIT {

  private static WireMockServer auth;
  private static ECKey key;
  private final List<Long> waits = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    key = new ECKeyGenerator(Curve.P_384).keyID("ec-retry").generate();
    auth = new WireMockServer(options().dynamicPort());
    auth.start();
  }

  @AfterAll
  static void stop() {
    auth.stop();
  }

  @BeforeEach
  void reset() {
    auth.resetAll();
    waits.clear();
  }

  @Test
  void aTokenEndpointAnswering503ThenOkIsRetriedWithAFreshAssertionAndRetryAfterCapped(CapturedOutput output)
      throws Exception {
    String s = "token";
    auth.stubFor(post(urlPathEqualTo("/auth/token")).inScenario(s).whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("throttled").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3600")));
    auth.stubFor(post(urlPathEqualTo("/auth/token")).inScenario(s).whenScenarioStateIs("throttled")
        .willSetStateTo("reset").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
    auth.stubFor(post(urlPathEqualTo("/auth/token")).inScenario(s).whenScenarioStateIs("reset")
        .willSetStateTo("html").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    auth.stubFor(post(urlPathEqualTo("/auth/token")).inScenario(s).whenScenarioStateIs("html")
        .willSetStateTo("ok").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
            .withBody("<html><body>Maintenance</body></html>")));
    auth.stubFor(post(urlPathEqualTo("/auth/token")).inScenario(s).whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"access_token\":\"tok-retry-9d2e\",\"token_type\":\"bearer\",\"expires_in\":300}")));

    String token = tokens(4).accessToken();

    assertThat(token).isEqualTo("tok-retry-9d2e");
    var requests = auth.findAll(postRequestedFor(urlPathEqualTo("/auth/token")));
    assertThat(requests).hasSize(5);
    List<String> jtis = requests.stream().map(r -> {
      try {
        return SignedJWT.parse(form(r.getBodyAsString(), "client_assertion")).getJWTClaimsSet().getJWTID();
      } catch (java.text.ParseException e) {
        throw new AssertionError(e);
      }
    }).toList();
    assertThat(jtis).as("a fresh assertion per attempt").doesNotHaveDuplicates();
    // Retry-After 3600 s capped at max-delay (200 ms); Retry-After 1 s capped too; backoff for the reset and the page.
    assertThat(waits).hasSize(4);
    assertThat(waits.get(0)).isEqualTo(200);
    assertThat(waits.get(1)).isEqualTo(200);
    assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(0L, 200L));
    assertThat(output.getAll()).doesNotContain("tok-retry-9d2e").doesNotContain(jtis.get(0))
        .doesNotContain("eyJ");
  }

  @Test
  void discoveryIsRetriedAndARefusalIsNotAndRetriesEndWithATransientFault() throws Exception {
    auth.stubFor(get(urlPathEqualTo("/fhir/.well-known/smart-configuration")).inScenario("d")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up").willReturn(aResponse().withStatus(502)));
    auth.stubFor(get(urlPathEqualTo("/fhir/.well-known/smart-configuration")).inScenario("d")
        .whenScenarioStateIs("up").willReturn(aResponse().withStatus(200).withHeader("Content-Type",
            "application/json").withBody("{\"token_endpoint\":\"" + auth.baseUrl() + "/auth/token\"}")));
    auth.stubFor(post(urlPathEqualTo("/auth/token")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody("{\"error\":\"invalid_client\"}")));

    SmartBackendTokenSource discovering = tokens(3, null);
    assertThatThrownBy(discovering::accessToken).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("HTTP 400 (invalid_client)");
    assertThat(auth.findAll(postRequestedFor(urlPathEqualTo("/auth/token")))).as("a refusal is not retried")
        .hasSize(1);
    assertThat(waits).hasSize(1);

    auth.resetAll();
    waits.clear();
    auth.stubFor(post(urlPathEqualTo("/auth/token")).willReturn(aResponse().withStatus(503)));
    assertThatThrownBy(tokens(2)::accessToken).isInstanceOf(FhirClientConnectionException.class)
        .hasMessageContaining("HTTP 503");
    assertThat(auth.findAll(postRequestedFor(urlPathEqualTo("/auth/token")))).hasSize(3);
    assertThat(waits).hasSize(2);
  }

  private SmartBackendTokenSource tokens(int retries) throws Exception {
    return tokens(retries, URI.create(auth.baseUrl() + "/auth/token"));
  }

  private SmartBackendTokenSource tokens(int retries, URI tokenUrl) throws Exception {
    SmartBackendTokenSource.Settings settings = new SmartBackendTokenSource.Settings(
        URI.create(auth.baseUrl() + "/fhir"), tokenUrl, "oncorefract-retry",
        SmartBackendTokenSource.SigningKey.load(null, key.toJSONString(), "ES384", null), "system/Patient.rs",
        Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofSeconds(5));
    return new SmartBackendTokenSource(settings, HttpClient.newHttpClient(), Clock.systemUTC(),
        new ResilientHttpClient.Policy(retries, Duration.ofMillis(20), Duration.ofMillis(200)), waits::add);
  }

  private static String form(String body, String field) {
    for (String pair : body.split("&")) {
      String[] kv = pair.split("=", 2);
      if (URLDecoder.decode(kv[0], StandardCharsets.UTF_8).equals(field)) {
        return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no " + field);
  }
}
