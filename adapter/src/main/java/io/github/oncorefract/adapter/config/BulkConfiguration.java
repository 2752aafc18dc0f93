package io.github.oncorefract.adapter.config;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.ingest.FhirPatientFinder;
import io.github.oncorefract.ingest.bulk.BulkExportClient;
import io.github.oncorefract.ingest.bulk.BulkPatientFinder;
import io.github.oncorefract.ingest.bulk.BulkStaging;
import io.github.oncorefract.ingest.bulk.HapiBulkHttp;
import io.github.oncorefract.normalise.PatientNormaliser;
import io.github.oncorefract.routing.PassRunner;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Bulk Data read path ({@code adapter.bulk.*}): the client on the adapter's own FHIR client (same HTTP layer,
 * token and origin guard), the finder that decides per pass whether to export, and the staging its pass reads from
 * ({@link io.github.oncorefract.ingest.bulk.StagedPatientDataSource} in front of the pipeline's data source). The
 * staged export's files are deleted when the pass ends, completed or failed.
 */
@Configuration(proxyBeanMethods = false)
public class BulkConfiguration {

  @Bean
  BulkStaging bulkStaging() {
    return new BulkStaging();
  }

  @Bean
  BulkExportClient bulkExportClient(Supplier<IGenericClient> client, BulkProperties bulk, Clock clock) {
    return new BulkExportClient(new HapiBulkHttp(client), bulk.pollTimeout(), bulk.pollInterval(),
        bulk.maxPollInterval(), clock,
        Thread::sleep);
  }

  /**
   * The finder of every pass ({@code @Primary}: the {@code PatientFinder} the coordinator gets): Bulk Data when
   * {@code adapter.bulk.mode} says so, else the per-patient finder, which stays a bean of its own (scope checks).
   */
  @Bean
  @org.springframework.context.annotation.Primary
  BulkPatientFinder bulkPatientFinder(FhirPatientFinder patientFinder, BulkExportClient client, BulkStaging staging,
      Supplier<IGenericClient> fhir, PatientNormaliser normaliser, BulkProperties bulk, FhirSearchProperties search,
      PassRunner runner) {
    // The staged export of a pass is deleted as soon as the pass ends, however it ends.
    runner.addListener(s -> staging.clear());
    runner.addFailureListener((trigger, reason) -> staging.clear());
    return new BulkPatientFinder(patientFinder, client, staging, fhir, normaliser::isCancerCondition,
        new BulkPatientFinder.Settings(bulk.mode(), bulk.minPatients(), bulk.level(), bulk.groupId(),
            bulk.effectiveWorkDir(), bulk.bucketSize().toBytes(), search.cursorOverlap()));
  }
}
