package io.github.oncorefract.adapter.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.schedule.*}: when passes run.
 *
 * @param enabled      run passes periodically
 * @param interval     time between the end of one scheduled pass and the start of the next
 * @param runAtStartup run one pass as soon as the application (and the embedded server's data) is ready, and print
 *                     its table
 * @param fullEvery    a scheduled pass reassesses every in-scope patient, not only changed ones, when the last full
 *                     pass is older than this: day-dependent rules (no genomic result in 12 months) change without new
 *                     data
 */
@ConfigurationProperties("adapter.schedule")
public record ScheduleProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("15m") Duration interval,
    @DefaultValue("true") boolean runAtStartup,
    @DefaultValue("24h") Duration fullEvery) {}
