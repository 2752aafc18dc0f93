package io.github.oncorefract.adapter.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code adapter.state.*}: where the incremental cursor is kept.
 *
 * @param dir folder for the cursor files; unset keeps the cursor in memory (right for the embedded in-memory server,
 *            wrong for an external server in production: set it there)
 */
@ConfigurationProperties("adapter.state")
public record StateProperties(Path dir) {}
