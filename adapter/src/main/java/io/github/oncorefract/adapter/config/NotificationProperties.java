package io.github.oncorefract.adapter.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.notifications.*}: the real-time path (FHIR R4 rest-hook Subscription notifications received at
 * {@code POST /api/notifications}).
 *
 * @param enabled             accept notifications and assess the affected patients; when false the endpoint answers
 *                            404 and nothing is created on the server
 * @param coalesceWindow      notifications for one patient that arrive within this window of each other lead to one
 *                            assessment (the window restarts with every notification for that patient)
 * @param passWait            how long a notification's assessment waits for a running pass before leaving the patient
 *                            to the next incremental pass
 * @param createSubscriptions create (or update) the adapter's own rest-hook Subscriptions on the FHIR server after
 *                            the start-up pass; unset means true for the embedded server and false for an external one
 * @param endpoint            the URL the FHIR server calls; unset means
 *                            {@code http://localhost:<the web server's port>/api/notifications}
 */
@ConfigurationProperties("adapter.notifications")
public record NotificationProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("2s") Duration coalesceWindow,
    @DefaultValue("60s") Duration passWait,
    Boolean createSubscriptions,
    URI endpoint) {

  /**
   * Whether the adapter creates its Subscriptions.
   *
   * @param embeddedServer true when the embedded FHIR server is in use
   */
  public boolean createSubscriptions(boolean embeddedServer) {
    return enabled && (createSubscriptions == null ? embeddedServer : createSubscriptions);
  }
}
