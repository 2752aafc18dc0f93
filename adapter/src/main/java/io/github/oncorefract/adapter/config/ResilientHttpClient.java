package io.github.oncorefract.adapter.config;

import io.github.oncorefract.ingest.CircuitOpenException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.NoHttpResponseException;
import org.apache.http.client.ClientProtocolException;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.ClientConnectionManager;
import org.apache.http.entity.BufferedHttpEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.params.HttpParams;
import org.apache.http.protocol.HttpContext;
import org.apache.http.util.EntityUtils;

/**
 * The HTTP layer of the adapter's FHIR client: retries each request on its own (instead of re-reading a whole
 * patient) and stops sending to a server that keeps failing.
 *
 * <p>Retried, up to {@link Policy#maxRetries()} times with capped exponential backoff and jitter (a delay drawn between
 * half and all of {@code min(maxDelay, initialDelay * 2^attempt)}):
 * <ul>
 *   <li>no answer: connection refused, reset or closed without a response, connect timeout; a read timeout only for
 *       GET (a transaction still running on the server is not sent twice at once);
 *   <li>HTTP 408, 429, 502, 503, 504, honouring {@code Retry-After} (seconds or an HTTP-date) capped at
 *       {@link Policy#maxDelay()};
 *   <li>an HTML page where FHIR was expected (a gateway's or load balancer's error page), whatever its status.
 * </ul>
 * Every request of the adapter may be repeated: reads and searches are GETs, and its only write, the transaction, holds
 * nothing but conditional creates ({@code ifNoneExist}) and version-checked updates ({@code If-Match}), so a repeat
 * never creates a duplicate nor overwrites a newer version (a repeat of a transaction the server had committed without
 * answering is answered 412 at worst, and the patient is planned again from what was written). Bodies are buffered so
 * that a connection reset while reading the body is retried too, except Bulk Data NDJSON files, which are streamed
 * ({@link #streamed}). After the last attempt the last response is returned
 * (or the last exception thrown) for the caller's own error handling.
 *
 * <p>Each retry counts {@code oncorefract.fhir.retries} (tags {@code reason}: {@code connection}, {@code read-timeout},
 * {@code throttled}, {@code unavailable}, {@code html-error-page}; {@code status}: the HTTP status or {@code none}).
 * Each attempt is recorded in the circuit breaker (a failure: no answer or a retried status); while it is open nothing
 * is sent and {@link CircuitOpenException} is thrown. Every attempt sent is counted by {@link FhirRequestMeter}
 * ({@code oncorefract.fhir.requests}). Nothing is logged here: no URL, header or body.
 */
public final class ResilientHttpClient extends CloseableHttpClient {

  /** Meter of retried requests. */
  public static final String RETRIES_METER = "oncorefract.fhir.retries";

  /**
   * @param maxRetries   retries after the first attempt ({@code adapter.retry.max-redeliveries})
   * @param initialDelay first backoff ({@code adapter.retry.initial-delay}), doubled per retry
   * @param maxDelay     cap on every delay, also on {@code Retry-After} ({@code adapter.retry.max-delay})
   */
  public record Policy(int maxRetries, Duration initialDelay, Duration maxDelay) {
    public Policy {
      if (maxRetries < 0 || initialDelay.isNegative() || maxDelay.isNegative()) {
        throw new IllegalArgumentException("adapter.retry: negative retries or delays");
      }
    }
  }

  /** Waits between attempts; replaced in tests to record the delays. */
  @FunctionalInterface
  public interface Sleeper {
    /** @param millis milliseconds to wait */
    void sleep(long millis) throws InterruptedException;
  }

  private final CloseableHttpClient delegate;
  private final Policy policy;
  private final java.util.function.Function<HttpHost, CircuitBreaker> breakers;
  private final MeterRegistry meters;
  private final Sleeper sleeper;
  private final Clock clock;
  private final SharedBackoff shared;

