package io.github.oncorefract.routing;

import org.apache.camel.builder.RouteBuilder;

/**
 * The routes of a pass. They only wire; every step is a named bean method.
 *
 * <pre>
 * scheduler:assessment-pass ──> direct:assessment-pass   (route ids: scheduled-pass, assessment-pass)
 * direct:assessment-pass: begin ─ split(patients) ─> direct:assess-patient ─ complete
 * direct:assess-patient:  fetch ─ normalise ─ assess ─ propose ─ plan ─ [fhir transaction ⟲ replan] ─ done
 * </pre>
 *
 * With {@code adapter.pass.parallelism} above 1 the split runs patients on a bounded pool (a Camel thread pool
 * profile: that many threads, a queue of twice that, overflow run by the calling thread); each patient's steps, and its
 * one transaction, stay on one thread. Counters are kept by the thread-safe {@link PassState}; the cursor still moves
 * only in {@link PassCoordinator#complete} after every patient has finished; an aborted pass lets running patients
 * finish and skips the queued ones. Notifications, replays and targeted passes go through the same split.
 *
 * <p>Each request to the FHIR server retries itself after a transient fault (the adapter's HTTP layer); a transient fault
 * of a read that still reaches the route (see {@link FaultClassifier}) redelivers that step, with backoff. A
 * transaction is never resent as it was: when its outcome is unknown (no answer, a transient status, a 412), the
 * patient is planned again from the server and only what is still missing is sent ({@link UncertainTransactions},
 * bounded). Any failure is then recorded and the pass goes on with the next patient. An open circuit breaker (the server
 * keeps failing) or a configuration fault (the server refused a search as invalid,
 * {@link FaultClassifier#isConfigurationFault}) stops the pass at once, without completing it, so the cursor stays where
 * it was. The transaction is sent by camel-fhir with the application's
 * one configured client (bean {@code fhirClient}).
 */
public class AssessmentRoutes extends RouteBuilder {

  /** Endpoint that runs one pass; the body is a {@link PassRequest}, the reply a {@link PassSummary}. */
  public static final String PASS = "direct:assessment-pass";
  /** The one per-patient path; the body is a {@link PatientWork} of a pass. */
  public static final String PATIENT = "direct:assess-patient";
  /** Exchange property holding the patient's {@link PatientWork} while the body is the transaction. */
  public static final String WORK = "oncorefractWork";

  private final PassCoordinator coordinator;
  private final AssessmentPipeline pipeline;
  private final RetryPolicy retry;
  private final String scheduleUri;
  private final PassRunner runner;
  private final UncertainTransactions uncertain;
  private final String patientEndpoint;
  private final int parallelism;

  /** Patients one at a time ({@code adapter.pass.parallelism=1}), on {@link #PATIENT}. */
  public AssessmentRoutes(PassCoordinator coordinator, AssessmentPipeline pipeline, RetryPolicy retry,
      String scheduleUri, PassRunner runner) {
    this(coordinator, pipeline, retry, scheduleUri, runner, new UncertainTransactions(pipeline, retry, null), null, 1);
  }

  /**
   * @param uncertain what to do when a transaction's outcome is unknown (replan, bounded)
   * @see #AssessmentRoutes(PassCoordinator, AssessmentPipeline, RetryPolicy, String, PassRunner)
   */
  public AssessmentRoutes(PassCoordinator coordinator, AssessmentPipeline pipeline, RetryPolicy retry,
      String scheduleUri, PassRunner runner, UncertainTransactions uncertain) {
    this(coordinator, pipeline, retry, scheduleUri, runner, uncertain, null, 1);
  }

  /**
   * @param patientEndpoint where a pass sends each of its patients ({@link PatientWork} body), or {@code null} for
   *                        {@link #PATIENT}. Kafka partitioning ({@code io.github.oncorefract.partition}) sends them to
   *                        a route that publishes them, or passes them on to {@link #PATIENT}; no other path assesses.
   * @see #AssessmentRoutes(PassCoordinator, AssessmentPipeline, RetryPolicy, String, PassRunner)
   */
  public AssessmentRoutes(PassCoordinator coordinator, AssessmentPipeline pipeline, RetryPolicy retry,
      String scheduleUri, PassRunner runner, String patientEndpoint) {
    this(coordinator, pipeline, retry, scheduleUri, runner, new UncertainTransactions(pipeline, retry, null),
        patientEndpoint, 1);
  }

  /**
   * @param parallelism patients assessed at the same time
   * @see #AssessmentRoutes(PassCoordinator, AssessmentPipeline, RetryPolicy, String, PassRunner, UncertainTransactions,
   *      String, int)
   */
  public AssessmentRoutes(PassCoordinator coordinator, AssessmentPipeline pipeline, RetryPolicy retry,
      String scheduleUri, PassRunner runner, int parallelism) {
    this(coordinator, pipeline, retry, scheduleUri, runner, new UncertainTransactions(pipeline, retry, null), null,
        parallelism);
  }

