/**
 * Typed configuration: one {@code @ConfigurationProperties} record per concern, all under the {@code adapter.*}
 * prefix, and the beans built from them (the one {@code FhirContext}, the FHIR client).
 */
package io.github.oncorefract.adapter.config;
