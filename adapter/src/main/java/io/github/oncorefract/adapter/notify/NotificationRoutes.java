package io.github.oncorefract.adapter.notify;

import java.time.Duration;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The notification routes. They only wire; every step is a named bean method.
 *
 * <pre>
 * seda:oncorefract-notifications ─ resolve ─ split(patient ids) ─> direct:notification-coalesce
 * direct:notification-coalesce:  aggregate by patient id, complete after the window without a new notification
 *                                (or after {@link #MAX_COALESCED} of them) ─> seda:oncorefract-notification-assess
 * seda:oncorefract-notification-assess: targeted pass of that patient (PassRunner, trigger notification)
 * </pre>
 *
 * Route ids {@code notification-intake}, {@code notification-coalesce}, {@code notification-assess}. The queues live
 * in memory: a notification still queued when the application stops is lost, and the next incremental pass (which
 * finds changes by {@code _lastUpdated}) assesses that patient instead.
 */
public class NotificationRoutes extends RouteBuilder {

  /** Where the endpoint puts a parsed {@link Notification}; never blocks the caller. */
  public static final String INTAKE = "seda:oncorefract-notifications?size=10000";
  static final String COALESCE = "direct:notification-coalesce";
  static final String ASSESS = "seda:oncorefract-notification-assess?size=10000";
  /**
   * At most this many notifications for one patient are coalesced: the window restarts with each one, so without a
   * bound a patient whose data change faster than the window would not be assessed until the changes stop.
   */
  public static final int MAX_COALESCED = 100;

  private final NotificationIntake intake;
  private final NotificationAssessor assessor;
  private final Duration window;
  private final NotificationMetrics metrics;

  /**
   * @param intake   resolves a notification to its in-scope patients
   * @param assessor runs the targeted pass
   * @param window   the coalescing window ({@code adapter.notifications.coalesce-window})
   * @param metrics  counts coalesced notifications
   */
  public NotificationRoutes(NotificationIntake intake, NotificationAssessor assessor, Duration window,
      NotificationMetrics metrics) {
    this.intake = intake;
    this.assessor = assessor;
    this.window = window;
    this.metrics = metrics;
  }

  @Override
  public void configure() {
    errorHandler(defaultErrorHandler().logStackTrace(false).logExhausted(false).logHandled(false));
    long windowMs = Math.max(1, window.toMillis());

    from(INTAKE).routeId("notification-intake")
        .bean(intake, "patients")
        .split(body())
          .to(COALESCE)
        .end();

    from(COALESCE).routeId("notification-coalesce")
        .aggregate(body(), keepFirst())
          .completionTimeout(windowMs)
          .completionSize(MAX_COALESCED)
          .completionTimeoutCheckerInterval(Math.max(10, Math.min(250, windowMs / 4)))
          .to(ASSESS);

    from(ASSESS).routeId("notification-assess")
        .bean(assessor, "assess");
  }

  private AggregationStrategy keepFirst() {
    return (Exchange oldExchange, Exchange newExchange) -> {
      if (oldExchange == null) {
        return newExchange;
      }
      metrics.count("coalesced", 1);
      return oldExchange;
    };
  }
}
