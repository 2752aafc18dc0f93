package io.github.oncorefract.adapter.cds;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oncorefract.ingest.PatientNotFoundException;
import io.github.oncorefract.routing.AssessmentPipeline;
import io.github.oncorefract.routing.PatientWork;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CDS Hooks service calls and feedback, behind {@link CdsHooksController}: verify the EHR's JWT, read the
 * request, build the patient's data from prefetch (and the server), run the engine's read-only twin
 * ({@link AssessmentPipeline#preview(io.github.oncorefract.ingest.PatientData)}: the same normalise, assess, propose
 * and plan as a pass) and turn its output into cards. Nothing is written. Logs at INFO carry the service, the number
 * of cards, which prefetch keys were fetched and the time; never the patient, the token or any value.
 */
public class CdsHooksService {

  private static final Logger log = LoggerFactory.getLogger(CdsHooksService.class);

  private final CdsJwtVerifier verifier;
  private final CdsPatientData data;
  private final AssessmentPipeline pipeline;
  private final CdsCards cards;
  private final OrderSelectCards orderCards;
  private final CdsMetrics metrics;

  /**
   * @param verifier   the JWT verifier, or {@code null} when {@code adapter.cds.verify-jwt=false}
   * @param data       prefetch and fetch
   * @param pipeline   the engine
   * @param cards      patient-view cards
   * @param orderCards order-select cards
   * @param metrics    meters
   */
  public CdsHooksService(CdsJwtVerifier verifier, CdsPatientData data, AssessmentPipeline pipeline, CdsCards cards,
      OrderSelectCards orderCards, CdsMetrics metrics) {
    this.verifier = verifier;
    this.data = data;
    this.pipeline = pipeline;
    this.cards = cards;
    this.orderCards = orderCards;
    this.metrics = metrics;
  }

  /**
   * One service call.
   *
   * @param serviceId     the path segment, e.g. {@value CdsServiceCatalogue#PATIENT_VIEW}
   * @param authorization the {@code Authorization} header, or {@code null}
   * @param body          the JSON body, or {@code null} when it was not JSON
   * @param baseUrl       the adapter's external base URL (no trailing slash)
   * @return the cards (none when nothing is likely refractory or at risk, or the patient is unknown)
   * @see #call(String, String, Supplier, String)
   */
  public CdsJson.Response call(String serviceId, String authorization, JsonNode body, String baseUrl) {
    return call(serviceId, authorization, () -> body, baseUrl);
  }

  /**
   * One service call whose body is read only once the token is accepted.
   *
   * @param serviceId     the path segment, e.g. {@value CdsServiceCatalogue#PATIENT_VIEW}
   * @param authorization the {@code Authorization} header, or {@code null}
   * @param body          reads the JSON body ({@code null} when empty); called after the JWT check
   * @param baseUrl       the adapter's external base URL (no trailing slash)
   * @return the cards (none when nothing is likely refractory or at risk, or the patient is unknown)
   * @throws CdsErrors.UnknownService    for an unknown service id
   * @throws CdsJwtVerifier.Rejected     when the token is refused
   * @throws CdsRequest.Invalid          for a malformed request
   * @throws CdsPatientData.Unavailable  when data is missing and cannot be fetched
   */
  public CdsJson.Response call(String serviceId, String authorization, Supplier<JsonNode> body, String baseUrl) {
    long started = System.nanoTime();
    int status = 500;
    try {
      String hook = CdsServiceCatalogue.hookOf(serviceId).orElseThrow(CdsErrors.UnknownService::new);
      status = 401;
      verify(authorization, serviceId, baseUrl, false);
      status = 400;
      CdsRequest request = CdsRequest.parse(body.get(), hook);
      status = 412;
      CdsPatientData.Result assembled;
      try {
        assembled = data.assemble(request);
      } catch (PatientNotFoundException e) {
        status = 200;
        log.info("CDS {}: patient not found on the FHIR server, no cards", serviceId);
        return new CdsJson.Response(List.of());
      }
      status = 500;
      PatientWork work = pipeline.preview(assembled.data());
      List<CdsJson.Card> out = CdsServiceCatalogue.ORDER_SELECT.equals(serviceId)
          ? orderCards.orderSelect(work, request.context(), serviceId, baseUrl)
          : cards.patientView(work, serviceId, baseUrl);
      out.forEach(c -> metrics.card(serviceId, c.indicator()));
      status = 200;
      log.info("CDS {}: {} card(s) from {} resource(s), fetched {} in {} ms", serviceId, out.size(),
          assembled.data().resources().size(), assembled.fetchedKeys().isEmpty() ? "nothing"
              : assembled.fetchedKeys(), (System.nanoTime() - started) / 1_000_000);
      return new CdsJson.Response(out);
    } catch (CdsErrors.UnknownService e) {
      status = 404;
      throw e;
    } finally {
      metrics.request(serviceId.length() > 64 || CdsServiceCatalogue.hookOf(serviceId).isEmpty() ? "unknown"
          : serviceId, status, Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /**
   * CDS Hooks 2.0 feedback ({@code {"feedback": [{card, outcome, overrideReason, acceptedSuggestions,
   * outcomeTimestamp}]}}): each item is counted ({@link CdsMetrics#feedback}) and logged with service, outcome and
   * reason code only (a {@code userComment} is neither logged nor kept).
   *
   * @return the number of items recorded
   * @throws CdsErrors.UnknownService for an unknown service id
   * @throws CdsJwtVerifier.Rejected  when the token is refused
   * @throws CdsRequest.Invalid       without a non-empty {@code feedback} array, or an item without {@code card} or
   *                                  with an {@code outcome} other than {@code accepted}/{@code overridden}
   */
  public int feedback(String serviceId, String authorization, JsonNode body, String baseUrl) {
    return feedback(serviceId, authorization, () -> body, baseUrl);
  }

  /**
   * Feedback whose body is read only once the token is accepted; see
   * {@link #feedback(String, String, JsonNode, String)}.
   */
  public int feedback(String serviceId, String authorization, Supplier<JsonNode> bodyReader, String baseUrl) {
    CdsServiceCatalogue.hookOf(serviceId).orElseThrow(CdsErrors.UnknownService::new);
    verify(authorization, serviceId, baseUrl, true);
    JsonNode body = bodyReader.get();
    JsonNode items = body == null ? null : body.get("feedback");
    if (items == null || !items.isArray() || items.isEmpty()) {
      throw new CdsRequest.Invalid("'feedback' is required: an array of {card, outcome, outcomeTimestamp}");
    }
    for (JsonNode item : items) {
      String outcome = item.path("outcome").asText("");
      if (!item.path("card").isTextual() || !Set.of("accepted", "overridden").contains(outcome)) {
        throw new CdsRequest.Invalid("Each feedback item needs 'card' (the card uuid) and 'outcome' ('accepted' or "
            + "'overridden')");
      }
    }
    for (JsonNode item : items) {
      String outcome = item.get("outcome").asText();
      String reason = "none";
      JsonNode r = item.path("overrideReason").path("reason");
      if (r.isObject() && r.path("code").isTextual()) {
        String code = r.get("code").asText();
        boolean ours = CdsCards.OVERRIDE_REASON_SYSTEM.equals(r.path("system").asText(null))
            && (CdsCards.knownOverrideReason(code)
                || OrderSelectCards.OVERRIDE_REASONS.stream().anyMatch(c -> c.code().equals(code)));
        reason = ours ? code : "other";
      }
      metrics.feedback(serviceId, outcome, reason);
      log.info("CDS feedback {}: {} ({})", serviceId, outcome, reason);
    }
    return items.size();
  }

  private void verify(String authorization, String serviceId, String baseUrl, boolean feedback) {
    if (verifier == null) {
      return;
    }
    String service = baseUrl + "/cds-services/" + serviceId;
    List<String> audiences = feedback
        ? List.of(service, service + "/feedback", baseUrl + "/cds-services")
        : List.of(service, baseUrl + "/cds-services");
    verifier.verify(authorization, audiences);
  }
}
