package io.github.oncorefract.adapter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.oncorefract.routing.AssessmentRoutes;
import io.github.oncorefract.routing.PassRequest;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * A backlog of notifications must not starve an on-demand pass: the notification queue's single consumer runs one
 * targeted pass after another, and an API pass waiting for the running targeted pass gets the lock before the
 * consumer's next targeted pass (it used to lose to the consumer, which re-took the free lock first, and was refused
 * with 409 after its wait).
 */
class NotificationPassFairnessTest {

  @Test
  void anApiPassWaitingForATargetedPassRunsBeforeTheNextTargetedPass() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    CountDownLatch gate = new CountDownLatch(1);
    try (DefaultCamelContext camel = new DefaultCamelContext()) {
      camel.addRoutes(new RouteBuilder() {
        @Override
        public void configure() {
          from(AssessmentRoutes.PASS).process(ex -> {
            PassRequest r = ex.getIn().getBody(PassRequest.class);
            String label = r.trigger() + (r.targeted() ? ":" + r.patientIds().first() : "");
            order.add(label);
            if ("notification:p1".equals(label)) {
              gate.await(30, TimeUnit.SECONDS);
            }
            ex.getIn().setBody(new PassSummary(r.trigger(), "write", true, Instant.now(), 0, 1, 0, 0, 0, 0, 0, 0, 0,
                0, 0, List.of(), List.of()));
          });
        }
      });
      camel.start();
      PassRunner runner = new PassRunner(camel.createProducerTemplate(), null, Clock.systemUTC());

      // The notification consumer: one targeted pass after the other, as the assess queue drains.
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread consumer = new Thread(() -> {
        try {
          runner.runTargeted("notification", Set.of("p1"), Duration.ofSeconds(30));
          runner.runTargeted("notification", Set.of("p2"), Duration.ofSeconds(30));
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      consumer.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> order.contains("notification:p1"));

      Thread api = new Thread(() -> {
        try {
          runner.run("api", false, false);
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      api.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> api.getState() == Thread.State.TIMED_WAITING);

      gate.countDown();
      consumer.join(30_000);
      api.join(30_000);
      assertThat(failure.get()).isNull();
      assertThat(order).containsExactly("notification:p1", "api", "notification:p2");
    }
  }
}
