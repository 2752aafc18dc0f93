package io.github.oncorefract.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpServer;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.profiles.validation.ResourceValidator;
import io.github.oncorefract.profiles.validation.ValidationIssue;
import io.github.oncorefract.publish.AdapterIdentity;
import io.github.oncorefract.publish.PublishPlan;
import io.github.oncorefract.publish.TransactionPublisher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every resource the adapter writes conforms to the conformance package (fhir-profiles), offline: the output of
 * {@link SuggestionResourceBuilder} for each refractory status and rule set, sent through
 * {@link TransactionPublisher#plan} (so local references are resolved and the Device and Provenance are added), is
 * validated entry by entry with {@link ResourceValidator} and has zero errors.
 *
 * <p>The publisher reads earlier output before planning; a JDK HTTP server on localhost answers every search with an
 * empty searchset (the first pass of a new patient), and {@code /metadata} with a minimal CapabilityStatement.
 */
class WrittenResourcesConformTest {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static ResourceValidator validator;
  static HttpServer server;
  static TransactionPublisher publisher;

  @BeforeAll
  static void start() throws IOException {
    validator = new ResourceValidator(CTX);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/fhir", exchange -> {
      String body = exchange.getRequestURI().getPath().endsWith("/metadata")
          ? "{\"resourceType\":\"CapabilityStatement\",\"status\":\"active\",\"date\":\"2026-01-01\","
              + "\"kind\":\"instance\",\"fhirVersion\":\"4.0.1\",\"format\":[\"json\"]}"
          : "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
    publisher = new TransactionPublisher(() -> CTX.newRestfulGenericClient(base), CTX,
        new AdapterIdentity("OncoRefract adapter", "0.1.0"),
        Clock.fixed(Instant.parse("2026-11-29T06:00:00Z"), ZoneOffset.UTC));
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  static Stream<Arguments> assessments() {
    List<Arguments> out = new ArrayList<>();
    for (RefractoryStatus status : RefractoryStatus.values()) {
      out.add(Arguments.of(status + " solid-tumour, every suggestion",
          SuggestionResourceBuilderTest.assessment(status, List.of(SuggestionType.values()))));
    }
    out.add(Arguments.of("LIKELY_REFRACTORY with matched research studies", TrialReferralStudiesTest.withStudies()));
    out.add(Arguments.of("AT_RISK, no suggestions",
        SuggestionResourceBuilderTest.assessment(RefractoryStatus.AT_RISK, List.of())));
    for (String[] rs : new String[][] {{"multiple-myeloma", "1.0.0"}, {"ovarian-platinum", "1.0.0"}}) {
      PatientAssessment a = SuggestionResourceBuilderTest.assessment(RefractoryStatus.LIKELY_REFRACTORY,
          List.of(SuggestionType.TRIAL_REFERRAL, SuggestionType.TREATMENT_STRATEGY_REVIEW));
      CancerAssessment c = a.cancers().get(0);
      CancerAssessment other = new CancerAssessment(c.cancer(), rs[0], rs[1], c.lines(), c.status(), c.reasons(),
          c.suggestions(), null, c.narrative());
      out.add(Arguments.of(rs[0] + ", no status date",
          new PatientAssessment(a.patientId(), a.asOf(), List.of(other), a.quarantined())));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("assessments")
  void everyWrittenResourceValidatesWithZeroErrors(String name, PatientAssessment assessment) {
    List<ProposedResource> proposals = new SuggestionResourceBuilder().build(assessment);
    List<Resource> written = new ArrayList<>();
    // Retirement Flags (createIfAbsent false) are not in a first-pass transaction: validate them as built.
    proposals.stream().filter(p -> !p.createIfAbsent()).forEach(p -> written.add(p.resource()));
    PublishPlan plan = publisher.plan(assessment, proposals);
    if (plan.transaction() != null) {
      for (Bundle.BundleEntryComponent e : plan.transaction().getEntry()) {
        written.add(e.getResource());
      }
      assertThat(plan.transaction().getEntry()).extracting(e -> e.getResource().fhirType())
          .contains("Device", "Provenance");
    }
    assertThat(written).isNotEmpty();
    for (Resource r : written) {
      List<ValidationIssue> errors = validator.validate(r).stream().filter(ValidationIssue::isError)
          .toList();
      assertThat(errors).as(name + " " + r.fhirType() + ": " + errors).isEmpty();
    }
  }

}
