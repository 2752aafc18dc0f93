package io.github.oncorefract.adapter.config;

import io.github.oncorefract.ingest.bulk.BulkExportClient;
import io.github.oncorefract.ingest.bulk.BulkPatientFinder;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code adapter.bulk.*}: FHIR Bulk Data ({@code $export}) as the read path of population passes (README "Bulk Data").
 *
 * @param mode         {@code auto} (default): full passes use Bulk Data when the server's CapabilityStatement lists
 *                     {@code export} and the pass would have more than {@code min-patients} candidates (one
 *                     {@code Patient?_summary=count}); {@code off}: never; {@code always}: every full and incremental
 *                     pass ({@code _since} = the cursor)
 * @param minPatients  {@code auto} uses Bulk Data above this many patients
 * @param level        {@code system} ({@code [base]/$export}), {@code group} ({@code Group/[group-id]/$export}) or
 *                     {@code patient} ({@code Patient/$export})
 * @param groupId      the Group's logical id, required for level {@code group}
 * @param pollTimeout  total wait for an export to complete; past it the job is cancelled and the pass fails (the
 *                     cursor stays)
 * @param pollInterval wait between status polls when the server sends no {@code Retry-After}
 * @param maxPollInterval cap on every wait between polls, also on the server's {@code Retry-After} (HAPI FHIR always
 *                     asks for 120 s)
 * @param workDir      where exports are grouped per patient on disk (one sub-directory per pass, deleted after it);
 *                     default {@code ${java.io.tmpdir}/oncorefract-bulk}
 * @param bucketSize   target size of one on-disk bucket, the most export data held in memory at once
 */
@ConfigurationProperties("adapter.bulk")
public record BulkProperties(
    @DefaultValue("auto") BulkPatientFinder.Mode mode,
    @DefaultValue("500") int minPatients,
    @DefaultValue("system") BulkExportClient.Level level,
    String groupId,
    @DefaultValue("30m") Duration pollTimeout,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("5s") Duration maxPollInterval,
    Path workDir,
    @DefaultValue("32MB") DataSize bucketSize) {

  public BulkProperties {
    if (minPatients < 0) {
      throw new IllegalArgumentException("adapter.bulk.min-patients must not be negative");
    }
    if (level == BulkExportClient.Level.GROUP && (groupId == null || groupId.isBlank())) {
      throw new IllegalArgumentException("adapter.bulk.level=group needs adapter.bulk.group-id");
    }
    if (bucketSize.toBytes() < 1024) {
      throw new IllegalArgumentException("adapter.bulk.bucket-size must be at least 1KB");
    }
    if (pollTimeout.isNegative() || pollInterval.isNegative() || maxPollInterval.isNegative()) {
      throw new IllegalArgumentException("adapter.bulk: negative poll-timeout, poll-interval or max-poll-interval");
    }
  }

  /** The work directory in effect. */
  public Path effectiveWorkDir() {
    return workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "oncorefract-bulk");
  }
}
