package io.github.oncorefract.adapter.notify;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the endpoint and the routes: hands a parsed notification to the in-memory queue without waiting (so the FHIR
 * server never waits for an assessment), and later resolves it to in-scope patients on the queue's thread. Logs only
 * resource types and counts.
 */
public class NotificationIntake {

  private static final Logger log = LoggerFactory.getLogger(NotificationIntake.class);

  private final ProducerTemplate producer;
  private final NotificationPatientResolver resolver;
  private final NotificationMetrics metrics;

  /**
   * @param producer Camel producer
   * @param resolver finds the notification's patients
   * @param metrics  notification counters
   */
  public NotificationIntake(ProducerTemplate producer, NotificationPatientResolver resolver,
      NotificationMetrics metrics) {
    this.producer = producer;
    this.resolver = resolver;
    this.metrics = metrics;
  }

  /**
   * Accepts a notification: counts it and queues it when it names resources. Never blocks on the assessment.
   *
   * @param n the parsed notification
   */
  public void submit(Notification n) {
    metrics.count("received", 1);
    if (!n.actionable()) {
      metrics.count("ignored", 1);
      log.info("notification {} acknowledged; nothing to assess", n.kind().name().toLowerCase());
      return;
    }
    Map<String, Integer> types = new TreeMap<>();
    n.focus().forEach(r -> types.merge(r.type(), 1, Integer::sum));
    log.info("notification received: {}", types);
    try {
      producer.sendBody(NotificationRoutes.INTAKE, n);
    } catch (RuntimeException e) {
      // Queue full or the application stopping: the next incremental pass finds the change by _lastUpdated.
      metrics.count("deferred", n.focus().size());
      log.warn("notification not queued ({}); the next incremental pass catches up", e.getClass().getSimpleName());
    }
  }

  /**
   * The route's resolving step.
   *
   * @param n a queued notification
   * @return its in-scope logical Patient ids, sorted
   */
  public List<String> patients(Notification n) {
    NotificationPatientResolver.Resolution r = resolver.resolve(n);
    metrics.count("ignored", r.ignored());
    if (r.ignored() > 0) {
      log.info("notification: {} focus reference(s) led to no in-scope patient", r.ignored());
    }
    return List.copyOf(r.patientIds());
  }
}
