package io.github.oncorefract.adapter.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.ingest.BatchPatientDataSource;
import io.github.oncorefract.ingest.PatientDataSource;
import io.github.oncorefract.routing.AssessmentPipeline;
import io.github.oncorefract.routing.AssessmentRoutes;
import io.github.oncorefract.routing.PassCoordinator;
import io.github.oncorefract.routing.PassRequest;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassSummary;
import io.github.oncorefract.routing.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.impl.DefaultCamelContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Round trips per patient on the embedded server (issue 11: at most 2 reads and 1 write per patient, a batch counting
 * as one), counted with a HAPI client interceptor on the adapter's one client (camel-fhir's transaction included), and
 * a parallel full pass planning exactly what a pass one patient at a time plans.
 */
@EmbeddedFhirServerTest
class RoundTripsIT {

  private static final String PATIENT = "roundtrips-it-1";
  private static final String CONDITION = "Condition/roundtrips-it-1-c1";

  @Autowired IGenericClient fhir;
  @Autowired PatientDataSource source;
  @Autowired PassRunner runner;
  @Autowired PassCoordinator coordinator;
  @Autowired AssessmentPipeline pipeline;

  @Test
  void aPatientCostsOneBatchToReadAndOneTransactionToWrite() {
    assertThat(source).isInstanceOf(BatchPatientDataSource.class);
    assertThat(((BatchPatientDataSource) source).serverSupportsBatch()).isTrue();
    writePatient();

    List<String> first = requestsDuring(() -> runner.runTargeted("api", Set.of(PATIENT), Duration.ofSeconds(30)));
    List<String> second = requestsDuring(() -> runner.runTargeted("api", Set.of(PATIENT), Duration.ofSeconds(30)));

    // first pass: something to write; per patient one batch (Patient, 6 searches, earlier output) and one transaction.
    // Not per patient: the adapter Device is searched until the process has found it once (TransactionPublisher), so
    // the first writing pass of this context may add that one search, whichever IT runs first.
    assertThat(first).filteredOn("read Device"::equals).hasSizeLessThanOrEqualTo(1);
    assertThat(first).filteredOn(r -> r.startsWith("write")).hasSize(1);
    assertThat(first).filteredOn(r -> r.startsWith("read") && !r.equals("read Device")).hasSizeBetween(1, 2)
        .contains("read batch");
    // second pass: unchanged, the same one batch and no write
    assertThat(second).filteredOn(r -> r.startsWith("read")).hasSizeBetween(1, 2).contains("read batch");
    assertThat(second).noneMatch(r -> r.startsWith("write"));
  }

  @Test
  void aParallelFullPassPlansExactlyWhatAPassOnePatientAtATimePlans() throws Exception {
    PassSummary serial = dryRunFullPass(1);
    PassSummary parallel = dryRunFullPass(4);

    assertThat(parallel.patientsAssessed()).isEqualTo(serial.patientsAssessed()).isGreaterThanOrEqualTo(50);
    assertThat(parallel.rows()).isEqualTo(serial.rows());
    assertThat(parallel.failures()).isEqualTo(serial.failures());
    assertThat(counts(parallel)).isEqualTo(counts(serial));
  }

  private static List<Integer> counts(PassSummary s) {
    return List.of(s.likelyRefractory(), s.atRisk(), s.created(), s.updated(), s.unchanged(), s.preserved(),
        s.quarantined(), s.unrecognisedMedications(), s.failed());
  }

  /** A full dry-run pass through the real pass routes at the given parallelism, in a Camel context of its own. */
  private PassSummary dryRunFullPass(int parallelism) throws Exception {
    try (DefaultCamelContext camel = new DefaultCamelContext()) {
      camel.addRoutes(new AssessmentRoutes(coordinator, pipeline, new RetryPolicy(0, 1, 1), null, null,
          parallelism));
      camel.start();
      return camel.createProducerTemplate().requestBody(AssessmentRoutes.PASS,
          new PassRequest("api", true, true), PassSummary.class);
    }
  }

  /** The requests the adapter's client sent while {@code pass} ran, minus the pass's own ResearchStudy search. */
  private List<String> requestsDuring(Runnable pass) {
    List<String> seen = new CopyOnWriteArrayList<>();
    IClientInterceptor counter = new IClientInterceptor() {
      @Override
      public void interceptRequest(IHttpRequest request) {
        String uri = request.getUri();
        if (request.getHttpVerbName().equals("POST")) {
          String body;
          try {
            body = request.getRequestBodyFromStream();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
          seen.add(body != null && body.contains("\"batch\"") ? "read batch" : "write transaction");
        } else if (!uri.contains("/ResearchStudy")) {
          seen.add("read " + uri.substring(uri.indexOf("/fhir/") + 6).replaceAll("\\?.*", ""));
        }
      }

      @Override
      public void interceptResponse(IHttpResponse response) {}
    };
    fhir.registerInterceptor(counter);
    try {
      pass.run();
    } finally {
      fhir.unregisterInterceptor(counter);
    }
    return seen;
  }

  /** An NSCLC patient with two advanced lines and no genomic result: the adapter has something to write. */
  private void writePatient() {
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Patient p = new Patient();
    p.setId(PATIENT);
    p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1958-03-04"));
    put(tx, p);
    Condition c = new Condition();
    c.setId(CONDITION);
    c.setSubject(new Reference("Patient/" + PATIENT));
    c.setClinicalStatus(new CodeableConcept(
        new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
    c.setVerificationStatus(new CodeableConcept(
        new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null)));
    c.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "254637007",
        "Non-small cell lung cancer")));
    c.setOnset(new DateTimeType("2023-11-01"));
    put(tx, c);
    put(tx, statement("roundtrips-it-1-ms1", "carboplatin", "2023-12-01", "2024-03-01"));
    put(tx, statement("roundtrips-it-1-ms2", "pemetrexed", "2023-12-01", "2024-03-01"));
    put(tx, statement("roundtrips-it-1-ms3", "docetaxel", "2024-09-01", "2024-12-01"));
    fhir.transaction().withBundle(tx).execute();
  }

  private static void put(Bundle tx, Resource r) {
    String url = r.fhirType() + "/" + r.getIdElement().getIdPart();
    tx.addEntry().setFullUrl(url).setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
  }

  private static MedicationStatement statement(String id, String drug, String start, String end) {
    MedicationStatement ms = new MedicationStatement();
    ms.setId(id);
    ms.setStatus(MedicationStatement.MedicationStatementStatus.COMPLETED);
    ms.setMedication(new CodeableConcept().setText(drug));
    ms.setSubject(new Reference("Patient/" + PATIENT));
    ms.setEffective(new Period().setStartElement(new DateTimeType(start)).setEndElement(new DateTimeType(end)));
    ms.addReasonReference(new Reference(CONDITION));
    return ms;
  }
}
