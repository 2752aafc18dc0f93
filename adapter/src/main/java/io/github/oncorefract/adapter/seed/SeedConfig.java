package io.github.oncorefract.adapter.seed;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.adapter.config.FhirServerProperties;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Seeding beans, present in both modes: with an external server the runner only completes
 * {@link FhirServerSeedState} (nothing to seed) so that consumers of the signal need not know the mode.
 */
@Configuration(proxyBeanMethods = false)
public class SeedConfig {

  /** Readiness signal of the start-up seeding. */
  @Bean
  public FhirServerSeedState fhirServerSeedState() {
    return new FhirServerSeedState();
  }

  /** Loads demo cohort and seed folder into the embedded server; {@code @Order(0)} among the runners. */
  @Bean
  public SeedRunner seedRunner(FhirServerProperties fhirServer, DemoProperties demo, SeedProperties seed,
      FhirServerSeedState state, ObjectProvider<FhirContext> fhirContext,
      ObjectProvider<EmbeddedFhirServerEndpoint> endpoint) {
    return new SeedRunner(fhirServer, demo, seed, state, fhirContext, endpoint);
  }
}
