package io.github.oncorefract.adapter.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.github.oncorefract.adapter.auth.SmartBackendAuthInterceptor;
import io.github.oncorefract.adapter.auth.SmartBackendTokenSource;
import io.github.oncorefract.adapter.fhirserver.ExternalFhirServerCondition;
import io.github.oncorefract.ingest.TolerantParsing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The one configured HAPI client of the FHIR server, bean {@code fhirClient}, shared by the adapter's beans and by
 * camel-fhir ({@code client=#fhirClient}).
 *
 * <p>Lazy: with the embedded server its base URL is {@code http://localhost:<local.server.port>/fhir}, known only once
 * the web server has started. Built by {@link FhirClients}: requests outside the base URL are refused before they are
 * sent and redirects are not followed (the token never leaves the configured origin), each request is retried on its
 * own after a transient fault ({@code adapter.retry.*}) behind a circuit breaker, {@code Cache-Control: no-cache} is
 * sent so searches right after writes are not answered from a server-side cache; it authenticates to an external
 * server as {@code adapter.fhir.auth} says (SMART Backend Services or a static bearer token), and never logs requests,
 * bodies or tokens.
 */
@Configuration(proxyBeanMethods = false)
public class FhirClientConfiguration {

  /** The base URL of the external server (no trailing slash); only meaningful when one is configured. */
  public static String externalBaseUrl(FhirServerProperties props) {
    String u = props.baseUrl().toString();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  /**
   * The application's one FhirContext when the server is external. With the embedded server, HAPI's JPA
   * configuration defines it ({@code primaryFhirContext}) and this bean is absent, so there is exactly one either way.
   */
  @Bean
  @Conditional(ExternalFhirServerCondition.class)
  FhirContext fhirContext() {
    return FhirContext.forR4();
  }

  /** The circuit breakers of the FHIR servers the clients talk to, one per origin ({@code adapter.retry.*}). */
  @Bean
  CircuitBreakers fhirCircuitBreakers(RetryProperties retry) {
    return new CircuitBreakers(retry.circuitBreaker().toSettings());
  }

  @Bean
  @Lazy
  IGenericClient fhirClient(FhirContext ctx, FhirServerProperties props, FhirAuthProperties auth,
      RetryProperties retry, CircuitBreakers breakers, ObjectProvider<EmbeddedFhirServerEndpoint> embedded,
      ObjectProvider<MeterRegistry> meters, PassProperties pass) {
    // The default lenient handler logs invalid values (which may be PHI) at WARN: same behaviour, no logging; inside
    // the readers' tolerant scope an invalid value is removed from its resource and reported instead of failing.
    ctx.setParserErrorHandler(TolerantParsing.errorHandler());
    // HAPI sends every client's requests through the context's one factory: the resilient HTTP layer (no redirects,
    // per-request retries, a circuit breaker per origin) serves a SMART launch's client too.
    MeterRegistry registry = meters.getIfAvailable();
    FhirClients.install(ctx, props.connectTimeout(), props.readTimeout(), retry.policy(), breakers, registry,
        pass.effectiveParallelism());
    String base = props.embedded() ? embedded.getObject().baseUrl() : externalBaseUrl(props);
    breakers.registerGauge(base, registry);
    List<IClientInterceptor> auths = new ArrayList<>();
    if (!props.embedded()) {
      authInterceptor(props, auth, retry.policy()).ifPresent(auths::add);
    }
    return FhirClients.create(ctx, base, auths);
  }

  /**
   * The authentication of requests to an external server: SMART Backend Services, a static bearer token, or none
   * (see {@link FhirAuthProperties}). The embedded server takes no authentication.
   *
   * @throws IllegalArgumentException when the selected method lacks its settings (message without secrets)
   */
  static java.util.Optional<IClientInterceptor> authInterceptor(FhirServerProperties props, FhirAuthProperties auth) {
    return authInterceptor(props, auth, new ResilientHttpClient.Policy(0, java.time.Duration.ZERO,
        java.time.Duration.ZERO));
  }

  /**
   * As {@link #authInterceptor(FhirServerProperties, FhirAuthProperties)}, with the token endpoint's requests retried
   * one by one under {@code retry} (the FHIR requests' policy, {@code adapter.retry.*}).
   */
  static java.util.Optional<IClientInterceptor> authInterceptor(FhirServerProperties props, FhirAuthProperties auth,
      ResilientHttpClient.Policy retry) {
    boolean hasToken = props.bearerToken() != null && !props.bearerToken().isBlank();
    if (auth.smartBackend()) {
      SmartBackendTokenSource.SigningKey key = SmartBackendTokenSource.SigningKey.load(auth.privateKeyFile(),
          auth.privateJwk(), auth.algorithm(), auth.keyId());
      java.time.Duration timeout = props.connectTimeout().plus(props.readTimeout());
      SmartBackendTokenSource tokens = new SmartBackendTokenSource(new SmartBackendTokenSource.Settings(
          props.baseUrl(), auth.tokenUrl(), auth.clientId(), key, auth.scope(), auth.assertionLifetime(),
          auth.refreshBefore(), timeout),
          java.net.http.HttpClient.newBuilder().connectTimeout(props.connectTimeout()).build(),
          java.time.Clock.systemUTC(), retry, Thread::sleep);
      return java.util.Optional.of(new SmartBackendAuthInterceptor(tokens));
    }
    if ("bearer".equals(auth.type()) && !hasToken) {
      throw new IllegalArgumentException("adapter.fhir.auth.type=bearer needs adapter.fhir.bearer-token "
          + "(ADAPTER_FHIR_BEARER_TOKEN)");
    }
    return hasToken ? java.util.Optional.of(new BearerTokenAuthInterceptor(props.bearerToken()))
        : java.util.Optional.empty();
  }
}
