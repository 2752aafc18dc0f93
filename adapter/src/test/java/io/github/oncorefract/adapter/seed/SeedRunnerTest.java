package io.github.oncorefract.adapter.seed;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.adapter.config.FhirServerProperties;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerEndpoint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.DefaultApplicationArguments;

class SeedRunnerTest {

  @Test
  void withAnExternalServerNothingIsSeededAndTheStateIsCompletedAtOnce() {
    FhirServerProperties external = new FhirServerProperties(URI.create("https://fhir.example.org/r4"), 200,
        Duration.ofSeconds(10), Duration.ofSeconds(60), null);
    FhirServerSeedState state = new FhirServerSeedState();
    // No FhirContext and no embedded endpoint exist in external mode: the runner must not ask for them.
    StaticListableBeanFactory noBeans = new StaticListableBeanFactory();
    SeedRunner runner = new SeedRunner(external, new DemoProperties(true, 50, 1L),
        new SeedProperties(Path.of("/nonexistent"), 250), state,
        noBeans.getBeanProvider(FhirContext.class), noBeans.getBeanProvider(EmbeddedFhirServerEndpoint.class));

    runner.run(new DefaultApplicationArguments());

    assertThat(state.seeded()).isTrue();
    assertThat(state.lastReport()).contains(SeedReport.empty());
  }
}
