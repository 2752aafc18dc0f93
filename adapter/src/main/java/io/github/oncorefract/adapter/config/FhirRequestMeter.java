package io.github.oncorefract.adapter.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpRequest;

/**
 * Counts every HTTP request the adapter's FHIR clients send (each attempt, retries included), as meter
 * {@value #METER} with tags:
 * <ul>
 *   <li>{@code method}: the HTTP method ({@code GET}, {@code POST}, {@code PUT}, ...);
 *   <li>{@code type}: the FHIR interaction, from the method, the URL and, for a POST, the Bundle type at the start of
 *       the body: {@code search} (a GET with a query, paging links included, or a POST to {@code _search}),
 *       {@code read} (a GET without a query: read, vread, {@code metadata}, an operation without parameters),
 *       {@code batch} (a POST of a {@code batch} Bundle), {@code transaction} (a POST of a {@code transaction} Bundle),
 *       {@code operation} (a POST to a {@code $operation}), {@code create} (any other POST), {@code update} (PUT),
 *       {@code patch}, {@code delete}, {@code other}; Bulk Data: {@code bulk-export} (kick-off), {@code bulk-status}
 *       (status polls and the job's deletion), {@code bulk-download} (an NDJSON file);
 *   <li>{@code kind}: {@code read} (search, read, batch: the adapter's batches hold only searches; the Bulk Data
 *       requests) or {@code write}
 *       (everything else).
 * </ul>
 * The benchmark harness ({@code tools/bench/pass_bench.py}) divides these counts by the patients of a pass. Nothing
 * is logged; neither the URL nor the body is kept.
 */
public final class FhirRequestMeter {

  /** Meter of the FHIR requests sent. */
  public static final String METER = "oncorefract.fhir.requests";

  /** How much of a POST body is looked at for the Bundle type. */
  private static final int PEEK = 4096;
  private static final Pattern BUNDLE_TYPE = Pattern.compile(
      "\"type\"\\s*:\\s*\"(batch|transaction)\"|<type\\s+value=\"(batch|transaction)\"");

  private FhirRequestMeter() {}

  /**
   * Counts one request.
   *
   * @param meters  where to count, or {@code null} (nothing counted)
   * @param request the request about to be sent
   */
  public static void count(MeterRegistry meters, HttpRequest request) {
    if (meters == null) {
      return;
    }
    String method = request.getRequestLine().getMethod().toUpperCase(Locale.ROOT);
    String type = interaction(method, request.getRequestLine().getUri(), request);
    String kind = type.equals("search") || type.equals("read") || type.equals("batch") || type.startsWith("bulk-")
        ? "read" : "write";
    meters.counter(METER, "method", method, "type", type, "kind", kind).increment();
  }

  /** The FHIR interaction of a request (see the class comment). */
  static String interaction(String method, String uri, HttpRequest request) {
    String path = uri == null ? "" : uri;
    int q = path.indexOf('?');
    boolean query = q >= 0 && q < path.length() - 1;
    String bare = q >= 0 ? path.substring(0, q) : path;
    String bulk = bulk(method, bare, request);
    if (bulk != null) {
      return bulk;
    }
    return switch (method) {
      case "GET", "HEAD" -> query ? "search" : "read";
      case "POST" -> {
        if (bare.endsWith("/_search")) {
          yield "search";
        }
        if (bare.substring(bare.lastIndexOf('/') + 1).startsWith("$")) {
          yield "operation";
        }
        String bundle = bundleType(request);
        yield bundle != null ? bundle : "create";
      }
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> "other";
    };
  }

  /**
   * The Bulk Data interaction of a request, or {@code null}: {@code bulk-export} (the kick-off, a GET of
   * {@code $export}), {@code bulk-status} (a GET or DELETE of {@code $export-poll-status}), {@code bulk-download} (a GET
   * asking for {@code application/fhir+ndjson}).
   */
  private static String bulk(String method, String bare, HttpRequest request) {
    if (bare.endsWith("/$export-poll-status")) {
      return "bulk-status";
    }
    if (bare.endsWith("/$export") && method.equals("GET")) {
      return "bulk-export";
    }
    org.apache.http.Header accept = request == null ? null : request.getFirstHeader("Accept");
    if (method.equals("GET") && accept != null && accept.getValue() != null
        && accept.getValue().contains("ndjson")) {
      return "bulk-download";
    }
    return null;
  }

  /** {@code batch} or {@code transaction} when a repeatable body starts as such a Bundle, else {@code null}. */
  private static String bundleType(HttpRequest request) {
    if (!(request instanceof HttpEntityEnclosingRequest enclosing)) {
      return null;
    }
    HttpEntity entity = enclosing.getEntity();
    if (entity == null || !entity.isRepeatable()) {
      return null;
    }
    try (InputStream in = entity.getContent()) {
      String head = new String(in.readNBytes(PEEK), StandardCharsets.UTF_8);
      if (!head.contains("Bundle")) {
        return null;
      }
      Matcher m = BUNDLE_TYPE.matcher(head);
      return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }
}
