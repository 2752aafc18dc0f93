package io.github.oncorefract.partition;

import io.github.oncorefract.routing.FaultClassifier;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassSummary;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assesses the patient of one Kafka record with a targeted pass (trigger {@value #TRIGGER}) through the instance's
 * {@link PassRunner}: the same route, per-patient path and idempotent write as every pass. Then the route commits the
 * record's offset ({@link #commit}).
 *
 * <p>Outcomes:
 * <ul>
 *   <li>the patient completed: committed;</li>
 *   <li>the patient failed (after the route's own retries): the targeted pass has recorded it in this instance's
 *       dead-letter ledger; unless it is now a dead letter, its id is published again (same key, same partition, at
 *       the end) for another attempt; then committed. The ledger bounds the attempts
 *       ({@code adapter.dead-letters.after-failures});</li>
 *   <li>the pass could not run (another pass held this instance longer than the wait; the FHIR server down, circuit
 *       open): {@link #assess} throws, the offset is not committed and the record comes again.</li>
 * </ul>
 */
public class PartitionedPatientConsumer {

  /** The trigger of the consumers' targeted passes, as shown in pass summaries and meters. */
  public static final String TRIGGER = "kafka";
  private static final Logger log = LoggerFactory.getLogger(PartitionedPatientConsumer.class);

  private final PassRunner runner;
  private final Duration wait;
  private final Predicate<String> deadLetter;
  private final ProducerTemplate producer;
  private final List<BiConsumer<String, PassSummary>> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param runner     this instance's one-pass-at-a-time runner
   * @param wait       how long a record's pass waits for a running pass before the record is retried
   * @param deadLetter whether a logical Patient id is a dead letter of this instance's ledger
   * @param producer   sends re-publications to {@link PartitionRoutes#PUBLISH}
   */
  public PartitionedPatientConsumer(PassRunner runner, Duration wait, Predicate<String> deadLetter,
      ProducerTemplate producer) {
    this.runner = runner;
    this.wait = wait;
    this.deadLetter = deadLetter;
    this.producer = producer;
  }

  /**
   * Assesses the record's patient.
   *
   * @param exchange the record's exchange; body the logical Patient id
   * @throws PassNotRunException when the pass could not run now (the record is not committed and comes again)
   */
  public void assess(Exchange exchange) {
    String id = exchange.getMessage().getBody(String.class);
    if (id == null || id.isBlank()) {
      log.warn("empty patient id on the partition topic: skipped");
      return;
    }
    id = id.strip();
    PassSummary s;
    try {
      s = runner.runTargeted(TRIGGER, Set.of(id), wait);
    } catch (RuntimeException e) {
      throw new PassNotRunException("the pass could not run: " + FaultClassifier.sanitisedReason(e), e);
    }
    if (s == null) {
      throw new PassNotRunException("another pass is still running on this instance", null);
    }
    if (s.failed() > 0) {
      if (deadLetter.test(id)) {
        log.warn("partitioned patient failed and is now a dead letter: not published again");
      } else {
        producer.sendBody(PartitionRoutes.PUBLISH, id);
        log.info("partitioned patient failed: published again for another attempt");
      }
    }
    String patient = id;
    listeners.forEach(l -> l.accept(patient, s));
  }

  /**
   * Commits the record's offset (camel-kafka {@link KafkaManualCommit}); called by the route once {@link #assess}
   * returned.
   */
  public void commit(Exchange exchange) {
    KafkaManualCommit commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
    if (commit != null) {
      commit.commit();
    }
  }

  /** Called after each record's pass with the logical Patient id and the pass's summary (e.g. metrics, tests). */
  public void addListener(BiConsumer<String, PassSummary> listener) {
    listeners.add(listener);
  }

  /** The record's pass could not run now; the record is not committed. */
  public static class PassNotRunException extends RuntimeException {
    PassNotRunException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
