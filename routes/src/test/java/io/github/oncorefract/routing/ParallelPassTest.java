package io.github.oncorefract.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.ingest.Candidates;
import io.github.oncorefract.ingest.CircuitOpenException;
import io.github.oncorefract.ingest.InMemoryCursorStore;
import io.github.oncorefract.ingest.PassCursor;
import io.github.oncorefract.ingest.PatientData;
import io.github.oncorefract.ingest.PatientDataSource;
import io.github.oncorefract.profiles.validation.ValidationMode;
import io.github.oncorefract.publish.AdapterIdentity;
import io.github.oncorefract.publish.PlanValidator;
import io.github.oncorefract.publish.TransactionPublisher;
import io.github.oncorefract.suggest.SuggestionResourceBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real pass routes with {@code adapter.pass.parallelism} above 1, over 60 patients: patients really run at the
 * same time, every counter is exact, the summary equals that of a pass one patient at a time, the cursor moves with a
 * failed patient pending, and an open circuit breaker still stops the pass with the cursor kept. No FHIR server: the
 * data source is in memory and the earlier output comes with the data (empty), so planning sends nothing.
 */
class ParallelPassTest {

  private static final FhirContext CTX = FhirContext.forR4Cached();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);
  private static final Instant HIGH_WATER = Instant.parse("2026-12-05T09:59:00Z");
  private static final Set<String> PATIENTS = IntStream.rangeClosed(1, 60).mapToObj(i -> "p%03d".formatted(i))
      .collect(Collectors.toCollection(TreeSet::new));

  private CamelContext camel;
  private final InMemoryCursorStore cursors = new InMemoryCursorStore();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final Set<String> threads = ConcurrentHashMap.newKeySet();
  private final AtomicInteger fetches = new AtomicInteger();
  /** The first fetches wait (bounded) for a second one to arrive: only true parallelism lets both through at once. */
  private final CountDownLatch twoAtOnce = new CountDownLatch(2);

  @AfterEach
  void stop() {
    if (camel != null) {
      camel.stop();
    }
  }

  private PassSummary run(int parallelism, String failing, String circuitOpen) throws Exception {
    PatientDataSource source = id -> {
      fetches.incrementAndGet();
      threads.add(Thread.currentThread().getName());
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        twoAtOnce.countDown();
        twoAtOnce.await(parallelism > 1 ? 10 : 0, TimeUnit.SECONDS);
        if (id.equals(failing)) {
          throw new IllegalStateException("unreadable record");
        }
        if (id.equals(circuitOpen)) {
          throw new RuntimeException(new CircuitOpenException());
        }
        return new PatientData(id, List.of(new Patient().setId(id)), 1, List.of(), List.of());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        inFlight.decrementAndGet();
      }
    };
    RecordNormaliser normaliser = (id, resources) -> new PatientRecord(id, List.of(), List.of(), List.of(), List.of(),
        List.of(), null, List.of());
    RecordAssessor assessor = (record, asOf) -> new PatientAssessment(record.patientId(), asOf, List.of(), List.of());
    TransactionPublisher publisher = new TransactionPublisher(() -> {
      throw new AssertionError("planning must not read: the earlier output came with the data");
    }, CTX, new AdapterIdentity("test", "1"), CLOCK);
    AssessmentPipeline pipeline = new AssessmentPipeline(source, normaliser, assessor, new SuggestionResourceBuilder(),
        publisher, new PlanValidator(null, ValidationMode.OFF), WriteMode.WRITE, CLOCK);
    PassCoordinator coordinator = new PassCoordinator(cursor -> new Candidates(new TreeSet<>(PATIENTS), HIGH_WATER,
        !cursor.firstPass()), cursors, "server", WriteMode.WRITE, CLOCK);
    camel = new DefaultCamelContext();
    camel.addRoutes(new AssessmentRoutes(coordinator, pipeline, new RetryPolicy(0, 1, 1), null, null, parallelism));
    camel.start();
    return camel.createProducerTemplate().requestBody(AssessmentRoutes.PASS, new PassRequest("api", true, false),
        PassSummary.class);
  }

  @Test
  void patientsRunInParallelWithExactCountsAndTheCursorKeepsTheFailedPatientPending() throws Exception {
    PassSummary s = run(4, "p013", null);

    assertThat(maxInFlight.get()).isBetween(2, 4);
    assertThat(threads).hasSizeGreaterThan(1);
    assertThat(fetches.get()).isEqualTo(60);
    assertThat(s.patientsAssessed()).isEqualTo(59);
    assertThat(s.failed()).isEqualTo(1);
    assertThat(s.failures()).extracting(PatientFailure::patientId).containsExactly("p013");
    assertThat(s.failures().get(0).stage()).isEqualTo("fetch");
    PassCursor cursor = cursors.load("server");
    assertThat(cursor.highWater()).isEqualTo(HIGH_WATER);
    assertThat(cursor.pendingPatients()).containsExactly("p013");
  }

  @Test
  void aParallelPassSummarisesExactlyAsAPassOnePatientAtATime() throws Exception {
    PassSummary parallel = run(4, "p007", null);
    camel.stop();
    PassSummary serial = run(1, "p007", null);

    assertThat(parallel.patientsAssessed()).isEqualTo(serial.patientsAssessed()).isEqualTo(59);
    assertThat(parallel.failures()).isEqualTo(serial.failures());
    assertThat(parallel.rows()).isEqualTo(serial.rows());
    assertThat(List.of(parallel.created(), parallel.updated(), parallel.unchanged(), parallel.quarantined()))
        .isEqualTo(List.of(serial.created(), serial.updated(), serial.unchanged(), serial.quarantined()));
  }

  @Test
  void anOpenCircuitBreakerStopsAParallelPassAndKeepsTheCursor() throws Exception {
    cursors.save("server", new PassCursor(Instant.parse("2026-12-01T00:00:00Z"), Set.of("p999")));
    assertThatThrownBy(() -> run(2, null, "p005")).hasRootCauseInstanceOf(CircuitOpenException.class);

    // running patients finished, queued ones were skipped: far fewer than all were read
    assertThat(fetches.get()).isLessThan(60);
    assertThat(cursors.load("server").highWater()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(cursors.load("server").pendingPatients()).containsExactly("p999");
  }

  @Test
  void parallelismBelowOneIsRefused() {
    assertThatThrownBy(() -> new AssessmentRoutes(null, null, new RetryPolicy(0, 1, 1), null, null, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adapter.pass.parallelism");
  }
}
