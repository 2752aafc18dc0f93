package io.github.oncorefract.ingest.bulk;

import io.github.oncorefract.ingest.SameOrigin;
import io.github.oncorefract.ingest.ServerClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FHIR Bulk Data Access client (HL7 Bulk Data IG, async pattern): kick-off, status polling, streamed download of
 * each NDJSON file, deletion of the job.
 *
 * <ol>
 *   <li>Kick-off: {@code GET [base]/$export}, {@code [base]/Group/[id]/$export} or {@code [base]/Patient/$export} with
 *       {@code _type} (comma-separated) and, for an incremental export, {@code _since} (a FHIR instant in UTC),
 *       headers {@code Accept: application/fhir+json} and {@code Prefer: respond-async}; the answer must be 202 with
 *       {@code Content-Location} (the status URL, which must lie within the base).
 *   <li>Poll the status URL: 202 means in progress, the next poll waits {@code Retry-After} (seconds or an
 *       HTTP-date), else the default interval, capped at the maximum interval, never past the total
 *       {@code pollTimeout}; 200 carries the
 *       {@link BulkManifest}; any other status fails the export. On timeout the job is deleted (cancelled).
 *   <li>Download each output file line by line ({@code Accept: application/fhir+ndjson}): the access token is sent
 *       only when the manifest says {@code requiresAccessToken} and the file lies within the server's base; a file
 *       that needs the token on another origin is refused. Lines are handed to a {@link LineSink} as they arrive; no
 *       file is held in memory.
 *   <li>{@code DELETE} the status URL once the files are read (a failure there is only logged).
 * </ol>
 *
 * Nothing is logged but steps, counts and HTTP statuses: no URL (it may hold a group id), no line, no token.
 */
public class BulkExportClient {

  private static final Logger log = LoggerFactory.getLogger(BulkExportClient.class);
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** Where an export is taken. */
  public enum Level {
    /** {@code [base]/$export}: every resource of the types on the server. */
    SYSTEM,
    /** {@code [base]/Group/[id]/$export}: the compartments of the group's patients. */
    GROUP,
    /** {@code [base]/Patient/$export}: the compartments of every patient. */
    PATIENT
  }

  /** Receives each line of a downloaded file. */
  @FunctionalInterface
  public interface LineSink {
    /**
     * @param type       the file's resource type (from the manifest)
     * @param lineNumber 1-based line number within its file
     * @param line       the line, without its terminator (may be blank or malformed)
     */
    void accept(String type, long lineNumber, String line) throws IOException;
  }

  /** Waits between polls; {@code Thread::sleep} in production, recorded in tests. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /**
   * An export to run.
   *
   * @param level   system, group or patient level
   * @param groupId the Group's logical id for {@link Level#GROUP}, else ignored
   * @param types   the {@code _type} list
   * @param since   {@code _since} (UTC), or {@code null} for everything
   */
  public record Request(Level level, String groupId, List<String> types, Instant since) {
    public Request {
      Objects.requireNonNull(level, "level");
      types = List.copyOf(types);
      if (level == Level.GROUP && (groupId == null || groupId.isBlank())) {
        throw new IllegalArgumentException("adapter.bulk.group-id is required for level group");
      }
    }
  }

  /** A kicked-off export: its status URL. */
  public record Job(String statusUrl) {}

  private final BulkHttp http;
  private final Duration pollTimeout;
  private final Duration defaultInterval;
  private final Duration maxInterval;
  private final Clock clock;
  private final Sleeper sleeper;

