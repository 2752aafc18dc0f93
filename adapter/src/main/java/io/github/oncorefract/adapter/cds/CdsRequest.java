package io.github.oncorefract.adapter.cds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parts of a CDS Hooks 2.0 service request the service uses, read from the JSON body leniently: unknown members
 * (an {@code extension} anywhere, fields of a later version) are ignored; only what is needed is required.
 *
 * @param hook        the hook, e.g. {@code patient-view}
 * @param hookInstance the EHR's id of this invocation, or {@code null}
 * @param fhirServer  the EHR's FHIR base URL (no trailing slash), or {@code null}
 * @param accessToken {@code fhirAuthorization.access_token}, or {@code null}; never logged ({@link #toString()}
 *                    hides it)
 * @param patientId   {@code context.patientId}, a FHIR logical id
 * @param context     the whole {@code context} object (e.g. {@code draftOrders} for order-select)
 * @param prefetch    the {@code prefetch} members as given ({@code null} values kept); empty when absent
 */
public record CdsRequest(String hook, String hookInstance, String fhirServer, String accessToken, String patientId,
    JsonNode context, Map<String, JsonNode> prefetch) {

  static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  /** A request that cannot be served as sent: 400 with this message. */
  public static final class Invalid extends RuntimeException {
    public Invalid(String message) {
      super(message);
    }
  }

  /**
   * Reads a request body.
   *
   * @param body         the parsed JSON body, or {@code null} when it was empty or not JSON
   * @param expectedHook the hook of the called service
   * @throws Invalid for a body that is not an object, a wrong or missing {@code hook}, a missing or non-object
   *                 {@code context}, or a missing or malformed {@code context.patientId}
   */
  public static CdsRequest parse(JsonNode body, String expectedHook) {
    if (body == null || !body.isObject()) {
      throw new Invalid("The request body must be a CDS Hooks request (a JSON object with hook, hookInstance and "
          + "context)");
    }
    String hook = text(body, "hook");
    if (hook == null) {
      throw new Invalid("'hook' is required; this service answers '" + expectedHook + "'");
    }
    if (!hook.equals(expectedHook)) {
      throw new Invalid("This service answers the '" + expectedHook + "' hook, not another one");
    }
    JsonNode context = body.get("context");
    if (context == null || context.isNull()) {
      throw new Invalid("'context' is required: an object with 'patientId' (CDS Hooks " + expectedHook + ")");
    }
    if (!context.isObject()) {
      throw new Invalid("'context' must be a JSON object with 'patientId'");
    }
    String patientId = text(context, "patientId");
    if (patientId == null) {
      throw new Invalid("'context.patientId' is required");
    }
    if (patientId.startsWith("Patient/")) {
      patientId = patientId.substring("Patient/".length());
    }
    if (!FHIR_ID.matcher(patientId).matches()) {
      throw new Invalid("'context.patientId' must be a FHIR id ([A-Za-z0-9\\-.]{1,64})");
    }
    String server = text(body, "fhirServer");
    if (server != null) {
      server = server.strip();
      while (server.endsWith("/")) {
        server = server.substring(0, server.length() - 1);
      }
    }
    JsonNode auth = body.get("fhirAuthorization");
    String token = auth != null && auth.isObject() ? text(auth, "access_token") : null;
    Map<String, JsonNode> prefetch = new LinkedHashMap<>();
    JsonNode pf = body.get("prefetch");
    if (pf != null && pf.isObject()) {
      pf.fields().forEachRemaining(e -> prefetch.put(e.getKey(), e.getValue()));
    }
    return new CdsRequest(hook, text(body, "hookInstance"), server, token, patientId, context, prefetch);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
  }

  @Override
  public String toString() {
    return "CdsRequest[hook=" + hook + ", fhirServer=" + (fhirServer == null ? "none" : "set") + ", accessToken="
        + (accessToken == null ? "none" : "***") + ", prefetch=" + prefetch.keySet() + "]";
  }
}
