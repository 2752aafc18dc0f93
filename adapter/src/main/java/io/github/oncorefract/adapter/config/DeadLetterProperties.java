package io.github.oncorefract.adapter.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code adapter.dead-letters.*}: when a failing patient becomes a dead letter (README "Operations"). Dead letters are
 * kept beside the cursor ({@code adapter.state.dir}; in memory when unset).
 *
 * @param afterFailures consecutive failed writing passes (each after the route's redeliveries of transient faults)
 *                      before a patient becomes a dead letter; at least 1. A non-transient failure in a stage that only
 *                      computes on the patient's data (normalise, assess, propose, plan, validate) makes it one at once.
 */
@Validated
@ConfigurationProperties("adapter.dead-letters")
public record DeadLetterProperties(@DefaultValue("3") @jakarta.validation.constraints.Min(1) int afterFailures) {}
