package io.github.oncorefract.partition;

import org.apache.camel.builder.RouteBuilder;

/**
 * The consuming side of Kafka partitioning: one route per instance, in the deployment's consumer group.
 *
 * <pre>
 * kafka:topic (group, manual commit) ─ assess (targeted pass, trigger kafka) ─ commit
 * </pre>
 *
 * The offset of a record is committed only after its patient's pass has completed, so a record whose instance dies
 * before that is delivered again to the instance that takes the partition over (the idempotent write makes the
 * repetition harmless). When the pass cannot run at all (the FHIR server is down, another pass holds this instance
 * too long) the record is redelivered here with backoff, then the consumer seeks back to it
 * ({@code breakOnFirstError}) and tries again: nothing is skipped.
 */
public class PartitionConsumerRoutes extends RouteBuilder {

  /** Route id of the consumer route in the application. */
  public static final String ROUTE_ID = "partition-consume";

  private final String consumerUri;
  private final PartitionedPatientConsumer consumer;
  private final String routeId;

  /**
   * @param consumerUri camel-kafka consumer endpoint ({@link PartitionSettings#consumerUri()})
   * @param consumer    assesses and commits
   * @param routeId     the route's id ({@link #ROUTE_ID} in the application)
   */
  public PartitionConsumerRoutes(String consumerUri, PartitionedPatientConsumer consumer, String routeId) {
    this.consumerUri = consumerUri;
    this.consumer = consumer;
    this.routeId = routeId;
  }

  @Override
  public void configure() {
    // The pass could not run: wait and try again (1 s, 2 s, 4 s, 8 s, 16 s: about 30 s, well inside Kafka's
    // max.poll.interval.ms); still failing, the consumer seeks back to this record and polls it again.
    errorHandler(defaultErrorHandler()
        .maximumRedeliveries(5).redeliveryDelay(1000).useExponentialBackOff().backOffMultiplier(2)
        .maximumRedeliveryDelay(30_000)
        .retryAttemptedLogLevel(org.apache.camel.LoggingLevel.WARN)
        .logStackTrace(false).logExhaustedMessageHistory(false).logHandled(false));

    from(consumerUri).routeId(routeId)
        .bean(consumer, "assess")
        .bean(consumer, "commit");
  }
}