  /**
   * @param coordinator pass begin/complete and outcomes
   * @param pipeline    per-patient steps
   * @param retry       redelivery for transient faults
   * @param scheduleUri Camel scheduler URI of the periodic pass, or {@code null} for no schedule
   * @param runner      the one-pass-at-a-time guard the schedule goes through
   * @param uncertain   what to do when a transaction's outcome is unknown (replan, bounded)
   * @param patientEndpoint where a pass sends each of its patients, or {@code null} for {@link #PATIENT}
   * @param parallelism patients assessed at the same time ({@code adapter.pass.parallelism}, at least 1): with 1 the
   *                    split runs on the caller's thread as before; above 1 on a pool of that many threads with a
   *                    bounded queue (twice the pool) whose overflow runs on the calling thread (back-pressure)
   */
  public AssessmentRoutes(PassCoordinator coordinator, AssessmentPipeline pipeline, RetryPolicy retry,
      String scheduleUri, PassRunner runner, UncertainTransactions uncertain, String patientEndpoint,
      int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("adapter.pass.parallelism must be at least 1");
    }
    this.uncertain = uncertain;
    this.patientEndpoint = patientEndpoint == null ? PATIENT : patientEndpoint;
    this.parallelism = parallelism;
    this.coordinator = coordinator;
    this.pipeline = pipeline;
    this.retry = retry;
    this.scheduleUri = scheduleUri;
    this.runner = runner;
  }

  @Override
  public void configure() {
    // A failed pass (e.g. the server is down while finding candidates) goes back to the PassRunner's caller, which
    // logs a sanitised reason; Camel's own exhausted-exchange log would print stack traces with request URLs.
    errorHandler(defaultErrorHandler().logStackTrace(false).logExhausted(false).logRetryAttempted(false)
        .logHandled(false));
    if (scheduleUri != null) {
      from(scheduleUri).routeId("scheduled-pass")
          .bean(runner, "runScheduled");
    }

    org.apache.camel.model.SplitDefinition split = from(PASS).routeId("assessment-pass")
        .bean(coordinator, "begin")
        .setProperty("pass", body())
        .split(method(coordinator, "works"));
    if (parallelism > 1) {
      // A bounded pool: patients in parallel, each patient's steps (and its one transaction) on one thread.
      split.parallelProcessing().executorService(passExecutor());
    }
    split
          // No stopOnException: Camel stops a split also on a failure the patient route handled, which would end the
          // pass at its first failed patient. An open circuit breaker aborts the pass instead (patientAborted): the
          // patients after it are skipped and complete() throws, so the cursor stays where it was.
          .to(patientEndpoint)
        .end()
        .setBody(exchangeProperty("pass"))
        .bean(coordinator, "complete");

    from(PATIENT).routeId("assess-patient")
        .onException(Exception.class)
          .onWhen(exchange -> FaultClassifier.stopsThePass(exchange.getException() != null
              ? exchange.getException()
              : exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Throwable.class)))
          .handled(true)
          .logStackTrace(false)
          .logExhausted(false)
          .logExhaustedMessageHistory(false)
          .bean(coordinator, "patientAborted")
        .end()
        .onException(Exception.class)
          // Transient faults of reads that survived the per-request retries: Camel redelivers the failed step (a
          // read, so repeating it is safe). The transaction never gets here with such a fault: its doTry below replans.
          .onWhen(exchange -> {
            Throwable t = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Throwable.class);
            return FaultClassifier.isTransient(t);
          })
          .maximumRedeliveries(retry.maxRedeliveries())
          .redeliveryDelay(retry.initialDelayMs())
          .maximumRedeliveryDelay(retry.maxDelayMs())
          .useExponentialBackOff()
          .backOffMultiplier(2)
          // Camel's own retry log prints the exception text (server diagnostics may echo values): log ours.
          .retryAttemptedLogLevel(org.apache.camel.LoggingLevel.OFF)
          .onRedelivery(exchange -> org.slf4j.LoggerFactory.getLogger(AssessmentRoutes.class).warn(
              "retrying patient after transient fault: {}", FaultClassifier.sanitisedReason(
                  exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Throwable.class) != null
                      ? exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Throwable.class)
                      : exchange.getException())))
          .logStackTrace(false)
          .logExhaustedMessageHistory(false)
          .handled(true)
          .bean(coordinator, "patientFailed")
        .end()
        .onException(Exception.class)
          .handled(true)
          .logStackTrace(false)
          .logExhaustedMessageHistory(false)
          .bean(coordinator, "patientFailed")
        .end()
        .filter(method(coordinator, "passAborted")).stop().end()
        .bean(coordinator, "patientStarted")
        .setProperty(WORK, body())
        .bean(pipeline, "fetch")
        .bean(pipeline, "normalise")
        .bean(pipeline, "assess")
        .bean(pipeline, "propose")
        .bean(pipeline, "plan")
        .choice()
          .when(method(pipeline, "shouldSend"))
            // Camel would redeliver the same Bundle, whose If-Match updates fail with 412 forever once it was
            // committed: instead an unconfirmed transaction makes the patient be planned again (bounded), and the loop
            // sends the new plan only when it still has writes.
            .loopDoWhile(method(uncertain, "unsent"))
              .doTry()
                .setBody(simple("${exchangeProperty." + WORK + ".transaction}"))
                // toD: resolved at the first write, when an embedded server's port is known
                .toD("fhir://transaction/withBundle?inBody=bundle&client=#fhirClient")
                .bean(pipeline, "recordResponse(${exchangeProperty." + WORK + "}, ${body})")
                .bean(uncertain, "answered")
              .doCatch(Exception.class)
                .bean(uncertain, "replan")
              .end()
            .end()
            .setBody(exchangeProperty(WORK))
        .end()
        .bean(coordinator, "patientDone");
  }

  /** The pass's worker pool: {@link #parallelism} threads, a queue of twice that, overflow run by the caller. */
  private java.util.concurrent.ExecutorService passExecutor() {
    org.apache.camel.spi.ThreadPoolProfile profile =
        new org.apache.camel.builder.ThreadPoolProfileBuilder("oncorefract-pass")
            .poolSize(parallelism)
            .maxPoolSize(parallelism)
            .maxQueueSize(2 * parallelism)
            .rejectedPolicy(org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy.CallerRuns)
            .build();
    return getContext().getExecutorServiceManager().newThreadPool(this, "assessment-pass", profile);
  }
}
