package io.github.oncorefract.adapter.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure shared by every worker: a 429 or 503 seen by one client makes the others wait before they send, on a
 * simulated clock (waits advance it instead of sleeping).
 */
class SharedBackoffTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<Long> sharedWaits = new CopyOnWriteArrayList<>();
  private final SharedBackoff shared = new SharedBackoff(now::get, millis -> {
    sharedWaits.add(millis);
    now.addAndGet(millis);
  });
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void nothingWaitsUntilSomeoneIsThrottled() throws Exception {
    shared.awaitTurn();
    assertThat(sharedWaits).isEmpty();
    assertThat(shared.remainingMillis()).isZero();
  }

  @Test
  void aHoldOffMakesEveryLaterRequestWaitAndALaterOneIsNeverShortened() throws Exception {
    shared.holdOff(2000);
    shared.holdOff(500);
    assertThat(shared.remainingMillis()).isEqualTo(2000);
    shared.awaitTurn();
    shared.awaitTurn();
    assertThat(sharedWaits).containsExactly(2000L);
    assertThat(shared.remainingMillis()).isZero();
  }

  @Test
  void aWaitExtendedMeanwhileIsWaitedForAgain() throws Exception {
    SharedBackoff[] extending = new SharedBackoff[1];
    extending[0] = new SharedBackoff(now::get, millis -> {
      sharedWaits.add(millis);
      now.addAndGet(millis);
      if (sharedWaits.size() == 1) {
        // another worker saw a 429 while this one waited
        extending[0].holdOff(300);
      }
    });
    extending[0].holdOff(1000);
    extending[0].awaitTurn();
    assertThat(sharedWaits).containsExactly(1000L, 300L);
  }

  @Test
  void aThrottledAnswerToOneWorkerMakesAnotherWorkerWaitBeforeItSends() throws Exception {
    server.stubFor(get(urlPathEqualTo("/fhir/Condition")).willReturn(aResponse().withStatus(429)
        .withHeader("Retry-After", "2")));
    server.stubFor(get(urlPathEqualTo("/fhir/Observation")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/fhir+json").withBody("{}")));
    List<Long> ownWaits = new CopyOnWriteArrayList<>();
    ResilientHttpClient throttled = client(0, ownWaits);
    ResilientHttpClient other = client(0, ownWaits);

    assertThat(status(throttled, "/fhir/Condition")).isEqualTo(429);
    assertThat(sharedWaits).isEmpty();
    assertThat(status(other, "/fhir/Observation")).isEqualTo(200);

    // the other worker waited the Retry-After before its request was sent, without a 429 of its own
    assertThat(sharedWaits).containsExactly(2000L);
    server.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Observation")));
    assertThat(ownWaits).isEmpty();
  }

  @Test
  void aNotFoundOrServerErrorSlowsNobodyDown() throws Exception {
    server.stubFor(get(urlPathEqualTo("/fhir/Patient/x")).willReturn(aResponse().withStatus(404)));
    server.stubFor(get(urlPathEqualTo("/fhir/Patient/y")).willReturn(aResponse().withStatus(500)));
    ResilientHttpClient c = client(2, new CopyOnWriteArrayList<>());
    assertThat(status(c, "/fhir/Patient/x")).isEqualTo(404);
    assertThat(status(c, "/fhir/Patient/y")).isEqualTo(500);
    assertThat(shared.remainingMillis()).isZero();
    assertThat(sharedWaits).isEmpty();
  }

  private ResilientHttpClient client(int retries, List<Long> ownWaits) {
    return new ResilientHttpClient(HttpClients.custom().disableRedirectHandling().disableAutomaticRetries().build(),
        new ResilientHttpClient.Policy(retries, Duration.ofMillis(100), Duration.ofSeconds(10)), host -> null, null,
        ownWaits::add, Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC), shared);
  }

  private int status(ResilientHttpClient c, String path) throws Exception {
    try (CloseableHttpResponse r = c.execute(new HttpGet(server.baseUrl() + path))) {
      EntityUtils.consume(r.getEntity());
      return r.getStatusLine().getStatusCode();
    }
  }
}
