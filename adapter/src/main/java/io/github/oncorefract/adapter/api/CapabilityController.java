package io.github.oncorefract.adapter.api;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.profiles.validation.OncoRefractValidation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/metadata}: the adapter's own CapabilityStatement ({@link Canonical#CAPABILITY_STATEMENT}, FHIR R4,
 * {@code application/fhir+json}) exactly as it ships in the conformance package {@link Canonical#PACKAGE_NAME}
 * {@link Canonical#PACKAGE_VERSION}: what the adapter reads from a FHIR server and what it writes (types, profiles,
 * interactions). It describes the adapter as a FHIR client; the embedded FHIR server's own CapabilityStatement stays
 * at {@code /fhir/metadata}.
 *
 * <p>Read from the package and encoded once, at construction. {@code Accept: application/json} is answered too (same
 * body, that content type); anything else that excludes both answers 406.
 */
@RestController
@RequestMapping("/api")
public class CapabilityController {

  /** The media type of the answer. */
  public static final String FHIR_JSON = "application/fhir+json";

  private final String capabilityStatement;

  /**
   * @param ctx the application's R4 context
   * @throws java.io.UncheckedIOException when the package is not on the classpath
   */
  public CapabilityController(FhirContext ctx) {
    this.capabilityStatement =
        ctx.newJsonParser().encodeResourceToString(OncoRefractValidation.capabilityStatement(ctx));
  }

  /** The CapabilityStatement as FHIR JSON. */
  @GetMapping(value = "/metadata", produces = {FHIR_JSON, "application/json"})
  public String metadata() {
    return capabilityStatement;
  }
}
