package io.github.oncorefract.adapter.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerEndpoint;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.publish.AdapterIdentity;
import io.github.oncorefract.publish.TransactionPublisher;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two adapter instances against one server at once (issue 10, concurrency): the shared test context's adapter and
 * one in a child JVM ({@link ChildAdapter}, remote mode, state folder of its own) assess the same patients (a tagged
 * copy of demo patients, {@link TaggedCohort}) at the same time. The race is made certain, without sleeps: the child's
 * first transaction, planned against a server with nothing written yet, is held by the proxy ({@link GatingProxy})
 * until the in-process pass has written every patient, and only then reaches the server. Nothing is duplicated: each
 * identifier exists once per type, each resource is at version 1 and named by one Provenance.
 *
 * <p>The server also holds two adapter Devices of this version (as two instances leave them on a server without
 * conditional-create protection): a conditional create of the Device is refused with 412 there (checked), which
 * would fail every transaction of a fresh instance; the child names the oldest instead and reports the others.
 * Then duplicates of a patient's Flag and CarePlan are made on purpose: a pass keeps the oldest, retires the copies
 * (inactive, revoked, tagged {@code duplicate}), counts them in {@code oncorefract.duplicates.reconciled}, and the
 * next pass sends nothing (never looped on).
 */
@EmbeddedFhirServerTest
class TwoInstancesIT {

  static final int PATIENTS = 8;

  private static ChildAdapter child;
  private static GatingProxy proxy;

  @Autowired FhirContext ctx;
  @Autowired EmbeddedFhirServerEndpoint embedded;
  @Autowired PassRunner runner;
  @Autowired AdapterIdentity identity;
  @Autowired MeterRegistry meters;

