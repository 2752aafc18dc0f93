import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault-injecting HTTP proxy in front of a FHIR server, for the black-box run of the packaged adapter
 * ({@code tools/blackbox/run.sh}). Test tooling only: JDK classes, no dependencies, run as a single source file
 * ({@code java FaultProxy.java ...}).
 *
 * <p>Usage: {@code java FaultProxy.java <listen-port> <upstream-origin> [seed]}, e.g.
 * {@code java FaultProxy.java 18090 http://127.0.0.1:18080 7}. Every request to {@code http://localhost:<port>/...} is
 * forwarded to the upstream origin; the upstream origin in response bodies and headers is replaced by the proxy's, so
 * paging links come back through the proxy. Fault rates (probabilities 0..1) come from system properties:
 * <ul>
 *   <li>{@code throttle} (0.15): answer 429 with {@code Retry-After: 1}, or (every other time) 503 with an HTML body
 *       as a gateway would, without forwarding;
 *   <li>{@code gone} (0.10): answer 410 Gone to a paging request ({@code _getpages=});
 *   <li>{@code emptyPage} (0.10): drop the entries of a search page that has a {@code next} link;
 *   <li>{@code badDate} (0.15): make the first {@code onsetDateTime} of a Condition page an impossible date
 *       ({@code YYYY-02-30});
 *   <li>{@code foreignNext} (0.20): move a page's {@code next} link to host {@code 127.0.0.2} (another origin that is
 *       this same proxy): a request that then arrives for that host is counted, and counted as a leak when it carries
 *       an {@code Authorization} header;
 *   <li>{@code slowTransaction} (0.10), {@code slowMs} (8000): forward a transaction ({@code POST} to the base), let
 *       the server commit it, and answer only after {@code slowMs} (longer than the adapter's read timeout).
 * </ul>
 * Control: {@code GET /__proxy/stats} (JSON counters), {@code POST /__proxy/faults?enabled=false|true}.
 * Nothing is logged but the counters; bodies and headers are never printed.
 */
public final class FaultProxy {

  private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
      "transfer-encoding", "accept-encoding", "keep-alive", "te", "trailer", "proxy-connection");
  private static final Pattern ONSET = Pattern.compile("\"onsetDateTime\":\"(\\d{4})-\\d{2}-\\d{2}");
  private static final Pattern NEXT_LINK =
      Pattern.compile("\\{\"relation\":\"next\",\"url\":\"(https?)://([^/\"]+)(/[^\"]*)\"\\}");

  private final int port;
  private final String upstream;
  private final String upstreamAlias;
  private final Random random;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private volatile boolean enabled = true;

  private final double throttle = rate("throttle", 0.15);
  private final double gone = rate("gone", 0.10);
  private final double emptyPage = rate("emptyPage", 0.10);
  private final double badDate = rate("badDate", 0.15);
  private final double foreignNext = rate("foreignNext", 0.20);
  private final double slowTransaction = rate("slowTransaction", 0.10);
  private final long slowMs = Long.getLong("slowMs", 8000);

  private FaultProxy(int port, String upstream, long seed) {
    this.port = port;
    this.upstream = upstream.replaceAll("/+$", "");
    // The server may name itself localhost or 127.0.0.1 in its links, whichever it was reached as or configured with.
    this.upstreamAlias = this.upstream.contains("://localhost")
        ? this.upstream.replace("://localhost", "://127.0.0.1") : this.upstream.replace("://127.0.0.1", "://localhost");
    this.random = new Random(seed);
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: java FaultProxy.java <listen-port> <upstream-origin> [seed]");
      System.exit(2);
    }
    FaultProxy proxy = new FaultProxy(Integer.parseInt(args[0]), args[1], args.length > 2 ? Long.parseLong(args[2]) : 7);
    HttpServer server = HttpServer.create(new InetSocketAddress(proxy.port), 128);
    server.setExecutor(Executors.newFixedThreadPool(32));
    server.createContext("/", proxy::handle);
    server.start();
    System.out.println("fault proxy on port " + proxy.port + " -> upstream; rates: throttle=" + proxy.throttle
        + " gone=" + proxy.gone + " emptyPage=" + proxy.emptyPage + " badDate=" + proxy.badDate + " foreignNext="
        + proxy.foreignNext + " slowTransaction=" + proxy.slowTransaction + " slowMs=" + proxy.slowMs);
  }

  private static double rate(String name, double dflt) {
    String v = System.getProperty(name);
    return v == null ? dflt : Double.parseDouble(v);
  }

  private synchronized boolean roll(double p) {
    return enabled && random.nextDouble() < p;
  }

  private void count(String key) {
    counters.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      if (path.startsWith("/__proxy/")) {
        control(ex, path, query);
        return;
      }
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      String host = String.valueOf(ex.getRequestHeaders().getFirst("Host"));
      count("requests");
      count("requests." + method);
      if (host.startsWith("127.0.0.2")) {
        count("foreign.requests");
        if (ex.getRequestHeaders().containsKey("Authorization")) {
          count("foreign.withAuthorization");
        }
      }
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (roll(throttle)) {
        if (random.nextBoolean()) {
          count("fault.throttled429");
          ex.getResponseHeaders().add("Retry-After", "1");
          send(ex, 429, "application/fhir+json", outcome("too many requests"));
        } else {
          count("fault.gateway503html");
          send(ex, 503, "text/html", "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
        }
        return;
      }
      boolean paging = query != null && query.contains("_getpages=");
      if (paging && method.equals("GET") && roll(gone)) {
        count("fault.gone410");
        send(ex, 410, "application/fhir+json", outcome("search results expired"));
        return;
      }
      String proxyOrigin = "http://" + host;
      HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(upstream + path + (query == null ? "" : "?" + query)))
          .timeout(Duration.ofMinutes(5))
          .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      ex.getRequestHeaders().forEach((name, values) -> {
        if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(v -> rb.header(name, v));
        }
      });
      boolean toBase = method.equals("POST") && (path.equals("/fhir") || path.equals("/fhir/"));
      String requestText = toBase ? new String(body, StandardCharsets.UTF_8) : "";
      boolean batch = toBase && requestText.contains("\"type\":\"batch\"");
      boolean transaction = toBase && !batch;
      HttpResponse<byte[]> up;
      try {
        up = client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        send(ex, 502, "text/plain", "interrupted");
        return;
      }
      String contentType = up.headers().firstValue("Content-Type").orElse("application/octet-stream");
      byte[] out = up.body();
      if (contentType.contains("json")) {
        String text = new String(out, StandardCharsets.UTF_8).replace(upstream, proxyOrigin)
            .replace(upstreamAlias, proxyOrigin);
        if (method.equals("GET") && text.contains("\"resourceType\":\"Bundle\"") && text.contains("\"searchset\"")) {
          text = tamperSearchPage(text, path, proxyOrigin);
        } else if (batch) {
          // A batch read of a patient: its entries are search pages; an impossible date or a foreign next link may
          // sit in any of them (an empty page is only made of a plain search page).
          count("batches");
          text = tamperBatch(text);
        }
        out = text.getBytes(StandardCharsets.UTF_8);
      }
      if (transaction) {
        count("transactions");
        if (up.statusCode() < 300 && roll(slowTransaction)) {
          count("fault.slowTransaction");
          try {
            Thread.sleep(slowMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
      up.headers().map().forEach((name, values) -> {
        String n = name.toLowerCase(Locale.ROOT);
        if (!HOP_HEADERS.contains(n) && !n.equals("content-type") && !n.equals(":status")) {
          values.forEach(v -> ex.getResponseHeaders().add(name, v.replace(upstream, proxyOrigin).replace(upstreamAlias, proxyOrigin)));
        }
      });
      send(ex, up.statusCode(), contentType, out);
    } catch (IOException e) {
      count("clientGaveUp");
    }
  }

  private String tamperSearchPage(String text, String path, String proxyOrigin) {
    Matcher next = NEXT_LINK.matcher(text);
    boolean hasNext = next.find();
    if (path.startsWith("/fhir/Condition")) {
      text = badDate(text);
    }
    if (hasNext && roll(emptyPage)) {
      String stripped = withoutEntries(text);
      if (!stripped.equals(text)) {
        count("fault.emptyPageWithNext");
        text = stripped;
      }
    }
    return foreignNext(text);
  }

  private String tamperBatch(String text) {
    if (text.contains("\"resourceType\":\"Condition\"")) {
      text = badDate(text);
    }
    return foreignNext(text);
  }

  /** Sometimes makes the first full {@code onsetDateTime} an impossible date ({@code YYYY-02-30}). */
  private String badDate(String text) {
    if (ONSET.matcher(text).find() && roll(badDate)) {
      count("fault.badDate");
      return ONSET.matcher(text).replaceFirst("\"onsetDateTime\":\"$1-02-30");
    }
    return text;
  }

  /** Sometimes moves the first {@code next} link to host {@code 127.0.0.2} (same port and path): another origin. */
  private String foreignNext(String text) {
    Matcher next = NEXT_LINK.matcher(text);
    if (next.find() && roll(foreignNext)) {
      count("fault.foreignNextLink");
      String port = next.group(2).contains(":") ? next.group(2).substring(next.group(2).indexOf(':')) : "";
      text = text.substring(0, next.start()) + "{\"relation\":\"next\",\"url\":\"" + next.group(1) + "://127.0.0.2"
          + port + next.group(3) + "\"}" + text.substring(next.end());
    }
    return text;
  }

  /** The Bundle without its top-level {@code entry} array (a bracket scan that respects strings). */
  static String withoutEntries(String json) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (c == '"') {
        if (depth == 1 && json.startsWith("\"entry\":[", i)) {
          int start = i;
          int end = matchingBracket(json, i + "\"entry\":".length());
          int cut = end + 1;
          if (cut < json.length() && json.charAt(cut) == ',') {
            cut++;
          } else if (json.charAt(start - 1) == ',') {
            start--;
          }
          return json.substring(0, start) + json.substring(cut);
        }
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return json;
  }

  private static int matchingBracket(String json, int open) {
    int depth = 0;
    boolean inString = false;
    for (int i = open; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    throw new IllegalArgumentException("unbalanced JSON");
  }

  private void control(HttpExchange ex, String path, String query) throws IOException {
    if (path.equals("/__proxy/faults") && ex.getRequestMethod().equals("POST")) {
      enabled = query == null || !query.contains("enabled=false");
    }
    StringBuilder sb = new StringBuilder("{\"enabled\":").append(enabled);
    new TreeMap<>(counters).forEach((k, v) -> sb.append(",\"").append(k).append("\":").append(v.get()));
    send(ex, 200, "application/json", sb.append('}').toString());
  }

  private static String outcome(String text) {
    return "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"transient\","
        + "\"diagnostics\":\"" + text + "\"}]}";
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    }
  }
}
