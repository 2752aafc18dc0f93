package io.github.oncorefract.adapter.partition;

import io.github.oncorefract.adapter.config.KafkaPartitionProperties;
import io.github.oncorefract.deadletter.DeadLetters;
import io.github.oncorefract.partition.PartitionConsumerRoutes;
import io.github.oncorefract.partition.PartitionRoutes;
import io.github.oncorefract.partition.PartitionedPatientConsumer;
import io.github.oncorefract.routing.PassCoordinator;
import io.github.oncorefract.routing.PassRunner;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Kafka partitioning's beans ({@code adapter.kafka.enabled}, default false): the publishing routes (always, as failed
 * patients are published again by consumers too), the consumer route when the role consumes, and the topic check at
 * start when it publishes. {@code PipelineConfiguration} points the pass route at {@link PartitionRoutes#DISPATCH}
 * when the role publishes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "adapter.kafka", name = "enabled", havingValue = "true")
public class KafkaPartitionConfiguration {

  @Bean
  PartitionRoutes partitionRoutes(PassCoordinator coordinator, KafkaPartitionProperties kafka) {
    return new PartitionRoutes(coordinator, kafka.settings().producerUri());
  }

  @Bean
  PartitionedPatientConsumer partitionedPatientConsumer(PassRunner runner, KafkaPartitionProperties kafka,
      DeadLetters deadLetters, ProducerTemplate producer) {
    return new PartitionedPatientConsumer(runner, kafka.passWait(), id -> deadLetters.ids().contains(id), producer);
  }

  /** The consumer route, only when the role consumes ({@code both} or {@code consumer}). */
  @Bean
  org.apache.camel.RoutesBuilder partitionConsumerRoutes(KafkaPartitionProperties kafka,
      PartitionedPatientConsumer consumer) {
    if (!kafka.role().consumes()) {
      return new org.apache.camel.builder.RouteBuilder() {
        @Override
        public void configure() {
          // producer role: this instance assesses nothing from the topic
        }
      };
    }
    return new PartitionConsumerRoutes(kafka.settings().consumerUri(), consumer, PartitionConsumerRoutes.ROUTE_ID);
  }

  /** Creates the topic before the start-up pass publishes to it (order 50: after the seed at 0, before 100). */
  @Bean
  KafkaTopicAtStart kafkaTopicAtStart(KafkaPartitionProperties kafka) {
    return new KafkaTopicAtStart(kafka);
  }
}
