package io.github.oncorefract.adapter.notify;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.profiles.Canonical;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Subscription;

/**
 * The adapter's own rest-hook Subscriptions on the FHIR server, one per resource type the assessment reads
 * ({@link #TYPES}), criteria {@code [type]?} (every change; scope is applied by the receiver), channel
 * {@code rest-hook} to the adapter's endpoint with payload {@code application/fhir+json}.
 *
 * <p><b>Why a full payload.</b> A plain R4 Subscription (criteria a search URL) has two delivery forms on HAPI FHIR:
 * with {@code channel.payload} it sends {@code PUT [endpoint]/[type]/[id]} (so the changed resource's type and id
 * arrive, plus its body); without one an empty {@code POST [endpoint]} that names nothing. {@code id-only}
 * ({@code backport-payload-content}) exists only for the topic-based subscriptions of the Subscriptions Backport IG,
 * which need a SubscriptionTopic on the server; the receiver accepts that shape from servers that send it. The adapter
 * uses the body only for the patient reference and never logs it.
 *
 * <p><b>Idempotent.</b> Each Subscription carries the tag {@code tags|adapter-subscription} and a per-type tag
 * {@code tags|adapter-subscription-<type>} and is written by a conditional update on the per-type tag, so a restart
 * updates the existing one (endpoint, status {@code requested} so the server re-activates it) instead of adding one.
 */
public class NotificationSubscriptions {

  /** The resource types subscribed to. */
  public static final List<String> TYPES = List.of("Condition", "MedicationStatement", "MedicationRequest",
      "MedicationAdministration", "Observation", "Procedure");
  /** Tag code on every Subscription the adapter writes (system {@link Canonical#CS_TAGS}). */
  public static final String TAG = "adapter-subscription";

  private final Supplier<IGenericClient> client;

  /**
   * @param client the server's client, supplied lazily
   */
  public NotificationSubscriptions(Supplier<IGenericClient> client) {
    this.client = client;
  }

  /**
   * Creates or updates the adapter's Subscriptions.
   *
   * @param endpoint the URL the server calls, e.g. {@code http://localhost:8080/api/notifications}
   * @return the logical ids of the Subscriptions, in {@link #TYPES} order
   */
  public List<String> ensure(String endpoint) {
    List<String> ids = new ArrayList<>();
    for (String type : TYPES) {
      ids.add(write(subscription(type, type + "?", endpoint), type.toLowerCase(Locale.ROOT)));
    }
    return ids;
  }

  /**
   * The Subscription for one type with the given criteria (the tests narrow the criteria to their own patient).
   *
   * @param type     resource type
   * @param criteria R4 criteria, a search URL such as {@code Condition?} or {@code Condition?subject=Patient/x}
   * @param endpoint the URL the server calls
   */
  public Subscription subscription(String type, String criteria, String endpoint) {
    Subscription s = new Subscription();
    s.getMeta().addTag(Canonical.CS_TAGS, TAG, "Subscription of the OncoRefract adapter");
    s.getMeta().addTag(Canonical.CS_TAGS, TAG + "-" + type.toLowerCase(Locale.ROOT), null);
    s.setStatus(Subscription.SubscriptionStatus.REQUESTED);
    s.setReason("OncoRefract adapter: reassess the patient when its " + type + " data change");
    s.setCriteria(criteria);
    s.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(endpoint)
        .setPayload("application/fhir+json");
    return s;
  }

  /**
   * Writes a Subscription idempotently: a conditional update on {@code _tag=tags|adapter-subscription-<key>} (the tag
   * is added to the Subscription when missing).
   *
   * @return its logical id
   */
  public String write(Subscription s, String key) {
    String code = TAG + "-" + key;
    if (s.getMeta().getTag(Canonical.CS_TAGS, code) == null) {
      s.getMeta().addTag(Canonical.CS_TAGS, code, null);
    }
    String match = "Subscription?_tag=" + URLEncoder.encode(Canonical.CS_TAGS + "|" + TAG + "-" + key,
        StandardCharsets.UTF_8);
    MethodOutcome o = client.get().update().resource(s).conditionalByUrl(match).execute();
    return o.getId().getIdPart();
  }
}
