package io.github.oncorefract.adapter.seed;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import io.github.oncorefract.adapter.config.FhirServerProperties;
import io.github.oncorefract.adapter.demo.DemoCohortGenerator;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerEndpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;

/**
 * Seeds the embedded FHIR server once the web server is up and before any later runner (the first assessment pass
 * runs with a later order and so sees all data): first the demo cohort ({@code adapter.demo.*}, with its fictional
 * ResearchStudy resources, see {@link DemoCohortGenerator#studies()}), then the files under
 * {@code adapter.seed.path}. With an external server nothing is loaded (a set {@code adapter.seed.path} is refused
 * with a log line). Never fails the start: errors are logged and {@link FhirServerSeedState} is completed anyway.
 *
 * <p>At INFO and above the log names files by position only ({@code file 12 of 109}), never by name or path: Synthea
 * names files after the patient ({@code Given_Family_uuid.json}). Paths appear at DEBUG only.
 */
@Order(0)
public class SeedRunner implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(SeedRunner.class);
  private static final int MAX_REFUSALS_LOGGED = 25;
  private static final java.time.Duration SEED_READ_TIMEOUT = java.time.Duration.ofMinutes(5);

  private final FhirServerProperties fhirServer;
  private final DemoProperties demo;
  private final SeedProperties seed;
  private final FhirServerSeedState state;
  private final ObjectProvider<FhirContext> fhirContext;
  private final ObjectProvider<EmbeddedFhirServerEndpoint> endpoint;

  /**
   * @param fhirContext and {@code endpoint} are looked up only in embedded mode (they may be absent otherwise)
   */
  public SeedRunner(FhirServerProperties fhirServer, DemoProperties demo, SeedProperties seed,
      FhirServerSeedState state, ObjectProvider<FhirContext> fhirContext,
      ObjectProvider<EmbeddedFhirServerEndpoint> endpoint) {
    this.fhirServer = fhirServer;
    this.demo = demo;
    this.seed = seed;
    this.state = state;
    this.fhirContext = fhirContext;
    this.endpoint = endpoint;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!fhirServer.embedded()) {
      if (seed.path() != null) {
        log.warn("adapter.seed.path is set but adapter.fhir.base-url points at an external FHIR server: seeding "
            + "refused, the seed loader only writes into the embedded server");
      }
      state.complete(SeedReport.empty());
      return;
    }
    SeedReport report = SeedReport.empty();
    try {
      FhirContext context = fhirContext.getObject();
      SeedLoader loader = new SeedLoader(seedClient(context, endpoint.getObject().baseUrl()), context,
          seed.batchSize());
      report = SeedLoader.withMinimumReadTimeout(context, SEED_READ_TIMEOUT, () -> {
        SeedReport loaded = SeedReport.empty();
        if (demo.enabled()) {
          loaded = loaded.plus(loadDemo(loader, () -> {
            DemoCohortGenerator generator = new DemoCohortGenerator(context);
            List<Bundle> bundles = new java.util.ArrayList<>(generator.generate(demo.size(), demo.seed()));
            bundles.add(generator.studies()); // the demo's fictional ResearchStudy resources, for trial matching
            return bundles;
          }));
        }
        if (seed.path() != null) {
          loaded = loaded.plus(loadFolder(loader, seed.path()));
        }
        return loaded;
      });
    } catch (RuntimeException e) {
      // Never fatal; the exception class only (messages may carry data).
      log.error("Seeding the embedded FHIR server failed: {}", e.getClass().getName());
      log.debug("Seeding failure", e);
    } finally {
      state.complete(report);
    }
  }

  private SeedReport loadDemo(SeedLoader loader, Supplier<List<Bundle>> cohort) {
    List<Bundle> bundles = cohort.get();
    SeedReport report = loader.loadTransactions("demo", bundles);
    log.info("Demo cohort ({} patients requested, {} bundles): {}", demo.size(), bundles.size(), report.summary());
    logRefusals(report);
    return report;
  }

  private SeedReport loadFolder(SeedLoader loader, Path path) {
    SeedReport report = loader.loadPath(path);
    // Not the path at INFO: a seed folder or file may be named after a patient (issue 8, class 12).
    log.debug("Seed folder: {}", path);
    log.info("Seed folder (adapter.seed.path): {}", report.summary());
    logRefusals(report);
    report.merges().forEach(m -> log.debug("Seed duplicate {} (kept from {})", m, m.keptPath()));
    return report;
  }

  private static void logRefusals(SeedReport report) {
    List<SeedReport.Refusal> refused = report.refused();
    for (int i = 0; i < refused.size(); i++) {
      SeedReport.Refusal r = refused.get(i);
      // r.source() is a position ("file 12 of 109, entry 3"); the file's path only at DEBUG.
      if (i < MAX_REFUSALS_LOGGED) {
        log.info("Seed refused {}", r);
      } else {
        log.debug("Seed refused {}", r);
      }
      if (r.path() != null) {
        log.debug("Seed refusal {} is in {}", r.source(), r.path());
      }
    }
    if (refused.size() > MAX_REFUSALS_LOGGED) {
      log.info("... {} more refusals at DEBUG", refused.size() - MAX_REFUSALS_LOGGED);
    }
  }

  /**
   * A client from a factory of its own, so that the shared context's server-validation mode stays untouched (the
   * read timeout, which HAPI's client takes from the context's factory, is raised only while seeding).
   */
  private static IGenericClient seedClient(FhirContext context, String baseUrl) {
    ApacheRestfulClientFactory factory = new ApacheRestfulClientFactory(context);
    factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
    return factory.newGenericClient(baseUrl);
  }
}
