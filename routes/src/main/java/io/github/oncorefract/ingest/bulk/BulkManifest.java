package io.github.oncorefract.ingest.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The complete-status document of a Bulk Data export (the JSON body of the status request's 200 answer).
 *
 * @param transactionTime     the server's time at which the export's data was taken (UTC); the next incremental pass's
 *                            {@code _since}
 * @param requiresAccessToken whether the output files need the access token (then only within the server's base)
 * @param output              the NDJSON files of resources, per type
 * @param error               the NDJSON files of OperationOutcomes about resources the server could not export
 */
public record BulkManifest(Instant transactionTime, boolean requiresAccessToken, List<File> output, List<File> error) {

  /**
   * One file of the manifest.
   *
   * @param type  resource type of its lines ({@code OperationOutcome} for error files)
   * @param url   absolute URL
   * @param count number of resources when the server said so, else -1
   */
  public record File(String type, String url, long count) {}

  public BulkManifest {
    output = List.copyOf(output);
    error = List.copyOf(error);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Parses a manifest.
   *
   * @throws BulkExportException when it is not JSON, lacks {@code transactionTime} or an output lacks its URL
   */
  public static BulkManifest parse(InputStream in) {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (IOException e) {
      throw new BulkExportException("export manifest is not JSON", 0);
    }
    if (root == null || !root.isObject()) {
      throw new BulkExportException("export manifest is not a JSON object", 0);
    }
    Instant tx;
    try {
      tx = OffsetDateTime.parse(root.path("transactionTime").asText("")).toInstant();
    } catch (DateTimeParseException e) {
      try {
        tx = Instant.parse(root.path("transactionTime").asText(""));
      } catch (DateTimeParseException e2) {
        throw new BulkExportException("export manifest without a valid transactionTime", 0);
      }
    }
    return new BulkManifest(tx, root.path("requiresAccessToken").asBoolean(false), files(root.path("output")),
        files(root.path("error")));
  }

  private static List<File> files(JsonNode array) {
    List<File> out = new ArrayList<>();
    if (array.isArray()) {
      for (JsonNode f : array) {
        String url = f.path("url").asText(null);
        if (url == null || url.isBlank()) {
          throw new BulkExportException("export manifest lists a file without url", 0);
        }
        out.add(new File(f.path("type").asText(""), url, f.has("count") ? f.path("count").asLong(-1) : -1));
      }
    }
    return out;
  }
}
