package io.github.oncorefract.adapter.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.interceptor.AdditionalRequestHeadersInterceptor;
import io.github.oncorefract.adapter.auth.OriginGuardInterceptor;
import io.github.oncorefract.ingest.ServerClock;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.http.client.HttpClient;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.client.HttpClients;

/**
 * The FHIR clients' HTTP layer and the adapter's client of its server, for the application ({@link
 * FhirClientConfiguration}) and for tests (without Spring).
 *
 * <p>HAPI sends every request of every client through its {@link FhirContext}'s one client factory, so the safeguards
 * that concern HTTP are installed on the context ({@link #install}): redirects are never followed (the Apache client
 * would copy {@code Authorization} to the new location), Apache's own retries are off, and each request goes through a
 * {@link ResilientHttpClient} (per-request retries, a circuit breaker per origin, the retry meter). The adapter's
 * client ({@link #create}) then adds, in this order, {@link OriginGuardInterceptor} (nothing is sent outside the base
 * URL, so no token leaves it), {@code Cache-Control: no-cache} (no answers from a server-side search cache right after
 * writes), {@link ServerClock#interceptor()} (the response {@code Date} as the server's clock for the incremental
 * cursor), and the given interceptors (authentication).
 */
public final class FhirClients {

  private FhirClients() {}

  /**
   * Installs the resilient HTTP layer as {@code ctx}'s client factory (replacing the previous one).
   *
   * @param ctx            the application's one FhirContext
   * @param connectTimeout connection timeout
   * @param readTimeout    socket read timeout
   * @param retry          per-request retries
   * @param breakers       circuit breakers per origin
   * @param meters         where retries are counted, or {@code null}
   */
  public static void install(FhirContext ctx, Duration connectTimeout, Duration readTimeout,
      ResilientHttpClient.Policy retry, CircuitBreakers breakers, MeterRegistry meters) {
    install(ctx, connectTimeout, readTimeout, retry, breakers, meters, 1);
  }

  /**
   * Like {@link #install(FhirContext, Duration, Duration, ResilientHttpClient.Policy, CircuitBreakers, MeterRegistry)}
   * for {@code parallelism} patients at a time: the one pooled Apache connection manager the context's clients share
   * (camel-fhir's transactions included) keeps at least {@link #poolSize(int)} connections per route, and one
   * {@link SharedBackoff} makes every request wait when the server throttles (429/503).
   *
   * @param parallelism {@code adapter.pass.parallelism} (at least 1)
   */
  public static void install(FhirContext ctx, Duration connectTimeout, Duration readTimeout,
      ResilientHttpClient.Policy retry, CircuitBreakers breakers, MeterRegistry meters, int parallelism) {
    SharedBackoff shared = SharedBackoff.system();
    ResilientFactory factory = new ResilientFactory(ctx, delegate -> new ResilientHttpClient(delegate, retry,
        breakers::forHost, meters, Thread::sleep, Clock.systemUTC(), shared));
    int pool = poolSize(parallelism);
    factory.setPoolMaxPerRoute(pool);
    factory.setPoolMaxTotal(pool + POOL_SPARE);
    factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
    factory.setConnectTimeout((int) connectTimeout.toMillis());
    factory.setSocketTimeout((int) readTimeout.toMillis());
    ctx.setRestfulClientFactory(factory);
  }

  /** HAPI's default pool size per route and in total (its {@code RestfulClientFactory.DEFAULT_POOL_MAX}). */
  static final int HAPI_DEFAULT_POOL = 20;
  /** Connections beyond the FHIR server's route (a SMART token endpoint, an EHR of a launch). */
  static final int POOL_SPARE = 10;

  /**
   * Connections per route for {@code parallelism} workers: each worker holds at most one at a time, plus two for the
   * requests outside the pass (API previews, CDS Hooks, notifications), and never fewer than HAPI's default of 20.
   *
   * @param parallelism {@code adapter.pass.parallelism}
   */
  public static int poolSize(int parallelism) {
    return Math.max(HAPI_DEFAULT_POOL, Math.max(1, parallelism) + 2);
  }

  /**
   * A client of {@code baseUrl} on {@code ctx} (which should have the layer of {@link #install}).
   *
   * @param ctx          the application's one FhirContext (its parser error handler already set)
   * @param baseUrl      base URL without trailing slash
   * @param interceptors further interceptors (authentication), registered after the origin guard
   */
  public static IGenericClient create(FhirContext ctx, String baseUrl, List<IClientInterceptor> interceptors) {
    IGenericClient client = ctx.newRestfulGenericClient(baseUrl);
    client.registerInterceptor(new OriginGuardInterceptor(baseUrl));
    AdditionalRequestHeadersInterceptor headers = new AdditionalRequestHeadersInterceptor();
    headers.addHeaderValue("Cache-Control", "no-cache");
    client.registerInterceptor(headers);
    // The server's clock for the incremental cursor: the Date of search responses (read only inside ServerClock scopes).
    client.registerInterceptor(ServerClock.interceptor());
    interceptors.forEach(client::registerInterceptor);
    return client;
  }

  /** HAPI's Apache client factory with redirects and Apache's own retries off, wrapped in a ResilientHttpClient. */
  static final class ResilientFactory extends ApacheRestfulClientFactory {
    private final UnaryOperator<CloseableHttpClient> wrap;
    private HttpClient wrapped;

    ResilientFactory(FhirContext ctx, UnaryOperator<CloseableHttpClient> wrap) {
      super(ctx);
      this.wrap = wrap;
    }

    @Override
    protected HttpClientBuilder getHttpClientBuilder() {
      // Never follow a redirect: Apache's redirect handling copies the Authorization header to the new location.
      return HttpClients.custom().disableRedirectHandling().disableAutomaticRetries();
    }

    @Override
    public synchronized HttpClient getNativeHttpClient() {
      if (wrapped == null) {
        wrapped = wrap.apply((CloseableHttpClient) super.getNativeHttpClient());
      }
      return wrapped;
    }

    @Override
    protected synchronized void resetHttpClient() {
      super.resetHttpClient();
      wrapped = null;
    }
  }
}
