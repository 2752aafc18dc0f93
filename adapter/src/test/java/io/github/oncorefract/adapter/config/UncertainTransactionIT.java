package io.github.oncorefract.adapter.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerEndpoint;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.ingest.Candidates;
import io.github.oncorefract.ingest.InMemoryCursorStore;
import io.github.oncorefract.ingest.PassCursor;
import io.github.oncorefract.ingest.PatientFinder;
import io.github.oncorefract.ingest.TolerantParsing;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.publish.WriteAction;
import io.github.oncorefract.routing.AssessmentPipeline;
import io.github.oncorefract.routing.AssessmentRoutes;
import io.github.oncorefract.routing.PassCoordinator;
import io.github.oncorefract.routing.PassRequest;
import io.github.oncorefract.routing.PassSummary;
import io.github.oncorefract.routing.PatientWork;
import io.github.oncorefract.routing.RetryPolicy;
import io.github.oncorefract.routing.UncertainTransactions;
import io.github.oncorefract.routing.WriteMode;
import io.github.oncorefract.suggest.ProposedResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 10: a transaction the server committed but answered slower than the read timeout. A WireMock proxy forwards
 * the transaction POST to the embedded JPA server of the shared test context (so it commits) and holds the answer back
 * past the short read timeout of this test's client, which camel-fhir sends the transaction with; reads go to the
 * server directly. The application's own pipeline runs in the production route ({@link AssessmentRoutes}) in a
 * CamelContext of the test's own. The patient must complete, be counted as written and committed after a timeout,
 * nothing may be sent twice, and nothing is duplicated on the server.
 */
@EmbeddedFhirServerTest
class UncertainTransactionIT {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
  private static WireMockServer proxy;
  /** The test's own context: its client factory has the short read timeout. */
  private static FhirContext ctx;

  @Autowired EmbeddedFhirServerEndpoint embedded;
  @Autowired IGenericClient direct;
  @Autowired AssessmentPipeline pipeline;
  @Autowired PatientFinder finder;

  private SimpleMeterRegistry meters;
  private CamelContext camel;

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
  void routeThroughTheProxy() throws Exception {
    proxy.resetAll();
    URI e = URI.create(embedded.baseUrl());
    proxy.stubFor(any(anyUrl()).atPriority(10)
        .willReturn(aResponse().proxiedFrom(e.getScheme() + "://" + e.getHost() + ":" + e.getPort())));
    meters = new SimpleMeterRegistry();
    FhirClients.install(ctx, Duration.ofSeconds(5), READ_TIMEOUT,
        new ResilientHttpClient.Policy(2, Duration.ofMillis(5), Duration.ofMillis(50)),
        new CircuitBreakers(new CircuitBreakers.Settings(false, 50, 20, 10, Duration.ofSeconds(30))), meters);
    IGenericClient viaProxy = FhirClients.create(ctx, "http://localhost:" + proxy.port() + "/fhir", List.of());

    PassCoordinator coordinator = new PassCoordinator(cursor -> {
      throw new AssertionError("targeted passes only");
    }, new InMemoryCursorStore(), "uncertain-it", WriteMode.WRITE, Clock.systemUTC());
    camel = new DefaultCamelContext();
    camel.getRegistry().bind("fhirClient", viaProxy);
    camel.addRoutes(new AssessmentRoutes(coordinator, pipeline, new RetryPolicy(1, 10, 100), null, null,
        new UncertainTransactions(pipeline, new RetryPolicy(2, 50, 500), meters)));
    camel.start();
  }

  @AfterEach
  void stopCamel() {
    camel.stop();
  }

