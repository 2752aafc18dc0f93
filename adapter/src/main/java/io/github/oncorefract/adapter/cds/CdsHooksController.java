package io.github.oncorefract.adapter.cds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.adapter.config.CdsProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * CDS Hooks 2.0 endpoints.
 *
 * <ul>
 *   <li>{@code GET /cds-services}: the discovery document ({@link CdsServiceCatalogue}); no token needed;</li>
 *   <li>{@code POST /cds-services/{id}}: a service call ({@link CdsHooksService#call}); {@code {"cards": [...]}};</li>
 *   <li>{@code POST /cds-services/{id}/feedback}: card feedback ({@link CdsHooksService#feedback}); 200 {@code {}}.</li>
 * </ul>
 * Errors: {@link CdsErrors}. The body is read as raw bytes and parsed here, only after the JWT was accepted (so an
 * unauthenticated caller cannot make the service buffer anything) and only up to {@link #MAX_BODY_BYTES} (413
 * beyond); a body that is not JSON is a clear 400, and unknown members (e.g. {@code extension}) are ignored.
 */
@RestController
@RequestMapping("/cds-services")
public class CdsHooksController {

  /** The largest request body read (64 MiB: a prefetch of thousands of resources); larger bodies get 413. */
  public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  /** A request body over {@link #MAX_BODY_BYTES}: 413. */
  public static final class TooLarge extends RuntimeException {
    public TooLarge() {
      super("The request body is larger than " + (MAX_BODY_BYTES >> 20) + " MiB");
    }
  }

  private final CdsHooksService service;
  private final ObjectMapper json;
  private final CdsProperties settings;

  /**
   * @param service  the service logic
   * @param json     Spring's ObjectMapper
   * @param settings {@code adapter.cds.*} (for {@code public-base-url})
   */
  public CdsHooksController(CdsHooksService service, ObjectMapper json, CdsProperties settings) {
    this.service = service;
    this.json = json;
    this.settings = settings;
  }

  /** The discovery document. */
  @GetMapping(value = {"", "/"}, produces = "application/json")
  public CdsJson.Discovery discovery() {
    return CdsServiceCatalogue.discovery();
  }

  /** A service call. */
  @PostMapping(value = "/{id}", produces = "application/json")
  public CdsJson.Response call(@PathVariable("id") String id,
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      InputStream body) {
    return service.call(id, authorization, () -> read(body), baseUrl());
  }

  /** Card feedback. */
  @PostMapping(value = "/{id}/feedback", produces = "application/json")
  public Map<String, Object> feedback(@PathVariable("id") String id,
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      InputStream body) {
    service.feedback(id, authorization, () -> read(body), baseUrl());
    return Map.of();
  }

  /** The body as JSON ({@code null} when empty), read up to {@link #MAX_BODY_BYTES}. */
  JsonNode read(InputStream body) {
    byte[] bytes;
    try {
      bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw new CdsRequest.Invalid("The request body could not be read");
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new TooLarge();
    }
    if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      return null;
    }
    try {
      return json.readTree(bytes);
    } catch (IOException e) {
      throw new CdsRequest.Invalid("The request body is not valid JSON");
    }
  }

  /** {@code adapter.cds.public-base-url}, else the base of the current request; no trailing slash. */
  private String baseUrl() {
    String base = settings.publicBaseUrl() != null ? settings.publicBaseUrl().toString()
        : ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    return CdsPatientData.strip(base);
  }
}
