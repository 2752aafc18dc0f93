package io.github.oncorefract.adapter.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.fhir.read-strategy}: how a patient's data is read.
 *
 * @param readStrategy {@code auto} (default): one FHIR {@code batch} per patient when the server's CapabilityStatement
 *                     lists the {@code batch} or {@code transaction} interaction (HAPI FHIR lists only the latter),
 *                     else one paged search per type; {@code batch}: always the
 *                     batch (a server that refuses it, with 400/403/404/405/501, is then read per type);
 *                     {@code search}: one paged search per type, as before batches
 */
@ConfigurationProperties("adapter.fhir")
public record FhirReadProperties(@DefaultValue("auto") ReadStrategy readStrategy) {

  /** How a patient's data is read ({@code adapter.fhir.read-strategy}). */
  public enum ReadStrategy {
    /** Batch when the server says it supports it, else search. */
    AUTO,
    /** Always try the batch first. */
    BATCH,
    /** One paged search per type. */
    SEARCH
  }
}
