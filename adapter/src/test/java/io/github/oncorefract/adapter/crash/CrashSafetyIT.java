package io.github.oncorefract.adapter.crash;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerEndpoint;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.publish.TransactionPublisher;
import io.github.oncorefract.routing.AssessmentRoutes;
import io.github.oncorefract.routing.PassRequest;
import io.github.oncorefract.routing.PassSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.ProducerTemplate;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Crash safety (issue 10, build 2): the adapter is killed with {@code SIGKILL} in the middle of a writing pass and
 * started again; the server's final state is that of an uninterrupted pass.
 *
 * <p>The shared test context is only the FHIR server. A copy of the first demo patients under ids and a tag of their
 * own ({@link TaggedCohort}) is assessed by the adapter in a child JVM ({@link ChildAdapter}: remote mode, scoped to
 * the tag, a state folder of its own, its start-up pass on), through a proxy ({@link GatingProxy}) that lets three
 * transactions through and commits the fourth without answering it: the worst moment to die, a transaction committed
 * and unanswered. The child is then killed ({@code SIGKILL}: exit 137), started again with the same state folder, and
 * its start-up pass completes (readiness UP). Then, compared with an uninterrupted pass:
 * <ul>
 *   <li>the same pipeline in the test's own process, in dry-run over the same patients, has nothing to create or
 *       update (every proposal unchanged): the server holds exactly what the pipeline proposes;</li>
 *   <li>each adapter identifier exists once per type, every written resource is at version 1 (written once, as by a
 *       single pass) and is the target of exactly one adapter Provenance, one Provenance per patient written.</li>
 * </ul>
 * Deterministic without sleeps: the kill waits on the proxy's latch, the restart on the child's readiness.
 */
@EmbeddedFhirServerTest
class CrashSafetyIT {

  /** Transactions answered before the one committed but never answered. */
  static final int ANSWERED = 3;
  static final int PATIENTS = 12;

  private static final List<ChildAdapter> children = new ArrayList<>();
  private static GatingProxy proxy;

  @Autowired FhirContext ctx;
  @Autowired EmbeddedFhirServerEndpoint embedded;
  @Autowired ProducerTemplate producer;

  @AfterAll
  static void stopEverything() {
    children.forEach(ChildAdapter::close);
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void killedInTheMiddleOfAWritingPassAndRestartedTheServerHoldsWhatAnUninterruptedPassWrites() throws Exception {
    IGenericClient client = ctx.newRestfulGenericClient(embedded.baseUrl());
    TaggedCohort cohort = TaggedCohort.load(ctx, client, "crash", PATIENTS);
    assertThat(cohort.patientIds()).hasSize(PATIENTS);
    Path state = Files.createTempDirectory("crash-state");
    proxy = new GatingProxy(embedded.baseUrl());
    proxy.answerNoTransactionFrom(ANSWERED + 1);

    ChildAdapter first = start("crash-first", cohort, state);
    assertThat(proxy.awaitWithheld(Duration.ofMinutes(3)))
        .as("the child's pass reached its fourth transaction; log: %s", first.output()).isTrue();
    // In the middle of the writing pass: four patients' transactions committed, the last one unanswered.
    assertThat(provenances(cohort)).hasSize(ANSWERED + 1);
    assertThat(first.kill()).as("SIGKILL").isEqualTo(137);
    proxy.answerEveryTransaction();

    ChildAdapter second = start("crash-second", cohort, state);
    second.awaitReady(Duration.ofMinutes(3));
    String log = second.output();
    second.close();
    assertThat(log).as("the restart's start-up pass").contains("First pass:").contains("failed 0;");

    // 1. The same pipeline, in dry-run on the same patients: nothing left to create or update.
    PassSummary dry = producer.requestBody(AssessmentRoutes.PASS,
        new PassRequest("crash-check", false, true, new TreeSet<>(cohort.patientIds())), PassSummary.class);
    assertThat(dry.failed()).as("failures: %s", dry.failures()).isZero();
    assertThat(dry.patientsAssessed()).isEqualTo(PATIENTS);
    assertThat(dry.created()).as("nothing missing").isZero();
    assertThat(dry.updated()).as("nothing different").isZero();
    assertThat(dry.unchanged()).isPositive();

    // 2. No duplicate, everything written once, one Provenance per patient transaction.
    Map<String, List<Resource>> output = cohort.output();
    List<String> written = new ArrayList<>();
    for (Map.Entry<String, List<Resource>> e : output.entrySet()) {
      Map<String, Long> perIdentifier = e.getValue().stream()
          .collect(Collectors.groupingBy(TaggedCohort::identifier, Collectors.counting()));
      assertThat(perIdentifier).as("%s identifiers", e.getKey()).allSatisfy((id, n) -> assertThat(n).isOne());
      for (Resource r : e.getValue()) {
        assertThat(r.getMeta().getVersionId()).as("%s written once", r.getIdElement().getIdPart()).isEqualTo("1");
        written.add(r.fhirType() + "/" + r.getIdElement().getIdPart());
      }
    }
    assertThat(dry.unchanged()).isEqualTo(written.size());
    Map<String, Provenance> provenances = cohort.provenancesOf(written);
    Map<String, Integer> timesTargeted = new HashMap<>();
    provenances.values().forEach(p -> TaggedCohort.targets(p).forEach(t -> timesTargeted.merge(t, 1, Integer::sum)));
    assertThat(timesTargeted.keySet()).containsExactlyInAnyOrderElementsOf(written);
    assertThat(timesTargeted).as("each resource named by one Provenance").allSatisfy((t, n) -> assertThat(n).isOne());
    List<String> keys = provenances.values().stream().map(p -> p.getMeta().getTag().stream()
        .filter(c -> TransactionPublisher.PROVENANCE_KEY_SYSTEM.equals(c.getSystem())).map(Coding::getCode)
        .findFirst().orElseThrow()).toList();
    assertThat(keys).doesNotHaveDuplicates();
    assertThat(provenances).as("the restart wrote what was missing").hasSizeGreaterThan(ANSWERED + 1);
    long patientsWritten = output.values().stream().flatMap(List::stream)
        .map(CrashSafetyIT::patientOf).distinct().count();
    assertThat(provenances).as("one Provenance per patient written").hasSize((int) patientsWritten);
  }

  private static ChildAdapter start(String name, TaggedCohort cohort, Path state) {
    ChildAdapter child = ChildAdapter.start(name, proxy.baseUrl(), cohort.scopeTag(), state);
    children.add(child);
    return child;
  }

  /** The patient an output resource is about (Task: {@code for}, the others: {@code subject}). */
  static String patientOf(Resource r) {
    org.hl7.fhir.r4.model.Property p = r.getNamedProperty(r instanceof org.hl7.fhir.r4.model.Task ? "for" : "subject");
    return ((org.hl7.fhir.r4.model.Reference) p.getValues().get(0)).getReference();
  }

  /** The adapter Provenances naming any of the cohort's output now. */
  private static Map<String, Provenance> provenances(TaggedCohort cohort) {
    List<String> refs = cohort.output().values().stream().flatMap(List::stream)
        .map(r -> r.fhirType() + "/" + r.getIdElement().getIdPart()).toList();
    return refs.isEmpty() ? Map.of() : cohort.provenancesOf(refs);
  }
}
