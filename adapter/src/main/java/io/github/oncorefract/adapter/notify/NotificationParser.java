package io.github.oncorefract.adapter.notify;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.ingest.TolerantParsing;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads the notification shapes a FHIR R4 server sends to a rest-hook endpoint. Plain Java, constructed with
 * {@code new} and the application's one {@link FhirContext}; JSON or XML (by the first character of the body).
 *
 * <ul>
 *   <li><b>Subscriptions R5 Backport IG (R4)</b>, topic-based, {@code POST [endpoint]}: a Bundle (type
 *       {@code history}) whose first entry is the {@code SubscriptionStatus} Parameters
 *       ({@code backport-subscription-status-r4}) with {@code type} handshake | heartbeat | event-notification |
 *       query-status | query-event and {@code notification-event} parts whose {@code focus} references name the
 *       changed resources; further entries carry only {@code fullUrl} and {@code request} ({@code id-only}) or the
 *       resources ({@code full-resource}). HAPI FHIR delivers this as a transaction of that Bundle.</li>
 *   <li>The same {@code SubscriptionStatus} Parameters on its own.</li>
 *   <li><b>HAPI FHIR's plain R4 rest-hook</b> ({@code Subscription.criteria} a search URL): with
 *       {@code channel.payload} set it sends {@code PUT [endpoint]/[type]/[id]} with the resource (create and
 *       update) and {@code DELETE [endpoint]/[type]/[id]} (delete), see {@link #parseRestHook}; without a payload an
 *       empty {@code POST [endpoint]} that names nothing ({@link Notification.Kind#PING}).</li>
 *   <li>Any single resource with an id {@code POST}ed to the endpoint: that resource changed.</li>
 * </ul>
 *
 * A focus that is not a literal {@code Type/id} of a known R4 type is skipped; a notification whose every focus is
 * such is malformed.
 */
public class NotificationParser {

  /** The backport IG's R4 SubscriptionStatus profile. */
  public static final String STATUS_PROFILE_R4 =
      "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4";

  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  private final FhirContext ctx;

  /**
   * @param ctx the application's FHIR R4 context
   */
  public NotificationParser(FhirContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Reads a body {@code POST}ed to the endpoint itself.
   *
   * @param body the request body, possibly empty
   * @return the notification ({@link Notification.Kind#PING} for an empty body)
   * @throws MalformedNotificationException when the body is not a FHIR resource, or names no usable resource
   */
  public Notification parseBody(String body) {
    if (body == null || body.isBlank()) {
      return new Notification(Notification.Kind.PING, java.util.List.of(), Map.of(), false);
    }
    IBaseResource resource = parse(body);
    if (resource instanceof Bundle bundle) {
      return fromBundle(bundle);
    }
    if (resource instanceof Parameters p) {
      return fromStatus(p, new LinkedHashSet<>(), new LinkedHashMap<>(), 0);
    }
    ResourceRef ref = refOf(resource);
    if (ref == null) {
      throw new MalformedNotificationException("A notification resource must have a type and a logical id");
    }
    return new Notification(Notification.Kind.EVENT, java.util.List.of(ref), Map.of(ref, resource), false);
  }

  /**
   * Reads HAPI FHIR's plain rest-hook request {@code PUT|POST|DELETE [endpoint]/[type]/[id]}.
   *
   * @param method HTTP method
   * @param type   resource type from the path
   * @param id     logical id from the path
   * @param body   the resource for PUT/POST (may be empty); ignored for DELETE
   * @throws MalformedNotificationException for an unknown type, an invalid id, or a body that is not that resource
   */
  public Notification parseRestHook(String method, String type, String id, String body) {
    if (!knownType(type)) {
      throw new MalformedNotificationException("Unknown FHIR R4 resource type in the path");
    }
    if (!FHIR_ID.matcher(id).matches()) {
      throw new MalformedNotificationException("The id in the path must match [A-Za-z0-9\\-.]{1,64}");
    }
    ResourceRef ref = new ResourceRef(type, id);
    boolean delete = "DELETE".equalsIgnoreCase(method);
    if (delete || body == null || body.isBlank()) {
      return new Notification(Notification.Kind.EVENT, java.util.List.of(ref), Map.of(), delete);
    }
    IBaseResource resource = parse(body);
    if (!type.equals(ctx.getResourceType(resource))) {
      throw new MalformedNotificationException("The body's resource type differs from the path's");
    }
    return new Notification(Notification.Kind.EVENT, java.util.List.of(ref), Map.of(ref, resource), false);
  }

  private IBaseResource parse(String body) {
    String trimmed = body.stripLeading();
    try {
      var parser = trimmed.startsWith("<") ? ctx.newXmlParser() : ctx.newJsonParser();
      // Tolerant: one invalid value in a full-resource payload must not lose the notification.
      return TolerantParsing.during(() -> parser.parseResource(trimmed)).value();
    } catch (DataFormatException | ClassCastException e) {
      throw new MalformedNotificationException("The body is not a FHIR R4 resource in JSON or XML");
    }
  }

  private Notification fromBundle(Bundle bundle) {
    Set<ResourceRef> focus = new LinkedHashSet<>();
    Map<ResourceRef, IBaseResource> carried = new LinkedHashMap<>();
    Parameters status = null;
    int invalid = 0;
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      Resource r = e.getResource();
      if (status == null && focus.isEmpty() && r instanceof Parameters p && isStatus(p)) {
        status = p;
        continue;
      }
      ResourceRef ref = r != null ? refOf(r) : null;
      if (ref == null) {
        ref = parseRef(e.getFullUrl());
      }
      if (ref == null && e.hasRequest()) {
        ref = parseRef(e.getRequest().getUrl());
      }
      if (ref == null) {
        invalid++;
        continue;
      }
      focus.add(ref);
      if (r != null) {
        carried.put(ref, r);
      }
    }
    if (status != null) {
      return fromStatus(status, focus, carried, invalid);
    }
    if (focus.isEmpty()) {
      throw new MalformedNotificationException(
          "A notification Bundle needs a SubscriptionStatus first entry or entries naming resources");
    }
    return new Notification(Notification.Kind.EVENT, java.util.List.copyOf(focus), carried, false);
  }

  private Notification fromStatus(Parameters status, Set<ResourceRef> focus, Map<ResourceRef, IBaseResource> carried,
      int invalidBefore) {
    int invalid = invalidBefore;
    String type = null;
    for (Parameters.ParametersParameterComponent p : status.getParameter()) {
      if ("type".equals(p.getName()) && p.hasValue()) {
        type = p.getValue().primitiveValue();
      } else if ("notification-event".equals(p.getName())) {
        for (Parameters.ParametersParameterComponent part : p.getPart()) {
          if ("focus".equals(part.getName()) && part.getValue() instanceof Reference ref) {
            ResourceRef r = parseRef(ref.getReference());
            if (r == null) {
              invalid++;
            } else {
              focus.add(r);
            }
          }
        }
      }
    }
    Notification.Kind kind = kindOf(type, !focus.isEmpty());
    if (kind == Notification.Kind.EVENT && focus.isEmpty() && invalid > 0) {
      throw new MalformedNotificationException("No focus of the notification is a literal Type/id reference");
    }
    if (kind != Notification.Kind.EVENT) {
      return new Notification(kind, java.util.List.of(), Map.of(), false);
    }
    return new Notification(kind, java.util.List.copyOf(focus), carried, false);
  }

  private static Notification.Kind kindOf(String type, boolean hasFocus) {
    if (type == null) {
      return hasFocus ? Notification.Kind.EVENT : Notification.Kind.STATUS;
    }
    return switch (type) {
      case "event-notification" -> Notification.Kind.EVENT;
      case "handshake" -> Notification.Kind.HANDSHAKE;
      case "heartbeat" -> Notification.Kind.HEARTBEAT;
      case "query-status", "query-event" -> Notification.Kind.STATUS;
      default -> throw new MalformedNotificationException(
          "SubscriptionStatus type must be handshake, heartbeat, event-notification, query-status or query-event");
    };
  }

  private static boolean isStatus(Parameters p) {
    if (p.getMeta().hasProfile(STATUS_PROFILE_R4)) {
      return true;
    }
    return p.getParameter().stream().anyMatch(x -> "subscription".equals(x.getName()) || "type".equals(x.getName())
        || "notification-event".equals(x.getName()));
  }

  private ResourceRef refOf(IBaseResource r) {
    if (r == null || r.getIdElement() == null || !r.getIdElement().hasIdPart()) {
      return null;
    }
    String type = ctx.getResourceType(r);
    String id = r.getIdElement().getIdPart();
    return FHIR_ID.matcher(id).matches() ? new ResourceRef(type, id) : null;
  }

  private ResourceRef parseRef(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      ResourceRef r = ResourceRef.parse(value);
      return knownType(r.type()) && FHIR_ID.matcher(r.id()).matches() ? r : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private boolean knownType(String type) {
    return type != null && ctx.getResourceTypes().contains(type);
  }
}
