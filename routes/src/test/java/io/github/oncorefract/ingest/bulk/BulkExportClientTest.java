package io.github.oncorefract.ingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Bulk Data client against a small in-process server (JDK HttpServer) scripted per test: kick-off, polling with
 * {@code Retry-After} (seconds and HTTP-date), the poll timeout, a failed job, streamed downloads, token handling per
 * origin, and the job's deletion. Waits are recorded, never slept; the clock moves with them.
 */
class BulkExportClientTest {

  static FhirContext ctx;

  HttpServer server;
  HttpServer other;
  String base;
  /** Method, path and Authorization header of each request, in order. */
  final List<String> requests = new CopyOnWriteArrayList<>();
  final Map<String, Function<HttpExchange, Reply>> routes = new ConcurrentHashMap<>();
  final List<Long> sleeps = new ArrayList<>();
  MovingClock clock;

  record Reply(int status, Map<String, String> headers, String body) {}

  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-12-05T10:00:00Z");

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  @BeforeAll
  static void context() {
    ctx = FhirContext.forR4();
  }

  @BeforeEach
  void start() throws IOException {
    server = serve();
    other = serve();
    base = "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
    clock = new MovingClock();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    other.stop(0);
  }

  private HttpServer serve() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext("/", ex -> {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String key = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
      requests.add(key + (auth == null ? "" : " [token]"));
      Function<HttpExchange, Reply> route = routes.get(key);
      Reply r = route == null ? new Reply(404, Map.of(), "") : route.apply(ex);
      r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    s.start();
    return s;
  }

  private BulkExportClient client(Duration timeout) {
    IGenericClient c = ctx.newRestfulGenericClient(base);
    c.registerInterceptor(new BearerTokenAuthInterceptor("secret-token"));
    return new BulkExportClient(new HapiBulkHttp(() -> c), timeout, Duration.ofSeconds(1), Duration.ofSeconds(60),
        clock, ms -> {
      sleeps.add(ms);
      clock.now = clock.now.plusMillis(ms);
    });
  }

  private void kickOffAccepted() {
    routes.put("GET /fhir/$export", ex -> {
      assertThat(ex.getRequestHeaders().getFirst("Prefer")).isEqualTo("respond-async");
      return new Reply(202, Map.of("Content-Location", base + "/$export-poll-status?_jobId=j1"), "");
    });
    routes.put("DELETE /fhir/$export-poll-status", ex -> new Reply(202, Map.of(), ""));
  }

  private String manifest(boolean requiresToken, String... urls) {
    StringBuilder out = new StringBuilder();
    for (String u : urls) {
      out.append(out.length() == 0 ? "" : ",").append("{\"type\":\"Patient\",\"url\":\"").append(u).append("\"}");
    }
    return "{\"transactionTime\":\"2026-12-05T09:59:58.123+00:00\",\"request\":\"x\",\"requiresAccessToken\":"
        + requiresToken + ",\"output\":[" + out + "],\"error\":[]}";
  }

  @Test
  void pollsHonouringRetryAfterInSecondsAndAsAnHttpDateThenStreamsEveryFileAndDeletesTheJob() throws IOException {
    kickOffAccepted();
    AtomicInteger polls = new AtomicInteger();
    String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.now.plusSeconds(3 + 7).atZone(ZoneOffset.UTC));
    routes.put("GET /fhir/$export-poll-status", ex -> switch (polls.incrementAndGet()) {
      case 1 -> new Reply(202, Map.of("Retry-After", "3", "X-Progress", "10%"), "");
      case 2 -> new Reply(202, Map.of("Retry-After", at), "");
      default -> new Reply(200, Map.of("Content-Type", "application/json"),
          manifest(true, base + "/Binary/b1", base + "/Binary/b2"));
    });
    routes.put("GET /fhir/Binary/b1", ex -> new Reply(200, Map.of("Content-Type", "application/fhir+ndjson"),
        "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n{\"resourceType\":\"Patient\",\"id\":\"b\"}\n"));
    routes.put("GET /fhir/Binary/b2", ex -> new Reply(200, Map.of("Content-Type", "application/fhir+ndjson"),
        "{\"resourceType\":\"Patient\",\"id\":\"c\"}"));
    BulkExportClient client = client(Duration.ofMinutes(5));

    BulkExportClient.Job job = client.kickOff(new BulkExportClient.Request(BulkExportClient.Level.SYSTEM, null,
        List.of("Patient", "Condition"), Instant.parse("2026-12-01T00:00:00Z")));
    BulkManifest m = client.awaitManifest(job);
    List<String> lines = new ArrayList<>();
    for (BulkManifest.File f : m.output()) {
      client.download(m, f, (type, n, line) -> lines.add(type + ":" + n + ":" + line));
    }
    client.delete(job);

    assertThat(sleeps).containsExactly(3000L, 7000L);
    assertThat(m.transactionTime()).isEqualTo(Instant.parse("2026-12-05T09:59:58.123Z"));
    assertThat(lines).containsExactly("Patient:1:{\"resourceType\":\"Patient\",\"id\":\"a\"}",
        "Patient:2:{\"resourceType\":\"Patient\",\"id\":\"b\"}", "Patient:1:{\"resourceType\":\"Patient\",\"id\":\"c\"}");
    assertThat(requests).containsExactly("GET /fhir/$export [token]", "GET /fhir/$export-poll-status [token]",
        "GET /fhir/$export-poll-status [token]", "GET /fhir/$export-poll-status [token]",
        "GET /fhir/Binary/b1 [token]", "GET /fhir/Binary/b2 [token]", "DELETE /fhir/$export-poll-status [token]");
    assertThat(client.kickOffUrl(new BulkExportClient.Request(BulkExportClient.Level.GROUP, "g 1",
        List.of("Patient", "Condition"), Instant.parse("2026-12-01T00:00:00Z"))))
        .isEqualTo(base + "/Group/g+1/$export?_outputFormat=application%2Ffhir%2Bndjson"
            + "&_type=Patient%2CCondition&_since=2026-12-01T00%3A00%3A00Z");
  }

