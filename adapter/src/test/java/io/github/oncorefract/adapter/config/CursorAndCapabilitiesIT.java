package io.github.oncorefract.adapter.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.oncorefract.adapter.api.ApiErrors;
import io.github.oncorefract.adapter.api.AssessmentController;
import io.github.oncorefract.adapter.api.DeadLetterController;
import io.github.oncorefract.adapter.demo.DemoCohortGenerator;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerEndpoint;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.adapter.ops.ConfigurationAlerts;
import io.github.oncorefract.adapter.ops.PassGate;
import io.github.oncorefract.assessment.PatientAssessor;
import io.github.oncorefract.deadletter.DeadLetters;
import io.github.oncorefract.deadletter.InMemoryDeadLetterStore;
import io.github.oncorefract.ingest.FhirPager;
import io.github.oncorefract.ingest.FhirPatientFinder;
import io.github.oncorefract.ingest.FhirSearchPatientDataSource;
import io.github.oncorefract.ingest.FileCursorStore;
import io.github.oncorefract.ingest.InMemoryCursorStore;
import io.github.oncorefract.ingest.PassCursor;
import io.github.oncorefract.ingest.PatientData;
import io.github.oncorefract.ingest.PatientScope;
import io.github.oncorefract.ingest.TolerantParsing;
import io.github.oncorefract.normalise.PatientNormaliser;
import io.github.oncorefract.publish.PlanValidator;
import io.github.oncorefract.publish.TransactionPublisher;
import io.github.oncorefract.routing.AssessmentPipeline;
import io.github.oncorefract.routing.AssessmentRoutes;
import io.github.oncorefract.routing.FaultClassifier;
import io.github.oncorefract.routing.PassCoordinator;
import io.github.oncorefract.routing.PassRequest;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassState;
import io.github.oncorefract.routing.RetryPolicy;
import io.github.oncorefract.routing.WriteMode;
import io.github.oncorefract.suggest.SuggestionResourceBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.impl.DefaultCamelContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The incremental cursor and the server's capabilities, with a WireMock proxy in front of the embedded JPA server of
 * the shared test context (set up as in {@link FhirFaultsIT}): the cursor follows the server's {@code Date}, not the
 * adapter's clock, and the next pass searches from it minus the overlap; a search the server refuses as invalid (400)
 * stops the pass with an alert and keeps the cursor; Observations are searched per category where the server requires
 * it; a dead-letter replay re-checks the scope.
 */
@EmbeddedFhirServerTest
@ExtendWith(OutputCaptureExtension.class)
class CursorAndCapabilitiesIT {

  private static final Duration OVERLAP = Duration.ofMinutes(2);
  private static WireMockServer proxy;
  private static FhirContext ctx;
  private static List<String> cancerPatients;

  @Autowired EmbeddedFhirServerEndpoint embedded;
  @Autowired IGenericClient direct;
  @Autowired PatientNormaliser normaliser;
  @Autowired PatientAssessor assessor;
  @Autowired TransactionPublisher publisher;
  @Autowired PlanValidator validator;
  @Autowired PassRunner appRunner;

  @TempDir Path state;
  private String base;

  @BeforeAll
  static void startProxy() {
    ctx = FhirContext.forR4();
    ctx.setParserErrorHandler(TolerantParsing.errorHandler());
    proxy = new WireMockServer(options().dynamicPort());
    proxy.start();
  }

  @AfterAll
  static void stopProxy() {
    proxy.stop();
  }

  @BeforeEach
  void proxyEverything() {
    proxy.resetAll();
    URI e = URI.create(embedded.baseUrl());
    proxy.stubFor(any(anyUrl()).atPriority(10)
        .willReturn(aResponse().proxiedFrom(e.getScheme() + "://" + e.getHost() + ":" + e.getPort())));
    base = "http://localhost:" + proxy.port() + "/fhir";
    FhirClients.install(ctx, Duration.ofSeconds(5), Duration.ofSeconds(20),
        new ResilientHttpClient.Policy(2, Duration.ofMillis(5), Duration.ofMillis(20)),
        new CircuitBreakers(new CircuitBreakers.Settings(false, 50, 20, 10, Duration.ofSeconds(30))), null);
  }

  // ---- the incremental cursor ----

