package io.github.oncorefract.adapter.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.interceptor.AdditionalRequestHeadersInterceptor;
import io.github.oncorefract.adapter.auth.OriginGuardInterceptor;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
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
 * Builds a HAPI client of one FHIR server with the adapter's safeguards, for the application ({@link
 * FhirClientConfiguration}) and for tests ({@code new}-style, without Spring):
 * <ol>
 *   <li>{@link OriginGuardInterceptor} first: nothing is sent outside the base URL, so no token leaves it;
 *   <li>{@code Cache-Control: no-cache} (no answers from a server-side search cache right after writes);
 *   <li>the given interceptors (authentication);
 *   <li>an HTTP client of its own (not the context's shared one) that never follows redirects, does not retry by
 *       itself, and is wrapped in a {@link ResilientHttpClient} (per-request retries, circuit breaker, retry meter).
 * </ol>
 */
public final class FhirClients {

  /** Gauge of the circuit breaker's state: 0 closed, 1 open, 2 half-open, 3 other (disabled, forced open). */
  public static final String CIRCUIT_STATE_METER = "oncorefract.fhir.circuit.state";

  private FhirClients() {}

  /**
   * @param enabled              false: no circuit breaker
   * @param failureRateThreshold percentage of failed attempts in the window that opens it
   * @param slidingWindow        attempts in the sliding window
   * @param minimumCalls         attempts before the rate is judged
   * @param openFor              how long it stays open before letting a few trial requests through
   */
  public record Breaker(boolean enabled, int failureRateThreshold, int slidingWindow, int minimumCalls,
      Duration openFor) {}

  /**
   * A new circuit breaker for a server, its state registered as gauge {@value #CIRCUIT_STATE_METER} when meters are
   * given; {@code null} when disabled.
   */
  public static CircuitBreaker circuitBreaker(Breaker settings, MeterRegistry meters) {
    if (!settings.enabled()) {
      return null;
    }
    CircuitBreaker cb = CircuitBreaker.of("fhir-server", CircuitBreakerConfig.custom()
        .failureRateThreshold(settings.failureRateThreshold())
        .slidingWindowSize(settings.slidingWindow())
        .minimumNumberOfCalls(settings.minimumCalls())
        .waitDurationInOpenState(settings.openFor())
        .permittedNumberOfCallsInHalfOpenState(Math.max(1, Math.min(3, settings.minimumCalls())))
        .writableStackTraceEnabled(false)
        .build());
    if (meters != null) {
      Gauge.builder(CIRCUIT_STATE_METER, cb, b -> switch (b.getState()) {
        case CLOSED -> 0;
        case OPEN -> 1;
        case HALF_OPEN -> 2;
        default -> 3;
      }).description("FHIR server circuit breaker: 0 closed, 1 open, 2 half-open, 3 other").register(meters);
    }
    return cb;
  }

  /**
   * A client of {@code baseUrl}.
   *
   * @param ctx            the application's one FhirContext (its parser error handler must already be set)
   * @param baseUrl        base URL without trailing slash
   * @param connectTimeout connection timeout
   * @param readTimeout    socket read timeout
   * @param retry          per-request retries
   * @param breaker        circuit breaker, or {@code null}
   * @param meters         meters, or {@code null}
   * @param interceptors   further interceptors (authentication), registered after the origin guard
   */
  public static IGenericClient create(FhirContext ctx, String baseUrl, Duration connectTimeout, Duration readTimeout,
      ResilientHttpClient.Policy retry, CircuitBreaker breaker, MeterRegistry meters,
      List<IClientInterceptor> interceptors) {
    ResilientFactory factory = new ResilientFactory(ctx,
        delegate -> new ResilientHttpClient(delegate, retry, breaker, meters, Thread::sleep, Clock.systemUTC()));
    factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
    factory.setConnectTimeout((int) connectTimeout.toMillis());
    factory.setSocketTimeout((int) readTimeout.toMillis());
    IGenericClient client = factory.newGenericClient(baseUrl);
    client.registerInterceptor(new OriginGuardInterceptor(baseUrl));
    AdditionalRequestHeadersInterceptor headers = new AdditionalRequestHeadersInterceptor();
    headers.addHeaderValue("Cache-Control", "no-cache");
    client.registerInterceptor(headers);
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
