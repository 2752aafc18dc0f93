package io.github.oncorefract.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.github.oncorefract.adapter.config.OperatorSecurityProperties;
import io.github.oncorefract.adapter.config.OperatorSecurityProperties.Mode;
import jakarta.servlet.Filter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockServletContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * The operator surface's security in each mode, on a small Spring MVC context (the real
 * {@link OperatorSecurityConfiguration}, stub endpoints at the real paths; no Spring Boot, no FHIR server): 401 without
 * credentials and 200 with them for {@code basic} and {@code oauth2} (a JWT signed here, its JWKS served by an
 * in-process HTTP server), the paths that stay open, and errors that echo nothing from the request.
 */
class OperatorSecurityIT {

  private static RSAKey key;
  private static RSAKey otherKey;
  private static HttpServer jwks;
  private static URI jwksUri;
  private static final String AUDIENCE = "https://oncorefract.test/operator";

  @BeforeAll
  static void keysAndJwks() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("op-1").generate();
    otherKey = new RSAKeyGenerator(2048).keyID("op-1").generate();
    byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext("/jwks.json", ex -> {
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    jwks.start();
    jwksUri = URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
  }

  @AfterAll
  static void stop() {
    jwks.stop(0);
  }

  @RestController
  static class Stub {
    @GetMapping({"/api/x", "/", "/actuator/prometheus", "/api/notifications/x", "/actuator/health/readiness",
        "/fhir/metadata", "/cds-services"})
    String read() {
      return "ok";
    }

    @PostMapping({"/api/x", "/api/notifications/x"})
    String write() {
      return "ok";
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableWebMvc
  static class Mvc {}

  private static MockMvc mvc(OperatorSecurityProperties props) {
    AnnotationConfigWebApplicationContext ctx = new AnnotationConfigWebApplicationContext();
    ctx.setServletContext(new MockServletContext());
    ctx.register(Mvc.class, Stub.class, OperatorSecurityConfiguration.class);
    ctx.addBeanFactoryPostProcessor(bf -> bf.registerSingleton("operatorSecurityProperties", props));
    ctx.refresh();
    return MockMvcBuilders.webAppContextSetup(ctx)
        .addFilters(ctx.getBean("springSecurityFilterChain", Filter.class)).build();
  }

  private static MvcResult call(MockMvc mvc, RequestBuilder r) throws Exception {
    return mvc.perform(r).andReturn();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String jwt(RSAKey signer, String audience, Instant expires) throws Exception {
    SignedJWT t = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID())
        .type(JOSEObjectType.JWT).build(),
        new JWTClaimsSet.Builder().issuer("https://idp.test").subject("operator-1").audience(audience)
            .issueTime(new Date()).expirationTime(Date.from(expires)).build());
    t.sign(new RSASSASigner(signer));
    return t.serialize();
  }

  private static void openPathsStayOpen(MockMvc mvc) throws Exception {
    for (String open : List.of("/api/notifications/x", "/actuator/health/readiness", "/fhir/metadata",
        "/cds-services")) {
      assertThat(call(mvc, get(open)).getResponse().getStatus()).as(open).isEqualTo(200);
    }
    assertThat(call(mvc, post("/api/notifications/x")).getResponse().getStatus()).isEqualTo(200);
  }

  @Test
  void noneAllowsEverythingButACrossSiteWrite() throws Exception {
    MockMvc mvc = mvc(new OperatorSecurityProperties(Mode.NONE, null, null));
    assertThat(call(mvc, get("/api/x")).getResponse().getStatus()).isEqualTo(200);
    assertThat(call(mvc, get("/")).getResponse().getStatus()).isEqualTo(200);
    assertThat(call(mvc, post("/api/x").header("Sec-Fetch-Site", "same-origin")).getResponse().getStatus())
        .isEqualTo(200);
    MvcResult cross = call(mvc, post("/api/x?id=evil-value").header("Sec-Fetch-Site", "cross-site"));
    assertThat(cross.getResponse().getStatus()).isEqualTo(403);
    assertThat(cross.getResponse().getContentAsString()).contains("OperationOutcome").doesNotContain("evil-value");
    openPathsStayOpen(mvc);
  }

  @Test
  void basicAnswers401WithoutCredentialsAnd200WithThem() throws Exception {
    MockMvc mvc = mvc(new OperatorSecurityProperties(Mode.BASIC,
        new OperatorSecurityProperties.Basic("operator", "s3cret-pass"), null));
    for (String path : List.of("/api/x", "/", "/actuator/prometheus")) {
      MvcResult r = call(mvc, get(path + "?q=echo-me"));
      assertThat(r.getResponse().getStatus()).as(path).isEqualTo(401);
      assertThat(r.getResponse().getHeader("WWW-Authenticate")).startsWith("Basic realm=");
      assertThat(r.getResponse().getContentAsString()).contains("Authentication required")
          .doesNotContain("echo-me").doesNotContain(path.equals("/") ? "\u0000" : path);
      assertThat(call(mvc, get(path).header("Authorization", basic("operator", "s3cret-pass"))).getResponse()
          .getStatus()).as(path).isEqualTo(200);
    }
    assertThat(call(mvc, get("/api/x").header("Authorization", basic("operator", "wrong"))).getResponse()
        .getStatus()).isEqualTo(401);
    assertThat(call(mvc, post("/api/x").header("Authorization", basic("operator", "s3cret-pass")))
        .getResponse().getStatus()).isEqualTo(200);
    assertThat(call(mvc, post("/api/x").header("Authorization", basic("operator", "s3cret-pass"))
        .header("Sec-Fetch-Site", "cross-site")).getResponse().getStatus()).isEqualTo(403);
    openPathsStayOpen(mvc);
  }

  @Test
  void oauth2Answers401WithoutAValidTokenForTheAudienceAnd200WithOne() throws Exception {
    MockMvc mvc = mvc(new OperatorSecurityProperties(Mode.OAUTH2, null,
        new OperatorSecurityProperties.OAuth2(null, jwksUri, AUDIENCE)));
    Instant later = Instant.now().plusSeconds(300);
    String good = jwt(key, AUDIENCE, later);
    for (String path : List.of("/api/x", "/", "/actuator/prometheus")) {
      MvcResult none = call(mvc, get(path));
      assertThat(none.getResponse().getStatus()).as(path).isEqualTo(401);
      assertThat(none.getResponse().getHeader("WWW-Authenticate")).startsWith("Bearer");
      assertThat(call(mvc, get(path).header("Authorization", "Bearer " + good)).getResponse().getStatus())
          .as(path).isEqualTo(200);
    }
    for (String bad : List.of(jwt(key, "https://other.test", later), jwt(otherKey, AUDIENCE, later),
        jwt(key, AUDIENCE, Instant.now().minusSeconds(600)), "not.a.jwt")) {
      MvcResult r = call(mvc, get("/api/x").header("Authorization", "Bearer " + bad));
      assertThat(r.getResponse().getStatus()).isEqualTo(401);
      assertThat(r.getResponse().getContentAsString()).doesNotContain(bad);
      assertThat(String.valueOf(r.getResponse().getHeader("WWW-Authenticate"))).doesNotContain(bad);
    }
    openPathsStayOpen(mvc);
  }
}
