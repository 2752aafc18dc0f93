package io.github.oncorefract.partition;

/**
 * Where and how patient ids travel through Kafka; builds the camel-kafka endpoint URIs.
 *
 * @param bootstrapServers    Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param topic               the topic of patient ids (key and value: the logical Patient id, UTF-8 strings)
 * @param groupId             the consumer group every adapter instance of one deployment joins
 * @param consumersPerInstance Kafka consumers (threads) per instance, {@code >= 1}; their passes still run one at a
 *                            time per instance (the instance's pass runner)
 * @param maxPollRecords      records fetched per poll, {@code >= 1}; keep {@code maxPollRecords x} a patient's worst
 *                            assessment time well under Kafka's {@code max.poll.interval.ms} (5 minutes), or the
 *                            broker takes the partitions away mid-batch
 */
public record PartitionSettings(String bootstrapServers, String topic, String groupId, int consumersPerInstance,
    int maxPollRecords) {

  /**
   * @throws IllegalArgumentException when a name is blank or a count below 1
   */
  public PartitionSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank() || topic == null || topic.isBlank()
        || groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("adapter.kafka: bootstrap-servers, topic and group-id are required");
    }
    if (consumersPerInstance < 1 || maxPollRecords < 1) {
      throw new IllegalArgumentException("adapter.kafka: consumers-per-instance and max-poll-records must be >= 1");
    }
  }

  /**
   * The producer endpoint: acknowledged by all in-sync replicas, idempotent producer (a retried send is not
   * duplicated in the log), so a record counts as published only once it is durable.
   */
  public String producerUri() {
    return "kafka:" + topic + "?brokers=" + bootstrapServers + "&requestRequiredAcks=all&enableIdempotence=true";
  }

  /**
   * The consumer endpoint: no auto-commit ({@code autoCommitEnable=false}, {@code allowManualCommit=true}; the route
   * commits with {@code KafkaManualCommit} once the patient's pass is done), and on a failure the consumer seeks
   * back to the failed record ({@code breakOnFirstError=true}) instead of skipping it. A group without committed
   * offsets starts at the earliest record, so ids published before the first instance joined are not lost.
   */
  public String consumerUri() {
    return "kafka:" + topic + "?brokers=" + bootstrapServers + "&groupId=" + groupId
        + "&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true&autoOffsetReset=earliest"
        + "&consumersCount=" + consumersPerInstance + "&maxPollRecords=" + maxPollRecords;
  }
}
