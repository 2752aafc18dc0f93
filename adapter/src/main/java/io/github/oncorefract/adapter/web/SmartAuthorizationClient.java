package io.github.oncorefract.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The OAuth 2.0 side of a SMART App Launch (HL7 SMART App Launch 2.2.0): discovery from
 * {@code {iss}/.well-known/smart-configuration}, PKCE (RFC 7636, S256), the authorize URL and the authorization-code
 * exchange (RFC 6749 section 4.1.3), as a public client ({@code client_id} in the form) or a confidential one
 * ({@code client_secret_basic}). Plain JDK {@link HttpClient} and Jackson; constructed with {@code new}.
 *
 * <p>Errors carry no tokens, codes or response bodies: only the endpoint's HTTP status or the OAuth {@code error}
 * code.
 */
public class SmartAuthorizationClient {

  private static final SecureRandom RANDOM = new SecureRandom();
  /** Longest {@code expires_in} believed (one day): a launch is a page view, and a larger value overflowed. */
  static final long MAX_EXPIRES_IN = 86_400;

  private final HttpClient http;
  private final ObjectMapper json;
  private final Duration timeout;

  /**
   * @param http    the HTTP client (its connect timeout applies)
   * @param json    Jackson mapper for the JSON answers
   * @param timeout request timeout of each call
   */
  public SmartAuthorizationClient(HttpClient http, ObjectMapper json, Duration timeout) {
    this.http = Objects.requireNonNull(http, "http");
    this.json = Objects.requireNonNull(json, "json");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** A launch or token exchange that cannot go on; the message has no secrets. */
  public static class SmartLaunchException extends RuntimeException {
    public SmartLaunchException(String message) {
      super(message);
    }
  }

  /**
   * The EHR authorization server's endpoints.
   *
   * @param authorizationEndpoint {@code authorization_endpoint}
   * @param tokenEndpoint         {@code token_endpoint}
   */
  public record Endpoints(URI authorizationEndpoint, URI tokenEndpoint) {}

  /**
   * A successful token response.
   *
   * @param accessToken      the bearer token (never log it)
   * @param expiresInSeconds {@code expires_in} clamped to 0..86400 (one day), or 3600 when absent
   * @param patient          {@code patient} launch context, or {@code null}
   * @param scope            granted scopes, or {@code null}
   */
  public record TokenResponse(String accessToken, long expiresInSeconds, String patient, String scope) {
    @Override
    public String toString() {
      return "TokenResponse[accessToken=***, expiresIn=" + expiresInSeconds + ", scope=" + scope + "]";
    }
  }

  /**
   * Reads {@code {iss}/.well-known/smart-configuration}.
   *
   * @param iss FHIR base URL without trailing slash
   * @return both endpoints (absolute http or https URIs)
   * @throws SmartLaunchException when it cannot be read, lacks an endpoint, or does not support PKCE S256 while
   *                              listing {@code code_challenge_methods_supported}
   */
  public Endpoints discover(String iss) {
    HttpRequest req = HttpRequest.newBuilder(URI.create(iss + "/.well-known/smart-configuration"))
        .timeout(timeout).header("Accept", "application/json").GET().build();
    JsonNode conf = send(req, "smart-configuration");
    URI authorize = endpoint(conf, "authorization_endpoint");
    URI token = endpoint(conf, "token_endpoint");
    JsonNode methods = conf.get("code_challenge_methods_supported");
    if (methods != null && methods.isArray()) {
      boolean s256 = false;
      for (JsonNode m : methods) {
        s256 |= "S256".equals(m.asText());
      }
      if (!s256) {
        throw new SmartLaunchException("The EHR's authorization server does not support PKCE S256");
      }
    }
    return new Endpoints(authorize, token);
  }

  /**
   * The URL the browser is sent to (authorization request of an EHR launch).
   *
   * @param endpoints     discovered endpoints
   * @param clientId      registered client id
   * @param redirectUri   registered redirect URI
   * @param launch        the EHR's opaque {@code launch} value
   * @param scope         space-separated scopes
   * @param state         random state bound to the session
   * @param aud           the FHIR base URL ({@code iss})
   * @param codeChallenge PKCE S256 challenge of the session's verifier
   * @return the authorization endpoint with the query parameters appended
   */
  public static URI authorizeUrl(Endpoints endpoints, String clientId, String redirectUri, String launch,
      String scope, String state, String aud, String codeChallenge) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", clientId);
    q.put("redirect_uri", redirectUri);
    q.put("launch", launch);
    q.put("scope", scope);
    q.put("state", state);
    q.put("aud", aud);
    q.put("code_challenge", codeChallenge);
    q.put("code_challenge_method", "S256");
    String base = endpoints.authorizationEndpoint().toString();
    return URI.create(base + (base.contains("?") ? "&" : "?") + form(q));
  }

