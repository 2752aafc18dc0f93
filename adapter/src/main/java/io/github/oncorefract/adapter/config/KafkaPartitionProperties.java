package io.github.oncorefract.adapter.config;

import io.github.oncorefract.partition.PartitionSettings;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code adapter.kafka.*}: patients partitioned across adapter instances through Apache Kafka (README "Running several
 * instances with Kafka"). Off by default (one instance assesses every patient itself); the Spring profile
 * {@code kafka} or {@code adapter.kafka.enabled=true} turns it on.
 *
 * @param enabled              partition patients through Kafka
 * @param bootstrapServers     Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param topic                the topic of patient ids (key and value: the logical Patient id)
 * @param groupId              the consumer group every instance of one deployment joins
 * @param partitions           partitions of the topic when the adapter creates it ({@code create-topic}); the upper
 *                             bound of consumers working at once across all instances
 * @param createTopic          create the topic at start when it is missing (publishing instances only), with
 *                             {@code partitions} partitions and the brokers' default replication factor
 * @param consumersPerInstance Kafka consumers per instance (at least 1); an instance still runs one pass at a time
 * @param maxPollRecords       records fetched per poll (at least 1); their assessment must fit well inside Kafka's
 *                             {@code max.poll.interval.ms} (5 minutes)
 * @param role                 {@code both} (default): publishes its passes' patients and assesses its partitions;
 *                             {@code producer}: publishes only; {@code consumer}: assesses only (its own passes, if
 *                             any are run, assess locally)
 * @param passWait             how long a record's pass waits for a running pass on this instance before the record
 *                             is retried
 */
@Validated
@ConfigurationProperties("adapter.kafka")
public record KafkaPartitionProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("localhost:9092") String bootstrapServers,
    @DefaultValue("oncorefract-patients") String topic,
    @DefaultValue("oncorefract-adapter") String groupId,
    @DefaultValue("12") @Min(1) int partitions,
    @DefaultValue("true") boolean createTopic,
    @DefaultValue("1") @Min(1) int consumersPerInstance,
    @DefaultValue("10") @Min(1) int maxPollRecords,
    @DefaultValue("both") Role role,
    @DefaultValue("60s") Duration passWait) {

  /** What an instance does with the topic. */
  public enum Role {
    /** Publishes its passes' patients; assesses none of the topic's. */
    PRODUCER,
    /** Assesses the partitions it owns; publishes nothing (except failed patients, again). */
    CONSUMER,
    /** Both. */
    BOTH;

    /** True when this instance's writing passes publish their patients. */
    public boolean publishes() {
      return this != CONSUMER;
    }

    /** True when this instance consumes the topic. */
    public boolean consumes() {
      return this != PRODUCER;
    }
  }

  /** True when Kafka partitioning is on and this instance's writing passes publish their patients. */
  public boolean publishes() {
    return enabled && role.publishes();
  }

  /** The routes' settings. */
  public PartitionSettings settings() {
    return new PartitionSettings(bootstrapServers, topic, groupId, consumersPerInstance, maxPollRecords);
  }
}
