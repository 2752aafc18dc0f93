package io.github.oncorefract.partition;

import io.github.oncorefract.routing.AssessmentRoutes;
import io.github.oncorefract.routing.PassCoordinator;
import io.github.oncorefract.routing.PatientWork;
import io.github.oncorefract.routing.WriteMode;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The publishing side of Kafka partitioning. They only wire; every step is a named bean method.
 *
 * <pre>
 * direct:partition-dispatch  (a pass's patient)  ─ dispatches? ─ yes ─> direct:partition-publish-work
 *                                                             └ no ──> direct:assess-patient (the one per-patient path)
 * direct:partition-publish-work: id ─> direct:partition-publish ─ patientPublished   (failure: the pass is aborted)
 * direct:partition-publish:      key = id ─> kafka:topic (acks=all, idempotent producer)
 * </pre>
 *
 * Route ids {@code partition-dispatch}, {@code partition-publish-work}, {@code partition-publish}. A pass whose
 * publication fails (Kafka unreachable, not acknowledged) is aborted like one whose FHIR server's circuit breaker is
 * open: the patients after it are skipped and the cursor does not move, so the next pass publishes them again.
 */
public class PartitionRoutes extends RouteBuilder {

  /** Where {@link AssessmentRoutes} sends a pass's patients when this instance publishes (body {@link PatientWork}). */
  public static final String DISPATCH = "direct:partition-dispatch";
  /** Publishes one patient id (String body) to the topic, keyed by itself; used for re-publication too. */
  public static final String PUBLISH = "direct:partition-publish";
  static final String PUBLISH_WORK = "direct:partition-publish-work";

  private final PassCoordinator coordinator;
  private final String producerUri;

  /**
   * @param coordinator records published patients and aborts a pass whose publication failed
   * @param producerUri camel-kafka producer endpoint ({@link PartitionSettings#producerUri()})
   */
  public PartitionRoutes(PassCoordinator coordinator, String producerUri) {
    this.coordinator = coordinator;
    this.producerUri = producerUri;
  }

  /**
   * Whether a pass's patient is published rather than assessed here: every writing pass's patient except those of the
   * consumers' own passes (trigger {@value PartitionedPatientConsumer#TRIGGER}). A dry run computes locally, as it
   * must write nothing anywhere.
   *
   * @param work a patient of a pass
   * @return true to publish it
   */
  public static boolean dispatches(PatientWork work) {
    return work.pass() != null && work.pass().writeMode() == WriteMode.WRITE
        && !PartitionedPatientConsumer.TRIGGER.equals(work.pass().trigger());
  }

  @Override
  public void configure() {
    errorHandler(defaultErrorHandler().logStackTrace(false).logExhausted(false).logRetryAttempted(false)
        .logHandled(false));

    from(DISPATCH).routeId("partition-dispatch")
        .choice()
          .when(method(PartitionRoutes.class, "dispatches")).to(PUBLISH_WORK)
          .otherwise().to(AssessmentRoutes.PATIENT)
        .end();

    from(PUBLISH_WORK).routeId("partition-publish-work")
        .onException(Exception.class)
          .handled(true)
          .logStackTrace(false)
          .logExhausted(false)
          .logExhaustedMessageHistory(false)
          .bean(coordinator, "patientAborted")
        .end()
        .filter(method(coordinator, "passAborted")).stop().end()
        .bean(coordinator, "patientPublishing")
        .setProperty(AssessmentRoutes.WORK, body())
        .setBody(simple("${body.patientId}"))
        .to(PUBLISH)
        .setBody(exchangeProperty(AssessmentRoutes.WORK))
        .bean(coordinator, "patientPublished");

    from(PUBLISH).routeId("partition-publish")
        // A failure goes back to the caller as it is: partition-publish-work aborts the pass (an error handler here
        // would mark the exchange exhausted, and the caller's onException would not see it); a consumer's
        // re-publication fails its record, which is then not committed.
        .errorHandler(noErrorHandler())
        .setHeader(KafkaConstants.KEY, body())
        .to(producerUri);
  }
}
