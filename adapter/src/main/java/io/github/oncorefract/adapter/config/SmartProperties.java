package io.github.oncorefract.adapter.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.smart.*}: SMART App Launch (HL7 SMART App Launch 2.2.0, "EHR launch") of the timeline page
 * ({@code GET /patients/{id}/timeline}). The EHR opens {@code {base}/smart/launch?launch=...&iss=...}; the adapter
 * discovers the EHR's authorization server from {@code {iss}/.well-known/smart-configuration}, sends the user there
 * (authorization code with PKCE S256), exchanges the code at {@code /smart/callback} and shows the timeline of the
 * patient in the token response, read from {@code iss} with the launch's access token (kept server-side in the HTTP
 * session, never logged).
 *
 * @param enabled        false (default): {@code /smart/*} answers 404 and the timeline is served directly (the server
 *                       listens on loopback only by default, like the operator API); true: the launch endpoints are on
 *                       and the timeline needs a launched session for that patient
 * @param clientId       the client id the EHR registered for the app (required when enabled)
 * @param clientSecret   client secret of a confidential client, from the environment only
 *                       ({@code ADAPTER_SMART_CLIENT_SECRET}); unset: a public client (PKCE only); never logged
 * @param redirectUri    the registered redirect URI; unset: {@code {base}/smart/callback} of the request's own base URL
 * @param scope          requested scopes (SMART v2), default {@code launch openid fhirUser patient/*.rs}
 * @param allowedIssuers FHIR base URLs an {@code iss} may name (compared without a trailing slash); empty (default):
 *                       only the adapter's own FHIR server ({@code adapter.fhir.base-url}, or the embedded server)
 * @param timeout        connect and read timeout of the discovery and token requests
 */
@ConfigurationProperties("adapter.smart")
public record SmartProperties(
    @DefaultValue("false") boolean enabled,
    String clientId,
    String clientSecret,
    URI redirectUri,
    @DefaultValue("launch openid fhirUser patient/*.rs") String scope,
    @DefaultValue List<URI> allowedIssuers,
    @DefaultValue("10s") Duration timeout) {

  public SmartProperties {
    allowedIssuers = allowedIssuers == null ? List.of() : List.copyOf(allowedIssuers);
    if (enabled && (clientId == null || clientId.isBlank())) {
      throw new IllegalArgumentException("adapter.smart.enabled=true needs adapter.smart.client-id");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("adapter.smart.timeout must be > 0");
    }
  }

  /** True for a confidential client (a client secret is set). */
  public boolean confidential() {
    return clientSecret != null && !clientSecret.isBlank();
  }

  @Override
  public String toString() {
    return "SmartProperties[enabled=" + enabled + ", clientId=" + clientId + ", clientSecret="
        + (confidential() ? "***" : "unset") + ", redirectUri=" + redirectUri + ", scope=" + scope
        + ", allowedIssuers=" + allowedIssuers + "]";
  }
}
