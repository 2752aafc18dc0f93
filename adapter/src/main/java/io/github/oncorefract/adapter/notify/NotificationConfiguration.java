package io.github.oncorefract.adapter.notify;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.adapter.config.FhirServerProperties;
import io.github.oncorefract.adapter.config.NotificationProperties;
import io.github.oncorefract.adapter.config.ScopeProperties;
import io.github.oncorefract.ingest.PatientScope;
import io.github.oncorefract.routing.FaultClassifier;
import io.github.oncorefract.routing.PassRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The real-time path's beans ({@code adapter.notifications.enabled}, default true): parser, resolver, intake,
 * assessor, routes, and the start-up step that creates the adapter's Subscriptions once the start-up pass is done
 * (order 200, after {@code StartupPass} at 100), so the demo load and the first pass never cause notifications.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "adapter.notifications", name = "enabled", havingValue = "true",
    matchIfMissing = true)
public class NotificationConfiguration {

  private static final Logger log = LoggerFactory.getLogger(NotificationConfiguration.class);

  @Bean
  NotificationMetrics notificationMetrics(MeterRegistry registry) {
    return new NotificationMetrics(registry);
  }

  @Bean
  NotificationParser notificationParser(FhirContext ctx) {
    return new NotificationParser(ctx);
  }

  @Bean
  NotificationPatientResolver notificationPatientResolver(Supplier<IGenericClient> client, ScopeProperties scope) {
    return new NotificationPatientResolver(client,
        new PatientScope(new TreeSet<>(scope.patientIds()), scope.tag()));
  }

  @Bean
  NotificationIntake notificationIntake(ProducerTemplate producer, NotificationPatientResolver resolver,
      NotificationMetrics metrics) {
    return new NotificationIntake(producer, resolver, metrics);
  }

  @Bean
  NotificationAssessor notificationAssessor(PassRunner runner, NotificationProperties props,
      NotificationMetrics metrics) {
    return new NotificationAssessor(runner, props.passWait(), metrics);
  }

  @Bean
  NotificationRoutes notificationRoutes(NotificationIntake intake, NotificationAssessor assessor,
      NotificationProperties props, NotificationMetrics metrics) {
    return new NotificationRoutes(intake, assessor, props.coalesceWindow(), metrics);
  }

  @Bean
  NotificationSubscriptions notificationSubscriptions(Supplier<IGenericClient> client) {
    return new NotificationSubscriptions(client);
  }

  /** Creates the Subscriptions after the start-up pass, when {@code adapter.notifications.create-subscriptions}. */
  @Bean
  SubscriptionsAtStart notificationSubscriptionsAtStart(NotificationSubscriptions subscriptions,
      NotificationProperties props, FhirServerProperties fhir, Environment env) {
    return new SubscriptionsAtStart(subscriptions, props, fhir, env);
  }

  /** The start-up step (order 200: after the seed at 0 and the start-up pass at 100); never fails the start. */
  static final class SubscriptionsAtStart implements ApplicationRunner, Ordered {
    private final NotificationSubscriptions subscriptions;
    private final NotificationProperties props;
    private final FhirServerProperties fhir;
    private final Environment env;

    SubscriptionsAtStart(NotificationSubscriptions subscriptions, NotificationProperties props,
        FhirServerProperties fhir, Environment env) {
      this.subscriptions = subscriptions;
      this.props = props;
      this.fhir = fhir;
      this.env = env;
    }

    @Override
    public int getOrder() {
      return 200;
    }

    @Override
    public void run(ApplicationArguments args) {
      if (!props.createSubscriptions(fhir.embedded())) {
        return;
      }
      try {
        List<String> ids = subscriptions.ensure(endpoint(props, env));
        log.info("{} rest-hook Subscription(s) on the FHIR server deliver to /api/notifications", ids.size());
      } catch (RuntimeException e) {
        log.warn("could not create the adapter's Subscriptions ({}); passes still find every change",
            FaultClassifier.sanitisedReason(e));
      }
    }
  }

  /**
   * The endpoint the server calls: {@code adapter.notifications.endpoint}, or this application's own
   * {@code http://localhost:<port><context-path>/api/notifications}.
   */
  public static String endpoint(NotificationProperties props, Environment env) {
    if (props.endpoint() != null && !props.endpoint().toString().isBlank()) {
      return props.endpoint().toString();
    }
    String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    String contextPath = env.getProperty("server.servlet.context-path", "");
    return "http://localhost:" + port + contextPath + "/api/notifications";
  }
}
