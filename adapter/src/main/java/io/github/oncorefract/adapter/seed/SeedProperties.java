package io.github.oncorefract.adapter.seed;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.seed.*}: FHIR files loaded into the embedded server at start.
 *
 * @param path      a folder, read recursively, of FHIR JSON (transaction, batch, collection or other Bundles, single
 *                  resources) and NDJSON files; null (default) loads nothing. Refused (logged) when an external server
 *                  is configured.
 * @param batchSize entries per transaction sent to the server (default 250)
 */
@ConfigurationProperties("adapter.seed")
public record SeedProperties(Path path, @DefaultValue("250") int batchSize) {
}
