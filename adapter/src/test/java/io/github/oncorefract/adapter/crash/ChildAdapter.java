package io.github.oncorefract.adapter.crash;

import io.github.oncorefract.adapter.OncoRefractApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The adapter in a child JVM ({@code java -cp <the test classpath> OncoRefractApplication}), in remote mode against a
 * FHIR base, as an operator runs it: its own port, state folder and scope tag, no demo data, no notifications, its
 * start-up pass on, the schedule off. Its output goes to {@code target/child-adapter/<name>.log} for diagnosis.
 * {@link #kill()} is {@code SIGKILL} on Linux ({@link Process#destroyForcibly()}).
 */
final class ChildAdapter implements AutoCloseable {

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ChildAdapter(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts a child adapter.
   *
   * @param name     a name for its log file
   * @param fhirBase the FHIR server's base URL ({@code adapter.fhir.base-url})
   * @param scopeTag {@code system|code} of the in-scope Patients
   * @param stateDir its {@code adapter.state.dir}
   * @param extra    further {@code --key=value} arguments
   */
  static ChildAdapter start(String name, String fhirBase, String scopeTag, Path stateDir, String... extra) {
    int port = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", classpath, OncoRefractApplication.class.getName(),
        "--server.port=" + port,
        "--server.address=127.0.0.1",
        "--adapter.fhir.base-url=" + fhirBase,
        "--adapter.scope.tag=" + scopeTag,
        "--adapter.state.dir=" + stateDir,
        "--adapter.demo.enabled=false",
        "--adapter.notifications.enabled=false",
        "--adapter.notifications.create-subscriptions=false",
        "--adapter.schedule.enabled=false",
        "--adapter.schedule.run-at-startup=true",
        "--adapter.schedule.interval=24h",
        // one patient at a time: the tests count and gate transactions in order
        "--adapter.pass.parallelism=1"));
    cmd.addAll(List.of(extra));
    try {
      Path dir = Path.of("target", "child-adapter");
      Files.createDirectories(dir);
      Path log = dir.resolve(name + ".log");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new ChildAdapter(name, p, port, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The child's HTTP port. */
  int port() {
    return port;
  }

  /** True while the process runs. */
  boolean alive() {
    return process.isAlive();
  }

  /**
   * Waits until {@code /actuator/health/readiness} answers 200 (after the start-up pass). Fails at once when the
   * process ends first.
   */
  void awaitReady(Duration max) {
    Awaitility.await("child " + name + " ready (see " + log + ")").atMost(max)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("child " + name + " exited with " + process.exitValue() + "; see "
                + log.toAbsolutePath());
          }
          return status("/actuator/health/readiness") == 200;
        });
  }

  /** The HTTP status of a GET on the child, or -1 when it does not answer. */
  int status(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The child's output so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Kills the process with {@code SIGKILL} (no shutdown hooks, nothing flushed) and waits for it.
   *
   * @return its exit value (137 = 128 + 9 on Linux)
   */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("child " + name + " survived SIGKILL");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
