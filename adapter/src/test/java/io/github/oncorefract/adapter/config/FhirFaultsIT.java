package io.github.oncorefract.adapter.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.oncorefract.adapter.auth.OriginGuardInterceptor;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerEndpoint;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.ingest.Candidates;
import io.github.oncorefract.ingest.CircuitOpenException;
import io.github.oncorefract.ingest.FhirPager;
import io.github.oncorefract.ingest.FhirPatientFinder;
import io.github.oncorefract.ingest.FhirSearchPatientDataSource;
import io.github.oncorefract.ingest.PagingException;
import io.github.oncorefract.ingest.PassCursor;
import io.github.oncorefract.ingest.PatientData;
import io.github.oncorefract.ingest.PatientScope;
import io.github.oncorefract.ingest.TolerantParsing;
import io.github.oncorefract.normalise.PatientNormaliser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One test per fault kind of a real server or proxy, injected by a WireMock proxy in front of the embedded JPA server
 * of the shared test context (most requests are proxied to it unchanged; chosen ones are answered with a fault). A
 * second WireMock plays a foreign origin and records every request: the bearer token must never reach it. The readers
 * are the production ones, built with {@code new} around a client from {@link FhirClients} (as the application builds
 * its own); each result is compared with a direct read of the embedded server: no patient or resource lost, none
 * duplicated.
 *
 * <p>The proxy forwards with the embedded server's own host name, so every {@code next} link the server writes names
 * the embedded origin, not the proxy: the proxy-mismatch case that {@code adapter.fhir.paging.foreign-next-link=rewrite}
 * maps back onto the configured base, exercised by every paged read here.
 */
@EmbeddedFhirServerTest
class FhirFaultsIT {

  private static final String TOKEN = "fault-test-token-7f3a";
  private static WireMockServer proxy;
  private static WireMockServer foreign;

  /** The test's own context, so its short retry delays do not touch the application's (shared) one. */
  private static FhirContext ctx;

  @Autowired FhirContext appCtx;
  @Autowired EmbeddedFhirServerEndpoint embedded;
  @Autowired IGenericClient direct;
  @Autowired PatientNormaliser normaliser;
  @Autowired CircuitBreakers appBreakers;
  @Autowired io.github.oncorefract.routing.PassRunner runner;
  @Autowired io.github.oncorefract.ingest.CursorStore cursors;

  private SimpleMeterRegistry meters;
  private CircuitBreakers breakers;
  private String base;

  @BeforeAll
  static void startProxies() {
    ctx = FhirContext.forR4();
    ctx.setParserErrorHandler(TolerantParsing.errorHandler());
    proxy = new WireMockServer(options().dynamicPort());
    foreign = new WireMockServer(options().dynamicPort());
    proxy.start();
    foreign.start();
  }

  @AfterAll
  static void stopProxies() {
    proxy.stop();
    foreign.stop();
  }

  @BeforeEach
  void proxyEverything() {
    proxy.resetAll();
    foreign.resetAll();
    URI e = URI.create(embedded.baseUrl());
    proxy.stubFor(any(anyUrl()).atPriority(10)
        .willReturn(aResponse().proxiedFrom(e.getScheme() + "://" + e.getHost() + ":" + e.getPort())));
    base = "http://localhost:" + proxy.port() + "/fhir";
    meters = new SimpleMeterRegistry();
    breakers = new CircuitBreakers(new CircuitBreakers.Settings(true, 90, 50, 50, Duration.ofSeconds(30)));
    FhirClients.install(ctx, Duration.ofSeconds(5), Duration.ofSeconds(20),
        new ResilientHttpClient.Policy(4, Duration.ofMillis(5), Duration.ofMillis(50)), breakers, meters);
  }

  @Test
  void theApplicationsClientsGoThroughTheResilientLayer() {
    assertThat(direct).isNotNull();
    assertThat(appCtx.getRestfulClientFactory()).isInstanceOf(FhirClients.ResilientFactory.class);
    assertThat(((FhirClients.ResilientFactory) appCtx.getRestfulClientFactory()).getNativeHttpClient())
        .isInstanceOf(ResilientHttpClient.class);
  }

  @AfterEach
  void theTokenNeverReachedTheForeignOrigin() {
    assertThat(foreign.getAllServeEvents()).as("requests that reached the foreign origin").isEmpty();
  }

  // ---- paging ----

