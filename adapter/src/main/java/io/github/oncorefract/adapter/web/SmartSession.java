package io.github.oncorefract.adapter.web;

import jakarta.servlet.http.HttpSession;
import java.io.Serial;
import java.io.Serializable;
import java.net.URI;
import java.time.Instant;

/**
 * What a SMART App Launch keeps in the HTTP session (server-side only; the browser holds just the session cookie):
 * the pending authorization request between {@code /smart/launch} and {@code /smart/callback}, then the launch
 * context. The access token never leaves the server and is never logged ({@code toString} hides it).
 */
final class SmartSession {

  static final String PENDING = SmartSession.class.getName() + ".pending";
  static final String LAUNCHED = SmartSession.class.getName() + ".launched";

  private SmartSession() {}

  /**
   * An authorization request in flight.
   *
   * @param state         the random {@code state} sent to the authorization endpoint (base64url, 256 bits)
   * @param codeVerifier  the PKCE verifier (base64url, 256 bits) whose S256 challenge was sent
   * @param iss           the EHR's FHIR base URL (no trailing slash)
   * @param tokenEndpoint where the code is exchanged
   * @param redirectUri   the redirect URI sent (the token request must repeat it)
   */
  record PendingLaunch(String state, String codeVerifier, String iss, URI tokenEndpoint, String redirectUri)
      implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
      return "PendingLaunch[iss=" + iss + "]";
    }
  }

  /**
   * A completed launch.
   *
   * @param iss         the EHR's FHIR base URL (no trailing slash) the data is read from
   * @param patient     logical id of the patient in context (token response {@code patient})
   * @param accessToken the bearer token for {@code iss}; never logged
   * @param expiresAt   when the token expires (UTC instant)
   */
  record LaunchContext(String iss, String patient, String accessToken, Instant expiresAt) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    boolean expired(Instant now) {
      return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
      return "LaunchContext[iss=" + iss + ", expiresAt=" + expiresAt + ", accessToken=***]";
    }
  }

  static LaunchContext launched(HttpSession session) {
    return session == null ? null
        : session.getAttribute(LAUNCHED) instanceof LaunchContext c ? c : null;
  }
}
