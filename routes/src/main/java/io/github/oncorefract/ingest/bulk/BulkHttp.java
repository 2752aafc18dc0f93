package io.github.oncorefract.ingest.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The HTTP requests of a Bulk Data exchange, sent through the adapter's own HTTP layer ({@link HapiBulkHttp}).
 */
public interface BulkHttp {

  /** An answer; its body is streamed and must be closed. */
  interface Response extends AutoCloseable {
    /** HTTP status code. */
    int status();

    /** The first value of a header (name case-insensitive), or {@code null}. */
    String header(String name);

    /** The body, read as it arrives (never buffered whole by this layer for NDJSON). */
    InputStream body() throws IOException;

    @Override
    void close();
  }

  /**
   * Sends one request.
   *
   * @param method        {@code GET} or {@code DELETE}
   * @param url           absolute URL
   * @param headers       extra request headers (e.g. {@code Accept}, {@code Prefer})
   * @param authenticated send the adapter's credentials; only ever for URLs within the configured FHIR base (a request
   *                      outside it is refused before it is sent)
   * @return the answer, whatever its status
   * @throws IOException on transport failures (after the layer's own retries)
   */
  Response send(String method, String url, Map<String, String> headers, boolean authenticated) throws IOException;

  /** The configured FHIR base URL, without trailing slash. */
  String baseUrl();
}
