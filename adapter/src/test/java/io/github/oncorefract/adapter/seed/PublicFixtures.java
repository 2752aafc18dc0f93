package io.github.oncorefract.adapter.seed;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Loads every file of {@code ../shared/fixtures/public} into the shared embedded server once per JVM, whichever IT asks
 * first; later callers get the same report. PUTs with the files' own ids, so loading is idempotent anyway.
 */
public final class PublicFixtures {

  private static SeedReport report;

  private PublicFixtures() {}

  /** The public fixtures folder, from the {@code shared.dir} system property Maven sets. */
  public static Path folder() {
    return Path.of(System.getProperty("shared.dir"), "fixtures", "public");
  }

  /** A client of the embedded server on {@code port}. */
  public static IGenericClient client(FhirContext ctx, int port) {
    ApacheRestfulClientFactory factory = new ApacheRestfulClientFactory(ctx);
    factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
    return factory.newGenericClient("http://localhost:" + port + "/fhir");
  }

  /** Loads the fixtures unless already loaded in this JVM; returns the load's report. */
  public static synchronized SeedReport ensureLoaded(FhirContext ctx, int port) {
    if (report == null) {
      SeedLoader loader = new SeedLoader(client(ctx, port), ctx);
      report = SeedLoader.withMinimumReadTimeout(ctx, Duration.ofMinutes(5), () -> loader.loadPath(folder()));
    }
    return report;
  }
}