  @Test
  void stopsAtThePollTimeoutAndCancelsTheJob() {
    kickOffAccepted();
    routes.put("GET /fhir/$export-poll-status", ex -> new Reply(202, Map.of("Retry-After", "10"), ""));
    BulkExportClient client = client(Duration.ofSeconds(25));
    BulkExportClient.Job job = client.kickOff(new BulkExportClient.Request(BulkExportClient.Level.SYSTEM, null,
        List.of("Patient"), null));

    assertThatThrownBy(() -> client.awaitManifest(job)).isInstanceOf(BulkExportException.class)
        .hasMessageContaining("poll-timeout");
    assertThat(sleeps).containsExactly(10000L, 10000L, 5000L);
    assertThat(requests).endsWith("DELETE /fhir/$export-poll-status [token]");
  }

  @Test
  void aLongRetryAfterIsCappedAtTheMaximumInterval() {
    kickOffAccepted();
    AtomicInteger polls = new AtomicInteger();
    routes.put("GET /fhir/$export-poll-status", ex -> polls.incrementAndGet() == 1
        ? new Reply(202, Map.of("Retry-After", "120"), "")
        : new Reply(200, Map.of(), manifest(true)));
    IGenericClient c = ctx.newRestfulGenericClient(base);
    BulkExportClient client = new BulkExportClient(new HapiBulkHttp(() -> c), Duration.ofMinutes(5),
        Duration.ofSeconds(1), Duration.ofSeconds(5), clock, sleeps::add);
    BulkManifest m = client.awaitManifest(client.kickOff(new BulkExportClient.Request(BulkExportClient.Level.SYSTEM,
        null, List.of("Patient"), null)));
    assertThat(m.output()).isEmpty();
    assertThat(sleeps).containsExactly(5000L);
  }

  @Test
  void aFailedJobFailsWithItsStatusOnlyAndAKickOffRefusalToo() {
    kickOffAccepted();
    routes.put("GET /fhir/$export-poll-status", ex -> new Reply(500, Map.of("Content-Type", "application/fhir+json"),
        "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"exception\","
            + "\"diagnostics\":\"Patient Jane Doe broke it\"}]}"));
    BulkExportClient client = client(Duration.ofMinutes(1));
    BulkExportClient.Job job = client.kickOff(new BulkExportClient.Request(BulkExportClient.Level.SYSTEM, null,
        List.of("Patient"), null));

    assertThatThrownBy(() -> client.awaitManifest(job)).isInstanceOf(BulkExportException.class)
        .satisfies(e -> assertThat(((BulkExportException) e).status()).isEqualTo(500))
        .hasMessageNotContaining("Jane");

    routes.put("GET /fhir/Patient/$export", ex -> new Reply(400, Map.of(), "{}"));
    assertThatThrownBy(() -> client.kickOff(new BulkExportClient.Request(BulkExportClient.Level.PATIENT, null,
        List.of("Patient"), null))).isInstanceOf(BulkExportException.class).hasMessageContaining("HTTP 400");
  }

