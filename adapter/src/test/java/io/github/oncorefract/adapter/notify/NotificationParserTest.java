package io.github.oncorefract.adapter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.domain.ResourceRef;
import org.hl7.fhir.r4.model.Condition;
import org.junit.jupiter.api.Test;

/** The notification shapes of the Subscriptions Backport IG (R4) and of HAPI FHIR's plain R4 rest-hook. */
class NotificationParserTest {

  private final NotificationParser parser = new NotificationParser(FhirContext.forR4Cached());

  /** An id-only backport notification: SubscriptionStatus first, then entries with only fullUrl and request. */
  private static final String ID_ONLY_BUNDLE = """
      {"resourceType":"Bundle","type":"history","entry":[
        {"fullUrl":"urn:uuid:9e41ff6d-5be6-4e6a-8b85-abd4e7f58400",
         "resource":{"resourceType":"Parameters",
           "meta":{"profile":["http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4"]},
           "parameter":[
             {"name":"subscription","valueReference":{"reference":"http://example.org/fhir/r4/Subscription/123"}},
             {"name":"topic","valueCanonical":"http://example.org/topic/changes"},
             {"name":"status","valueCode":"active"},
             {"name":"type","valueCode":"event-notification"},
             {"name":"events-since-subscription-start","valueString":"2"},
             {"name":"notification-event","part":[
               {"name":"event-number","valueString":"2"},
               {"name":"timestamp","valueInstant":"2020-05-29T11:44:13.1882432-05:00"},
               {"name":"focus","valueReference":{"reference":"http://example.org/fhir/r4/Condition/c-1"}}]},
             {"name":"notification-event","part":[
               {"name":"event-number","valueString":"3"},
               {"name":"focus","valueReference":{"reference":"MedicationRequest/mr-2/_history/4"}}]}]}},
        {"fullUrl":"http://example.org/fhir/r4/Condition/c-1","request":{"method":"PUT","url":"Condition/c-1"},
         "response":{"status":"201"}},
        {"fullUrl":"http://example.org/fhir/r4/Observation/o-3","request":{"method":"POST","url":"Observation"}}]}
      """;

  @Test
  void idOnlyBackportBundleNamesEveryFocusOnce() {
    Notification n = parser.parseBody(ID_ONLY_BUNDLE);

    assertThat(n.kind()).isEqualTo(Notification.Kind.EVENT);
    assertThat(n.actionable()).isTrue();
    assertThat(n.focus()).containsExactly(new ResourceRef("Condition", "c-1"),
        new ResourceRef("Observation", "o-3"), new ResourceRef("MedicationRequest", "mr-2"));
    assertThat(n.resources()).isEmpty();
  }

  @Test
  void fullResourceBundleCarriesTheResources() {
    String body = """
        {"resourceType":"Bundle","type":"history","entry":[
          {"resource":{"resourceType":"Parameters","parameter":[{"name":"type","valueCode":"event-notification"},
            {"name":"notification-event","part":[{"name":"focus","valueReference":{"reference":"Condition/c-9"}}]}]}},
          {"fullUrl":"http://example.org/fhir/Condition/c-9","resource":{"resourceType":"Condition","id":"c-9",
            "subject":{"reference":"Patient/p-9"}}}]}
        """;
    Notification n = parser.parseBody(body);

    assertThat(n.focus()).containsExactly(new ResourceRef("Condition", "c-9"));
    assertThat(n.resources().get(new ResourceRef("Condition", "c-9"))).isInstanceOf(Condition.class);
    assertThat(NotificationPatientResolver.subjectPatient((Condition) n.resources().values().iterator().next()))
        .isEqualTo("p-9");
  }

  @Test
  void bareSubscriptionStatusParametersIsRead() {
    String body = """
        {"resourceType":"Parameters","parameter":[{"name":"type","valueCode":"event-notification"},
          {"name":"notification-event","part":[{"name":"focus","valueReference":{"reference":"Patient/p-1"}}]}]}
        """;
    assertThat(parser.parseBody(body).focus()).containsExactly(new ResourceRef("Patient", "p-1"));
  }

