package io.github.oncorefract.adapter.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.adapter.api.ApiErrors;
import io.github.oncorefract.adapter.api.AssessmentController;
import io.github.oncorefract.adapter.api.DeadLetterController;
import io.github.oncorefract.deadletter.DeadLetters;
import io.github.oncorefract.deadletter.InMemoryDeadLetterStore;
import io.github.oncorefract.ingest.FhirPatientFinder;
import io.github.oncorefract.ingest.PatientScope;
import io.github.oncorefract.routing.PassRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The start-up race: between the web server answering and the pass route running, {@code POST /api/assessments/run}
 * and the dead-letter replays answer 503 with {@code Retry-After} and an OperationOutcome "starting", never 502, and
 * nothing is sent anywhere; once the route runs and the application is ready they go through.
 */
class PassGateTest {

  private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
  private final AtomicInteger passes = new AtomicInteger();

  private void readiness(ReadinessState state) {
    availability.onApplicationEvent(new AvailabilityChangeEvent<>(this, state));
  }

  @Test
  void passesAndReplaysAnswer503WithRetryAfterUntilTheRouteRunsAndTheApplicationIsReady() throws Exception {
    try (DefaultCamelContext camel = new DefaultCamelContext()) {
      camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
        @Override
        public void configure() {
          errorHandler(noErrorHandler());
          from(io.github.oncorefract.routing.AssessmentRoutes.PASS).routeId(PassGate.PASS_ROUTE)
              .process(ex -> {
                throw new IllegalStateException("pass " + passes.incrementAndGet());
              });
        }
      });
      PassRunner runner = new PassRunner(camel.createProducerTemplate(), null, Clock.systemUTC());
      PassGate gate = new PassGate(camel, availability);
      DeadLetters ledger = new DeadLetters(new InMemoryDeadLetterStore(), "embedded", 1, Clock.systemUTC());
      ledger.record(List.of(), List.of(new DeadLetters.FailedAttempt("p1", "fetch", "HTTP 503", true)));
      MockMvc mvc = MockMvcBuilders.standaloneSetup(
              new AssessmentController(runner, null, gate),
              new DeadLetterController(ledger, runner, new FhirPatientFinder(() -> null, PatientScope.all(),
                  c -> true, 10), gate, new SimpleMeterRegistry()))
          .setControllerAdvice(new ApiErrors(FhirContext.forR4Cached())).build();

      for (String path : List.of("/api/assessments/run", "/api/dead-letters/p1/replay",
          "/api/dead-letters/replay-all")) {
        mvc.perform(post(path)).andExpect(status().isServiceUnavailable())
            .andExpect(header().string("Retry-After", String.valueOf(PassGate.RETRY_AFTER_SECONDS)))
            .andExpect(content().contentTypeCompatibleWith("application/fhir+json"))
            .andExpect(content().string(org.hamcrest.Matchers.containsString("\"code\":\"transient\"")))
            .andExpect(content().string(org.hamcrest.Matchers.containsString("starting")));
      }
      // The route exists and runs, but the application is not ready yet (start-up pass, seed data): still 503.
      camel.start();
      mvc.perform(post("/api/assessments/run")).andExpect(status().isServiceUnavailable());
      assertThat(passes).as("nothing reached the pass route").hasValue(0);

      readiness(ReadinessState.ACCEPTING_TRAFFIC);
      mvc.perform(post("/api/assessments/run")).andExpect(status().isBadGateway());
      assertThat(passes).as("now the pass runs (and fails inside, as arranged)").hasValue(1);
      assertThat(ledger.ids()).containsExactly("p1");
    }
  }

  @Test
  void theApplicationsGateReadsTheCamelRouteStatus() throws Exception {
    try (DefaultCamelContext camel = new DefaultCamelContext()) {
      camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
        @Override
        public void configure() {
          from("direct:x").routeId(PassGate.PASS_ROUTE).log("x");
        }
      });
      readiness(ReadinessState.ACCEPTING_TRAFFIC);
      PassGate gate = new PassGate(camel, availability);
      org.assertj.core.api.Assertions.assertThatThrownBy(gate::requireStarted)
          .isInstanceOf(PassGate.NotStartedException.class).hasMessageContaining("routes are not running");
      camel.start();
      gate.requireStarted();
      camel.getRouteController().stopRoute(PassGate.PASS_ROUTE);
      org.assertj.core.api.Assertions.assertThatThrownBy(gate::requireStarted)
          .isInstanceOf(PassGate.NotStartedException.class);
    }
  }
}
