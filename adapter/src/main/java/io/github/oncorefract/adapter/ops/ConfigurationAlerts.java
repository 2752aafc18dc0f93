package io.github.oncorefract.adapter.ops;

import io.github.oncorefract.routing.FaultClassifier;
import io.github.oncorefract.routing.PassRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counts passes stopped by a configuration error ({@link FaultClassifier#isConfigurationFault}: the FHIR server refused
 * a search as invalid, HTTP 400) in {@code oncorefract.config.alerts} (counter, no tags; registered at zero so an alert
 * on it works from the start). Each such pass also counts in {@code oncorefract.pass.failures} and logs one ERROR line
 * naming the resource type and the parameter names.
 */
@Component
public class ConfigurationAlerts {

  /** Meter name. */
  public static final String METER = "oncorefract.config.alerts";

  /**
   * @param registry the application's meter registry
   * @param runner   the pass runner whose failed passes are classified
   */
  public ConfigurationAlerts(MeterRegistry registry, PassRunner runner) {
    Counter alerts = Counter.builder(METER)
        .description("Passes stopped because the FHIR server refused a search as invalid (a configuration error)")
        .register(registry);
    runner.addFaultListener((trigger, fault) -> {
      if (FaultClassifier.isConfigurationFault(fault)) {
        alerts.increment();
      }
    });
  }
}
