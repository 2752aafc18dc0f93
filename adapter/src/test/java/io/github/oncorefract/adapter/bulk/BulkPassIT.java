package io.github.oncorefract.adapter.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.ingest.Candidates;
import io.github.oncorefract.ingest.bulk.BulkPatientFinder;
import io.github.oncorefract.ingest.bulk.BulkStaging;
import io.github.oncorefract.routing.PassRunner;
import io.github.oncorefract.routing.PassSummary;
import io.github.oncorefract.routing.PatientRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A Bulk Data pass on the embedded server (HAPI's batch2 {@code $export}) goes through the one per-patient path and
 * gives exactly what the per-patient pass gives; an incremental bulk pass ({@code _since} the cursor) sees only the
 * changed patient. The mode is switched on the shared context's finder and restored after each test.
 */
@EmbeddedFhirServerTest
class BulkPassIT {

  @Autowired IGenericClient fhir;
  @Autowired PassRunner runner;
  @Autowired BulkPatientFinder finder;
  @Autowired BulkStaging staging;

  @AfterEach
  void restore() {
    finder.mode(BulkPatientFinder.Mode.AUTO);
  }

  @Test
  void theEmbeddedServerOffersSystemGroupAndPatientExport() {
    CapabilityStatement cs = fhir.capabilities().ofType(CapabilityStatement.class).execute();
    assertThat(cs.getRestFirstRep().getOperation()).extracting(o -> o.getName()).contains("export");
    assertThat(cs.getRestFirstRep().getResource()).filteredOn(r -> Set.of("Group", "Patient").contains(r.getType()))
        .allSatisfy(r -> assertThat(r.getOperation()).extracting(o -> o.getName()).contains("export"));
    assertThat(finder.exportOffered()).isTrue();
    // the demo cohort (50) is below min-patients (500): auto keeps the per-patient path
    assertThat(runner.run("api", true, true).readPath()).isEqualTo(Candidates.PER_PATIENT);
  }

  @Test
  void aBulkFullPassPlansExactlyWhatThePerPatientPassPlansAndAfterItWritesNothing() throws Exception {
    PassSummary perPatient = runner.run("api", true, true);
    finder.mode(BulkPatientFinder.Mode.ALWAYS);
    PassSummary bulk = runner.run("api", true, true);

    assertThat(bulk.readPath()).isEqualTo(Candidates.BULK);
    assertThat(bulk.patientsAssessed()).isEqualTo(perPatient.patientsAssessed()).isGreaterThanOrEqualTo(50);
    assertThat(bulk.rows()).isEqualTo(perPatient.rows());
    assertThat(bulk.failures()).isEqualTo(perPatient.failures()).isEmpty();
    assertThat(counts(bulk)).isEqualTo(counts(perPatient));
    // the export's work files are gone once the pass ended
    assertThat(staging.active()).isFalse();

    // a writing per-patient pass, then a writing bulk pass: the bulk pass finds everything as it planned it
    finder.mode(BulkPatientFinder.Mode.OFF);
    runner.run("api", true, false);
    finder.mode(BulkPatientFinder.Mode.ALWAYS);
    PassSummary again = runner.run("api", true, false);
    assertThat(again.readPath()).isEqualTo(Candidates.BULK);
    assertThat(again.failed()).isZero();
    assertThat(again.created()).isZero();
    assertThat(again.updated()).isZero();
    assertThat(again.unchanged()).isPositive();
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir"), "oncorefract-bulk"))) {
      assertThat(files.toList()).isEmpty();
    }
  }

  @Test
  void anIncrementalBulkPassSeesOnlyTheChangedPatient() {
    finder.mode(BulkPatientFinder.Mode.ALWAYS);
    PassSummary full = runner.run("api", true, false);
    assertThat(full.failed()).isZero();
    String changed = full.rows().stream().map(PatientRow::patientId).sorted().findFirst().orElseThrow();

    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.setCode(new CodeableConcept(new Coding("http://loinc.org", "8302-2", "Body height")));
    o.setSubject(new Reference("Patient/" + changed));
    fhir.create().resource(o).execute();

    PassSummary incremental = runner.run("api", false, false);
    assertThat(incremental.readPath()).isEqualTo(Candidates.BULK_INCREMENTAL);
    assertThat(incremental.incremental()).isTrue();
    assertThat(incremental.rows().stream().map(PatientRow::patientId).collect(Collectors.toSet()))
        .containsExactly(changed);
    assertThat(incremental.created() + incremental.updated()).isZero();
  }

  private static List<Integer> counts(PassSummary s) {
    return List.of(s.likelyRefractory(), s.atRisk(), s.created(), s.updated(), s.unchanged(), s.preserved(),
        s.quarantined(), s.unrecognisedMedications());
  }
}
