package io.github.oncorefract.adapter.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.retry.*}: redelivery of a patient after a transient fault (connection error, timeout, HTTP 408, 429,
 * 5xx), with exponential backoff.
 *
 * @param maxRedeliveries attempts after the first
 * @param initialDelay    first delay, doubled each attempt
 * @param maxDelay        cap on the delay
 */
@ConfigurationProperties("adapter.retry")
public record RetryProperties(
    @DefaultValue("3") int maxRedeliveries,
    @DefaultValue("500ms") Duration initialDelay,
    @DefaultValue("10s") Duration maxDelay) {}
