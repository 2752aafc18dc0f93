package io.github.oncorefract.adapter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.oncorefract.adapter.config.NotificationProperties;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassSummary;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The real-time path on the embedded server with the demo cohort: a notification for a changed patient writes its
 * Flag without any pass being started; a storm for one patient is one assessment; a notification for an unknown
 * resource loses and fails nothing; and the embedded server itself delivers to the endpoint.
 */
@EmbeddedFhirServerTest
class NotificationIT {

  @Autowired TestRestTemplate http;
  @Autowired IGenericClient fhir;
  @Autowired FhirContext ctx;
  @Autowired PassRunner runner;
  @Autowired NotificationSubscriptions subscriptions;
  @Autowired NotificationProperties props;
  @Autowired Environment env;

  @Test
  void anIdOnlyNotificationWritesTheFlagWithoutAPass() throws Exception {
    List<String> refs = new NotifiedPatients(fhir, ctx, http).copy("ntf-a");
    String patient = refs.get(0).substring("Patient/".length());
    String condition = refs.stream().filter(r -> r.startsWith("Condition/")).findFirst().orElseThrow();
    assertThat(activeFlags(patient)).as("not assessed yet").isEmpty();
    double otherPasses = otherPassCount();
    double notificationPasses = meter("oncorefract.pass.duration?tag=trigger:notification", "COUNT");

    ResponseEntity<String> r = post(idOnlyBundle(condition));

    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(r.getBody()).contains("OperationOutcome").doesNotContain(patient);
    await().atMost(Duration.ofSeconds(60)).until(() -> !activeFlags(patient).isEmpty());
    assertThat(activeFlags(patient).get(0).getCode().getCodingFirstRep().getCode()).isEqualTo("likely-refractory");
    assertThat(otherPassCount()).as("no startup/schedule/api pass ran").isEqualTo(otherPasses);
    await().atMost(Duration.ofSeconds(30)).until(
        () -> meter("oncorefract.pass.duration?tag=trigger:notification", "COUNT") == notificationPasses + 1);
    PassSummary last = runner.lastSummary();
    assertThat(last.trigger()).isEqualTo("notification");
    assertThat(last.patientsAssessed()).isEqualTo(1);
    assertThat(last.rows()).extracting(row -> row.patientId()).containsOnly(patient);
  }