  @Test
  void nextLinkToAnotherOriginOfTheSameServerIsRewrittenOntoTheConfiguredBase() {
    String patient = patientWithAtLeast("Observation", 5);
    Bundle first = direct.search().byUrl("Observation?patient=" + patient + "&_count=2")
        .returnBundle(Bundle.class).execute();
    String nextPath = URI.create(first.getLink(Bundle.LINK_NEXT).getUrl()).getRawPath();
    String nextQuery = URI.create(first.getLink(Bundle.LINK_NEXT).getUrl()).getRawQuery();
    first.getLink(Bundle.LINK_NEXT).setUrl("http://localhost:" + foreign.port() + nextPath + "?" + nextQuery);
    proxy.stubFor(get(urlPathEqualTo("/fhir/Observation")).atPriority(1)
        .willReturn(fhirJson(ctx.newJsonParser().encodeResourceToString(first))));

    FhirPager.Result viaProxy = pager(FhirPager.ForeignNextLink.REWRITE, 1000)
        .search(client(), "Observation", "Observation?patient=" + patient + "&_count=2");

    assertThat(ids(viaProxy.matches())).isEqualTo(directIds("Observation", patient));
    proxy.verify(getRequestedFor(urlPathEqualTo("/fhir")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void nextLinkToAnotherOriginIsRefusedByPolicyBeforeAnythingIsSent() {
    String patient = patientWithAtLeast("Observation", 3);
    Bundle first = direct.search().byUrl("Observation?patient=" + patient + "&_count=2")
        .returnBundle(Bundle.class).execute();
    URI next = URI.create(first.getLink(Bundle.LINK_NEXT).getUrl());
    first.getLink(Bundle.LINK_NEXT).setUrl("http://localhost:" + foreign.port() + next.getRawPath() + "?"
        + next.getRawQuery());
    proxy.stubFor(get(urlPathEqualTo("/fhir/Observation")).atPriority(1)
        .willReturn(fhirJson(ctx.newJsonParser().encodeResourceToString(first))));

    assertThatThrownBy(() -> pager(FhirPager.ForeignNextLink.REFUSE, 1000)
        .search(client(), "Observation", "Observation?patient=" + patient + "&_count=2"))
        .isInstanceOf(PagingException.class).hasMessageContaining("leaves the configured FHIR base URL")
        .hasMessageNotContaining("localhost");
  }

  @Test
  void nextLinkOutsideTheServersBaseIsRefusedEvenWhenRewriting() {
    proxy.stubFor(get(urlPathEqualTo("/fhir/Condition")).atPriority(1).willReturn(fhirJson(page(
        "http://localhost:" + foreign.port() + "/fhir/../steal?x=1", 0, condition("dup", "1")))));
    assertThatThrownBy(() -> pager(FhirPager.ForeignNextLink.REWRITE, 1000)
        .search(client(), "Condition", "Condition?patient=nobody"))
        .isInstanceOf(PagingException.class).hasMessageContaining("leaves the configured FHIR base URL");
  }

  @Test
  void requestsOutsideTheBaseAndRedirectsAreNeverSentWithTheToken() {
    IGenericClient c = client();
    assertThatThrownBy(() -> c.search().byUrl("http://localhost:" + foreign.port() + "/fhir/Patient")
        .returnBundle(Bundle.class).execute()).isInstanceOf(OriginGuardInterceptor.ForeignOriginException.class);
    assertThatThrownBy(() -> c.search().byUrl(base + "/../admin/Patient").returnBundle(Bundle.class).execute())
        .isInstanceOf(OriginGuardInterceptor.ForeignOriginException.class);

    proxy.stubFor(get(urlPathEqualTo("/fhir/Patient/moved")).atPriority(1).willReturn(aResponse().withStatus(302)
        .withHeader("Location", "http://localhost:" + foreign.port() + "/fhir/Patient/moved")));
    assertThatThrownBy(() -> c.read().resource("Patient").withId("moved").execute()).isInstanceOf(
        RuntimeException.class);
  }

  @Test
  void goneOnAPageRestartsTheSearchFromItsFirstPage() {
    String patient = patientWithAtLeast("Observation", 5);
    proxy.stubFor(get(urlPathEqualTo("/fhir")).withQueryParam("_getpages", matching(".+")).atPriority(1)
        .inScenario("gone").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("served")
        .willReturn(aResponse().withStatus(410).withHeader("Content-Type", "application/fhir+json")
            .withBody("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"gone\"}]}")));

    PatientData data = new FhirSearchPatientDataSource(this::client, 2, pager(FhirPager.ForeignNextLink.REWRITE, 1000))
        .fetch(patient);

    assertThat(idsOfType(data.resources(), "Observation")).isEqualTo(directIds("Observation", patient));
    assertNoDuplicates(data.resources());
  }

  @Test
  void goneOnEveryPageStopsAfterTheAllowedRestarts() {
    String patient = patientWithAtLeast("Observation", 3);
    proxy.stubFor(get(urlPathEqualTo("/fhir")).withQueryParam("_getpages", matching(".+")).atPriority(1)
        .willReturn(aResponse().withStatus(410)));
    assertThatThrownBy(() -> new FhirPager(new FhirPager.Settings(1000, 2, FhirPager.ForeignNextLink.REWRITE))
        .search(client(), "Observation", "Observation?patient=" + patient + "&_count=2"))
        .isInstanceOf(PagingException.class).hasMessageContaining("after 2 restarts");
  }

  @Test
  void anEmptyPageWithANextLinkIsAskedAgainAndNothingIsLost() {
    String patient = patientWithAtLeast("Observation", 5);
    Bundle first = direct.search().byUrl("Observation?patient=" + patient + "&_count=2")
        .returnBundle(Bundle.class).execute();
    first.getEntry().clear();
    proxy.stubFor(get(urlPathEqualTo("/fhir/Observation")).atPriority(1)
        .inScenario("withheld").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("served")
        .willReturn(fhirJson(ctx.newJsonParser().encodeResourceToString(first))));

    FhirPager.Result result = pager(FhirPager.ForeignNextLink.REWRITE, 1000)
        .search(client(), "Observation", "Observation?patient=" + patient + "&_count=2");

    assertThat(ids(result.matches())).isEqualTo(directIds("Observation", patient));
  }

  @Test
  void aPersistentlyEmptyPageIsNotTakenAsTheEndAndBundleTotalIsNotTakenAsComplete() {
    // Page 1: empty with a next link, total 1 (wrong). Page 2: two resources, no next.
    proxy.stubFor(get(urlPathEqualTo("/fhir/Condition")).atPriority(1)
        .willReturn(fhirJson(page(base + "?_getpages=p2", 1))));
    proxy.stubFor(get(urlPathEqualTo("/fhir")).withQueryParam("_getpages", equalTo("p2")).atPriority(1)
        .willReturn(fhirJson(page(null, 1, condition("a", "1"), condition("b", "1")))));

    FhirPager.Result result = pager(FhirPager.ForeignNextLink.REWRITE, 1000)
        .search(client(), "Condition", "Condition?patient=nobody");

    assertThat(ids(result.matches())).containsExactly("Condition/a", "Condition/b");
  }

  @Test
  void duplicatesAcrossPagesAreKeptOnceAtTheirHighestVersion() {
    proxy.stubFor(get(urlPathEqualTo("/fhir/Condition")).atPriority(1)
        .willReturn(fhirJson(page(base + "?_getpages=d2", 0, condition("a", "1"), condition("b", "3")))));
    proxy.stubFor(get(urlPathEqualTo("/fhir")).withQueryParam("_getpages", equalTo("d2")).atPriority(1)
        .willReturn(fhirJson(page(null, 0, condition("a", "2"), condition("b", "2")))));

    FhirPager.Result result = pager(FhirPager.ForeignNextLink.REWRITE, 1000)
        .search(client(), "Condition", "Condition?patient=nobody");

    assertThat(result.matches()).extracting(r -> r.getIdElement().getIdPart() + "@" + r.getMeta().getVersionId())
        .containsExactly("a@2", "b@3");
  }

  @Test
  void aRepeatingNextLinkStopsWithAClearError() {
    proxy.stubFor(get(urlPathEqualTo("/fhir/Condition")).atPriority(1)
        .willReturn(fhirJson(page(base + "?_getpages=loop", 0, condition("a", "1")))));
    proxy.stubFor(get(urlPathEqualTo("/fhir")).withQueryParam("_getpages", equalTo("loop")).atPriority(1)
        .willReturn(fhirJson(page(base + "?_getpages=loop", 0, condition("b", "1")))));

    assertThatThrownBy(() -> pager(FhirPager.ForeignNextLink.REWRITE, 1000)
        .search(client(), "Condition", "Condition?patient=nobody"))
        .isInstanceOf(PagingException.class).hasMessageContaining("repeats an earlier page");
  }

  @Test
  void runawayPagingIsCappedByMaxPages() {
    String patient = patientWithAtLeast("Observation", 4);
    assertThatThrownBy(() -> pager(FhirPager.ForeignNextLink.REWRITE, 2)
        .search(client(), "Observation", "Observation?patient=" + patient + "&_count=1"))
        .isInstanceOf(PagingException.class).hasMessageContaining("after 2 pages (adapter.fhir.paging.max-pages)");
  }

  // ---- retries ----

  @Test
  void throttlingGatewayPagesAndResetsAreRetriedPerRequest() {
    String patient = patientWithAtLeast("Observation", 3);
    String s = "faults";
    proxy.stubFor(get(urlPathEqualTo("/fhir/Observation")).atPriority(1).inScenario(s)
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("2")
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
    proxy.stubFor(get(urlPathEqualTo("/fhir/Observation")).atPriority(1).inScenario(s)
        .whenScenarioStateIs("2").willSetStateTo("3")
        .willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
            .withBody("<html><body>Bad Gateway</body></html>")));
    proxy.stubFor(get(urlPathEqualTo("/fhir/Observation")).atPriority(1).inScenario(s)
        .whenScenarioStateIs("3").willSetStateTo("4")
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    proxy.stubFor(get(urlPathEqualTo("/fhir/Observation")).atPriority(1).inScenario(s)
        .whenScenarioStateIs("4").willSetStateTo("5")
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
            .withBody("<html><body>Please wait</body></html>")));

    long started = System.nanoTime();
    PatientData data = new FhirSearchPatientDataSource(this::client, 2, pager(FhirPager.ForeignNextLink.REWRITE, 1000))
        .fetch(patient);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("Retry-After capped by max-delay")
        .isLessThan(Duration.ofSeconds(30));
    assertThat(idsOfType(data.resources(), "Observation")).isEqualTo(directIds("Observation", patient));
    assertThat(retries("throttled", "429")).isEqualTo(1);
    assertThat(retries("html-error-page", "502")).isEqualTo(1);
    assertThat(retries("connection", "none")).isEqualTo(1);
    assertThat(retries("html-error-page", "200")).isEqualTo(1);
  }

  @Test
  void aThrottledCandidateSearchNoLongerFailsThePassAndLosesNoPatient() {
    proxy.stubFor(get(urlPathEqualTo("/fhir/Condition")).atPriority(1).inScenario("throttled")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("served")
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")));
    proxy.stubFor(get(urlPathEqualTo("/fhir")).withQueryParam("_getpages", matching(".+")).atPriority(1)
        .inScenario("gone").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("served")
        .willReturn(aResponse().withStatus(503)));

    Candidates viaProxy = new FhirPatientFinder(this::client, new PatientScope(Set.of(), null),
        normaliser::isCancerCondition, 7, pager(FhirPager.ForeignNextLink.REWRITE, 1000))
        .find(new PassCursor(null, Set.of()));
    Candidates straight = new FhirPatientFinder(() -> direct, new PatientScope(Set.of(), null),
        normaliser::isCancerCondition, 200).find(new PassCursor(null, Set.of()));

    assertThat(viaProxy.patientIds()).isNotEmpty().isEqualTo(straight.patientIds());
    assertThat(retries("throttled", "429")).isEqualTo(1);
    assertThat(retries("unavailable", "503")).isEqualTo(1);
  }

  @Test
  void aFailingServerOpensTheCircuitAndIsNoLongerSentTo() {
    proxy.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)));
    breakers = new CircuitBreakers(new CircuitBreakers.Settings(true, 50, 4, 4, Duration.ofMinutes(5)));
    FhirClients.install(ctx, Duration.ofSeconds(5), Duration.ofSeconds(10),
        new ResilientHttpClient.Policy(1, Duration.ofMillis(1), Duration.ofMillis(5)), breakers, meters);
    breakers.registerGauge(base, meters);
    IGenericClient c = client();

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> c.read().resource("Patient").withId("any").execute())
          .isInstanceOf(ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException.class);
    }
    int sent = proxy.getAllServeEvents().size();
    assertThatThrownBy(() -> c.read().resource("Patient").withId("any").execute())
        .hasRootCauseInstanceOf(CircuitOpenException.class);
    assertThat(proxy.getAllServeEvents()).hasSize(sent);
    assertThat(sent).isEqualTo(4);
    assertThat(meters.get(CircuitBreakers.STATE_METER).gauge().value()).isEqualTo(1.0);
  }

  @Test
  void anOpenCircuitStopsThePassWithAClearAlertAndKeepsTheCursor() {
    Set<String> patients = new TreeSet<>(new FhirPatientFinder(() -> direct, new PatientScope(Set.of(), null),
        normaliser::isCancerCondition, 200).find(new PassCursor(null, Set.of())).patientIds());
    List<String> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
    runner.addFailureListener((trigger, reason) -> alerts.add(reason));
    PassCursor before = cursors.load("embedded");
    var breaker = appBreakers.forUrl(embedded.baseUrl());
    breaker.transitionToForcedOpenState();
    try {
      // Mid-pass: the first patient meets the open circuit and the pass stops instead of going through everyone.
      assertThatThrownBy(() -> runner.runTargeted("fault-test", patients, Duration.ofSeconds(30)))
          .satisfies(e -> assertThat(io.github.oncorefract.routing.FaultClassifier.isCircuitOpen(e)).isTrue());
      // At the start: the candidate search meets it.
      assertThatThrownBy(() -> runner.run("fault-test", false, true))
          .satisfies(e -> assertThat(io.github.oncorefract.routing.FaultClassifier.isCircuitOpen(e)).isTrue());
    } finally {
      breaker.transitionToClosedState();
    }
    assertThat(alerts).hasSize(2).allSatisfy(a -> assertThat(a).contains("circuit breaker open"));
    assertThat(cursors.load("embedded")).isEqualTo(before);
  }

  // ---- helpers ----

  private IGenericClient client() {
    return FhirClients.create(ctx, base, List.of(new BearerTokenAuthInterceptor(TOKEN)));
  }

  private static FhirPager pager(FhirPager.ForeignNextLink policy, int maxPages) {
    return new FhirPager(new FhirPager.Settings(maxPages, 3, policy));
  }

  private double retries(String reason, String status) {
    var c = meters.find(ResilientHttpClient.RETRIES_METER).tag("reason", reason).tag("status", status).counter();
    return c == null ? 0 : c.count();
  }

  /** A demo patient with at least {@code n} resources of a type (read directly). */
  private String patientWithAtLeast(String type, int n) {
    Bundle b = direct.search().byUrl(type + "?_count=500&_elements=subject").returnBundle(Bundle.class).execute();
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    for (Bundle.BundleEntryComponent e : b.getEntry()) {
      if (e.getResource() instanceof Observation o && o.getSubject().hasReference()) {
        counts.merge(o.getSubject().getReferenceElement().getIdPart(), 1, Integer::sum);
      }
    }
    return counts.entrySet().stream().filter(e -> e.getValue() >= n).map(java.util.Map.Entry::getKey).findFirst()
        .orElseThrow(() -> new AssertionError("no demo patient with " + n + " " + type));
  }

  private Set<String> directIds(String type, String patient) {
    Bundle b = direct.search().byUrl(type + "?patient=" + patient + "&_count=1000").returnBundle(Bundle.class)
        .execute();
    assertThat(b.getLink(Bundle.LINK_NEXT)).isNull();
    return ids(b.getEntry().stream().map(e -> (IBaseResource) e.getResource()).toList());
  }

  private static Set<String> ids(List<? extends IBaseResource> resources) {
    return new TreeSet<>(resources.stream().map(r -> r.getIdElement().toUnqualifiedVersionless().getValue())
        .toList());
  }

  private static Set<String> idsOfType(List<IBaseResource> resources, String type) {
    return ids(resources.stream().filter(r -> r.fhirType().equals(type)).toList());
  }

  private static void assertNoDuplicates(List<IBaseResource> resources) {
    List<String> keys = resources.stream().map(r -> r.getIdElement().toUnqualifiedVersionless().getValue()).toList();
    assertThat(keys).doesNotHaveDuplicates();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder fhirJson(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json;charset=UTF-8")
        .withBody(body);
  }

  private String page(String next, int total, Condition... conditions) {
    Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET);
    if (total > 0) {
      b.setTotal(total);
    }
    b.addLink().setRelation(Bundle.LINK_SELF).setUrl(base + "/Condition");
    if (next != null) {
      b.addLink().setRelation(Bundle.LINK_NEXT).setUrl(next);
    }
    for (Condition c : conditions) {
      b.addEntry().setFullUrl(base + "/Condition/" + c.getIdElement().getIdPart()).setResource(c).getSearch()
          .setMode(Bundle.SearchEntryMode.MATCH);
    }
    return ctx.newJsonParser().encodeResourceToString(b);
  }

  private static Condition condition(String id, String version) {
    Condition c = new Condition();
    c.setId(new org.hl7.fhir.r4.model.IdType("Condition", id, version));
    c.getMeta().setVersionId(version);
    c.getSubject().setReference("Patient/nobody");
    return c;
  }
}
