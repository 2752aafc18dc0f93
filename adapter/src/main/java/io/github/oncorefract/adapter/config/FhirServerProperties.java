package io.github.oncorefract.adapter.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.fhir.*}: the FHIR R4 server the adapter reads from and writes to.
 *
 * @param baseUrl        base URL of an external server, e.g. {@code https://hapi.fhir.org/baseR4}; when unset the
 *                       embedded HAPI FHIR JPA server starts and is used at {@code http://localhost:<port>/fhir}
 * @param pageSize       {@code _count} asked for on every search (the server may return fewer)
 * @param connectTimeout connection timeout
 * @param readTimeout    socket read timeout
 * @param bearerToken    static bearer token for the server, from the environment only
 *                       ({@code ADAPTER_FHIR_BEARER_TOKEN}); never logged
 */
@ConfigurationProperties("adapter.fhir")
public record FhirServerProperties(
    URI baseUrl,
    @DefaultValue("200") int pageSize,
    @DefaultValue("10s") Duration connectTimeout,
    @DefaultValue("60s") Duration readTimeout,
    String bearerToken) {

  /** True when no external server is configured, so the embedded one must start. */
  public boolean embedded() {
    return baseUrl == null || baseUrl.toString().isBlank();
  }

  @Override
  public String toString() {
    return "FhirServerProperties[baseUrl=" + baseUrl + ", pageSize=" + pageSize
        + ", bearerToken=" + (bearerToken == null ? "unset" : "***") + "]";
  }
}