  @Test
  void aStormForOnePatientIsOneAssessment() throws Exception {
    List<String> refs = new NotifiedPatients(fhir, ctx, http).copy("ntf-b");
    String patient = refs.get(0);
    double passes = meter("oncorefract.pass.duration?tag=trigger:notification", "COUNT");
    double coalesced = meter("oncorefract.notifications?tag=result:coalesced", "COUNT");
    double assessed = meter("oncorefract.notifications?tag=result:assessed", "COUNT");

    int storm = 50;
    for (int i = 0; i < storm; i++) {
      String focus = refs.get(i % refs.size());
      assertThat(post(idOnlyBundle(focus)).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    await().atMost(Duration.ofSeconds(60)).until(
        () -> meter("oncorefract.notifications?tag=result:assessed", "COUNT") >= assessed + 1);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(
        () -> meter("oncorefract.pass.duration?tag=trigger:notification", "COUNT") == passes + 1);
    assertThat(meter("oncorefract.notifications?tag=result:assessed", "COUNT")).isEqualTo(assessed + 1);
    assertThat(meter("oncorefract.notifications?tag=result:coalesced", "COUNT")).isEqualTo(coalesced + storm - 1);
    assertThat(activeFlags(patient.substring("Patient/".length()))).isNotEmpty();
  }

  @Test
  void unknownResourcesAndHeartbeatsChangeNothing() {
    double passes = meter("oncorefract.pass.duration?tag=trigger:notification", "COUNT");
    double ignored = meter("oncorefract.notifications?tag=result:ignored", "COUNT");
    double failures = meter("oncorefract.pass.failures?tag=trigger:notification", "COUNT");

    assertThat(post(idOnlyBundle("Condition/ntf-does-not-exist")).getStatusCode()).isEqualTo(HttpStatus.OK);
    ResponseEntity<String> heartbeat = post("""
        {"resourceType":"Bundle","type":"history","entry":[{"resource":{"resourceType":"Parameters",
          "parameter":[{"name":"status","valueCode":"active"},{"name":"type","valueCode":"heartbeat"}]}}]}""");
    assertThat(heartbeat.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(heartbeat.getBody()).contains("heartbeat");

    await().atMost(Duration.ofSeconds(30)).until(
        () -> meter("oncorefract.notifications?tag=result:ignored", "COUNT") == ignored + 2);
    assertThat(meter("oncorefract.pass.duration?tag=trigger:notification", "COUNT")).isEqualTo(passes);
    assertThat(meter("oncorefract.pass.failures?tag=trigger:notification", "COUNT")).isEqualTo(failures);
  }

  @Test
  void malformedBodiesGetAnOperationOutcome() {
    ResponseEntity<String> r = post("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"type\","
        + "\"valueCode\":\"nonsense\"}]}");
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(r.getBody()).contains("OperationOutcome").contains("\"severity\":\"error\"");
    assertThat(post("not fhir at all").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<String> path = http.exchange("/api/notifications/NoSuchType/x", org.springframework.http.HttpMethod.PUT,
        new HttpEntity<>("", fhirJson()), String.class);
    assertThat(path.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  /** The embedded server delivers itself: a Subscription (narrowed to this test's patient) and a changed Condition. */
  @Test
  void theEmbeddedServerDeliversToTheEndpoint() throws Exception {
    List<String> refs = new NotifiedPatients(fhir, ctx, http).copy("ntf-c");
    String patient = refs.get(0).substring("Patient/".length());
    String conditionRef = refs.stream().filter(r -> r.startsWith("Condition/")).findFirst().orElseThrow();
    String endpoint = NotificationConfiguration.endpoint(props, env);
    Subscription s = subscriptions.subscription("Condition", "Condition?subject=Patient/" + patient, endpoint);
    String id = subscriptions.write(s, "it-" + patient);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> fhir.read().resource(Subscription.class).withId(id)
          .execute().getStatus() == Subscription.SubscriptionStatus.ACTIVE);
      assertThat(subscriptions.write(subscriptions.subscription("Condition", "Condition?subject=Patient/" + patient,
          endpoint), "it-" + patient)).as("idempotent: the same Subscription is updated").isEqualTo(id);
      await().atMost(Duration.ofSeconds(30)).until(() -> fhir.read().resource(Subscription.class).withId(id)
          .execute().getStatus() == Subscription.SubscriptionStatus.ACTIVE);
      assertThat(activeFlags(patient)).isEmpty();

      Condition c = fhir.read().resource(Condition.class).withId(conditionRef.substring("Condition/".length()))
          .execute();
      c.addNote(new Annotation().setText("reviewed"));
      fhir.update().resource(c).execute();

      await().atMost(Duration.ofSeconds(60)).until(() -> !activeFlags(patient).isEmpty());
    } finally {
      fhir.delete().resourceById("Subscription", id).execute();
    }
  }

  private List<Flag> activeFlags(String patient) {
    return fhir.search().byUrl("Flag?subject=Patient/" + patient + "&_tag="
            + Canonical.CS_TAGS + "|" + Canonical.TAG_ADAPTER_OUTPUT).returnBundle(Bundle.class).execute()
        .getEntry().stream().map(e -> (Flag) e.getResource()).filter(f -> f.getStatus() == Flag.FlagStatus.ACTIVE)
        .toList();
  }

  private static String idOnlyBundle(String focus) {
    return """
        {"resourceType":"Bundle","type":"history","entry":[
          {"resource":{"resourceType":"Parameters",
            "meta":{"profile":["http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4"]},
            "parameter":[{"name":"subscription","valueReference":{"reference":"Subscription/ext-1"}},
              {"name":"status","valueCode":"active"},{"name":"type","valueCode":"event-notification"},
              {"name":"notification-event","part":[{"name":"event-number","valueString":"1"},
                {"name":"focus","valueReference":{"reference":"%s"}}]}]}},
          {"fullUrl":"http://example.org/fhir/%s","request":{"method":"PUT","url":"%s"}}]}
        """.formatted(focus, focus, focus);
  }

  private ResponseEntity<String> post(String body) {
    return http.postForEntity("/api/notifications", new HttpEntity<>(body, fhirJson()), String.class);
  }

  private static HttpHeaders fhirJson() {
    HttpHeaders h = new HttpHeaders();
    h.setContentType(MediaType.parseMediaType("application/fhir+json"));
    return h;
  }

  private double otherPassCount() {
    return meter("oncorefract.pass.duration?tag=trigger:api", "COUNT")
        + meter("oncorefract.pass.duration?tag=trigger:schedule", "COUNT")
        + meter("oncorefract.pass.duration?tag=trigger:startup", "COUNT");
  }

  private double meter(String meter, String statistic) {
    ResponseEntity<JsonNode> r = http.getForEntity("/actuator/metrics/" + meter, JsonNode.class);
    if (r.getStatusCode() == HttpStatus.NOT_FOUND) {
      return 0;
    }
    for (JsonNode m : r.getBody().get("measurements")) {
      if (statistic.equals(m.get("statistic").asText())) {
        return m.get("value").asDouble();
      }
    }
    return 0;
  }
}
