package io.github.oncorefract.adapter.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.fhir.auth.*}: how the adapter authenticates to an external FHIR server.
 *
 * <p>{@code smart-backend} is SMART Backend Services (HL7 SMART App Launch 2.2.0, "Backend Services"; OAuth 2.0
 * client credentials with a signed JWT client assertion, RFC 7523): the adapter signs a short-lived assertion with its
 * private key, exchanges it at the token endpoint for an access token, caches the token until shortly before it
 * expires and sends it as {@code Authorization: Bearer}. The EHR registers the adapter's public key (JWKS) and client
 * id. Keys and tokens come from files or the environment and are never logged.
 *
 * @param type            {@code none} (default), {@code bearer} (the static {@code adapter.fhir.bearer-token}) or
 *                        {@code smart-backend}; a bearer token alone also selects {@code bearer}
 * @param clientId        the client id registered with the EHR (assertion {@code iss} and {@code sub})
 * @param tokenUrl        token endpoint; when unset it is read from {@code <base-url>/.well-known/smart-configuration}
 *                        ({@code token_endpoint})
 * @param privateKeyFile  PEM file with the PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}), RSA (for RS384) or
 *                        EC P-384 (for ES384)
 * @param privateJwk      the private key as a JWK JSON object instead of a file ({@code ADAPTER_FHIR_AUTH_PRIVATE_JWK})
 * @param keyId           {@code kid} header of the assertion, matching the registered JWKS (the JWK's own
 *                        {@code kid} when unset)
 * @param algorithm       {@code RS384} (default) or {@code ES384}, the two the SMART specification requires servers to
 *                        support
 * @param scope           requested scopes (SMART v2 system scopes); default reads every type and creates/updates the
 *                        adapter's output types
 * @param assertionLifetime lifetime of a client assertion ({@code exp - now}); at most 5 minutes per SMART
 * @param refreshBefore   a cached token is renewed when it expires within this time
 */
@ConfigurationProperties("adapter.fhir.auth")
public record FhirAuthProperties(
    @DefaultValue("none") String type,
    String clientId,
    URI tokenUrl,
    Path privateKeyFile,
    String privateJwk,
    String keyId,
    @DefaultValue("RS384") String algorithm,
    @DefaultValue("system/*.rs system/Flag.cu system/CarePlan.cu system/ServiceRequest.cu system/Task.cu "
        + "system/Provenance.c system/Device.cu") String scope,
    @DefaultValue("5m") Duration assertionLifetime,
    @DefaultValue("60s") Duration refreshBefore) {

  public FhirAuthProperties {
    type = type == null || type.isBlank() ? "none" : type.trim().toLowerCase(java.util.Locale.ROOT);
    if (!java.util.Set.of("none", "bearer", "smart-backend").contains(type)) {
      throw new IllegalArgumentException(
          "adapter.fhir.auth.type must be none, bearer or smart-backend, not '" + type + "'");
    }
    if (assertionLifetime != null && (assertionLifetime.isNegative() || assertionLifetime.isZero()
        || assertionLifetime.compareTo(Duration.ofMinutes(5)) > 0)) {
      throw new IllegalArgumentException("adapter.fhir.auth.assertion-lifetime must be > 0 and at most 5m (SMART)");
    }
  }

  /** True when SMART Backend Services is selected. */
  public boolean smartBackend() {
    return "smart-backend".equals(type);
  }

  @Override
  public String toString() {
    return "FhirAuthProperties[type=" + type + ", clientId=" + (clientId == null ? "unset" : "set") + ", tokenUrl="
        + tokenUrl + ", privateKeyFile=" + (privateKeyFile == null ? "unset" : "set") + ", privateJwk="
        + (privateJwk == null ? "unset" : "***") + ", algorithm=" + algorithm + "]";
  }
}