  @Test
  void theTokenGoesOnlyToTheServersOwnOriginAndOnlyWhenTheManifestRequiresIt() throws IOException {
    String foreign = "http://127.0.0.1:" + other.getAddress().getPort() + "/files/f1";
    routes.put("GET /files/f1", ex -> new Reply(200, Map.of("Content-Type", "application/fhir+ndjson"), "{}\n"));
    BulkExportClient client = client(Duration.ofMinutes(1));
    BulkManifest.File file = new BulkManifest.File("Patient", foreign, -1);

    // requiresAccessToken on another origin: refused before any request
    BulkManifest withToken = new BulkManifest(Instant.EPOCH, true, List.of(file), List.of());
    assertThatThrownBy(() -> client.download(withToken, file, (t, n, l) -> { }))
        .isInstanceOf(BulkExportException.class).hasMessageContaining("another origin");
    assertThat(requests).isEmpty();

    // a pre-signed file: fetched without the token
    BulkManifest presigned = new BulkManifest(Instant.EPOCH, false, List.of(file), List.of());
    assertThat(client.download(presigned, file, (t, n, l) -> { })).isEqualTo(1);
    assertThat(requests).containsExactly("GET /files/f1");
  }

  @Test
  void aStatusUrlOutsideTheBaseIsRefused() {
    routes.put("GET /fhir/$export", ex -> new Reply(202,
        Map.of("Content-Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/steal"), ""));
    BulkExportClient client = client(Duration.ofMinutes(1));
    assertThatThrownBy(() -> client.kickOff(new BulkExportClient.Request(BulkExportClient.Level.SYSTEM, null,
        List.of("Patient"), null))).isInstanceOf(BulkExportException.class).hasMessageContaining("outside");
  }

  // ---- breakbulk probes ----

  @Test
  void aDownloadCutShortFailsTheExportInsteadOfLosingTheRestSilently() {
    server.createContext("/fhir/Binary/cut", ex -> {
      byte[] part = "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n{\"resourceType\":\"Pat".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, part.length + 500);
      ex.getResponseBody().write(part);
      ex.getResponseBody().flush();
      ex.getHttpContext().getServer();
      ex.close();
    });
    BulkExportClient client = client(Duration.ofMinutes(1));
    BulkManifest.File file = new BulkManifest.File("Patient", base + "/Binary/cut", -1);
    BulkManifest m = new BulkManifest(Instant.EPOCH, true, List.of(file), List.of());
    List<String> lines = new ArrayList<>();
    assertThatThrownBy(() -> client.download(m, file, (t, n, l) -> lines.add(l)))
        .isInstanceOf(BulkExportException.class).hasMessageContaining("download");
  }

  @Test
  void aFileWithFewerLinesThanTheManifestCountsFailsTheExport() {
    routes.put("GET /fhir/Binary/short", ex -> new Reply(200, Map.of(), "{\"resourceType\":\"Patient\",\"id\":\"a\"}\n"));
    BulkExportClient client = client(Duration.ofMinutes(1));
    BulkManifest.File file = new BulkManifest.File("Patient", base + "/Binary/short", 2);
    BulkManifest m = new BulkManifest(Instant.EPOCH, true, List.of(file), List.of());
    assertThatThrownBy(() -> client.download(m, file, (t, n, l) -> { }))
        .isInstanceOf(BulkExportException.class).hasMessageContaining("count");
  }

  @Test
  void errorFilesAreReadAndOnlyErrorAndFatalIssuesCountWithoutTheirText() {
    routes.put("GET /fhir/Binary/err", ex -> new Reply(200, Map.of(),
        "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"processing\","
            + "\"diagnostics\":\"Observation/o1 of Jane Doe could not be exported\"}]}\n"
            + "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"information\",\"code\":\"informational\"},"
            + "{\"severity\":\"fatal\",\"code\":\"exception\"}]}\n"
            + "not json\n"));
    routes.put("GET /fhir/Binary/info", ex -> new Reply(200, Map.of(),
        "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"warning\",\"code\":\"informational\"}]}\n"));
    BulkExportClient client = client(Duration.ofMinutes(1));
    BulkManifest.File err = new BulkManifest.File("OperationOutcome", base + "/Binary/err", -1);
    BulkManifest.File info = new BulkManifest.File("OperationOutcome", base + "/Binary/info", -1);
    assertThat(client.errorCount(new BulkManifest(Instant.EPOCH, true, List.of(), List.of(err, info)))).isEqualTo(3);
    assertThat(client.errorCount(new BulkManifest(Instant.EPOCH, true, List.of(), List.of(info)))).isZero();
    assertThat(client.errorCount(new BulkManifest(Instant.EPOCH, true, List.of(), List.of()))).isZero();
  }
}