  /**
   * @param delegate the Apache client that sends (redirects off)
   * @param policy   retry limits
   * @param breakers the circuit breaker of each origin (may answer {@code null}: none)
   * @param meters   where retries are counted, or {@code null}
   * @param sleeper  how to wait ({@code Thread::sleep})
   * @param clock    for {@code Retry-After} dates
   */
  public ResilientHttpClient(CloseableHttpClient delegate, Policy policy,
      java.util.function.Function<HttpHost, CircuitBreaker> breakers, MeterRegistry meters, Sleeper sleeper,
      Clock clock) {
    this(delegate, policy, breakers, meters, sleeper, clock, null);
  }

  /**
   * Like {@link #ResilientHttpClient(CloseableHttpClient, Policy, java.util.function.Function, MeterRegistry, Sleeper,
   * Clock)}, with back-pressure shared by all requests: every attempt first waits for {@code shared}'s "not before"
   * instant, and a 429 or 503 answer moves that instant by its {@code Retry-After} (else the backoff), capped at
   * {@link Policy#maxDelay()}, so every worker slows down, not only the one that saw it.
   *
   * @param shared the application's one {@link SharedBackoff}, or {@code null} for none
   */
  public ResilientHttpClient(CloseableHttpClient delegate, Policy policy,
      java.util.function.Function<HttpHost, CircuitBreaker> breakers, MeterRegistry meters, Sleeper sleeper,
      Clock clock, SharedBackoff shared) {
    this.shared = shared;
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.breakers = Objects.requireNonNull(breakers, "breakers");
    this.meters = meters;
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  protected CloseableHttpResponse doExecute(HttpHost target, HttpRequest request, HttpContext context)
      throws IOException, ClientProtocolException {
    String method = request.getRequestLine().getMethod().toUpperCase(Locale.ROOT);
    boolean safe = method.equals("GET") || method.equals("HEAD");
    CircuitBreaker breaker = target == null ? null : breakers.apply(target);
    for (int attempt = 0; ; attempt++) {
      if (shared != null) {
        shared.awaitTurn();
      }
      if (breaker != null && !breaker.tryAcquirePermission()) {
        throw new CircuitOpenException();
      }
      long start = System.nanoTime();
      CloseableHttpResponse response = null;
      FhirRequestMeter.count(meters, request);
      try {
        response = delegate.execute(target, request, context);
        HttpEntity entity = response.getEntity();
        if (entity != null && !entity.isRepeatable() && !streamed(entity)) {
          response.setEntity(new BufferedHttpEntity(entity));
        }
      } catch (IOException e) {
        if (response != null) {
          response.close();
        }
        if (breaker != null) {
          breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        }
        String reason = ioReason(e, safe);
        if (reason == null || attempt >= policy.maxRetries()) {
          throw e;
        }
        count(reason, "none");
        pause(backoff(attempt));
        continue;
      }
      int status = response.getStatusLine().getStatusCode();
      String reason = statusReason(response);
      if (reason == null) {
        if (breaker != null) {
          breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        return response;
      }
      if (breaker != null) {
        breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, new TransientStatus(status));
      }
      long delay = Math.min(retryAfterMillis(response).orElse(backoff(attempt)), policy.maxDelay().toMillis());
      if (shared != null && (status == 429 || status == 503)) {
        // the server throttles: every request waits, not only this one's retry
        shared.holdOff(delay);
      }
      if (attempt >= policy.maxRetries()) {
        return response;
      }
      EntityUtils.consumeQuietly(response.getEntity());
      response.close();
      count(reason, Integer.toString(status));
      pause(delay);
    }
  }

  /**
   * True for a Bulk Data file ({@code application/fhir+ndjson}, {@code application/ndjson}): its body is streamed to the
   * caller, never buffered whole (a connection lost mid-file fails that download instead of being retried here).
   */
  static boolean streamed(HttpEntity entity) {
    Header type = entity.getContentType();
    String v = type == null || type.getValue() == null ? "" : type.getValue().toLowerCase(Locale.ROOT);
    return v.startsWith("application/fhir+ndjson") || v.startsWith("application/ndjson");
  }

  /** Why a response is worth retrying, or {@code null}. */
  static String statusReason(CloseableHttpResponse response) {
    Header type = response.getFirstHeader("Content-Type");
    return retryReason(response.getStatusLine().getStatusCode(), type == null ? null : type.getValue());
  }

  /**
   * Why an answer is worth retrying under this layer's policy, for other HTTP clients of the adapter too (the SMART
   * token endpoint).
   *
   * @param status      HTTP status
   * @param contentType its {@code Content-Type}, or {@code null}
   * @return {@code throttled} (429), {@code unavailable} (408, 502, 503, 504), {@code html-error-page} (an HTML page,
   *         whatever its status), or {@code null}: not retried
   */
  public static String retryReason(int status, String contentType) {
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("text/html")) {
      return "html-error-page";
    }
    return switch (status) {
      case 429 -> "throttled";
      case 408, 502, 503, 504 -> "unavailable";
      default -> null;
    };
  }

