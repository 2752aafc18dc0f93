package io.github.oncorefract.adapter.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.cds.*}: the CDS Hooks service ({@code /cds-services}, package
 * {@code io.github.oncorefract.adapter.cds}).
 *
 * @param verifyJwt            verify the EHR's JWT on every service call and feedback (default {@code true}); only an
 *                             explicit {@code false} turns it off, and start-up then logs a WARN
 * @param trustedIssuers       the EHRs allowed to call: each JWT's {@code iss} must be one of these, and its signature
 *                             must verify with a key (by {@code kid}) of that issuer's JWKS
 * @param clockSkew            tolerance for {@code exp} and {@code iat} (default 60 s)
 * @param replayCacheSize      at most this many {@code jti} remembered (until their token's {@code exp}); when full
 *                             of unexpired tokens, further tokens are refused (default 100 000)
 * @param jwksCacheTtl         how long a fetched JWKS is kept before it is read again (default 5 min; an unknown
 *                             {@code kid} triggers an earlier, rate-limited refresh)
 * @param allowedFhirServers   {@code fhirServer} base URLs the service may fetch missing prefetch data from with the
 *                             request's {@code fhirAuthorization} token; empty (default) means only the adapter's own
 *                             configured FHIR server. A request naming any other server gets no fetch (412 when
 *                             prefetch is incomplete): the EHR's token is never sent elsewhere
 * @param publicBaseUrl        the adapter's external base URL as the EHR sees it (e.g. behind a proxy:
 *                             {@code https://cds.example.org}); used for the service URL the JWT {@code aud} must
 *                             equal and for the card links. Unset: taken from each request
 */
@ConfigurationProperties("adapter.cds")
public record CdsProperties(
    @DefaultValue("true") boolean verifyJwt,
    @DefaultValue List<TrustedIssuer> trustedIssuers,
    @DefaultValue("60s") Duration clockSkew,
    @DefaultValue("100000") int replayCacheSize,
    @DefaultValue("5m") Duration jwksCacheTtl,
    @DefaultValue List<URI> allowedFhirServers,
    URI publicBaseUrl) {

  /**
   * One EHR (authorisation server) whose tokens are accepted.
   *
   * @param issuer  the exact {@code iss} value
   * @param jwksUrl its JWK Set: an {@code https:} (or {@code http:}) URL, read and cached; or, for a static key set,
   *                a {@code file:} or {@code classpath:} location of a JWKS JSON document
   */
  public record TrustedIssuer(String issuer, String jwksUrl) {
    /** @throws IllegalArgumentException when a field is blank */
    public TrustedIssuer {
      if (issuer == null || issuer.isBlank() || jwksUrl == null || jwksUrl.isBlank()) {
        throw new IllegalArgumentException("adapter.cds.trusted-issuers[]: issuer and jwks-url are both required");
      }
    }
  }

  /** @throws IllegalArgumentException for a negative skew, a replay cache below 1 or a non-positive JWKS TTL */
  public CdsProperties {
    trustedIssuers = trustedIssuers == null ? List.of() : List.copyOf(trustedIssuers);
    allowedFhirServers = allowedFhirServers == null ? List.of() : List.copyOf(allowedFhirServers);
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("adapter.cds.clock-skew must not be negative");
    }
    if (replayCacheSize < 1) {
      throw new IllegalArgumentException("adapter.cds.replay-cache-size must be at least 1");
    }
    if (jwksCacheTtl.isZero() || jwksCacheTtl.isNegative()) {
      throw new IllegalArgumentException("adapter.cds.jwks-cache-ttl must be positive");
    }
  }
}
