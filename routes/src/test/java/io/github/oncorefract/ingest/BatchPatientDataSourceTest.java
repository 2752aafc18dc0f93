package io.github.oncorefract.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.publish.TransactionPublisher;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** The batch a patient is read with, and how its response is split, without a server (no request is sent). */
class BatchPatientDataSourceTest {

  private static final FhirContext CTX = FhirContext.forR4Cached();
  private static final List<BatchPatientDataSource.Search> OUTPUT = TransactionPublisher.OUTPUT_TYPES.stream()
      .map(t -> new BatchPatientDataSource.Search(t, id -> TransactionPublisher.earlierOutputSearch(t, id))).toList();
  /** A client of a port nothing listens on: any request would fail the test. */
  private static final IGenericClient NOWHERE = CTX.newRestfulGenericClient("http://127.0.0.1:9/fhir");

  @Test
  void theBatchHoldsThePatientReadTheSearchesInTableOrderAndThenTheEarlierOutputSearches() {
    Bundle batch = BatchPatientDataSource.request(CTX, "p 1",
        BatchPatientDataSource.patientSearches(50), OUTPUT);

    assertThat(batch.getType()).isEqualTo(Bundle.BundleType.BATCH);
    assertThat(batch.getEntry()).allSatisfy(e -> {
      assertThat(e.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.GET);
      assertThat(e.hasResource()).isFalse();
    });
    assertThat(batch.getEntry()).extracting(e -> e.getRequest().getUrl()).containsExactly(
        "Patient/p 1",
        "Condition?patient=p+1&_count=50",
        "MedicationStatement?patient=p+1&_count=50&_include=MedicationStatement:medication",
        "MedicationRequest?patient=p+1&_count=50&_include=MedicationRequest:medication",
        "MedicationAdministration?patient=p+1&_count=50&_include=MedicationAdministration:medication",
        "Observation?patient=p+1&_count=50",
        "Procedure?patient=p+1&_count=50",
        "Flag?subject=Patient%2Fp+1&identifier=" + encodedSystem() + "&_count=100",
        "CarePlan?subject=Patient%2Fp+1&identifier=" + encodedSystem() + "&_count=100",
        "ServiceRequest?subject=Patient%2Fp+1&identifier=" + encodedSystem() + "&_count=100",
        "Task?subject=Patient%2Fp+1&identifier=" + encodedSystem() + "&_count=100");
  }

  @Test
  void aSearchTablePlugsInFurtherEntriesSuchAsOneObservationSearchPerCategory() {
    List<BatchPatientDataSource.Search> table = new java.util.ArrayList<>(BatchPatientDataSource.patientSearches(10));
    table.add(new BatchPatientDataSource.Search("Observation", id -> "Observation?patient=" + id
        + "&category=laboratory&_count=10"));
    Bundle batch = BatchPatientDataSource.request(CTX, "p1", table, List.of());
    assertThat(batch.getEntry()).hasSize(8);
    assertThat(batch.getEntry().get(7).getRequest().getUrl()).isEqualTo(
        "Observation?patient=p1&category=laboratory&_count=10");
  }

  @Test
  void theResponseIsSplitPerEntryAndTheEarlierOutputTravelsApartFromThePatientsData() {
    List<BatchPatientDataSource.Search> searches = BatchPatientDataSource.patientSearches(50);
    Bundle response = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
    response.addEntry().setResource(new Patient().setId("p1")).getResponse().setStatus("200 OK");
    for (BatchPatientDataSource.Search s : searches) {
      Bundle page = new Bundle().setType(Bundle.BundleType.SEARCHSET);
      if (s.type().equals("Condition")) {
        page.addEntry().setResource(new org.hl7.fhir.r4.model.Condition().setId("c1"))
            .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
      }
      response.addEntry().setResource(page).getResponse().setStatus("200 OK");
    }
    for (int i = 0; i < OUTPUT.size(); i++) {
      Bundle page = new Bundle().setType(Bundle.BundleType.SEARCHSET);
      if (i == 0) {
        page.addEntry().setResource(new org.hl7.fhir.r4.model.Flag().setId("f1"))
            .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
      }
      response.addEntry().setResource(page).getResponse().setStatus("200");
    }

    PatientData data = source().split(NOWHERE, "p1", searches, OUTPUT,
        new TolerantParsing.Parsed<>(response, List.of()));

    assertThat(data.resources()).extracting(r -> r.getIdElement().getValue()).containsExactly("p1", "c1");
    assertThat(data.earlierOutput()).extracting(r -> r.getIdElement().getValue()).containsExactly("f1");
    assertThat(data.requests()).isEqualTo(1);
    assertThat(data.withoutEarlierOutput().earlierOutput()).isNull();
  }

  @Test
  void aPatientEntryAnswering404IsAPatientNotFound() {
    Bundle response = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
    response.addEntry().getResponse().setStatus("404 Not Found");
    assertThatThrownBy(() -> source().split(NOWHERE, "p1", List.of(), List.of(),
        new TolerantParsing.Parsed<>(response, List.of()))).isInstanceOf(PatientNotFoundException.class);
  }

  @Test
  void aResponseWithTheWrongNumberOfEntriesIsRefused() {
    Bundle response = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
    response.addEntry().getResponse().setStatus("200 OK");
    assertThatThrownBy(() -> source().split(NOWHERE, "p1", BatchPatientDataSource.patientSearches(5), List.of(),
        new TolerantParsing.Parsed<>(response, List.of()))).isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("p1");
  }

  @Test
  void entryStatusesAreRead() {
    assertThat(BatchPatientDataSource.status(entry("200 OK"))).isEqualTo(200);
    assertThat(BatchPatientDataSource.status(entry("201"))).isEqualTo(201);
    assertThat(BatchPatientDataSource.status(entry(" 500 Internal Server Error"))).isEqualTo(500);
    assertThat(BatchPatientDataSource.status(entry("OK"))).isZero();
    assertThat(BatchPatientDataSource.status(new Bundle.BundleEntryComponent())).isZero();
  }

  private static Bundle.BundleEntryComponent entry(String status) {
    Bundle.BundleEntryComponent e = new Bundle.BundleEntryComponent();
    e.getResponse().setStatus(status);
    return e;
  }

  private static BatchPatientDataSource source() {
    return new BatchPatientDataSource(() -> NOWHERE, FhirPager.defaults(), BatchPatientDataSource.patientSearches(50),
        OUTPUT, id -> {
          throw new AssertionError("no fallback expected");
        }, false);
  }

  private static String encodedSystem() {
    return java.net.URLEncoder.encode(io.github.oncorefract.profiles.Canonical.ID_ASSESSMENT_OUTPUT + "|",
        java.nio.charset.StandardCharsets.UTF_8);
  }
}
