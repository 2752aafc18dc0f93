package io.github.oncorefract.adapter.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.scope.*}: which patients may be assessed and written for. Set one of them on any shared server.
 *
 * @param patientIds logical Patient ids (comma-separated in an environment variable)
 * @param tag        a {@code system|code} tag the in-scope Patients carry, e.g.
 *                   {@code https://oncorefract.github.io/fhir/CodeSystem/tags|demo-cohort}
 */
@ConfigurationProperties("adapter.scope")
public record ScopeProperties(@DefaultValue List<String> patientIds, String tag) {}