  /**
   * Exchanges an authorization code.
   *
   * @param tokenEndpoint the token endpoint
   * @param code          the code from the callback
   * @param redirectUri   the redirect URI of the authorization request
   * @param codeVerifier  the PKCE verifier
   * @param clientId      the client id
   * @param clientSecret  the secret of a confidential client (sent as HTTP Basic), or {@code null} for a public client
   * @return the token response
   * @throws SmartLaunchException when the endpoint refuses (message: HTTP status and OAuth error code only) or the
   *                              answer has no bearer {@code access_token}
   */
  public TokenResponse exchange(URI tokenEndpoint, String code, String redirectUri, String codeVerifier,
      String clientId, String clientSecret) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "authorization_code");
    f.put("code", code);
    f.put("redirect_uri", redirectUri);
    f.put("code_verifier", codeVerifier);
    HttpRequest.Builder req = HttpRequest.newBuilder(tokenEndpoint).timeout(timeout)
        .header("Accept", "application/json").header("Content-Type", "application/x-www-form-urlencoded");
    if (clientSecret != null && !clientSecret.isBlank()) {
      String basic = enc(clientId) + ":" + enc(clientSecret);
      req.header("Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    } else {
      f.put("client_id", clientId);
    }
    JsonNode t = send(req.POST(HttpRequest.BodyPublishers.ofString(form(f))).build(), "token");
    String access = text(t, "access_token");
    String type = text(t, "token_type");
    if (access == null || access.isBlank() || type == null || !"bearer".equals(type.toLowerCase(Locale.ROOT))) {
      throw new SmartLaunchException("The token response has no bearer access_token");
    }
    long expires = t.hasNonNull("expires_in") && t.get("expires_in").canConvertToLong()
        ? Math.max(0, Math.min(MAX_EXPIRES_IN, t.get("expires_in").asLong())) : 3600;
    return new TokenResponse(access, expires, text(t, "patient"), text(t, "scope"));
  }

  /** A new random value for {@code state} or a PKCE verifier: 256 bits, base64url without padding (43 chars). */
  public static String randomToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** PKCE S256: {@code BASE64URL(SHA-256(ASCII(verifier)))} without padding (RFC 7636 section 4.2). */
  public static String s256(String verifier) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  private JsonNode send(HttpRequest req, String what) {
    HttpResponse<String> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SmartLaunchException("The EHR's " + what + " endpoint could not be reached ("
          + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SmartLaunchException("Interrupted while calling the EHR's " + what + " endpoint");
    }
    JsonNode body = null;
    try {
      body = json.readTree(r.body());
    } catch (IOException | RuntimeException e) {
      // reported below by status or shape, never with the body
    }
    if (r.statusCode() / 100 != 2) {
      String error = body != null && body.hasNonNull("error") ? body.get("error").asText() : null;
      throw new SmartLaunchException("The EHR's " + what + " endpoint answered HTTP " + r.statusCode()
          + (error != null && error.matches("[a-z_]{1,40}") ? " (" + error + ")" : ""));
    }
    if (body == null || !body.isObject()) {
      throw new SmartLaunchException("The EHR's " + what + " endpoint did not answer a JSON object");
    }
    return body;
  }

  private static URI endpoint(JsonNode conf, String name) {
    String v = text(conf, name);
    try {
      URI u = v == null ? null : new URI(v);
      if (u != null && u.isAbsolute() && ("https".equalsIgnoreCase(u.getScheme())
          || "http".equalsIgnoreCase(u.getScheme())) && u.getHost() != null) {
        return u;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw new SmartLaunchException("The EHR's smart-configuration has no valid " + name);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String form(Map<String, String> params) {
    return params.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }
}
