package io.github.oncorefract.adapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.oncorefract.adapter.auth.SmartBackendTokenSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMART Backend Services against an in-process authorisation server and FHIR endpoint (JDK HTTP server): discovery,
 * the signed client assertion (checked with the public key and the SMART App Launch 2.2.0 claim rules), token caching
 * and renewal, a 401 dropping the token, and refusals reported without secrets.
 */
class FhirAuthIT {

  private static HttpServer server;
  private static String base;
  private static KeyPair rsa;
  private static final List<Map<String, String>> TOKEN_REQUESTS = new CopyOnWriteArrayList<>();
  private static final List<String> FHIR_AUTH_HEADERS = new CopyOnWriteArrayList<>();
  private static final AtomicInteger TOKENS = new AtomicInteger();
  private static final AtomicReference<String> TOKEN_ANSWER = new AtomicReference<>();
  private static final AtomicInteger FHIR_401_ONCE = new AtomicInteger();

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    rsa = g.generateKeyPair();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", FhirAuthIT::handle);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @BeforeEach
  void reset() {
    TOKEN_REQUESTS.clear();
    FHIR_AUTH_HEADERS.clear();
    TOKEN_ANSWER.set(null);
    FHIR_401_ONCE.set(0);
  }

  @Test
  void discoversTheTokenEndpointSignsAValidAssertionAndCachesTheToken() throws Exception {
    IGenericClient client = client(properties(pemFile(), null, "RS384", null));
    client.read().resource(Patient.class).withId("p1").execute();
    client.read().resource(Patient.class).withId("p1").execute();

    assertThat(TOKEN_REQUESTS).hasSize(1);
    String expected = "Bearer tok-" + TOKENS.get();
    assertThat(FHIR_AUTH_HEADERS).containsExactly(expected, expected);
    Map<String, String> form = TOKEN_REQUESTS.get(0);
    assertThat(form).containsEntry("grant_type", "client_credentials")
        .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        .containsEntry("scope", "system/Patient.rs");
    SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
    assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) rsa.getPublic()))).isTrue();
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS384);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("kid-1");
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("oncorefract-test");
    assertThat(claims.getSubject()).isEqualTo("oncorefract-test");
    assertThat(claims.getAudience()).containsExactly(base + "/auth/token");
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
        .isLessThanOrEqualTo(Duration.ofMinutes(5)).isPositive();
  }

  @Test
  void aTokenIsRenewedBeforeItExpiresAndEachAssertionIsUnique() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    SmartBackendTokenSource tokens = new SmartBackendTokenSource(settings(
        SmartBackendTokenSource.SigningKey.load(pemFile(), null, "RS384", "kid-1")), HttpClient.newHttpClient(), clock);
    String first = tokens.accessToken();
    clock.advance(Duration.ofSeconds(59));
    assertThat(tokens.accessToken()).isEqualTo(first);
    clock.advance(Duration.ofSeconds(2)); // 61 s: within 60 s of the 120 s expiry
    String second = tokens.accessToken();
    assertThat(second).isNotEqualTo(first);
    assertThat(TOKEN_REQUESTS).hasSize(2);
    assertThat(SignedJWT.parse(TOKEN_REQUESTS.get(0).get("client_assertion")).getJWTClaimsSet().getJWTID())
        .isNotEqualTo(SignedJWT.parse(TOKEN_REQUESTS.get(1).get("client_assertion")).getJWTClaimsSet().getJWTID());
  }

  @Test
  void a401FromTheFhirServerDropsTheTokenSoTheNextCallGetsANewOne() throws Exception {
    IGenericClient client = client(properties(pemFile(), null, "RS384", null));
    FHIR_401_ONCE.set(1);
    assertThatThrownBy(() -> client.read().resource(Patient.class).withId("p1").execute())
        .isInstanceOf(AuthenticationException.class);
    client.read().resource(Patient.class).withId("p1").execute();
    assertThat(TOKEN_REQUESTS).hasSize(2);
    assertThat(FHIR_AUTH_HEADERS.get(0)).isNotEqualTo(FHIR_AUTH_HEADERS.get(1));
  }

  @Test
  void refusalsAreReportedWithStatusAndOauthErrorOnly() throws Exception {
    SmartBackendTokenSource tokens = new SmartBackendTokenSource(settings(
        SmartBackendTokenSource.SigningKey.load(pemFile(), null, "RS384", "kid-1")), HttpClient.newHttpClient(),
        Clock.systemUTC());
    TOKEN_ANSWER.set("400");
    assertThatThrownBy(tokens::accessToken).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("HTTP 400 (invalid_client)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("eyJ"));
    TOKEN_ANSWER.set("503");
    assertThatThrownBy(tokens::accessToken).isInstanceOf(FhirClientConnectionException.class)
        .hasMessageContaining("HTTP 503");
  }

  @Test
  void es384WithAJwkSignsVerifiableAssertions() throws Exception {
    ECKey ec = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
    SmartBackendTokenSource tokens = new SmartBackendTokenSource(settings(
        SmartBackendTokenSource.SigningKey.load(null, ec.toJSONString(), "ES384", null)), HttpClient.newHttpClient(),
        Clock.systemUTC());
    tokens.accessToken();
    SignedJWT jwt = SignedJWT.parse(TOKEN_REQUESTS.get(0).get("client_assertion"));
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES384);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("ec-1");
    assertThat(jwt.verify(new ECDSAVerifier(ec.toPublicJWK()))).isTrue();
  }

  @Test
  void misconfigurationFailsWithAClearMessage() throws Exception {
    assertThatThrownBy(() -> SmartBackendTokenSource.SigningKey.load(null, null, "RS384", null))
        .hasMessageContaining("exactly one of adapter.fhir.auth.private-key-file and adapter.fhir.auth.private-jwk");
    Path pkcs1 = Files.writeString(dir.resolve("k.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> SmartBackendTokenSource.SigningKey.load(pkcs1, null, "RS384", null))
        .hasMessageContaining("PKCS#8");
    assertThatThrownBy(() -> SmartBackendTokenSource.SigningKey.load(pemFile(), null, "HS256", null))
        .hasMessageContaining("RS384 or ES384");
    assertThatThrownBy(() -> SmartBackendTokenSource.SigningKey.load(pemFile(), null, "RS384", null))
        .hasMessageContaining("key-id is required");
    assertThatThrownBy(() -> FhirClientConfiguration.authInterceptor(external(null),
        new FhirAuthProperties("bearer", null, null, null, null, null, "RS384", "s", Duration.ofMinutes(5),
            Duration.ofSeconds(60))))
        .hasMessageContaining("needs adapter.fhir.bearer-token");
    assertThatThrownBy(() -> new FhirAuthProperties("smart", null, null, null, null, null, "RS384", "s",
        Duration.ofMinutes(5), Duration.ofSeconds(60))).hasMessageContaining("none, bearer or smart-backend");
    assertThatThrownBy(() -> new FhirAuthProperties("smart-backend", "c", null, null, null, null, "RS384", "s",
        Duration.ofMinutes(6), Duration.ofSeconds(60))).hasMessageContaining("at most 5m");
  }

  private IGenericClient client(FhirAuthProperties auth) {
    FhirContext ctx = FhirContext.forR4Cached();
    ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    IGenericClient client = ctx.newRestfulGenericClient(base + "/fhir");
    client.registerInterceptor(FhirClientConfiguration.authInterceptor(external(null), auth).orElseThrow());
    return client;
  }

  private static FhirServerProperties external(String bearer) {
    return new FhirServerProperties(URI.create(base + "/fhir"), 200, Duration.ofSeconds(5), Duration.ofSeconds(10),
        bearer);
  }

  private static FhirAuthProperties properties(Path pem, String jwk, String alg, URI tokenUrl) {
    return new FhirAuthProperties("smart-backend", "oncorefract-test", tokenUrl, pem, jwk, "kid-1", alg,
        "system/Patient.rs", Duration.ofMinutes(5), Duration.ofSeconds(60));
  }

  private static SmartBackendTokenSource.Settings settings(SmartBackendTokenSource.SigningKey key) {
    return new SmartBackendTokenSource.Settings(URI.create(base + "/fhir"), URI.create(base + "/auth/token"),
        "oncorefract-test", key, "system/Patient.rs", Duration.ofMinutes(5), Duration.ofSeconds(60),
        Duration.ofSeconds(10));
  }

  private Path pemFile() throws IOException {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(rsa.getPrivate().getEncoded());
    return Files.writeString(dir.resolve("adapter-key.pem"),
        "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
  }

  private static void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    int status = 200;
    String type = "application/json";
    String body;
    if (path.equals("/fhir/.well-known/smart-configuration")) {
      body = "{\"token_endpoint\":\"" + base + "/auth/token\",\"grant_types_supported\":[\"client_credentials\"]}";
    } else if (path.equals("/auth/token")) {
      Map<String, String> form = new HashMap<>();
      for (String pair : new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
        String[] kv = pair.split("=", 2);
        form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
      TOKEN_REQUESTS.add(form);
      String answer = TOKEN_ANSWER.get();
      if ("400".equals(answer)) {
        status = 400;
        body = "{\"error\":\"invalid_client\",\"error_description\":\"unknown key\"}";
      } else if ("503".equals(answer)) {
        status = 503;
        body = "";
      } else {
        body = "{\"access_token\":\"tok-" + TOKENS.incrementAndGet()
            + "\",\"token_type\":\"bearer\",\"expires_in\":120,\"scope\":\"system/Patient.rs\"}";
      }
    } else if (path.startsWith("/fhir/Patient/")) {
      FHIR_AUTH_HEADERS.add(ex.getRequestHeaders().getFirst("Authorization"));
      type = "application/fhir+json";
      if (FHIR_401_ONCE.getAndSet(0) == 1) {
        status = 401;
        body = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"login\"}]}";
      } else {
        body = "{\"resourceType\":\"Patient\",\"id\":\"p1\"}";
      }
    } else {
      status = 404;
      body = "{}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