  @Test
  void aTransactionCommittedButAnsweredAfterTheReadTimeoutCompletesThePatientWithoutDuplicates() {
    Patient chosen = patientWithARetirementToWrite();
    proxy.stubFor(post(urlPathEqualTo("/fhir")).atPriority(1).inScenario("slow")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("answered")
        .willReturn(aResponse().proxiedFrom(origin()).withFixedDelay((int) READ_TIMEOUT.toMillis() * 3)));

    PassSummary s = camel.createProducerTemplate().requestBody(AssessmentRoutes.PASS,
        PassRequest.targeted("uncertain-it", Set.of(chosen.id())), PassSummary.class);

    assertThat(s.failures()).isEmpty();
    assertThat(s.patientsAssessed()).isEqualTo(1);
    assertThat(s.committedAfterTimeout()).isEqualTo(1);
    assertThat(s.updated()).as("the retirement committed by the unanswered transaction").isGreaterThanOrEqualTo(1);
    assertThat(meters.get(UncertainTransactions.METER).tag("outcome", "committed").counter().count())
        .isEqualTo(1.0);
    proxy.verify(1, postRequestedFor(urlPathEqualTo("/fhir")));

    Flag retired = direct.read().resource(Flag.class).withId(chosen.flagId()).execute();
    assertThat(retired.getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
    assertThat(retired.getMeta().getVersionId()).isEqualTo("2");
    assertThat(outputIdentifiers(chosen.id())).as("each output identifier once on the server")
        .doesNotHaveDuplicates().contains("Flag|" + chosen.identifier());
    PatientWork after = pipeline.preview(chosen.id());
    assertThat(after.plan().hasWrites()).as("nothing left to write").isFalse();
  }

  private String origin() {
    URI e = URI.create(embedded.baseUrl());
    return e.getScheme() + "://" + e.getHost() + ":" + e.getPort();
  }

  record Patient(String id, String flagId, String identifier) {}

  /**
   * A cohort patient given a Flag of the adapter's (an identifier in its system) that the adapter no longer proposes:
   * the next plan retires it, a version-checked update (If-Match), which a resend after a commit would fail with 412.
   */
  private Patient patientWithARetirementToWrite() {
    Candidates candidates = finder.find(new PassCursor(null, Set.of()));
    for (String id : candidates.patientIds()) {
      PatientWork preview = pipeline.preview(id);
      Flag proposed = preview.proposals().stream().map(ProposedResource::resource)
          .filter(r -> r instanceof Flag).map(r -> (Flag) r).findFirst().orElse(null);
      if (proposed == null) {
        continue;
      }
      Flag stale = proposed.copy();
      String value = "uncertain-it-" + UUID.randomUUID();
      stale.getIdentifier().clear();
      stale.addIdentifier(new Identifier().setSystem(Canonical.ID_ASSESSMENT_OUTPUT).setValue(value));
      stale.setStatus(Flag.FlagStatus.ACTIVE);
      String flagId = direct.create().resource(stale).execute().getId().getIdPart();
      PatientWork planned = pipeline.preview(id);
      boolean retires = planned.plan().writes().stream().anyMatch(w -> w.action() == WriteAction.UPDATE
          && flagId.equals(w.serverId()));
      if (retires) {
        return new Patient(id, flagId, value);
      }
      direct.delete().resourceById("Flag", flagId).execute();
    }
    throw new AssertionError("no cohort patient with a Flag to retire");
  }

  /** Every identifier value in the adapter's system on the patient's Flags, CarePlans, ServiceRequests and Tasks. */
  private List<String> outputIdentifiers(String patientId) {
    List<String> values = new ArrayList<>();
    for (String type : List.of("Flag", "CarePlan", "ServiceRequest", "Task")) {
      Bundle b = direct.search().byUrl(type + "?subject=Patient/" + patientId + "&_count=500")
          .returnBundle(Bundle.class).execute();
      assertThat(b.getLink(Bundle.LINK_NEXT)).isNull();
      for (Bundle.BundleEntryComponent e : b.getEntry()) {
        Resource r = e.getResource();
        for (var base : r.getNamedProperty("identifier").getValues()) {
          Identifier i = (Identifier) base;
          if (Canonical.ID_ASSESSMENT_OUTPUT.equals(i.getSystem())) {
            values.add(type + "|" + i.getValue());
          }
        }
      }
    }
    return values;
  }
}
