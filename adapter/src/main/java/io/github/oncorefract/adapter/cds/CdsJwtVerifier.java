package io.github.oncorefract.adapter.cds;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.github.oncorefract.adapter.config.CdsProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Verifies the JWT a CDS Client (the EHR) sends as {@code Authorization: Bearer <jwt>} (CDS Hooks 2.0, "Trusting CDS
 * Clients"), with nimbus-jose-jwt.
 *
 * <p>Accepted only when, in this order: the header carries a bearer token; it is a signed JWS (a plain
 * {@code alg: none} or an encrypted token is refused); its algorithm is an asymmetric one, RS256/384/512,
 * PS256/384/512 or ES256/384/512 (every HMAC {@code HS*} and anything else refused: an HMAC key would be a shared
 * secret); the header names a {@code kid}; {@code iss} is one of {@code adapter.cds.trusted-issuers}; that issuer's JWKS
 * (read from its {@code jwks-url} only; a {@code jku} or {@code jwk} in the token header is ignored) has a key with
 * that {@code kid}; the signature verifies with it; {@code aud} names one of the accepted audiences (the service URL);
 * {@code exp} is present, not past and at most {@link #MAX_TOKEN_LIFETIME} ahead, {@code iat} present and not in the
 * future, {@code nbf} (when present) not in the future (all with {@code adapter.cds.clock-skew}); {@code jti} is
 * present and was not seen before from the same issuer while its token lives (remembered until its {@code exp}, at
 * most {@code adapter.cds.replay-cache-size} entries; when that many unexpired tokens are remembered, further tokens
 * are refused ({@code replay-cache-full}) rather than forgetting one that could then be replayed).
 *
 * <p>A refusal is a {@link Rejected} with a stable code and a message that quotes nothing from the token. Thread-safe.
 */
public final class CdsJwtVerifier {

  /** The asymmetric JWS algorithms accepted. */
  static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(
      JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

  /**
   * The furthest ahead an {@code exp} may lie (plus the clock skew): a token's {@code jti} must be remembered until its
   * {@code exp}, so a token valid for days would either pin the replay cache or be replayable once forgotten. EHRs
   * issue CDS Hooks tokens for a few minutes.
   */
  public static final Duration MAX_TOKEN_LIFETIME = Duration.ofMinutes(10);

  /** A token that is not accepted. */
  public static final class Rejected extends RuntimeException {
    private final String code;

    /**
     * @param code    stable machine code, e.g. {@code "wrong-audience"}
     * @param message one sentence without token content
     */
    public Rejected(String code, String message) {
      super(message);
      this.code = code;
    }

    /** Stable machine code: {@code missing-token}, {@code malformed-token}, {@code alg-none}, ... */
    public String code() {
      return code;
    }
  }

  /**
   * What an accepted token says.
   *
   * @param issuer the trusted issuer
   * @param jti    the token id
   */
  public record Verified(String issuer, String jti) {}

  private final Map<String, JWKSource<SecurityContext>> sources = new LinkedHashMap<>();
  private final Duration skew;
  private final Clock clock;
  private final ReplayCache replays;
  private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

  /**
   * @param settings {@code adapter.cds.*}: trusted issuers, skew, replay cache size, JWKS cache TTL
   * @param clock    the clock {@code exp}/{@code iat} are compared with
   * @throws IllegalArgumentException when a {@code jwks-url} is not a URL or a static JWKS cannot be read
   */
  public CdsJwtVerifier(CdsProperties settings, Clock clock) {
    this.skew = settings.clockSkew();
    this.clock = clock;
    this.replays = new ReplayCache(settings.replayCacheSize());
    for (CdsProperties.TrustedIssuer t : settings.trustedIssuers()) {
      sources.put(t.issuer(), source(t.jwksUrl(), settings.jwksCacheTtl()));
    }
  }

  private static JWKSource<SecurityContext> source(String location, Duration ttl) {
    try {
      if (location.startsWith("classpath:")) {
        String path = location.substring("classpath:".length()).replaceFirst("^/", "");
        try (InputStream in = CdsJwtVerifier.class.getClassLoader().getResourceAsStream(path)) {
          if (in == null) {
            throw new IllegalArgumentException("adapter.cds.trusted-issuers[].jwks-url: no such classpath resource");
          }
          return new ImmutableJWKSet<>(JWKSet.load(in));
        }
      }
      URI uri = URI.create(location);
      if ("file".equals(uri.getScheme())) {
        return new ImmutableJWKSet<>(JWKSet.load(new java.io.File(uri)));
      }
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
        throw new IllegalArgumentException("adapter.cds.trusted-issuers[].jwks-url must be https:, http:, file: or "
            + "classpath:");
      }
      return JWKSourceBuilder.<SecurityContext>create(uri.toURL())
          .cache(ttl.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
          .retrying(false)
          .build();
    } catch (IOException | ParseException e) {
      throw new IllegalArgumentException("adapter.cds.trusted-issuers[].jwks-url: JWKS not readable ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** True when at least one issuer is trusted. */
  public boolean hasTrustedIssuers() {
    return !sources.isEmpty();
  }

  /**
   * Verifies one call's token.
   *
   * @param authorization the {@code Authorization} header value, or {@code null}
   * @param audiences     the absolute URLs {@code aud} may name (the called service's URL first)
   * @return the accepted token's issuer and id
   * @throws Rejected for every failed check
   */
  public Verified verify(String authorization, Collection<String> audiences) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || authorization.substring(7).isBlank()) {
      throw new Rejected("missing-token", "An 'Authorization: Bearer <JWT>' header signed by a trusted EHR is "
          + "required");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(authorization.substring(7).strip());
    } catch (ParseException e) {
      throw new Rejected("malformed-token", "The bearer token is not a JWT");
    }
    if (jwt instanceof PlainJWT) {
      throw new Rejected("alg-none", "Unsigned tokens (alg 'none') are not accepted");
    }
    if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
      throw new Rejected("unsupported-token", "Only signed JWTs (JWS) are accepted");
    }
    JWSHeader header = signed.getHeader();
    JWSAlgorithm alg = header.getAlgorithm();
    if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
      throw new Rejected("alg-hmac", "HMAC-signed tokens (HS256/HS384/HS512) are not accepted: use RS*, PS* or ES*");
    }
    if (!ACCEPTED_ALGORITHMS.contains(alg)) {
      throw new Rejected("alg-unsupported", "Token algorithm not accepted: use RS256/384/512, PS256/384/512 or "
          + "ES256/384/512");
    }
    if (header.getKeyID() == null || header.getKeyID().isBlank()) {
      throw new Rejected("missing-kid", "The token header must name its key ('kid')");
    }
    JWTClaimsSet claims;
    try {
      claims = signed.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new Rejected("malformed-token", "The token's claims are not a JSON object");
    }
    String issuer = claims.getIssuer();
    JWKSource<SecurityContext> keys = issuer == null ? null : sources.get(issuer);
    if (keys == null) {
      throw new Rejected("untrusted-issuer", "The token's issuer ('iss') is not a trusted EHR "
          + "(adapter.cds.trusted-issuers)");
    }
    List<JWK> candidates;
    try {
      candidates = keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(header.getKeyID())
          .keyUses(KeyUse.SIGNATURE, null).build()), null);
    } catch (KeySourceException e) {
      if (e instanceof com.nimbusds.jose.jwk.source.RateLimitReachedException) {
        candidates = List.of();
      } else {
        throw new Rejected("jwks-unavailable", "The issuer's signing keys (JWKS) could not be read");
      }
    }
    if (candidates.isEmpty()) {
      throw new Rejected("unknown-kid", "The token's key ('kid') is not in the issuer's JWKS");
    }
    if (!signatureVerifies(signed, header, candidates)) {
      throw new Rejected("bad-signature", "The token's signature does not verify");
    }
    if (claims.getAudience() == null || claims.getAudience().stream().noneMatch(audiences::contains)) {
      throw new Rejected("wrong-audience", "The token's audience ('aud') must be this service's URL");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new Rejected("missing-exp", "The token must have an expiry ('exp')");
    }
    if (now.isAfter(exp.toInstant().plus(skew))) {
      throw new Rejected("expired", "The token has expired ('exp')");
    }
    if (exp.toInstant().isAfter(now.plus(MAX_TOKEN_LIFETIME).plus(skew))) {
      throw new Rejected("exp-too-far", "The token's expiry ('exp') is more than "
          + MAX_TOKEN_LIFETIME.toMinutes() + " minutes ahead");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().isAfter(now.plus(skew))) {
      throw new Rejected("not-yet-valid", "The token is not valid yet ('nbf')");
    }
    Date iat = claims.getIssueTime();
    if (iat == null) {
      throw new Rejected("missing-iat", "The token must say when it was issued ('iat')");
    }
    if (iat.toInstant().isAfter(now.plus(skew))) {
      throw new Rejected("iat-in-future", "The token's issue time ('iat') is in the future");
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isBlank()) {
      throw new Rejected("missing-jti", "The token must have an id ('jti')");
    }
    Boolean first = replays.firstUse(issuer + "\n" + jti, exp.toInstant().plus(skew), now);
    if (first == null) {
      throw new Rejected("replay-cache-full", "Too many tokens in flight to check for replay: retry shortly");
    }
    if (!first) {
      throw new Rejected("replayed-jti", "The token was already used ('jti' replayed)");
    }
    return new Verified(issuer, jti);
  }

  private boolean signatureVerifies(SignedJWT signed, JWSHeader header, List<JWK> candidates) {
    for (JWK jwk : candidates) {
      if (!(jwk instanceof AsymmetricJWK asym)) {
        continue; // a symmetric key in a JWKS is never used
      }
      try {
        Key key = asym.toPublicKey();
        JWSVerifier v = verifiers.createJWSVerifier(header, key);
        if (signed.verify(v)) {
          return true;
        }
      } catch (JOSEException | RuntimeException e) {
        // key of another type or algorithm: try the next one
      }
    }
    return false;
  }

  /**
   * Issuer+jti seen, each until its token expires; bounded: when full of unexpired entries nothing is forgotten (a
   * forgotten, still valid token could be replayed) and the new token is refused instead.
   */
  static final class ReplayCache {
    private record Entry(String key, Instant until) {}

    private final int max;
    private final Map<String, Instant> seen = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry =
        new PriorityQueue<>(java.util.Comparator.comparing(Entry::until));

    ReplayCache(int max) {
      this.max = max;
    }

    /**
     * True the first time {@code key} is offered while unexpired (it is then remembered until {@code until}); false for
     * a replay; {@code null} when the cache is full of unexpired entries and {@code key} cannot be remembered.
     */
    synchronized Boolean firstUse(String key, Instant until, Instant now) {
      while (!byExpiry.isEmpty() && byExpiry.peek().until().isBefore(now)) {
        Entry e = byExpiry.poll();
        seen.remove(e.key(), e.until());
      }
      Instant known = seen.get(key);
      if (known != null && !known.isBefore(now)) {
        return false;
      }
      if (seen.size() >= max) {
        return null;
      }
      seen.put(key, until);
      byExpiry.add(new Entry(key, until));
      return true;
    }

    synchronized int size() {
      return seen.size();
    }
  }
}
