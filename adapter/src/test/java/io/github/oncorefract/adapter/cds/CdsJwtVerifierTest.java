package io.github.oncorefract.adapter.cds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.github.oncorefract.adapter.config.CdsProperties;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EHR's JWT, accepted and each refusal. The EHR's JWKS is served by a JDK HttpServer in the test (the EHR side is
 * a stub), so the verifier reads it through nimbus' remote JWK source as in production.
 */
class CdsJwtVerifierTest {

  static final String AUD = "https://adapter.example/cds-services/oncorefract-patient-view";
  static HttpServer jwks;
  static RSAKey key;
  static AtomicInteger jwksReads = new AtomicInteger();
  static CdsJwtVerifier verifier;
  static CdsTokens ehr;

  @BeforeAll
  static void ehrPublishesItsKeys() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("ehr-key-1").keyUse(KeyUse.SIGNATURE).generate();
    byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext("/jwks.json", x -> {
      jwksReads.incrementAndGet();
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    jwks.start();
    String url = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
    verifier = new CdsJwtVerifier(new CdsProperties(true,
        List.of(new CdsProperties.TrustedIssuer("https://ehr.example", url)), Duration.ofSeconds(30), 1000,
        Duration.ofMinutes(5), List.of(), null), Clock.systemUTC());
    ehr = new CdsTokens(key, "https://ehr.example");
  }

  @AfterAll
  static void stop() {
    jwks.stop(0);
  }

  private static CdsJwtVerifier.Verified verify(String token) {
    return verifier.verify("Bearer " + token, List.of(AUD));
  }

  private static void refused(String token, String code) {
    assertThatThrownBy(() -> verify(token)).isInstanceOf(CdsJwtVerifier.Rejected.class)
        .satisfies(e -> assertThat(((CdsJwtVerifier.Rejected) e).code()).isEqualTo(code))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token.substring(0, 20)));
  }

  @Test
  void aValidTokenIsAcceptedAndTheJwksIsCached() {
    CdsJwtVerifier.Verified v = verify(ehr.token(AUD));
    assertThat(v.issuer()).isEqualTo("https://ehr.example");
    int reads = jwksReads.get();
    verify(ehr.token(AUD, "ehr-key-1", JWSAlgorithm.PS256, c -> {}));
    assertThat(jwksReads.get()).as("JWKS served from the cache").isEqualTo(reads);
  }

  @Test
  void wrongAudienceIsRefused() {
    refused(ehr.token("https://other.example/cds-services/x"), "wrong-audience");
  }

  @Test
  void expiredTokenIsRefused() {
    refused(ehr.token(AUD, c -> c.expirationTime(Date.from(Instant.now().minusSeconds(120)))
        .issueTime(Date.from(Instant.now().minusSeconds(420)))), "expired");
  }

  @Test
  void expiryWithinTheClockSkewIsAccepted() {
    verify(ehr.token(AUD, c -> c.expirationTime(Date.from(Instant.now().minusSeconds(10)))));
  }

  @Test
  void replayedJtiIsRefused() {
    String token = ehr.token(AUD);
    verify(token);
    refused(token, "replayed-jti");
  }

  @Test
  void algNoneIsRefused() {
    refused(ehr.unsigned(AUD), "alg-none");
  }

  @Test
  void hs256IsRefused() {
    refused(ehr.hs256(AUD), "alg-hmac");
  }

  @Test
  void unknownKidIsRefused() {
    refused(ehr.token(AUD, "no-such-key", JWSAlgorithm.RS256, c -> {}), "unknown-kid");
  }

  @Test
  void untrustedIssuerIsRefused() {
    refused(new CdsTokens(key, "https://evil.example").token(AUD), "untrusted-issuer");
  }

  @Test
  void aSignatureByAnotherKeyWithTheSameKidIsRefused() throws Exception {
    RSAKey other = new RSAKeyGenerator(2048).keyID("ehr-key-1").generate();
    refused(new CdsTokens(other, "https://ehr.example").token(AUD), "bad-signature");
  }

  @Test
  void missingClaimsAndHeaderAreRefused() {
    refused(ehr.token(AUD, "", JWSAlgorithm.RS256, c -> {}), "missing-kid");
    refused(ehr.token(AUD, c -> c.jwtID(null)), "missing-jti");
    refused(ehr.token(AUD, c -> c.expirationTime(null)), "missing-exp");
    refused(ehr.token(AUD, c -> c.issueTime(null)), "missing-iat");
    refused(ehr.token(AUD, c -> c.issueTime(Date.from(Instant.now().plusSeconds(600)))), "iat-in-future");
    assertThatThrownBy(() -> verifier.verify(null, List.of(AUD)))
        .satisfies(e -> assertThat(((CdsJwtVerifier.Rejected) e).code()).isEqualTo("missing-token"));
    assertThatThrownBy(() -> verifier.verify("Bearer not-a-jwt", List.of(AUD)))
        .satisfies(e -> assertThat(((CdsJwtVerifier.Rejected) e).code()).isEqualTo("malformed-token"));
  }

  @Test
  void theReplayCacheIsBoundedAndForgetsExpiredTokens() {
    CdsJwtVerifier.ReplayCache cache = new CdsJwtVerifier.ReplayCache(2);
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(cache.firstUse("a", now.plusSeconds(10), now)).isTrue();
    assertThat(cache.firstUse("a", now.plusSeconds(10), now)).isFalse();
    assertThat(cache.firstUse("b", now.plusSeconds(20), now)).isTrue();
    assertThat(cache.firstUse("c", now.plusSeconds(30), now)).as("full of unexpired tokens: refused").isNull();
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.firstUse("a", now.plusSeconds(40), now.plusSeconds(11))).as("expired, so forgotten").isTrue();
  }

  /** Filling the cache must never make a still valid token replayable (it used to evict the one expiring first). */
  @Test
  void aFullReplayCacheNeverForgetsAnUnexpiredToken() {
    CdsJwtVerifier.ReplayCache cache = new CdsJwtVerifier.ReplayCache(2);
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(cache.firstUse("victim", now.plusSeconds(60), now)).isTrue();
    cache.firstUse("x", now.plusSeconds(600), now);
    cache.firstUse("y", now.plusSeconds(600), now);
    assertThat(cache.firstUse("victim", now.plusSeconds(60), now.plusSeconds(1))).as("replay of the victim token")
        .isFalse();
  }

  @Test
  void anExpiryFarAheadIsRefused() {
    refused(ehr.token(AUD, c -> c.expirationTime(Date.from(Instant.now().plus(Duration.ofDays(3650))))),
        "exp-too-far");
    verify(ehr.token(AUD, c -> c.expirationTime(Date.from(Instant.now().plus(CdsJwtVerifier.MAX_TOKEN_LIFETIME)))));
  }

  @Test
  void aTokenNotValidYetIsRefused() {
    refused(ehr.token(AUD, c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(3600)))), "not-yet-valid");
    verify(ehr.token(AUD, c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(10)))));
  }
}