  @Test
  void handshakeAndHeartbeatAskForNothing() {
    for (String type : new String[] {"handshake", "heartbeat"}) {
      String body = """
          {"resourceType":"Bundle","type":"history","entry":[{"resource":{"resourceType":"Parameters",
            "parameter":[{"name":"status","valueCode":"active"},{"name":"type","valueCode":"%s"}]}}]}
          """.formatted(type);
      Notification n = parser.parseBody(body);
      assertThat(n.kind().name().toLowerCase()).isEqualTo(type);
      assertThat(n.actionable()).isFalse();
      assertThat(n.focus()).isEmpty();
    }
  }

  @Test
  void emptyPostIsAPingThatNamesNothing() {
    assertThat(parser.parseBody("").kind()).isEqualTo(Notification.Kind.PING);
    assertThat(parser.parseBody(null).actionable()).isFalse();
  }

  @Test
  void hapiPlainRestHookPutCarriesTheResourceAndDeleteOnlyTheId() {
    Notification put = parser.parseRestHook("PUT", "Condition", "c-2",
        "{\"resourceType\":\"Condition\",\"id\":\"c-2\",\"meta\":{\"versionId\":\"3\"},"
            + "\"subject\":{\"reference\":\"Patient/p-2\"}}");
    assertThat(put.focus()).containsExactly(new ResourceRef("Condition", "c-2"));
    assertThat(put.resources()).containsKey(new ResourceRef("Condition", "c-2"));
    assertThat(put.deleted()).isFalse();

    Notification delete = parser.parseRestHook("DELETE", "MedicationRequest", "mr-1", null);
    assertThat(delete.focus()).containsExactly(new ResourceRef("MedicationRequest", "mr-1"));
    assertThat(delete.deleted()).isTrue();
  }

  @Test
  void xmlIsReadToo() {
    String xml = "<Parameters xmlns=\"http://hl7.org/fhir\"><parameter><name value=\"type\"/>"
        + "<valueCode value=\"event-notification\"/></parameter><parameter><name value=\"notification-event\"/>"
        + "<part><name value=\"focus\"/><valueReference><reference value=\"Observation/o-1\"/></valueReference>"
        + "</part></parameter></Parameters>";
    assertThat(parser.parseBody(xml).focus()).containsExactly(new ResourceRef("Observation", "o-1"));
  }

  @Test
  void malformedShapesAreRefused() {
    assertThatThrownBy(() -> parser.parseBody("{not json")).isInstanceOf(MalformedNotificationException.class);
    assertThatThrownBy(() -> parser.parseBody("{\"resourceType\":\"Bundle\",\"type\":\"history\"}"))
        .isInstanceOf(MalformedNotificationException.class);
    assertThatThrownBy(() -> parser.parseBody("{\"resourceType\":\"Condition\"}"))
        .isInstanceOf(MalformedNotificationException.class).hasMessageContaining("logical id");
    assertThatThrownBy(() -> parser.parseBody("""
        {"resourceType":"Parameters","parameter":[{"name":"type","valueCode":"event-notification"},
          {"name":"notification-event","part":[{"name":"focus","valueReference":{"reference":"urn:uuid:x"}}]}]}
        """)).isInstanceOf(MalformedNotificationException.class);
    assertThatThrownBy(() -> parser.parseBody("""
        {"resourceType":"Parameters","parameter":[{"name":"type","valueCode":"something-else"}]}
        """)).isInstanceOf(MalformedNotificationException.class);
    assertThatThrownBy(() -> parser.parseRestHook("PUT", "NoSuchType", "x", null))
        .isInstanceOf(MalformedNotificationException.class);
    assertThatThrownBy(() -> parser.parseRestHook("PUT", "Condition", "bad id!", null))
        .isInstanceOf(MalformedNotificationException.class);
    assertThatThrownBy(() -> parser.parseRestHook("PUT", "Condition", "c-1",
        "{\"resourceType\":\"Observation\",\"id\":\"c-1\"}")).isInstanceOf(MalformedNotificationException.class);
  }
}
