package io.github.oncorefract.routing;

import io.github.oncorefract.publish.PublishOutcome;
import io.github.oncorefract.publish.PublishPlan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A patient's transaction whose outcome the adapter does not know: no answer (read timeout, connection lost after the
 * request was sent), a transient status (408, 429, 5xx: a gateway may have timed out after forwarding it), or a 412
 * (an {@code If-Match} failed, e.g. because the same transaction had been committed before, or someone wrote
 * meanwhile). Resending the same Bundle would be wrong (its version-checked updates fail with 412 forever once the
 * first one was committed), so the patient is planned again from what the server now holds
 * ({@link AssessmentPipeline#plan}, which reads the adapter's earlier output):
 *
 * <ul>
 *   <li>the new plan has nothing to send: the server holds every write (the earlier transaction was committed). The
 *       patient is recorded as written with the counts of the plan that was sent, a WARN says so (no identifiers at
 *       WARN; the logical patient id at DEBUG), {@link PatientWork#committedAfterTimeout()} is set, and the meter
 *       {@value #METER} counts {@code outcome=committed};</li>
 *   <li>the new plan still has writes: it is sent once (by camel-fhir, like the first); when that answers, the meter
 *       counts {@code outcome=resent};</li>
 *   <li>after {@link RetryPolicy#maxRedeliveries()} replans without an answer, or when re-reading the server fails, the
 *       patient fails with {@link OutcomeUnknownException} (never redelivered by the route: no loop) and the meter
 *       counts {@code outcome=failed}. The next pass plans it from the server again, so nothing is duplicated.</li>
 * </ul>
 *
 * Each replan waits first (the policy's initial delay, doubled per replan, capped), so a server still committing has
 * time to finish. An open circuit breaker and every other failure (400, 422, ...) go to the route's handlers unchanged.
 */
public class UncertainTransactions {

  /** Counter of transactions whose outcome was unknown; tag {@code outcome}: committed, resent, failed. */
  public static final String METER = "oncorefract.transactions.uncertain";
  /** Exchange property: replans made for the current patient. */
  static final String REPLANS = "oncorefractReplans";

  private static final Logger log = LoggerFactory.getLogger(UncertainTransactions.class);

  private final AssessmentPipeline pipeline;
  private final RetryPolicy policy;
  private final MeterRegistry meters;

  /**
   * @param pipeline the per-patient steps ({@link AssessmentPipeline#plan} is called again)
   * @param policy   {@code maxRedeliveries}: replans per patient ({@code adapter.retry.max-redeliveries}); delays in
   *                 milliseconds before each replan
   * @param meters   where {@value #METER} is counted, or {@code null}
   */
  public UncertainTransactions(AssessmentPipeline pipeline, RetryPolicy policy, MeterRegistry meters) {
    this.pipeline = pipeline;
    this.policy = policy;
    this.meters = meters;
    if (meters != null) {
      for (String outcome : java.util.List.of("committed", "resent", "failed")) {
        counter(outcome); // at zero from the start, so an alert on the series works before the first event
      }
    }
  }

  /** The loop condition of the route: the patient's plan has writes that no answer has confirmed yet. */
  public boolean unsent(Exchange exchange) {
    PatientWork w = exchange.getProperty(AssessmentRoutes.WORK, PatientWork.class);
    return w != null && w.plan() != null && w.plan().hasWrites() && (w.outcome() == null || !w.outcome().sent());
  }

  /** Called when the transaction was answered: counts a successful resend. */
  public void answered(Exchange exchange) {
    Integer replans = exchange.getProperty(REPLANS, Integer.class);
    if (replans != null && replans > 0) {
      count("resent");
      log.info("transaction sent again after re-planning from the server, and answered");
    }
  }

  /**
   * The route's {@code doCatch} of the transaction: replans the patient after an uncertain outcome (see the class
   * comment), or rethrows.
   *
   * @throws Exception the caught exception when it is not an uncertain outcome (or the circuit breaker is open);
   *                   {@link OutcomeUnknownException} when the replans are used up or re-reading the server failed
   */
  public void replan(Exchange exchange) throws Exception {
    Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    PatientWork w = exchange.getProperty(AssessmentRoutes.WORK, PatientWork.class);
    if (caught == null || w == null || !isUncertain(caught)) {
      throw rethrowable(caught);
    }
    String reason = FaultClassifier.sanitisedReason(caught);
    int replans = exchange.getProperty(REPLANS, 0, Integer.class) + 1;
    exchange.setProperty(REPLANS, replans);
    if (replans > policy.maxRedeliveries()) {
      throw failed(reason + "; still unknown after " + policy.maxRedeliveries()
          + " replan(s) (adapter.retry.max-redeliveries)", caught);
    }
    PublishPlan sent = w.plan();
    log.warn("transaction not confirmed ({}): planning the patient again from the FHIR server ({} of {})", reason,
        replans, policy.maxRedeliveries());
    log.debug("replanning patient {} after an unconfirmed transaction", w.patientId());
    pause(replans);
    try {
      pipeline.plan(w);
    } catch (RuntimeException e) {
      if (FaultClassifier.isCircuitOpen(e)) {
        throw e;
      }
      throw failed(reason + "; planning again failed: " + FaultClassifier.sanitisedReason(e), e);
    }
    if (!w.plan().hasWrites()) {
      w.outcome(PublishOutcome.of(sent, true));
      w.committedAfterTimeout(true);
      count("committed");
      log.warn("transaction timed out but the server had committed it ({}): recorded as written ({} created, {} "
          + "updated), not sent again", reason, w.outcome().created(), w.outcome().updated());
    } else {
      log.info("the server does not hold the unconfirmed transaction's writes: sending the new plan ({} creates, {} "
          + "updates)", w.plan().count(io.github.oncorefract.publish.WriteAction.CREATE),
          w.plan().count(io.github.oncorefract.publish.WriteAction.UPDATE));
    }
  }

  /**
   * True for a failed transaction whose outcome is unknown or that is worth planning again: a transient fault
   * ({@link FaultClassifier#isTransient}: no answer, 408, 429, 5xx), a 412 ({@link FaultClassifier#isStaleWrite}), or
   * a 409 (HAPI answers it to two identical conditional creates at the same instant, e.g. the adapter Device written
   * by two patients' transactions of a parallel pass: the other one won, and planning again finds its resource);
   * never an open circuit breaker.
   */
  public static boolean isUncertain(Throwable t) {
    return !FaultClassifier.isCircuitOpen(t)
        && (FaultClassifier.isTransient(t) || FaultClassifier.isStaleWrite(t)
            || FaultClassifier.isConflict(t));
  }

  private OutcomeUnknownException failed(String reason, Throwable cause) {
    count("failed");
    log.debug("unconfirmed transaction detail", cause);
    return new OutcomeUnknownException("transaction outcome unknown: " + reason);
  }

  private void pause(int replan) throws InterruptedException {
    long delay = Math.min(policy.maxDelayMs(), policy.initialDelayMs() << Math.min(20, replan - 1));
    if (delay > 0) {
      Thread.sleep(delay);
    }
  }

  private void count(String outcome) {
    if (meters != null) {
      counter(outcome).increment();
    }
  }

  private Counter counter(String outcome) {
    return Counter.builder(METER).tag("outcome", outcome)
        .description("Transactions whose outcome was unknown (no answer, transient status or 412), by what was found")
        .register(meters);
  }

  private static Exception rethrowable(Throwable t) {
    if (t instanceof Exception e) {
      return e;
    }
    return new IllegalStateException(t == null ? "transaction failed" : t.getClass().getSimpleName(), t);
  }

  /**
   * A transaction whose outcome stayed unknown after the allowed replans, or whose replan could not read the server.
   * Its message is sanitised (exception types and HTTP statuses only); it carries no cause, so the route never
   * classifies it as transient and never redelivers it.
   */
  public static final class OutcomeUnknownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message sanitised reason */
    public OutcomeUnknownException(String message) {
      super(message, null, false, false);
    }
  }
}
