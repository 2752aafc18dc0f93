package io.github.oncorefract.ingest;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * The FHIR server's own clock, as the incremental cursor needs it: the HTTP {@code Date} header of a search response
 * (RFC 9110, an IMF-fixdate such as {@code Tue, 01 Dec 2026 10:00:00 GMT}, always UTC, one-second precision).
 *
 * <p>HAPI's fluent client returns no response headers, so {@link #interceptor()} (registered on the adapter's client)
 * records the {@code Date} of each response on the calling thread while a {@link #during} scope is open there; HAPI
 * calls interceptors on the thread that executes the request, and only the final response of a retried request reaches
 * it. Outside a scope it does nothing. No header value other than {@code Date} is read, nothing is logged.
 *
 * <p>{@link #choose} picks the high-water mark of a pass: the response {@code Date}, else the Bundle's
 * {@code meta.lastUpdated}, else the adapter's clock minus a margin.
 */
public final class ServerClock {

  private static final ThreadLocal<Instant[]> SCOPE = new ThreadLocal<>();
  private static final IClientInterceptor INTERCEPTOR = new DateInterceptor();

  private ServerClock() {}

  /** Where a high-water mark came from (logged at DEBUG). */
  public enum Source {
    /** The HTTP {@code Date} header of the pass's first search response. */
    RESPONSE_DATE,
    /** {@code Bundle.meta.lastUpdated} of that response (no usable {@code Date} header). */
    BUNDLE_LAST_UPDATED,
    /** The adapter's own clock at the start of the pass minus a margin (the server gave neither). */
    ADAPTER_CLOCK
  }

  /**
   * A server time and where it came from.
   *
   * @param instant UTC instant
   * @param source  which of the three sources gave it
   */
  public record Reading(Instant instant, Source source) {}

  /**
   * A call's value with the {@code Date} of the first response received during it.
   *
   * @param value what the call returned
   * @param date  the first response's {@code Date} (UTC), or {@code null} when none was seen or it did not parse
   */
  public record Dated<T>(T value, Instant date) {}

  /** The client interceptor to register once on the adapter's client; thread-safe, stateless outside a scope. */
  public static IClientInterceptor interceptor() {
    return INTERCEPTOR;
  }

  /**
   * Runs a client call and records the {@code Date} of the first response the calling thread receives meanwhile
   * (needs {@link #interceptor()} on the client; without it the date is {@code null}).
   *
   * @param call the call; exceptions propagate unchanged
   * @return its value and the date
   */
  public static <T> Dated<T> during(Supplier<T> call) {
    Instant[] previous = SCOPE.get();
    Instant[] seen = new Instant[1];
    SCOPE.set(seen);
    try {
      T value = call.get();
      return new Dated<>(value, seen[0]);
    } finally {
      if (previous == null) {
        SCOPE.remove();
      } else {
        SCOPE.set(previous);
      }
    }
  }

  /**
   * The high-water mark of a pass, from the first search response of the pass.
   *
   * @param responseDate      its {@code Date} header, or {@code null}
   * @param bundleLastUpdated its {@code Bundle.meta.lastUpdated}, or {@code null}
   * @param adapterStart      the adapter's clock when the pass began
   * @param margin            subtracted from {@code adapterStart} when the server gave no time (covers a server clock
   *                          behind the adapter's)
   * @return the first of the three that is present
   */
  public static Reading choose(Instant responseDate, Instant bundleLastUpdated, Instant adapterStart,
      Duration margin) {
    if (responseDate != null) {
      return new Reading(responseDate, Source.RESPONSE_DATE);
    }
    if (bundleLastUpdated != null) {
      return new Reading(bundleLastUpdated, Source.BUNDLE_LAST_UPDATED);
    }
    return new Reading(adapterStart.minus(margin), Source.ADAPTER_CLOCK);
  }

  /**
   * Parses an HTTP-date. Only the preferred IMF-fixdate form (RFC 1123 with {@code GMT}) is accepted; the obsolete
   * RFC 850 and asctime forms, and anything else, give {@code null}.
   *
   * @param value the header value, or {@code null}
   * @return the instant (UTC, whole seconds), or {@code null}
   */
  public static Instant parseHttpDate(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()
          .truncatedTo(ChronoUnit.SECONDS);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Records the first response's {@code Date} into the calling thread's open scope. */
  private static final class DateInterceptor implements IClientInterceptor {
    @Override
    public void interceptRequest(IHttpRequest request) {
      // nothing: only responses matter
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
      Instant[] seen = SCOPE.get();
      if (seen == null || seen[0] != null) {
        return;
      }
      List<String> dates = response.getHeaders("Date");
      if (dates != null && !dates.isEmpty()) {
        seen[0] = parseHttpDate(dates.get(0));
      }
    }
  }
}
