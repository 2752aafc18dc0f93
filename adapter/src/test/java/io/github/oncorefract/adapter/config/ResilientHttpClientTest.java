package io.github.oncorefract.adapter.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retrying HTTP layer against a WireMock stub, with the waits recorded instead of slept: {@code Retry-After} in
 * seconds and as an HTTP-date, the cap, backoff with jitter, and what is not retried.
 */
class ResilientHttpClientTest {

  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  private WireMockServer server;
  private final List<Long> waits = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private ResilientHttpClient client(int retries, Duration maxDelay, int socketTimeoutMs) {
    return new ResilientHttpClient(HttpClients.custom().disableRedirectHandling().disableAutomaticRetries()
        .setDefaultRequestConfig(RequestConfig.custom().setSocketTimeout(socketTimeoutMs).build()).build(),
        new ResilientHttpClient.Policy(retries, Duration.ofMillis(100), maxDelay), host -> null, meters, waits::add,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private void failThenSucceed(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder fault) {
    server.stubFor(any(anyUrl()).inScenario("s").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
        .willReturn(fault));
    server.stubFor(any(anyUrl()).inScenario("s").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json").withBody("{}")));
  }

  private int get(ResilientHttpClient c) throws Exception {
    try (CloseableHttpResponse r = c.execute(new HttpGet(server.baseUrl() + "/fhir/Patient"))) {
      EntityUtils.consume(r.getEntity());
      return r.getStatusLine().getStatusCode();
    }
  }

  @Test
  void retryAfterInSecondsIsHonoured() throws Exception {
    failThenSucceed(aResponse().withStatus(429).withHeader("Retry-After", "2"));
    assertThat(get(client(3, Duration.ofSeconds(10), 5000))).isEqualTo(200);
    assertThat(waits).containsExactly(2000L);
    assertThat(meters.get(ResilientHttpClient.RETRIES_METER).tag("reason", "throttled").tag("status", "429")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() throws Exception {
    String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(3).atZone(ZoneOffset.UTC));
    failThenSucceed(aResponse().withStatus(503).withHeader("Retry-After", at));
    assertThat(get(client(3, Duration.ofSeconds(10), 5000))).isEqualTo(200);
    assertThat(waits).containsExactly(3000L);
  }

  @Test
  void retryAfterIsCappedByMaxDelay() throws Exception {
    failThenSucceed(aResponse().withStatus(429).withHeader("Retry-After", "86400"));
    assertThat(get(client(3, Duration.ofSeconds(1), 5000))).isEqualTo(200);
    assertThat(waits).containsExactly(1000L);
  }

  @Test
  void backoffIsExponentialWithJitterAndCapped() throws Exception {
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(504)));
    assertThat(get(client(5, Duration.ofMillis(500), 5000))).isEqualTo(504);
    assertThat(waits).hasSize(5);
    long[][] bounds = {{50, 100}, {100, 200}, {200, 400}, {250, 500}, {250, 500}};
    for (int i = 0; i < 5; i++) {
      assertThat(waits.get(i)).isBetween(bounds[i][0], bounds[i][1]);
    }
    assertThat(server.getAllServeEvents()).hasSize(6);
  }

  @Test
  void aGatewaysHtmlPageIsRetried() throws Exception {
    failThenSucceed(aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
        .withBody("<html>maintenance</html>"));
    assertThat(get(client(3, Duration.ofSeconds(1), 5000))).isEqualTo(200);
    assertThat(meters.get(ResilientHttpClient.RETRIES_METER).tag("reason", "html-error-page").counter().count())
        .isEqualTo(1);
  }

  @Test
  void aConnectionResetIsRetried() throws Exception {
    failThenSucceed(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER));
    assertThat(get(client(3, Duration.ofSeconds(1), 5000))).isEqualTo(200);
    assertThat(meters.get(ResilientHttpClient.RETRIES_METER).tag("reason", "connection").counter().count())
        .isEqualTo(1);
  }

  @Test
  void notFoundAndServerErrorsAreNotRetried() throws Exception {
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404)));
    assertThat(get(client(3, Duration.ofSeconds(1), 5000))).isEqualTo(404);
    assertThat(waits).isEmpty();
    assertThat(server.getAllServeEvents()).hasSize(1);
  }

  @Test
  void aTransactionIsRetriedAfterThrottlingButNotAfterAReadTimeout() throws Exception {
    failThenSucceed(aResponse().withStatus(429));
    HttpPost post = new HttpPost(server.baseUrl() + "/fhir");
    post.setEntity(new StringEntity("{\"resourceType\":\"Bundle\",\"type\":\"transaction\"}"));
    try (CloseableHttpResponse r = client(3, Duration.ofSeconds(1), 5000).execute(post)) {
      assertThat(r.getStatusLine().getStatusCode()).isEqualTo(200);
    }
    server.verify(2, postRequestedFor(urlPathEqualTo("/fhir")));

    server.resetAll();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(1500)));
    HttpPost slow = new HttpPost(server.baseUrl() + "/fhir");
    slow.setEntity(new StringEntity("{}"));
    assertThatThrownBy(() -> client(3, Duration.ofSeconds(1), 300).execute(slow))
        .isInstanceOf(SocketTimeoutException.class);
    server.verify(1, postRequestedFor(urlPathEqualTo("/fhir")));
  }
}
