package io.github.oncorefract.adapter.config;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.security.*}: authentication of the operator surface ({@code /api/**} except
 * {@code /api/notifications/**}, the operator view {@code /}, and {@code /actuator/**} except
 * {@code /actuator/health/**}). Other paths keep their own rules (README "Operations").
 *
 * @param mode   {@code none} (default: no authentication; the server binds to loopback by default and start-up warns
 *               loudly when {@code server.address} is not loopback), {@code basic} (HTTP Basic, for a test box) or
 *               {@code oauth2} (OAuth2 resource server: a JWT bearer token)
 * @param basic  user and password for {@code basic}
 * @param oauth2 token checks for {@code oauth2}
 */
@ConfigurationProperties("adapter.security")
public record OperatorSecurityProperties(
    @DefaultValue("none") Mode mode,
    @DefaultValue Basic basic,
    @DefaultValue OAuth2 oauth2) {

  /** How the operator surface authenticates. */
  public enum Mode { NONE, BASIC, OAUTH2 }

  /**
   * HTTP Basic credentials, both from the environment only ({@code ADAPTER_SECURITY_BASIC_USER},
   * {@code ADAPTER_SECURITY_BASIC_PASSWORD}); the password is hashed at start and never logged.
   *
   * @param user     user name
   * @param password password
   */
  public record Basic(String user, String password) {
    @Override
    public String toString() {
      return "Basic[user=" + user + ", password=" + (password == null ? "unset" : "***") + "]";
    }
  }

  /**
   * OAuth2 resource server (JWT bearer tokens). The signature is checked against the issuer's keys, {@code exp} and
   * {@code nbf} with 60 s of skew, {@code iss} when {@code issuerUri} is set, and {@code aud} always.
   *
   * @param issuerUri the authorization server's issuer; its keys are discovered from
   *                  {@code {issuerUri}/.well-known/openid-configuration} (or RFC 8414) at the first request. Set this
   *                  or {@code jwkSetUri}, or both
   * @param jwkSetUri the issuer's JWK Set URL; when set, no discovery is made
   * @param audience  required: a token is accepted only when its {@code aud} contains this value
   */
  public record OAuth2(URI issuerUri, URI jwkSetUri, String audience) {}
}