  @Test
  void theCursorIsTheServersDateStoredInUtcAndTheNextPassSearchesFromItMinusTheOverlap() throws Exception {
    String patient = cancerPatients().get(0);
    String firstSearch = "Condition?patient=" + patient + "&_elements=subject,code,verificationStatus&_count=50";
    Bundle canned = direct.search().byUrl(firstSearch).returnBundle(Bundle.class).execute();
    // The server's clock, deliberately three days ahead of the adapter's (ahead, so the second pass finds no change
    // and stays quick on the shared server).
    Instant serverDate = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    proxy.stubFor(get(urlPathEqualTo("/fhir/Condition")).atPriority(1).inScenario("date")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("served")
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json;charset=UTF-8")
            .withHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(serverDate.atOffset(ZoneOffset.UTC)))
            .withBody(ctx.newJsonParser().encodeResourceToString(canned))));
    FileCursorStore cursors = new FileCursorStore(state);
    PassCoordinator coordinator = new PassCoordinator(finder(new PatientScope(Set.of(patient), null)), cursors,
        "it", WriteMode.WRITE, Clock.systemUTC());

    PassState first = coordinator.begin(new PassRequest("api", false, false));
    assertThat(first.candidates().patientIds()).containsExactly(patient);
    assertThat(first.candidates().newHighWater()).isEqualTo(serverDate);
    assertThat(cursors.load("it").firstPass()).as("not stored before the pass completes").isTrue();
    coordinator.complete(first);

    assertThat(cursors.load("it").highWater()).isEqualTo(serverDate);
    try (var files = Files.list(state)) {
      assertThat(Files.readString(files.findFirst().orElseThrow()))
          .contains("\"highWater\":\"" + DateTimeFormatter.ISO_INSTANT.format(serverDate) + "\"");
    }

    Instant before = Instant.now();
    PassState second = coordinator.begin(new PassRequest("api", false, false));
    Instant after = Instant.now();
    String expected = "ge" + DateTimeFormatter.ISO_INSTANT.format(serverDate.minus(OVERLAP));
    for (String type : List.of("Condition", "MedicationStatement", "MedicationRequest", "MedicationAdministration",
        "Observation", "Procedure")) {
      proxy.verify(1, getRequestedFor(urlPathEqualTo("/fhir/" + type))
          .withQueryParam("_lastUpdated", equalTo(expected)));
      // encoded on the wire: ':' as %3A, so the '+' of an offset could never arrive as a space
      proxy.verify(1, getRequestedFor(urlMatching(
          "/fhir/" + type + "\\?_lastUpdated=ge\\d{4}-\\d\\d-\\d\\dT\\d\\d%3A\\d\\d%3A\\d\\dZ&.*")));
    }
    assertThat(second.candidates().patientIds()).as("nothing changed after the server's date").isEmpty();
    // The second pass's first response came from the embedded server through the proxy: its own Date, not the canned.
    assertThat(second.candidates().newHighWater()).isBetween(before.minusSeconds(2), after.plusSeconds(2));
  }

  // ---- server capabilities ----

  @Test
  void aSearchTheServerRefusesAsInvalidStopsThePassWithAnAlertAndKeepsTheCursor(CapturedOutput output)
      throws Exception {
    List<String> patients = cancerPatients().subList(0, 3);
    proxy.stubFor(get(urlPathEqualTo("/fhir/Procedure")).atPriority(1).willReturn(invalidSearch()));
    InMemoryCursorStore cursors = new InMemoryCursorStore();
    PassCursor kept = new PassCursor(Instant.parse("2026-12-01T10:00:00Z"), Set.of(patients.get(2)));
    cursors.save("it", kept);
    FhirPatientFinder finder = finder(new PatientScope(new TreeSet<>(patients), null));
    PassCoordinator coordinator = new PassCoordinator(finder, cursors, "it", WriteMode.WRITE, Clock.systemUTC());
    AssessmentPipeline pipeline = new AssessmentPipeline(
        new FhirSearchPatientDataSource(this::client, 50, FhirPager.defaults()), normaliser::normalise,
        assessor::assess, new SuggestionResourceBuilder(), publisher, validator, WriteMode.DRY_RUN, Clock.systemUTC());

    try (DefaultCamelContext camel = new DefaultCamelContext()) {
      PassRunner runner = new PassRunner(camel.createProducerTemplate(), null, Clock.systemUTC());
      camel.addRoutes(new AssessmentRoutes(coordinator, pipeline, new RetryPolicy(1, 1, 5), null, runner));
      camel.start();
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      new ConfigurationAlerts(meters, runner);
      List<String> alerts = new CopyOnWriteArrayList<>();
      runner.addFailureListener((trigger, reason) -> alerts.add(reason));

      // Mid-pass: the first patient's Procedure search is refused; the other patients are not even read.
      assertThatThrownBy(() -> runner.run("api", true, false))
          .satisfies(e -> assertThat(FaultClassifier.isConfigurationFault(e)).isTrue());
      proxy.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Procedure")));
      proxy.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Patient/" + patients.get(0))));
      proxy.verify(0, getRequestedFor(urlPathEqualTo("/fhir/Patient/" + patients.get(1))));
      assertThat(cursors.load("it")).as("cursor kept").isEqualTo(kept);
      assertThat(alerts).hasSize(1);
      assertThat(alerts.get(0)).contains("Procedure").contains("[_count, patient]").contains("configuration error")
          .doesNotContain(patients.get(0));
      assertThat(meters.get(ConfigurationAlerts.METER).counter().count()).isEqualTo(1.0);
      assertThat(output.getAll()).containsPattern("ERROR .*stopped by a configuration error: .*Procedure.*"
          + "\\[_count, patient\\]").doesNotContain("secret-value-7c1");

      // The operator's answer: 502 with a clear OperationOutcome, as for an open circuit breaker.
      MockMvc mvc = MockMvcBuilders.standaloneSetup(new AssessmentController(runner, null,
              new PassGate(() -> true, () -> ReadinessState.ACCEPTING_TRAFFIC)))
          .setControllerAdvice(new ApiErrors(ctx)).build();
      mvc.perform(post("/api/assessments/run").param("full", "true")).andExpect(status().isBadGateway())
          .andExpect(content().string(org.hamcrest.Matchers.containsString("\"code\":\"not-supported\"")))
          .andExpect(content().string(org.hamcrest.Matchers.containsString("Configuration error")))
          .andExpect(content().string(org.hamcrest.Matchers.not(
              org.hamcrest.Matchers.containsString(patients.get(0)))));

      // At the start: the candidate search itself is refused.
      proxy.stubFor(get(urlPathEqualTo("/fhir/Condition")).atPriority(1).willReturn(invalidSearch()));
      assertThatThrownBy(() -> runner.run("api", false, false))
          .satisfies(e -> assertThat(FaultClassifier.configurationFault(e).resourceType()).isEqualTo("Condition"));
      assertThat(cursors.load("it")).isEqualTo(kept);
      assertThat(meters.get(ConfigurationAlerts.METER).counter().count()).isEqualTo(3.0);
    }
  }

  @Test
  void observationsAreSearchedPerCategoryOnceTheServerRequiresACategory() {
    String patient = patientWithAtLeast(3);
    String other = cancerPatients().stream().filter(p -> !p.equals(patient)).findFirst().orElseThrow();
    proxy.stubFor(get(urlPathEqualTo("/fhir/Observation")).withQueryParam("category", absent()).atPriority(1)
        .willReturn(invalidSearch()));
    FhirSearchPatientDataSource source = new FhirSearchPatientDataSource(this::client, 50, FhirPager.defaults());

    PatientData data = source.fetch(patient);
    source.fetch(other);

    assertThat(idsOfType(data.resources(), "Observation")).isNotEmpty().isEqualTo(directIds(patient,
        String.join(",", FhirSearchPatientDataSource.DEFAULT_OBSERVATION_CATEGORIES)));
    assertThat(data.resources().stream().map(r -> r.getIdElement().toUnqualifiedVersionless().getValue()))
        .doesNotHaveDuplicates();
    proxy.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Observation")).withQueryParam("category", absent()));
    proxy.verify(2 * FhirSearchPatientDataSource.DEFAULT_OBSERVATION_CATEGORIES.size(),
        getRequestedFor(urlPathEqualTo("/fhir/Observation")).withQueryParam("category", matching(".+")));

    // Configured categories: only those are searched, never without one.
    PatientData lab = new FhirSearchPatientDataSource(this::client, 50, FhirPager.defaults(), List.of("laboratory"))
        .fetch(patient);
    assertThat(idsOfType(lab.resources(), "Observation")).isEqualTo(directIds(patient, "laboratory"));
    proxy.verify(1, getRequestedFor(urlPathEqualTo("/fhir/Observation")).withQueryParam("category", absent()));
  }

  // ---- dead letters and the scope ----

  @Test
  void aDeadLetterNoLongerInScopeIsNotReplayedButReportedAndRemoved() {
    String inScope = cancerPatients().get(0);
    DeadLetters ledger = new DeadLetters(new InMemoryDeadLetterStore(), "it", 1, Clock.systemUTC());
    ledger.record(List.of(), List.of(new DeadLetters.FailedAttempt("dl-left-scope-1", "fetch", "HTTP 503", true),
        new DeadLetters.FailedAttempt(inScope, "fetch", "HTTP 503", true)));
    DeadLetterController controller = new DeadLetterController(ledger, appRunner,
        new FhirPatientFinder(() -> direct, new PatientScope(Set.of(inScope), null), normaliser::isCancerCondition,
            50), new PassGate(() -> true, () -> ReadinessState.ACCEPTING_TRAFFIC), new SimpleMeterRegistry());

    DeadLetterController.ReplayView one = controller.replay("dl-left-scope-1");
    assertThat(one.outOfScope()).containsExactly("dl-left-scope-1");
    assertThat(one.replayed()).isZero();
    assertThat(ledger.ids()).containsExactly(inScope);

    DeadLetterController.ReplayView all = controller.replayAll();
    assertThat(all.outOfScope()).isEmpty();
    assertThat(all.replayed()).isEqualTo(1);
    assertThat(all.recovered()).containsExactly(inScope);
  }

  @Test
  void aTagScopeIsCheckedOnTheServer() {
    // A demo patient (other ITs of the shared context load untagged patients too)
    String demo = cancerPatients().stream().filter(id -> id.startsWith("demo-")).findFirst().orElseThrow();
    String tag = DemoCohortGenerator.TAG_SYSTEM + "|" + DemoCohortGenerator.TAG_CODE;
    assertThat(new FhirPatientFinder(this::client, new PatientScope(Set.of(), tag), normaliser::isCancerCondition, 50)
        .inScope(List.of(demo, "no-such-patient-x1"))).containsExactly(demo);
    assertThat(new FhirPatientFinder(this::client, new PatientScope(Set.of(), tag + "-other"),
        normaliser::isCancerCondition, 50).inScope(List.of(demo))).isEmpty();
    assertThat(new FhirPatientFinder(this::client, PatientScope.all(), normaliser::isCancerCondition, 50)
        .inScope(List.of(demo, "anything"))).containsExactly("anything", demo);
  }

  // ---- helpers ----

  private IGenericClient client() {
    return FhirClients.create(ctx, base, List.of());
  }

  private FhirPatientFinder finder(PatientScope scope) {
    return new FhirPatientFinder(this::client, scope, normaliser::isCancerCondition, 50, FhirPager.defaults(), OVERLAP);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder invalidSearch() {
    return aResponse().withStatus(400).withHeader("Content-Type", "application/fhir+json")
        .withBody("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
            + "\"code\":\"not-supported\",\"diagnostics\":\"parameter not supported: secret-value-7c1\"}]}");
  }

  /** Demo cancer patients, sorted (read directly, once). */
  private List<String> cancerPatients() {
    if (cancerPatients == null) {
      cancerPatients = List.copyOf(new FhirPatientFinder(() -> direct, PatientScope.all(),
          normaliser::isCancerCondition, 200).find(PassCursor.initial()).patientIds());
    }
    return cancerPatients;
  }

  private String patientWithAtLeast(int n) {
    Bundle b = direct.search().byUrl("Observation?_count=500&_elements=subject").returnBundle(Bundle.class).execute();
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    for (Bundle.BundleEntryComponent e : b.getEntry()) {
      if (e.getResource() instanceof Observation o && o.getSubject().hasReference()) {
        counts.merge(o.getSubject().getReferenceElement().getIdPart(), 1, Integer::sum);
      }
    }
    return counts.entrySet().stream().filter(e -> e.getValue() >= n).map(java.util.Map.Entry::getKey).findFirst()
        .orElseThrow(() -> new AssertionError("no demo patient with " + n + " Observations"));
  }

  private Set<String> directIds(String patient, String categories) {
    Bundle b = direct.search().byUrl("Observation?patient=" + patient + "&category=" + categories + "&_count=1000")
        .returnBundle(Bundle.class).execute();
    assertThat(b.getLink(Bundle.LINK_NEXT)).isNull();
    return new TreeSet<>(b.getEntry().stream().map(e -> e.getResource().getIdElement().toUnqualifiedVersionless()
        .getValue()).toList());
  }

  private static Set<String> idsOfType(List<IBaseResource> resources, String type) {
    return new TreeSet<>(resources.stream().filter(r -> r.fhirType().equals(type))
        .map(r -> r.getIdElement().toUnqualifiedVersionless().getValue()).toList());
  }
}
