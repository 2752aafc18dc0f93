package io.github.oncorefract.adapter.notify;

import io.github.oncorefract.domain.ResourceRef;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * One received notification, reduced to what the adapter uses.
 *
 * @param kind      what the server says happened
 * @param focus     the changed resources ({@code Type/id}, no base URL or version), in order of appearance without
 *                  duplicates; empty for a handshake, heartbeat or payload-less ping
 * @param resources resources the notification carried in full (full-resource payloads), by reference; used only to
 *                  find the patient without a read, never logged
 * @param deleted   true when the server reported the focus as deleted ({@code DELETE} rest-hook)
 */
public record Notification(Kind kind, List<ResourceRef> focus, Map<ResourceRef, IBaseResource> resources,
    boolean deleted) {

  public Notification {
    focus = List.copyOf(focus);
    resources = Map.copyOf(resources);
  }

  /** What a notification is. */
  public enum Kind {
    /** Resources changed ({@code event-notification}, or a plain rest-hook naming a resource). */
    EVENT,
    /** The server checks the endpoint when the Subscription is activated ({@code handshake}). */
    HANDSHAKE,
    /** The server tells that the Subscription is alive ({@code heartbeat}). */
    HEARTBEAT,
    /** A status query answer or another type that asks for nothing ({@code query-status}, {@code query-event}). */
    STATUS,
    /** A rest-hook without payload (an empty POST): something matched, the server does not say what. */
    PING
  }

  /** True when the notification asks for an assessment. */
  public boolean actionable() {
    return kind == Kind.EVENT && !focus.isEmpty();
  }
}
