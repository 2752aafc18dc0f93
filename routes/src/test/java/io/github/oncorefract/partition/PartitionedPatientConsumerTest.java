package io.github.oncorefract.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oncorefract.routing.AssessmentRoutes;
import io.github.oncorefract.routing.PassRequest;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassSummary;
import io.github.oncorefract.routing.PatientFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A record's patient is assessed by a targeted pass (trigger kafka) of the instance's runner, with the pass route
 * replaced by one answering a chosen outcome: a failed patient is published again unless it became a dead letter; a
 * pass that cannot run fails the record (not committed); the commit step commits the record's offset.
 */
class PartitionedPatientConsumerTest {

  private final List<String> republished = new CopyOnWriteArrayList<>();
  private final List<PassRequest> passes = new CopyOnWriteArrayList<>();
  private volatile String outcome = "completed";
  private DefaultCamelContext camel;
  private PartitionedPatientConsumer consumer;
  private final Set<String> deadLetters = new java.util.concurrent.ConcurrentSkipListSet<>();

  @BeforeEach
  void start() throws Exception {
    camel = new DefaultCamelContext();
    camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        errorHandler(noErrorHandler());
        from(AssessmentRoutes.PASS).process(this::answer);
        from(PartitionRoutes.PUBLISH).process(e -> republished.add(e.getMessage().getBody(String.class)));
      }

      private void answer(Exchange e) {
        PassRequest r = e.getMessage().getBody(PassRequest.class);
        passes.add(r);
        if (outcome.equals("server-down")) {
          throw new IllegalStateException("circuit open");
        }
        boolean failed = outcome.equals("failed");
        String id = r.patientIds().first();
        e.getMessage().setBody(new PassSummary(r.trigger(), "write", false, Instant.now(), 1, failed ? 0 : 1, 0, 0,
            0, 0, 0, 0, 0, 0, failed ? 1 : 0,
            failed ? List.of(new PatientFailure(id, "write", "HTTP 500", false)) : List.of(), List.of()));
      }
    });
    camel.start();
    consumer = new PartitionedPatientConsumer(new PassRunner(camel.createProducerTemplate(), null, Clock.systemUTC()),
        Duration.ofSeconds(5), deadLetters::contains, camel.createProducerTemplate());
  }

  @AfterEach
  void stop() {
    camel.stop();
  }

  private Exchange record(String id) {
    Exchange e = new DefaultExchange(camel);
    e.getMessage().setBody(id);
    return e;
  }

  @Test
  void aCompletedPatientIsAssessedByATargetedKafkaPassAndNotPublishedAgain() {
    List<String> seen = new CopyOnWriteArrayList<>();
    consumer.addListener((id, s) -> seen.add(id + ":" + s.patientsAssessed()));

    consumer.assess(record("p1"));

    assertThat(passes).singleElement().satisfies(r -> {
      assertThat(r.trigger()).isEqualTo(PartitionedPatientConsumer.TRIGGER);
      assertThat(r.patientIds()).containsExactly("p1");
    });
    assertThat(seen).containsExactly("p1:1");
    assertThat(republished).isEmpty();
  }

  @Test
  void aFailedPatientIsPublishedAgainUntilItIsADeadLetter() {
    outcome = "failed";

    consumer.assess(record("p1"));
    assertThat(republished).containsExactly("p1");

    deadLetters.add("p1");
    consumer.assess(record("p1"));
    assertThat(republished).as("a dead letter waits for a change, a full pass or a replay").containsExactly("p1");
  }

  @Test
  void aPassThatCannotRunFailsTheRecord() {
    outcome = "server-down";

    assertThatThrownBy(() -> consumer.assess(record("p1")))
        .isInstanceOf(PartitionedPatientConsumer.PassNotRunException.class);
    assertThat(republished).isEmpty();
  }

  @Test
  void theCommitStepCommitsTheRecordsOffset() {
    AtomicInteger commits = new AtomicInteger();
    Exchange e = record("p1");
    e.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, (KafkaManualCommit) commits::incrementAndGet);

    consumer.commit(e);

    assertThat(commits).hasValue(1);
  }
}
