package io.github.oncorefract.adapter.config;

import io.github.oncorefract.profiles.validation.ValidationMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.validation.*}: proving what the adapter writes against its own FHIR package (offline: the package, the
 * core R4 definitions and in-memory terminology; no terminology server, no network).
 *
 * @param mode {@code off}; {@code warn} (log the errors, send anyway); {@code enforce} (default: an invalid resource is
 *             never sent, the patient is counted as failed with the validation messages)
 */
@ConfigurationProperties("adapter.validation")
public record ValidationProperties(@DefaultValue("enforce") ValidationMode mode) {}
