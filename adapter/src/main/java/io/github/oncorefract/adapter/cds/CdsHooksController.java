package io.github.oncorefract.adapter.cds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.adapter.config.CdsProperties;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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
 * Errors: {@link CdsErrors}. The body is read as raw text and parsed here, so a body that is not JSON is a clear 400,
 * and unknown members (e.g. {@code extension}) are ignored.
 */
@RestController
@RequestMapping("/cds-services")
public class CdsHooksController {

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
      @RequestBody(required = false) String body) {
    return service.call(id, authorization, read(body), baseUrl());
  }

  /** Card feedback. */
  @PostMapping(value = "/{id}/feedback", produces = "application/json")
  public Map<String, Object> feedback(@PathVariable("id") String id,
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestBody(required = false) String body) {
    service.feedback(id, authorization, read(body), baseUrl());
    return Map.of();
  }

  private JsonNode read(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
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