  /**
   * @param http            the HTTP layer
   * @param pollTimeout     total wait for the export to complete ({@code adapter.bulk.poll-timeout})
   * @param defaultInterval wait between polls when the server sends no {@code Retry-After}
   * @param maxInterval     cap on every wait, also on {@code Retry-After} ({@code adapter.bulk.max-poll-interval}: HAPI
   *                        FHIR always asks for 120 s, even for an export that takes two)
   * @param clock           UTC clock (for {@code Retry-After} dates and the timeout)
   * @param sleeper         how to wait
   */
  public BulkExportClient(BulkHttp http, Duration pollTimeout, Duration defaultInterval, Duration maxInterval,
      Clock clock, Sleeper sleeper) {
    this.maxInterval = Objects.requireNonNull(maxInterval, "maxInterval");
    this.http = Objects.requireNonNull(http, "http");
    this.pollTimeout = Objects.requireNonNull(pollTimeout, "pollTimeout");
    this.defaultInterval = Objects.requireNonNull(defaultInterval, "defaultInterval");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** The kick-off URL of a request (query values encoded). */
  public String kickOffUrl(Request r) {
    String base = http.baseUrl();
    String path = switch (r.level()) {
      case SYSTEM -> "/$export";
      case GROUP -> "/Group/" + enc(r.groupId()) + "/$export";
      case PATIENT -> "/Patient/$export";
    };
    StringBuilder url = new StringBuilder(base).append(path).append("?_outputFormat=")
        .append(enc("application/fhir+ndjson"));
    if (!r.types().isEmpty()) {
      url.append("&_type=").append(enc(String.join(",", r.types())));
    }
    if (r.since() != null) {
      url.append("&_since=").append(enc(DateTimeFormatter.ISO_INSTANT.format(r.since().truncatedTo(ChronoUnit.MILLIS))));
    }
    return url.toString();
  }

  /**
   * Kicks off an export.
   *
   * @throws BulkExportException when the server does not answer 202 with a status URL within the base
   */
  public Job kickOff(Request r) {
    try (BulkHttp.Response resp = http.send("GET", kickOffUrl(r),
        Map.of("Accept", "application/fhir+json", "Prefer", "respond-async"), true)) {
      if (resp.status() != 202) {
        throw new BulkExportException("export kick-off refused", resp.status());
      }
      String location = resp.header("Content-Location");
      if (location == null || location.isBlank()) {
        throw new BulkExportException("export kick-off answered without Content-Location", resp.status());
      }
      String status = URI.create(http.baseUrl() + "/").resolve(location.trim()).toString();
      if (!SameOrigin.within(http.baseUrl(), status)) {
        throw new BulkExportException("export status URL outside the FHIR base: refused", resp.status());
      }
      log.info("bulk export kicked off ({} level, {} type(s){})", r.level().name().toLowerCase(),
          r.types().size(), r.since() != null ? ", since the cursor" : "");
      return new Job(status);
    } catch (IOException e) {
      throw new BulkExportException("export kick-off failed: " + e.getClass().getSimpleName(), 0);
    }
  }

  /**
   * Polls the job until it completes, honouring {@code Retry-After}, for at most the poll timeout.
   *
   * @return the manifest
   * @throws BulkExportException when the job failed (any status other than 200 and 202) or the timeout passed (the job
   *                             is then deleted)
   */
  public BulkManifest awaitManifest(Job job) {
    Instant deadline = clock.instant().plus(pollTimeout);
    int polls = 0;
    while (true) {
      long wait;
      try (BulkHttp.Response resp = http.send("GET", job.statusUrl(), Map.of("Accept", "application/json"), true)) {
        polls++;
        if (resp.status() == 200) {
          try (InputStream in = resp.body()) {
            BulkManifest m = BulkManifest.parse(in);
            log.info("bulk export complete after {} poll(s): {} file(s), {} error file(s)", polls, m.output().size(),
                m.error().size());
            return m;
          }
        }
        if (resp.status() != 202) {
          throw new BulkExportException("export failed", resp.status());
        }
        wait = retryAfterMillis(resp.header("Retry-After"));
      } catch (IOException e) {
        throw new BulkExportException("export status request failed: " + e.getClass().getSimpleName(), 0);
      }
      long left = Duration.between(clock.instant(), deadline).toMillis();
      if (left <= 0) {
        delete(job);
        throw new BulkExportException("export did not complete within adapter.bulk.poll-timeout (" + pollTimeout
            + ", " + polls + " polls): job cancelled", 0);
      }
      try {
        sleeper.sleep(Math.max(0, Math.min(Math.min(wait, maxInterval.toMillis()), left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        delete(job);
        throw new BulkExportException("interrupted while waiting for the export", 0);
      }
    }
  }

  /**
   * The wait a {@code Retry-After} value asks for: delay-seconds or an HTTP-date (IMF-fixdate); the default interval
   * when absent or unreadable; never negative.
   */
  long retryAfterMillis(String value) {
    if (value == null || value.isBlank()) {
      return defaultInterval.toMillis();
    }
    String v = value.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Math.multiplyExact(Long.parseLong(v), 1000L);
      } catch (ArithmeticException | NumberFormatException e) {
        return defaultInterval.toMillis();
      }
    }
    Instant at = ServerClock.parseHttpDate(v);
    return at == null ? defaultInterval.toMillis() : Math.max(0, Duration.between(clock.instant(), at).toMillis());
  }

  /**
   * Streams one file of the manifest to the sink, line by line.
   *
   * @return the number of lines read
   * @throws BulkExportException when the file needs the token on another origin, the download is refused or breaks
   *                             off midway, or the file holds another number of resources than the manifest's
   *                             {@code count} (when given)
   * @throws IOException         when the sink fails
   */
  public long download(BulkManifest manifest, BulkManifest.File file, LineSink sink) throws IOException {
    boolean within = SameOrigin.within(http.baseUrl(), file.url());
    if (manifest.requiresAccessToken() && !within) {
      throw new BulkExportException("export file on another origin requires the access token: refused", 0);
    }
    BulkHttp.Response resp;
    try {
      resp = http.send("GET", file.url(), Map.of("Accept", "application/fhir+ndjson"),
          manifest.requiresAccessToken());
    } catch (IOException e) {
      throw new BulkExportException("export file download failed: " + e.getClass().getSimpleName(), 0);
    }
    try (resp) {
      if (resp.status() != 200) {
        throw new BulkExportException("export file download refused", resp.status());
      }
      long n = 0;
      long resources = 0;
      IOException sinkFailure = null;
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          n++;
          if (!line.isBlank()) {
            resources++;
          }
          try {
            sink.accept(file.type(), n, line);
          } catch (IOException e) {
            sinkFailure = e;
            break;
          }
        }
      } catch (IOException e) {
        if (sinkFailure == null) {
          // The connection dropped midway (e.g. fewer bytes than Content-Length): the file is incomplete.
          throw new BulkExportException("export file download broke off after " + n + " line(s): "
              + e.getClass().getSimpleName(), 0);
        }
      }
      if (sinkFailure != null) {
        throw sinkFailure;
      }
      if (file.count() >= 0 && resources != file.count()) {
        throw new BulkExportException("export file holds " + resources + " resource(s), its manifest count says "
            + file.count() + ": incomplete download", 0);
      }
      return n;
    }
  }

