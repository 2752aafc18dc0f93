package io.github.oncorefract.adapter.seed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.demo.*}: the generated demo cohort loaded into the embedded server at start. Ignored when an
 * external server is configured.
 *
 * @param enabled load the cohort (default true)
 * @param size    number of synthetic patients (default 50)
 * @param seed    random seed; the same seed gives the same cohort
 */
@ConfigurationProperties("adapter.demo")
public record DemoProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("50") int size,
    @DefaultValue("20260601") long seed) {
}
