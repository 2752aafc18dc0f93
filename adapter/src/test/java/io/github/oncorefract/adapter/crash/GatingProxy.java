package io.github.oncorefract.adapter.crash;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small in-process HTTP proxy (JDK {@code HttpServer} on 127.0.0.1) in front of a FHIR server, for the crash and
 * two-instance tests: every request is forwarded unchanged (the upstream base in response bodies and headers is
 * rewritten to the proxy's, so {@code next} links stay on the configured base), except the transactions
 * ({@code POST [base]}), which can be gated:
 * <ul>
 *   <li>{@link #answerNoTransactionFrom(int)}: transaction number {@code n} (1-based) and every later one is forwarded
 *       and committed by the server, but its answer is withheld until {@link #close()}: the client sees a transaction
 *       that was committed and never answered, as when the process is killed at that moment;
 *       {@link #awaitWithheld(Duration)} returns once it happened;</li>
 *   <li>{@link #holdFirstTransactionUntil(CountDownLatch)}: the first transaction is held <em>before</em> it reaches the
 *       server until the latch opens (a plan made before another writer's writes, sent after them).</li>
 * </ul>
 * No sleeps: held requests wait on latches, each on its own thread.
 */
final class GatingProxy implements AutoCloseable {

  private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "transfer-encoding",
      "accept-encoding", "keep-alive", "upgrade", "expect", "te", "trailer", "date");

  private final String upstream;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicInteger transactions = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final CountDownLatch withheld = new CountDownLatch(1);
  private final CountDownLatch firstTransactionSeen = new CountDownLatch(1);
  private volatile int withholdFrom = Integer.MAX_VALUE;
  private final AtomicReference<CountDownLatch> holdFirst = new AtomicReference<>();

  /**
   * @param upstreamBase the FHIR server's base, e.g. {@code http://localhost:8080/fhir}
   */
  GatingProxy(String upstreamBase) {
    this.upstream = upstreamBase.replaceAll("/+$", "");
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/fhir", this::handle);
    server.start();
  }

  /** The proxy's FHIR base, {@code http://127.0.0.1:<port>/fhir}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
  }

  /** Transactions received so far. */
  int transactions() {
    return transactions.get();
  }

  /** From transaction {@code n} (1-based) on, commit on the server but never answer. */
  void answerNoTransactionFrom(int n) {
    withholdFrom = n;
  }

  /** Answers every transaction again (those already withheld stay so). */
  void answerEveryTransaction() {
    withholdFrom = Integer.MAX_VALUE;
  }

  /** Holds the first transaction before forwarding it until {@code release} opens. */
  void holdFirstTransactionUntil(CountDownLatch release) {
    holdFirst.set(release);
  }

  /** Waits until a transaction was committed and its answer withheld. */
  boolean awaitWithheld(Duration max) throws InterruptedException {
    return withheld.await(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until the first transaction arrived (whether held or not). */
  boolean awaitFirstTransaction(Duration max) throws InterruptedException {
    return firstTransactionSeen.await(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      boolean toBase = "POST".equals(ex.getRequestMethod()) && (path.equals("/fhir") || path.equals("/fhir/"));
      byte[] body = ex.getRequestBody().readAllBytes();
      // A batch at the base is a read (the adapter's batch read of a patient), not a transaction.
      boolean transaction = toBase && !new String(body, java.nio.charset.StandardCharsets.UTF_8)
          .replace(" ", "").contains("\"type\":\"batch\"");
      int number = 0;
      if (transaction) {
        number = transactions.incrementAndGet();
        firstTransactionSeen.countDown();
        CountDownLatch hold = number == 1 ? holdFirst.get() : null;
        if (hold != null) {
          awaitQuietly(hold);
        }
      }
      String query = ex.getRequestURI().getRawQuery();
      URI target = URI.create(upstream + path.substring("/fhir".length()) + (query == null ? "" : "?" + query));
      HttpRequest.Builder rb = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(5))
          .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      ex.getRequestHeaders().forEach((name, values) -> {
        if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(v -> rb.header(name, v.replace(baseUrl(), upstream)));
        }
      });
      HttpResponse<byte[]> rsp;
      try {
        rsp = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (transaction && number >= withholdFrom) {
        // Committed by the server; the client never hears of it.
        withheld.countDown();
        awaitQuietly(closing);
        return;
      }
      byte[] out = rewrite(rsp.body());
      rsp.headers().map().forEach((name, values) -> {
        if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
          ex.getResponseHeaders().put(name, values.stream().map(this::rewrite).toList());
        }
      });
      ex.sendResponseHeaders(rsp.statusCode(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  private byte[] rewrite(byte[] body) {
    if (body.length == 0) {
      return body;
    }
    return rewrite(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
  }

  private String rewrite(String s) {
    URI u = URI.create(upstream);
    String out = s.replace(upstream, baseUrl());
    for (String host : List.of("localhost", "127.0.0.1")) {
      out = out.replace(u.getScheme() + "://" + host + ":" + u.getPort() + u.getPath(), baseUrl());
    }
    return out;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
