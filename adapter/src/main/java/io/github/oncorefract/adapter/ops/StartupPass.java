package io.github.oncorefract.adapter.ops;

import io.github.oncorefract.adapter.config.ScheduleProperties;
import io.github.oncorefract.routing.FaultClassifier;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Runs the first pass once the application is ready ({@code adapter.schedule.run-at-startup}), after the embedded
 * server's seeding (which runs at order 0), and prints its table through the {@code oncorefract.report} logger.
 */
@Component
@Order(100)
public class StartupPass implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(StartupPass.class);
  private static final Logger report = LoggerFactory.getLogger("oncorefract.report");

  private final PassRunner runner;
  private final ScheduleProperties schedule;

  public StartupPass(PassRunner runner, ScheduleProperties schedule) {
    this.runner = runner;
    this.schedule = schedule;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!schedule.runAtStartup()) {
      return;
    }
    try {
      PassSummary s = runner.run("startup", false, false);
      report.info("First pass:\n{}", PassReport.table(s));
    } catch (RuntimeException e) {
      log.warn("start-up pass failed: {}; the schedule and POST /api/assessments/run will try again",
          FaultClassifier.sanitisedReason(e));
    }
  }
}