  @AfterAll
  static void stopEverything() {
    if (child != null) {
      child.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void twoInstancesAtOnceDuplicateNothingAndDuplicatesFoundAreReconciledOnce() throws Exception {
    IGenericClient client = ctx.newRestfulGenericClient(embedded.baseUrl());
    TaggedCohort cohort = TaggedCohort.load(ctx, client, "twin", PATIENTS);
    String deviceSearch = "Device?identifier=" + URLEncoder.encode(Canonical.ID_DEVICE + "|oncorefract-adapter-"
        + identity.version(), StandardCharsets.UTF_8);
    List<String> devicesBefore = ensureTwoAdapterDevices(client, deviceSearch);
    assertThatThrownBy(() -> client.create().resource(adapterDevice()).conditionalByUrl(deviceSearch).execute())
        .as("the server refuses a conditional create that matches several").isInstanceOf(
            PreconditionFailedException.class);

    // Both instances at once; the child's first transaction is planned before, and sent after, the other's writes.
    proxy = new GatingProxy(embedded.baseUrl());
    CountDownLatch othersWritten = new CountDownLatch(1);
    proxy.holdFirstTransactionUntil(othersWritten);
    child = ChildAdapter.start("two-instances", proxy.baseUrl(), cohort.scopeTag(),
        Files.createTempDirectory("twin-state"));
    assertThat(proxy.awaitFirstTransaction(Duration.ofMinutes(3))).as("log: %s", child.output()).isTrue();
    PassSummary ours = runner.runTargeted("two-instances", cohort.patientIds(), Duration.ofSeconds(30));
    assertThat(ours.failed()).as("failures: %s", ours.failures()).isZero();
    assertThat(ours.created()).isPositive();
    othersWritten.countDown();
    child.awaitReady(Duration.ofMinutes(3));
    String log = child.output();
    assertThat(log).contains("First pass:").contains("failed 0;")
        .contains("adapter Devices of this version on the server: the adapter names the oldest");

    Map<String, List<Resource>> output = cohort.output();
    List<String> written = new ArrayList<>();
    for (Map.Entry<String, List<Resource>> e : output.entrySet()) {
      assertThat(e.getValue().stream().collect(Collectors.groupingBy(TaggedCohort::identifier, Collectors.counting())))
          .as("%s identifiers", e.getKey()).allSatisfy((id, n) -> assertThat(n).isOne());
      for (Resource r : e.getValue()) {
        assertThat(r.getMeta().getVersionId()).as("%s", r.getIdElement().getIdPart()).isEqualTo("1");
        written.add(r.fhirType() + "/" + r.getIdElement().getIdPart());
      }
    }
    assertThat(written).isNotEmpty();
    Map<String, Provenance> provenances = cohort.provenancesOf(written);
    Map<String, Integer> timesTargeted = new HashMap<>();
    provenances.values().forEach(p -> TaggedCohort.targets(p).forEach(t -> timesTargeted.merge(t, 1, Integer::sum)));
    assertThat(timesTargeted.keySet()).containsExactlyInAnyOrderElementsOf(written);
    assertThat(timesTargeted).allSatisfy((t, n) -> assertThat(n).as(t).isOne());
    assertThat(ids(client, deviceSearch)).as("no Device added by either instance")
        .containsExactlyInAnyOrderElementsOf(devicesBefore);
    child.close();

    // Duplicates made on purpose: a newer copy of one patient's Flag and of its CarePlan.
    Resource flag = output.get("Flag").get(0);
    String patient = CrashSafetyIT.patientOf(flag);
    Resource carePlan = output.get("CarePlan").stream().filter(r -> CrashSafetyIT.patientOf(r).equals(patient))
        .findFirst().orElseThrow();
    String flagCopy = copy(client, flag);
    String carePlanCopy = copy(client, carePlan);
    double reconciledBefore = reconciled();

    String patientId = patient.substring("Patient/".length());
    PassSummary reconcile = runner.runTargeted("two-instances", Set.of(patientId), Duration.ofSeconds(30));
    assertThat(reconcile.failed()).as("failures: %s", reconcile.failures()).isZero();
    assertThat(reconcile.created()).isZero();
    assertThat(reconcile.updated()).as("the two copies retired").isEqualTo(2);
    Flag keptFlag = client.read().resource(Flag.class).withId(flag.getIdElement().getIdPart()).execute();
    assertThat(keptFlag.getMeta().getVersionId()).as("the oldest kept as it was").isEqualTo("1");
    assertThat(keptFlag.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
    Flag retiredFlag = client.read().resource(Flag.class).withId(flagCopy).execute();
    assertThat(retiredFlag.getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
    assertThat(retiredFlag.getMeta().getTag(Canonical.CS_TAGS, TransactionPublisher.TAG_DUPLICATE)).isNotNull();
    CarePlan retiredCarePlan = client.read().resource(CarePlan.class).withId(carePlanCopy).execute();
    assertThat(retiredCarePlan.getStatus()).isEqualTo(CarePlan.CarePlanStatus.REVOKED);
    assertThat(retiredCarePlan.getMeta().getTag(Canonical.CS_TAGS, TransactionPublisher.TAG_DUPLICATE)).isNotNull();
    assertThat(client.read().resource(CarePlan.class).withId(carePlan.getIdElement().getIdPart()).execute()
        .getMeta().getVersionId()).isEqualTo("1");
    assertThat(reconciled() - reconciledBefore).isEqualTo(2.0);

    PassSummary again = runner.runTargeted("two-instances", Set.of(patientId), Duration.ofSeconds(30));
    assertThat(again.failed()).isZero();
    assertThat(again.created() + again.updated()).as("nothing sent: never looped on").isZero();
    assertThat(client.read().resource(Flag.class).withId(flagCopy).execute().getMeta().getVersionId())
        .isEqualTo(retiredFlag.getMeta().getVersionId());
    assertThat(reconciled() - reconciledBefore).isEqualTo(2.0);
  }

  private double reconciled() {
    Counter c = meters.find("oncorefract.duplicates.reconciled").counter();
    return c == null ? 0 : c.count();
  }

  /** Stores a copy of an adapter resource under a new id (same identifier; a later {@code meta.lastUpdated}). */
  private static String copy(IGenericClient client, Resource r) {
    Resource c = r.copy();
    c.setId((String) null);
    c.getMeta().setVersionId(null).setLastUpdated(null);
    return client.create().resource(c).execute().getId().getIdPart();
  }

  /** The adapter Device of this version as the publisher writes it (a second instance's copy of it). */
  private Device adapterDevice() {
    Device d = new Device();
    d.addIdentifier(new Identifier().setSystem(Canonical.ID_DEVICE)
        .setValue("oncorefract-adapter-" + identity.version()));
    d.setStatus(Device.FHIRDeviceStatus.ACTIVE);
    d.addDeviceName().setName(identity.name()).setType(Device.DeviceNameType.USERFRIENDLYNAME);
    d.addVersion().setValue(identity.version());
    d.setType(new org.hl7.fhir.r4.model.CodeableConcept().setText("Clinical decision support software"));
    d.getText().setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED)
        .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + identity.name() + " " + identity.version()
            + "</div>");
    d.getMeta().addProfile(Canonical.SD_ADAPTER_DEVICE);
    d.getMeta().addTag(new Coding(Canonical.CS_TAGS, Canonical.TAG_ADAPTER_OUTPUT, "Written by the OncoRefract adapter"));
    return d;
  }

  /** Makes sure two adapter Devices of this version exist (plain creates); returns their ids. */
  private List<String> ensureTwoAdapterDevices(IGenericClient client, String search) {
    List<String> ids = ids(client, search);
    while (ids.size() < 2) {
      client.create().resource(adapterDevice()).execute();
      ids = ids(client, search);
    }
    return ids;
  }

  private static List<String> ids(IGenericClient client, String search) {
    return client.search().byUrl(search + "&_count=50").returnBundle(Bundle.class)
        .withAdditionalHeader("Cache-Control", "no-cache").execute().getEntry().stream()
        .map(e -> e.getResource().getIdElement().getIdPart()).toList();
  }
}
