package io.github.oncorefract.adapter.partition;

import io.github.oncorefract.adapter.config.KafkaPartitionProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * Start-up step of a publishing instance ({@code adapter.kafka.create-topic}, default true): creates the topic with
 * {@code adapter.kafka.partitions} partitions and the brokers' default replication factor when it is missing, and
 * warns when an existing topic has fewer partitions than configured (Kafka never reduces them; add them with the
 * Kafka tools). Never fails the start: without the topic the first pass's publication fails and the cursor stays.
 */
public class KafkaTopicAtStart implements ApplicationRunner, Ordered {

  private static final Logger log = LoggerFactory.getLogger(KafkaTopicAtStart.class);
  private final KafkaPartitionProperties kafka;

  KafkaTopicAtStart(KafkaPartitionProperties kafka) {
    this.kafka = kafka;
  }

  @Override
  public int getOrder() {
    return 50;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!kafka.publishes() || !kafka.createTopic()) {
      return;
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
      ensure(admin);
    } catch (RuntimeException | ExecutionException | java.util.concurrent.TimeoutException e) {
      log.warn("could not check the Kafka topic ({}); publication will fail until it exists",
          e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void ensure(Admin admin) throws InterruptedException, ExecutionException,
      java.util.concurrent.TimeoutException {
    try {
      admin.createTopics(List.of(new NewTopic(kafka.topic(), Optional.of(kafka.partitions()), Optional.empty())))
          .all().get(30, TimeUnit.SECONDS);
      log.info("Kafka topic {} created with {} partitions", kafka.topic(), kafka.partitions());
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
      TopicDescription d = admin.describeTopics(List.of(kafka.topic())).allTopicNames().get(30, TimeUnit.SECONDS)
          .get(kafka.topic());
      int n = d.partitions().size();
      if (n < kafka.partitions()) {
        log.warn("Kafka topic {} has {} partitions, fewer than adapter.kafka.partitions={}: at most {} consumers work",
            kafka.topic(), n, kafka.partitions(), n);
      } else {
        log.info("Kafka topic {} has {} partitions", kafka.topic(), n);
      }
    }
  }
}
