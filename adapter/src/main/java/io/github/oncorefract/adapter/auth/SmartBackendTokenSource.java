package io.github.oncorefract.adapter.auth;

import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import io.github.oncorefract.adapter.config.ResilientHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens by SMART Backend Services (HL7 SMART App Launch 2.2.0, "Backend Services"; RFC 7523 client
 * assertion). Each request for a token posts {@code grant_type=client_credentials}, the scope and a fresh client
 * assertion: a JWT signed with the configured key ({@code RS384} or {@code ES384}) with {@code iss} = {@code sub} =
 * client id, {@code aud} = the token endpoint, {@code exp} at most 5 minutes ahead, a unique {@code jti} and a
 * {@code kid} header. The token is cached until {@code refreshBefore} before its {@code expires_in} (300 s assumed
 * when absent); {@link #invalidate()} drops it (after a 401 from the FHIR server). Thread-safe.
 *
 * <p>Each discovery and token request is retried on its own like a FHIR request (no answer, 408, 429, 502, 503, 504,
 * an HTML error page; {@code Retry-After} honoured up to a cap; backoff with jitter), a token request with a fresh
 * assertion each time. Errors: an unreachable token endpoint, or HTTP 429/5xx from it after the retries, throws
 * {@link FhirClientConnectionException} (a transient fault); any other refusal throws {@link AuthenticationException} with the HTTP status and
 * the OAuth {@code error} code only. Keys, assertions and tokens are never logged.
 */
public final class SmartBackendTokenSource {

  private static final Logger log = LoggerFactory.getLogger(SmartBackendTokenSource.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DEFAULT_EXPIRES_IN_SECONDS = 300;

  /**
   * What the token source is configured with.
   *
   * @param fhirBaseUrl       FHIR base URL (for discovery of the token endpoint)
   * @param tokenUrl          token endpoint, or {@code null} to read it from
   *                          {@code <fhirBaseUrl>/.well-known/smart-configuration}
   * @param clientId          registered client id
   * @param signingKey        private key with its algorithm and key id
   * @param scope             requested scopes, space separated
   * @param assertionLifetime {@code exp - now} of an assertion (at most 5 minutes)
   * @param refreshBefore     renew a cached token expiring within this time
   * @param timeout           connect and request timeout towards the token endpoint
   */
  public record Settings(URI fhirBaseUrl, URI tokenUrl, String clientId, SigningKey signingKey, String scope,
      Duration assertionLifetime, Duration refreshBefore, Duration timeout) {
    public Settings {
      Objects.requireNonNull(fhirBaseUrl, "fhirBaseUrl");
      if (clientId == null || clientId.isBlank()) {
        throw new IllegalArgumentException("adapter.fhir.auth.client-id is required for smart-backend");
      }
      Objects.requireNonNull(signingKey, "signingKey");
    }
  }

  /**
   * A private key ready to sign assertions.
   *
   * @param algorithm {@link JWSAlgorithm#RS384} or {@link JWSAlgorithm#ES384}
   * @param keyId     {@code kid}, or {@code null}
   * @param signer    the signer
   */
  public record SigningKey(JWSAlgorithm algorithm, String keyId, JWSSigner signer) {

    /**
     * Reads a key from a PKCS#8 PEM file or a JWK JSON object (exactly one of the two).
     *
     * @param pemFile   PEM file, or {@code null}
     * @param jwkJson   JWK JSON, or {@code null}
     * @param algorithm {@code RS384} or {@code ES384}
     * @param keyId     {@code kid}; the JWK's own when {@code null}
     * @throws IllegalArgumentException when the key is missing, unreadable or does not fit the algorithm (the message
     *                                  never contains key material)
     */
    public static SigningKey load(Path pemFile, String jwkJson, String algorithm, String keyId) {
      JWSAlgorithm alg = JWSAlgorithm.parse(algorithm == null ? "RS384" : algorithm.trim());
      if (!JWSAlgorithm.RS384.equals(alg) && !JWSAlgorithm.ES384.equals(alg)) {
        throw new IllegalArgumentException("adapter.fhir.auth.algorithm must be RS384 or ES384");
      }
      boolean hasJwk = jwkJson != null && !jwkJson.isBlank();
      if ((pemFile == null) == !hasJwk) {
        throw new IllegalArgumentException(
            "set exactly one of adapter.fhir.auth.private-key-file and adapter.fhir.auth.private-jwk");
      }
      try {
        if (hasJwk) {
          JWK jwk = JWK.parse(jwkJson);
          String kid = keyId != null ? keyId : jwk.getKeyID();
          if (kid == null || kid.isBlank()) {
            throw new IllegalArgumentException("adapter.fhir.auth.key-id is required when the JWK has no kid "
                + "(SMART Backend Services: the assertion's kid names the key registered with the EHR)");
          }
          if (jwk instanceof RSAKey rsa && JWSAlgorithm.RS384.equals(alg) && rsa.isPrivate()) {
            return new SigningKey(alg, kid, new RSASSASigner(rsa));
          }
          if (jwk instanceof ECKey ec && JWSAlgorithm.ES384.equals(alg) && ec.isPrivate()) {
            return new SigningKey(alg, kid, new ECDSASigner(ec));
          }
          throw new IllegalArgumentException("adapter.fhir.auth.private-jwk is not a private "
              + (JWSAlgorithm.RS384.equals(alg) ? "RSA" : "EC P-384") + " key for " + alg);
        }
        PrivateKey key = readPkcs8(Files.readString(pemFile), JWSAlgorithm.RS384.equals(alg) ? "RSA" : "EC");
        if (keyId == null || keyId.isBlank()) {
          throw new IllegalArgumentException("adapter.fhir.auth.key-id is required with a PEM key (SMART Backend "
              + "Services: the assertion's kid names the key registered with the EHR)");
        }
        JWSSigner signer = key instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key);
        return new SigningKey(alg, keyId, signer);
      } catch (ParseException | JOSEException | GeneralSecurityException | IOException | RuntimeException e) {
        if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
            && iae.getMessage().startsWith("adapter.fhir.auth")) {
          throw iae;
        }
        throw new IllegalArgumentException("the adapter.fhir.auth private key cannot be read for " + alg + " ("
            + e.getClass().getSimpleName() + ")");
      }
    }

    private static PrivateKey readPkcs8(String pem, String keyAlgorithm) throws GeneralSecurityException {
      if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
        throw new IllegalArgumentException(
            "adapter.fhir.auth.private-key-file must be PKCS#8 PEM (-----BEGIN PRIVATE KEY-----); convert with "
                + "'openssl pkcs8 -topk8 -nocrypt'");
      }
      String b64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
          .replaceAll("\\s", "");
      return KeyFactory.getInstance(keyAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }
  }

  private final Settings settings;
  private final HttpClient http;
  private final Clock clock;
  private final ResilientHttpClient.Policy retry;
  private final ResilientHttpClient.Sleeper sleeper;
  private URI tokenEndpoint;
  private String token;
  private Instant expiresAt;

  /**
   * Without retries: each discovery or token request is sent once.
   *
   * @param settings configuration
   * @param http     HTTP client for the token endpoint
   * @param clock    clock for assertion times and token expiry
   */
  public SmartBackendTokenSource(Settings settings, HttpClient http, Clock clock) {
    this(settings, http, clock, new ResilientHttpClient.Policy(0, Duration.ZERO, Duration.ZERO), Thread::sleep);
  }

  /**
   * @param settings configuration
   * @param http     HTTP client for the token endpoint
   * @param clock    clock for assertion times, token expiry and {@code Retry-After} dates
   * @param retry    retries of each discovery and token request, as for FHIR requests ({@code adapter.retry.*}): no
   *                 answer, 408, 429, 502, 503, 504 or an HTML error page; {@code Retry-After} honoured up to
   *                 {@link ResilientHttpClient.Policy#maxDelay()}. A token request is repeated with a fresh assertion
   *                 (new {@code jti}), so a retry is never refused as a replay.
   * @param sleeper  how to wait between attempts ({@code Thread::sleep})
   */
  public SmartBackendTokenSource(Settings settings, HttpClient http, Clock clock, ResilientHttpClient.Policy retry,
      ResilientHttpClient.Sleeper sleeper) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.tokenEndpoint = settings.tokenUrl();
  }

  /**
   * A valid access token, from the cache or freshly obtained.
   *
   * @throws FhirClientConnectionException when the token endpoint cannot be reached or answers 429/5xx
   * @throws AuthenticationException       when it refuses the client
   */
  public synchronized String accessToken() {
    Instant now = clock.instant();
    if (token != null && now.isBefore(expiresAt.minus(settings.refreshBefore()))) {
      return token;
    }
    URI endpoint = tokenEndpoint();
    // Built again for every attempt: each carries a fresh assertion (new jti, iat now).
    java.util.function.Supplier<HttpRequest> request = () -> HttpRequest.newBuilder(endpoint)
        .timeout(settings.timeout())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
            "grant_type", "client_credentials",
            "scope", settings.scope(),
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion", assertion(endpoint, clock.instant()))))).build();
    JsonNode body = send(request, "token endpoint");
    String access = body.path("access_token").asText(null);
    if (access == null || access.isBlank()) {
      throw new AuthenticationException("token endpoint answered without an access_token");
    }
    long expiresIn = body.path("expires_in").asLong(DEFAULT_EXPIRES_IN_SECONDS);
    token = access;
    expiresAt = now.plusSeconds(expiresIn);
    log.info("SMART backend access token obtained (expires in {} s)", expiresIn);
    return token;
  }

  /** Drops the cached token, so the next request obtains a new one (after the FHIR server answered 401). */
  public synchronized void invalidate() {
    token = null;
    expiresAt = null;
  }

  /** The signed client assertion for one token request. */
  String assertion(URI audience, Instant now) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(settings.clientId())
        .subject(settings.clientId())
        .audience(audience.toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(settings.assertionLifetime())))
        .jwtID(UUID.randomUUID().toString())
        .build();
    JWSHeader header = new JWSHeader.Builder(settings.signingKey().algorithm()).type(JOSEObjectType.JWT)
        .keyID(settings.signingKey().keyId()).build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(settings.signingKey().signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the client assertion (" + e.getClass().getSimpleName() + ")");
    }
    return jwt.serialize();
  }

  private URI tokenEndpoint() {
    if (tokenEndpoint == null) {
      String base = settings.fhirBaseUrl().toString();
      URI discovery = URI.create((base.endsWith("/") ? base : base + "/") + ".well-known/smart-configuration");
      HttpRequest request = HttpRequest.newBuilder(discovery).timeout(settings.timeout())
          .header("Accept", "application/json").GET().build();
      String endpoint = send(() -> request, "SMART configuration").path("token_endpoint").asText(null);
      if (endpoint == null || endpoint.isBlank()) {
        throw new AuthenticationException("the server's .well-known/smart-configuration has no token_endpoint; "
            + "set adapter.fhir.auth.token-url");
      }
      tokenEndpoint = URI.create(endpoint);
    }
    return tokenEndpoint;
  }

  /**
   * Sends a request built anew for each attempt, retrying transient faults per {@link #retry}; nothing of the request
   * or the answer is logged.
   */
  private JsonNode send(java.util.function.Supplier<HttpRequest> request, String what) {
    HttpResponse<String> response;
    for (int attempt = 0; ; attempt++) {
      long delay;
      try {
        response = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        // Every request here may be repeated: discovery is a GET, a token request only obtains another token.
        if (attempt >= retry.maxRetries()) {
          throw new FhirClientConnectionException(
              "no answer from the " + what + " (" + e.getClass().getSimpleName() + ")");
        }
        log.debug("no answer from the {} ({}): retry {} of {}", what, e.getClass().getSimpleName(), attempt + 1,
            retry.maxRetries());
        pause(ResilientHttpClient.backoff(retry, attempt), what);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FhirClientConnectionException("interrupted while calling the " + what);
      }
      String reason = ResilientHttpClient.retryReason(response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(null));
      if (reason == null || attempt >= retry.maxRetries()) {
        break;
      }
      delay = ResilientHttpClient.retryAfterMillis(response.headers().firstValue("Retry-After").orElse(null), clock)
          .orElse(ResilientHttpClient.backoff(retry, attempt));
      log.debug("the {} answered HTTP {} ({}): retry {} of {}", what, response.statusCode(), reason, attempt + 1,
          retry.maxRetries());
      pause(Math.min(delay, retry.maxDelay().toMillis()), what);
    }
    int status = response.statusCode();
    JsonNode body;
    try {
      body = JSON.readTree(response.body() == null || response.body().isBlank() ? "{}" : response.body());
    } catch (IOException e) {
      body = JSON.createObjectNode();
    }
    if (status == 429 || status >= 500) {
      throw new FhirClientConnectionException("the " + what + " answered HTTP " + status);
    }
    if (status / 100 != 2) {
      String error = body.path("error").asText("");
      throw new AuthenticationException("the " + what + " refused the request: HTTP " + status
          + (error.matches("[A-Za-z0-9_.-]{1,64}") ? " (" + error + ")" : ""));
    }
    return body;
  }

  private void pause(long millis, String what) {
    if (millis <= 0) {
      return;
    }
    try {
      sleeper.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FhirClientConnectionException("interrupted while waiting to call the " + what + " again");
    }
  }

  private static String form(Map<String, String> fields) {
    return new LinkedHashMap<>(fields).entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
