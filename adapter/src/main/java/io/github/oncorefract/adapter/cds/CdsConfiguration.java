package io.github.oncorefract.adapter.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.adapter.config.CdsProperties;
import io.github.oncorefract.adapter.config.FhirServerProperties;
import io.github.oncorefract.knowledge.CancerDrugSignals;
import io.github.oncorefract.knowledge.CrossResistanceTable;
import io.github.oncorefract.knowledge.TableDrugCatalog;
import io.github.oncorefract.routing.AssessmentPipeline;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the CDS Hooks service from {@code adapter.cds.*}. With {@code adapter.cds.verify-jwt=false} no verifier is
 * built and start-up logs a WARN; with verification on and no trusted issuer, start-up logs a WARN that every call
 * will be refused.
 */
@Configuration(proxyBeanMethods = false)
public class CdsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(CdsConfiguration.class);

  @Bean
  CdsHooksService cdsHooksService(CdsProperties settings, Clock clock, FhirContext ctx,
      Supplier<IGenericClient> fhirClientSupplier, FhirServerProperties fhir, AssessmentPipeline pipeline,
      TableDrugCatalog drugs, CdsMetrics metrics) {
    CdsJwtVerifier verifier = null;
    if (!settings.verifyJwt()) {
      log.warn("adapter.cds.verify-jwt=false: CDS Hooks calls are NOT authenticated; anyone who can reach "
          + "/cds-services can read assessments. Never run like this outside a closed test setup.");
    } else {
      verifier = new CdsJwtVerifier(settings, clock);
      if (!verifier.hasTrustedIssuers()) {
        log.warn("adapter.cds.trusted-issuers is empty: every CDS Hooks call will be refused (401)");
      } else if (settings.publicBaseUrl() == null) {
        // The accepted 'aud' is then built from the request's Host header, which the caller chooses: a token the EHR
        // issued for another CDS service (aud https://other/cds-services/<same id>) would pass when replayed here.
        log.warn("adapter.cds.public-base-url is not set: the JWT 'aud' is checked against the URL the caller's Host "
            + "header names; set it to the adapter's external URL so only tokens issued for this service pass");
      }
    }
    return new CdsHooksService(verifier,
        new CdsPatientData(ctx, fhirClientSupplier, settings.allowedFhirServers(), fhir.pageSize()), pipeline,
        new CdsCards(ctx), new OrderSelectCards(ctx, drugs,
        CrossResistanceTable.loadDefault(drugs), CancerDrugSignals.loadDefault()), metrics);
  }
}