  /**
   * Reads the manifest's error files (OperationOutcomes about resources the server could not export) and counts their
   * issues of severity {@code error} or {@code fatal}; a line that is not an OperationOutcome counts as one error.
   * Issues of severity {@code warning} or {@code information} do not count. Nothing of their text is logged or kept.
   *
   * @return the number of error issues (0 when the manifest lists no error file)
   * @throws BulkExportException when an error file cannot be downloaded
   */
  public long errorCount(BulkManifest manifest) {
    long[] errors = {0};
    for (BulkManifest.File f : manifest.error()) {
      try {
        countErrors(manifest, f, errors);
      } catch (IOException e) {
        throw new BulkExportException("export error file unreadable: " + e.getClass().getSimpleName(), 0);
      }
    }
    return errors[0];
  }

  private void countErrors(BulkManifest manifest, BulkManifest.File f, long[] errors) throws IOException {
    download(manifest, new BulkManifest.File(f.type(), f.url(), -1), (type, n, line) -> {
      if (line.isBlank()) {
        return;
      }
      com.fasterxml.jackson.databind.JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        node = null;
      }
      if (node == null || !node.path("issue").isArray()) {
        errors[0]++;
        return;
      }
      for (com.fasterxml.jackson.databind.JsonNode issue : node.path("issue")) {
        String severity = issue.path("severity").asText("error");
        if (severity.equals("error") || severity.equals("fatal")) {
          errors[0]++;
        }
      }
    });
  }

  /** Deletes the job on the server (its files may go with it); a failure is logged at WARN with the status only. */
  public void delete(Job job) {
    try (BulkHttp.Response resp = http.send("DELETE", job.statusUrl(), Map.of("Accept", "application/json"), true)) {
      if (resp.status() == 404) {
        // HAPI FHIR answers 404 for a job that has completed: nothing left to cancel, its files expire on the server
        log.debug("bulk export job already complete on the server");
      } else if (resp.status() / 100 != 2) {
        log.warn("bulk export job not deleted (HTTP {})", resp.status());
      }
    } catch (IOException | RuntimeException e) {
      log.warn("bulk export job not deleted: {}", e.getClass().getSimpleName());
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
