package io.github.oncorefract.adapter.ops;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.stereotype.Component;

/**
 * Whether a pass may be requested now. The web server answers before the Camel routes have started (and after they
 * stopped, at shutdown); a pass sent to a route that is not running fails inside Camel (e.g.
 * {@code RejectedExecutionException}) without anything reaching the FHIR server. So {@code POST /api/assessments/run}
 * and the dead-letter replays first ask here and answer 503 with {@code Retry-After} until the pass route has started
 * and the application is ready ({@link ReadinessState#ACCEPTING_TRAFFIC}: the FHIR package, the seed and demo data and
 * the start-up pass are done), never 502.
 */
@Component
public class PassGate {

  /** The route every pass goes through ({@code AssessmentRoutes}). */
  static final String PASS_ROUTE = "assessment-pass";
  /** Seconds a client is asked to wait ({@code Retry-After}). */
  public static final int RETRY_AFTER_SECONDS = 5;

  private final BooleanSupplier routesStarted;
  private final Supplier<ReadinessState> readiness;

  /**
   * @param camel        the Camel context holding the pass route
   * @param availability Spring Boot's availability states
   */
  @Autowired
  public PassGate(CamelContext camel, ApplicationAvailability availability) {
    this(() -> routeStarted(camel), availability::getReadinessState);
  }

  /**
   * @param routesStarted true once the pass route runs
   * @param readiness     the application's readiness
   */
  public PassGate(BooleanSupplier routesStarted, Supplier<ReadinessState> readiness) {
    this.routesStarted = routesStarted;
    this.readiness = readiness;
  }

  /**
   * Returns when a pass may be requested.
   *
   * @throws NotStartedException while the pass route has not started or the application is not ready yet
   */
  public void requireStarted() {
    if (!routesStarted.getAsBoolean()) {
      throw new NotStartedException("The adapter is starting (its assessment routes are not running yet): "
          + "try again in a few seconds");
    }
    if (readiness.get() != ReadinessState.ACCEPTING_TRAFFIC) {
      throw new NotStartedException("The adapter is starting (FHIR package, seed data or the start-up pass not "
          + "finished; see /actuator/health/readiness): try again in a few seconds");
    }
  }

  private static boolean routeStarted(CamelContext camel) {
    if (!camel.isStarted()) {
      return false;
    }
    ServiceStatus status = camel.getRouteController().getRouteStatus(PASS_ROUTE);
    return status != null && status.isStarted();
  }

  /** A pass was requested before the adapter could run one; answered 503 with {@code Retry-After}. */
  public static class NotStartedException extends RuntimeException {
    /** @param message fixed text, no request values */
    public NotStartedException(String message) {
      super(message);
    }
  }
}
