package io.github.oncorefract.adapter.config;

import io.github.oncorefract.ingest.FhirPatientFinder;
import io.github.oncorefract.ingest.FhirSearchPatientDataSource;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The part of {@code adapter.fhir.*} that says how the server is searched (the connection itself is
 * {@link FhirServerProperties}; both bind the same prefix).
 *
 * @param cursorOverlap         an incremental pass searches {@code _lastUpdated=ge(highWater - cursorOverlap)}, the
 *                              high-water mark being the server's own time (the {@code Date} of the previous pass's
 *                              first search response). Covers a write stamped before that search but committed after
 *                              it, the one-second precision of {@code Date} and clock differences within a server
 *                              cluster; patients changed within it are simply assessed again (idempotent). Default
 *                              {@link FhirPatientFinder#DEFAULT_OVERLAP} (2 minutes); not negative.
 * @param observationCategories empty (default): one {@code Observation?patient=} search per patient, and per category
 *                              ({@link FhirSearchPatientDataSource#DEFAULT_OBSERVATION_CATEGORIES}) once the server
 *                              answers it with 400. Set: one search per listed category ({@code code} or
 *                              {@code system|code}), merged without duplicates; Observations in none are not read.
 */
@ConfigurationProperties("adapter.fhir")
public record FhirSearchProperties(
    @DefaultValue("2m") Duration cursorOverlap,
    @DefaultValue List<String> observationCategories) {

  public FhirSearchProperties {
    if (cursorOverlap == null || cursorOverlap.isNegative()) {
      throw new IllegalArgumentException("adapter.fhir.cursor-overlap must not be negative");
    }
    observationCategories = observationCategories == null ? List.of() : List.copyOf(observationCategories);
  }
}
