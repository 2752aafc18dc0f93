package io.github.oncorefract.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oncorefract.ingest.Candidates;
import io.github.oncorefract.ingest.InMemoryCursorStore;
import io.github.oncorefract.routing.AssessmentPipeline;
import io.github.oncorefract.routing.AssessmentRoutes;
import io.github.oncorefract.routing.PassCoordinator;
import io.github.oncorefract.routing.PassRequest;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassState;
import io.github.oncorefract.routing.PassSummary;
import io.github.oncorefract.routing.PatientWork;
import io.github.oncorefract.routing.RetryPolicy;
import io.github.oncorefract.routing.WriteMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A publishing instance's pass, with the Kafka producer replaced by a recording endpoint: every patient is published
 * keyed by its id and none is assessed here; the cursor moves only once every id was published; a failed publication
 * stops the pass and keeps the cursor; dry runs and the consumers' own passes are never published.
 */
class PartitionRoutesTest {

  private static final Instant HIGH_WATER = Instant.parse("2026-12-01T09:59:00Z");
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private final InMemoryCursorStore cursors = new InMemoryCursorStore();
  private final PassCoordinator coordinator = new PassCoordinator(
      cursor -> new Candidates(new TreeSet<>(List.of("p1", "p2", "p3", "p4")), HIGH_WATER, !cursor.firstPass()),
      cursors, "server", WriteMode.WRITE, clock);
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final AtomicBoolean kafkaDown = new AtomicBoolean();
  private final List<String> attempts = new CopyOnWriteArrayList<>();
  private DefaultCamelContext camel;
  private PassRunner runner;

  @BeforeEach
  void start() throws Exception {
    camel = new DefaultCamelContext();
    runner = new PassRunner(camel.createProducerTemplate(), null, clock);
    // The pipeline is never reached: every patient of these passes is published.
    AssessmentPipeline pipeline = new AssessmentPipeline(null, null, null, null, null, null, WriteMode.WRITE, clock);
    camel.addRoutes(new AssessmentRoutes(coordinator, pipeline, new RetryPolicy(0, 1, 1), null, runner,
        PartitionRoutes.DISPATCH));
    camel.addRoutes(new PartitionRoutes(coordinator, "direct:fake-kafka"));
    camel.addRoutes(new RouteBuilder() {
      @Override
      public void configure() {
        errorHandler(noErrorHandler()); // like an endpoint: the failure goes back to the caller as it is
        from("direct:fake-kafka").process(e -> {
          attempts.add(e.getMessage().getBody(String.class));
          if (kafkaDown.get() && sent.size() >= 2) {
            throw new org.apache.kafka.common.errors.TimeoutException("not acknowledged");
          }
          sent.add(e.getMessage().getHeader(KafkaConstants.KEY, String.class) + "=" + e.getMessage().getBody());
        });
      }
    });
    camel.start();
  }

  @AfterEach
  void stop() {
    camel.stop();
  }

  @Test
  void aWritingPassPublishesEveryPatientKeyedByIdAndThenMovesTheCursor() {
    PassSummary s = runner.run("schedule", false, false);

    assertThat(sent).containsExactly("p1=p1", "p2=p2", "p3=p3", "p4=p4");
    assertThat(s.patientsAssessed()).as("assessed by the consumers, not here").isZero();
    assertThat(s.failed()).isZero();
    assertThat(cursors.load("server").highWater()).isEqualTo(HIGH_WATER);
    assertThat(cursors.load("server").pendingPatients()).isEmpty();
  }

  @Test
  void aFailedPublicationStopsThePassAndKeepsTheCursor() {
    kafkaDown.set(true);

    assertThatThrownBy(() -> runner.run("schedule", false, false))
        .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);

    assertThat(sent).containsExactly("p1=p1", "p2=p2");
    assertThat(attempts).as("the patients after the failure are skipped").containsExactly("p1", "p2", "p3");
    assertThat(cursors.load("server").firstPass()).as("cursor not moved").isTrue();
  }

  @Test
  void dryRunsAndTheConsumersOwnPassesAreAssessedLocally() {
    PassState dry = coordinator.begin(new PassRequest("api", true, true));
    PassState consumed = coordinator.begin(PassRequest.targeted(PartitionedPatientConsumer.TRIGGER, Set.of("p1")));
    PassState notified = coordinator.begin(PassRequest.targeted("notification", Set.of("p1")));

    assertThat(PartitionRoutes.dispatches(new PatientWork("p1", dry))).isFalse();
    assertThat(PartitionRoutes.dispatches(new PatientWork("p1", consumed))).isFalse();
    assertThat(PartitionRoutes.dispatches(new PatientWork("p1", notified))).isTrue();
    assertThat(PartitionRoutes.dispatches(new PatientWork("p1", null))).as("a preview").isFalse();
  }

  @Test
  void settingsBuildManualCommitConsumerAndAcknowledgedProducerUris() {
    PartitionSettings s = new PartitionSettings("k1:9092,k2:9092", "patients", "group", 2, 10);

    assertThat(s.consumerUri()).startsWith("kafka:patients?brokers=k1:9092,k2:9092&groupId=group")
        .contains("autoCommitEnable=false", "allowManualCommit=true", "breakOnFirstError=true",
            "autoOffsetReset=earliest", "consumersCount=2", "maxPollRecords=10");
    assertThat(s.producerUri()).contains("requestRequiredAcks=all", "enableIdempotence=true");
    assertThatThrownBy(() -> new PartitionSettings(" ", "t", "g", 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PartitionSettings("k:9092", "t", "g", 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