  /** Why an exception is worth retrying, or {@code null}. */
  static String ioReason(IOException e, boolean safe) {
    if (e instanceof CircuitOpenException) {
      return null;
    }
    if (e instanceof ConnectTimeoutException || e instanceof ConnectException || e instanceof NoHttpResponseException
        || e instanceof org.apache.http.ConnectionClosedException || e instanceof org.apache.http.TruncatedChunkException
        || (e instanceof SocketException && !(e instanceof java.net.BindException))) {
      return "connection";
    }
    if (e instanceof SocketTimeoutException) {
      return safe ? "read-timeout" : null;
    }
    return null;
  }

  /** {@code Retry-After} in milliseconds (seconds or an HTTP-date; 0 for a date in the past), if given and valid. */
  OptionalLong retryAfterMillis(CloseableHttpResponse response) {
    Header h = response.getFirstHeader("Retry-After");
    return retryAfterMillis(h == null ? null : h.getValue(), clock);
  }

  /**
   * A {@code Retry-After} value in milliseconds, uncapped (the caller caps it at {@link Policy#maxDelay()}).
   *
   * @param value seconds or an HTTP-date, or {@code null}
   * @param clock now, for a date
   * @return the wait (0 for a date in the past), or empty when absent or invalid
   */
  public static OptionalLong retryAfterMillis(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return OptionalLong.empty();
    }
    String v = value.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return OptionalLong.of(Math.multiplyExact(Long.parseLong(v), 1000L));
      } catch (ArithmeticException | NumberFormatException e) {
        return OptionalLong.of(Long.MAX_VALUE);
      }
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      return OptionalLong.of(Math.max(0, Duration.between(clock.instant(), at.toInstant()).toMillis()));
    } catch (DateTimeParseException e) {
      return OptionalLong.empty();
    }
  }

  /** Capped exponential backoff with equal jitter, in milliseconds. */
  long backoff(int attempt) {
    return backoff(policy, attempt);
  }

  /**
   * Capped exponential backoff with equal jitter: a delay drawn between half and all of
   * {@code min(maxDelay, initialDelay * 2^attempt)}.
   *
   * @param policy  the delays
   * @param attempt 0 for the first retry
   * @return milliseconds
   */
  public static long backoff(Policy policy, int attempt) {
    long cap = policy.maxDelay().toMillis();
    long base = policy.initialDelay().toMillis();
    long exp = attempt >= 30 ? cap : Math.min(cap, base << attempt);
    return exp <= 1 ? exp : exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
  }

  private void pause(long millis) throws IOException {
    if (millis <= 0) {
      return;
    }
    try {
      sleeper.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  }

  private void count(String reason, String status) {
    if (meters != null) {
      meters.counter(RETRIES_METER, "reason", reason, "status", status).increment();
    }
  }

  /** A retried status, as recorded in the circuit breaker. */
  static final class TransientStatus extends Exception {
    TransientStatus(int status) {
      super("HTTP " + status, null, false, false);
    }
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  @SuppressWarnings("deprecation")
  public HttpParams getParams() {
    return delegate.getParams();
  }

  @Override
  @SuppressWarnings("deprecation")
  public ClientConnectionManager getConnectionManager() {
    return delegate.getConnectionManager();
  }
}
