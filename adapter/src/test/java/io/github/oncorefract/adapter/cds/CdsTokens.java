package io.github.oncorefract.adapter.cds;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The EHR side in tests: signs CDS Hooks JWTs with a test key. {@link #testEhr()} uses the key pair in
 * {@code src/test/resources/cds/} (a test-only key; its public half is the JWKS the shared IT context trusts).
 */
public final class CdsTokens {

  /** Issuer trusted by the shared IT context ({@code @EmbeddedFhirServerTest}). */
  public static final String TEST_ISSUER = "https://ehr.test.oncorefract.invalid";

  private final RSAKey key;
  private final String issuer;

  public CdsTokens(RSAKey key, String issuer) {
    this.key = key;
    this.issuer = issuer;
  }

  /** The signing key. */
  public RSAKey key() {
    return key;
  }

  /** The test EHR of the shared IT context. */
  public static CdsTokens testEhr() {
    try (InputStream in = CdsTokens.class.getResourceAsStream("/cds/test-ehr-private-jwk.json")) {
      return new CdsTokens(RSAKey.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)), TEST_ISSUER);
    } catch (IOException | java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A valid RS384 token for {@code audience}: iss, sub, aud, iat now, exp in 5 min, a fresh jti, kid. */
  public String token(String audience) {
    return token(audience, c -> {});
  }

  /** A token whose claims {@code edit} may change. */
  public String token(String audience, Consumer<JWTClaimsSet.Builder> edit) {
    return token(audience, key.getKeyID(), JWSAlgorithm.RS384, edit);
  }

  /** A token signed with {@code alg} (an RSA algorithm, RS or PS) and header {@code kid}. */
  public String token(String audience, String kid, JWSAlgorithm alg, Consumer<JWTClaimsSet.Builder> edit) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(),
          claims(audience, edit));
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unsigned token ({@code alg: none}). */
  public String unsigned(String audience) {
    return new PlainJWT(claims(audience, c -> {})).serialize();
  }

  /** An HS256 token (the secret is irrelevant: it must be refused before any key is looked at). */
  public String hs256(String audience) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
          claims(audience, c -> {}));
      jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JWTClaimsSet claims(String audience, Consumer<JWTClaimsSet.Builder> edit) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(issuer).subject("test-client").audience(audience)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
        .jwtID(UUID.randomUUID().toString());
    edit.accept(b);
    return b.build();
  }
}
