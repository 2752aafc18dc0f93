package io.github.oncorefract.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.ingest.Candidates;
import io.github.oncorefract.ingest.InMemoryCursorStore;
import io.github.oncorefract.ingest.PassCursor;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The cursor never moves past a patient that did not complete; a dry run never moves it. */
class PassCoordinatorTest {

  private final InMemoryCursorStore store = new InMemoryCursorStore();
  private final List<PassCursor> seen = new ArrayList<>();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);

  private PassCoordinator coordinator(WriteMode mode) {
    return new PassCoordinator(cursor -> {
      seen.add(cursor);
      Set<String> ids = new TreeSet<>(cursor.pendingPatients());
      if (cursor.firstPass()) {
        ids.addAll(List.of("p1", "p2", "p3"));
      }
      return new Candidates(new TreeSet<>(ids), Instant.parse("2026-11-29T09:59:00Z"), !cursor.firstPass());
    }, store, "server", mode, clock);
  }

  private static void complete(PatientWork w) {
    PatientRecord rec = new PatientRecord(w.patientId(), List.of(), List.of(), List.of(), List.of(), List.of(),
        null, List.of());
    w.record(rec);
    w.assessment(new PatientAssessment(w.patientId(), LocalDate.of(2026, 11, 29), List.of(), List.of()));
    w.pass().completed(w);
  }

  @Test
  void failedPatientsStayPendingAndAreRetriedNextPass() {
    PassCoordinator c = coordinator(WriteMode.WRITE);
    PassState first = c.begin(new PassRequest("api", false, false));
    for (PatientWork w : c.works(first)) {
      if (w.patientId().equals("p2")) {
        first.failed(new PatientFailure("p2", "write", "HTTP 503 (InternalErrorException)", true));
      } else {
        complete(w);
      }
    }
    PassSummary s = c.complete(first);
    assertThat(s.patientsAssessed()).isEqualTo(2);
    assertThat(s.failed()).isEqualTo(1);
    assertThat(store.load("server").pendingPatients()).containsExactly("p2");
    assertThat(store.load("server").highWater()).isEqualTo(Instant.parse("2026-11-29T09:59:00Z"));

    PassState second = c.begin(new PassRequest("api", false, false));
    assertThat(second.candidates().patientIds()).containsExactly("p2");
    c.works(second).forEach(PassCoordinatorTest::complete);
    c.complete(second);
    assertThat(store.load("server").pendingPatients()).isEmpty();
  }

  @Test
  void dryRunLeavesTheCursorWhereItWas() {
    PassCoordinator c = coordinator(WriteMode.WRITE);
    PassState dry = c.begin(new PassRequest("api", false, true));
    c.works(dry).forEach(PassCoordinatorTest::complete);
    PassSummary s = c.complete(dry);
    assertThat(s.writeMode()).isEqualTo("dry-run");
    assertThat(store.load("server").firstPass()).isTrue();
  }

  @Test
  void fullPassIgnoresTheCursorButKeepsPendingPatients() {
    store.save("server", new PassCursor(Instant.parse("2026-11-01T00:00:00Z"), Set.of("p9")));
    PassCoordinator c = coordinator(WriteMode.WRITE);
    PassState full = c.begin(new PassRequest("api", true, false));
    assertThat(seen.get(0).firstPass()).isTrue();
    assertThat(full.candidates().patientIds()).containsExactly("p1", "p2", "p3", "p9");
  }

  @Test
  void targetedPassAssessesExactlyItsPatientsKeepsTheHighWaterAndAddsFailuresToPending() {
    Instant hw = Instant.parse("2026-11-01T00:00:00Z");
    store.save("server", new PassCursor(hw, Set.of("p9")));
    PassCoordinator c = coordinator(WriteMode.WRITE);
    PassState t = c.begin(PassRequest.targeted("notification", Set.of("n2", "n1")));
    assertThat(seen).as("the finder is not asked").isEmpty();
    assertThat(t.candidates().patientIds()).containsExactly("n1", "n2");
    for (PatientWork w : c.works(t)) {
      if (w.patientId().equals("n2")) {
        t.failed(new PatientFailure("n2", "write", "HTTP 503 (InternalErrorException)", true));
      } else {
        complete(w);
      }
    }
    PassSummary s = c.complete(t);
    assertThat(s.trigger()).isEqualTo("notification");
    assertThat(s.patientsAssessed()).isEqualTo(1);
    assertThat(store.load("server").highWater()).isEqualTo(hw);
    assertThat(store.load("server").pendingPatients()).containsExactly("n2", "p9");
  }

  /**
   * A notification (or a pending entry) can name a Patient the server does not have: e.g. a POST to the unauthenticated
   * notification endpoint, or a patient deleted since. Nothing can ever be assessed for it, so it must not join the
   * pending set, which every later incremental pass would retry forever (and which grows with each such id).
   */
  @Test
  void aPatientNotOnTheServerIsNotKeptPending() {
    Instant hw = Instant.parse("2026-11-01T00:00:00Z");
    store.save("server", new PassCursor(hw, Set.of("ghost-2")));
    PassCoordinator c = coordinator(WriteMode.WRITE);
    PassState t = c.begin(PassRequest.targeted("notification", Set.of("ghost-1")));
    fail(c, c.works(t).get(0), new io.github.oncorefract.ingest.PatientNotFoundException());
    c.complete(t);
    assertThat(store.load("server").pendingPatients()).doesNotContain("ghost-1");

    PassState next = c.begin(new PassRequest("schedule", false, false));
    assertThat(next.candidates().patientIds()).contains("ghost-2");
    for (PatientWork w : c.works(next)) {
      if (w.patientId().equals("ghost-2")) {
        fail(c, w, new io.github.oncorefract.ingest.PatientNotFoundException());
      } else {
        complete(w);
      }
    }
    PassSummary s = c.complete(next);
    // outside notifications a missing pending patient is a failure: it stays pending until the dead-letter ledger
    // takes it (after adapter.dead-letters.after-failures passes), which ends the retries
    assertThat(s.failed()).isEqualTo(1);
    assertThat(store.load("server").pendingPatients()).containsExactly("ghost-2");
  }

  /** What the route's exception handler does: {@link PassCoordinator#patientFailed} with the caught exception. */
  private static void fail(PassCoordinator c, PatientWork w, Exception e) {
    w.stage("fetch");
    org.apache.camel.Exchange ex = new org.apache.camel.support.DefaultExchange(
        new org.apache.camel.impl.DefaultCamelContext());
    ex.setProperty(AssessmentRoutes.WORK, w);
    ex.setProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, e);
    c.patientFailed(ex);
  }

  @Test
  void deadLetteredPatientLeavesThePendingSetAndAReplayThatCompletesRemovesIt() {
    io.github.oncorefract.deadletter.DeadLetters ledger = new io.github.oncorefract.deadletter.DeadLetters(
        new io.github.oncorefract.deadletter.InMemoryDeadLetterStore(), "server", 2, clock);
    PassCoordinator c = new PassCoordinator(cursor -> {
      Set<String> ids = new TreeSet<>(cursor.pendingPatients());
      if (cursor.firstPass()) {
        ids.addAll(List.of("p1", "p2", "p3"));
      }
      return new Candidates(new TreeSet<>(ids), Instant.parse("2026-11-29T09:59:00Z"), !cursor.firstPass());
    }, store, "server", WriteMode.WRITE, clock, null, ledger);
    // pass 1: p2 fails at fetch (transient), stays pending
    PassState first = c.begin(new PassRequest("api", false, false));
    for (PatientWork w : c.works(first)) {
      if (w.patientId().equals("p2")) {
        first.failed(new PatientFailure("p2", "fetch", "HTTP 503 (InternalErrorException)", true));
      } else {
        complete(w);
      }
    }
    c.complete(first);
    assertThat(store.load("server").pendingPatients()).containsExactly("p2");
    assertThat(ledger.list()).isEmpty();
    // pass 2: p2 alone, fails again: second failure -> dead letter, no longer pending (not "systemic": one patient)
    PassState second = c.begin(new PassRequest("api", false, false));
    assertThat(second.candidates().patientIds()).containsExactly("p2");
    second.failed(new PatientFailure("p2", "fetch", "HTTP 503 (InternalErrorException)", true));
    c.complete(second);
    assertThat(ledger.ids()).containsExactly("p2");
    assertThat(store.load("server").pendingPatients()).isEmpty();
    assertThat(c.begin(new PassRequest("api", false, false)).candidates().patientIds()).isEmpty();
    // a targeted pass (replay) that completes removes it
    PassState replay = c.begin(PassRequest.targeted("replay", Set.of("p2")));
    c.works(replay).forEach(PassCoordinatorTest::complete);
    c.complete(replay);
    assertThat(ledger.list()).isEmpty();
    assertThat(store.load("server").pendingPatients()).isEmpty();
  }

  @Test
  void permanentFailureIsADeadLetterAtOnceButAPassWhereEveryPatientFailedIsNotCounted() {
    io.github.oncorefract.deadletter.DeadLetters ledger = new io.github.oncorefract.deadletter.DeadLetters(
        new io.github.oncorefract.deadletter.InMemoryDeadLetterStore(), "server", 3, clock);
    PassCoordinator c = new PassCoordinator(cursor -> new Candidates(new TreeSet<>(Set.of("p1", "p2")),
        Instant.parse("2026-11-29T09:59:00Z"), false), store, "server", WriteMode.WRITE, clock, null, ledger);
    PassState all = c.begin(new PassRequest("api", false, false));
    all.failed(new PatientFailure("p1", "validate", "validation failed: x", false));
    all.failed(new PatientFailure("p2", "validate", "validation failed: x", false));
    c.complete(all);
    assertThat(ledger.list()).as("every patient failed: the server or configuration, not the patients").isEmpty();
    assertThat(store.load("server").pendingPatients()).containsExactly("p1", "p2");

    PassState one = c.begin(new PassRequest("api", false, false));
    for (PatientWork w : c.works(one)) {
      if (w.patientId().equals("p1")) {
        one.failed(new PatientFailure("p1", "validate", "validation failed: x", false));
      } else {
        complete(w);
      }
    }
    c.complete(one);
    assertThat(ledger.ids()).containsExactly("p1");
    assertThat(store.load("server").pendingPatients()).isEmpty();
  }

  @Test
  void correlationIdsFollowThePatientsEvenOnAnotherThreadAndLeaveNothingBehind() throws Exception {
    PassCoordinator c = coordinator(WriteMode.WRITE);
    org.slf4j.MDC.put(PassRunner.MDC_PASS, "abcd1234");
    try {
      PassState pass = c.begin(new PassRequest("api", false, false));
      List<PatientWork> works = c.works(pass);
      c.patientStarted(works.get(0));
      assertThat(org.slf4j.MDC.get(PassCoordinator.MDC_PATIENT)).isEqualTo("abcd1234.1");
      complete(works.get(0));
      c.patientDone(works.get(0));
      assertThat(org.slf4j.MDC.get(PassCoordinator.MDC_PATIENT)).isNull();
      // camel-fhir may go on in its own thread: the ids come with the work, and that thread keeps none afterwards
      List<String> seenOnOtherThread = new ArrayList<>();
      Thread other = new Thread(() -> {
        for (PatientWork w : works.subList(1, works.size())) {
          c.patientStarted(w);
          seenOnOtherThread.add(org.slf4j.MDC.get(PassRunner.MDC_PASS) + " " + org.slf4j.MDC.get(
              PassCoordinator.MDC_PATIENT));
          complete(w);
          c.patientDone(w);
        }
        c.complete(pass);
        seenOnOtherThread.add(String.valueOf(org.slf4j.MDC.get(PassRunner.MDC_PASS)));
      });
      other.start();
      other.join();
      assertThat(seenOnOtherThread).containsExactly("abcd1234 abcd1234.2", "abcd1234 abcd1234.3", "null");
      assertThat(org.slf4j.MDC.get(PassRunner.MDC_PASS)).isEqualTo("abcd1234");
    } finally {
      org.slf4j.MDC.clear();
    }
  }
}
