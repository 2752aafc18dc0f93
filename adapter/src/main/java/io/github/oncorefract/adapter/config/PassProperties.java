package io.github.oncorefract.adapter.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code adapter.pass.*}: how a pass runs its patients.
 *
 * @param parallelism patients assessed at the same time (each patient's reads, plan and one transaction on one
 *                    thread); unset: the number of processors ({@code Runtime.availableProcessors()}); 1: one at a
 *                    time, as before. Values below 1 stop the application at start. The FHIR client's connection pool
 *                    is sized to it ({@link FhirClients#poolSize}).
 */
@ConfigurationProperties("adapter.pass")
public record PassProperties(Integer parallelism) {

  public PassProperties {
    if (parallelism != null && parallelism < 1) {
      throw new IllegalArgumentException("adapter.pass.parallelism must be at least 1");
    }
  }

  /** The parallelism in effect: as set, else the number of processors (at least 1). */
  public int effectiveParallelism() {
    return parallelism != null ? parallelism : Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
