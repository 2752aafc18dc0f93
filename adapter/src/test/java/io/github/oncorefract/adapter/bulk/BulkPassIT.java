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
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.getOperation()).extracting(o -> o.getName()).contains("export"));
    assertThat(finder.exportOffered()).isTrue();
  }

  /**
   * One scenario, to keep the shared context's passes few: a bulk dry run plans what the per-patient writing pass then
   * writes; a bulk writing pass after it finds everything written (its earlier output came with the export); after one
   * patient changes, an incremental bulk pass ({@code _since} the cursor) assesses only that patient.
   */
  @Test
  void aBulkPassPlansWhatThePerPatientPassPlansAndAnIncrementalOneSeesOnlyTheChangedPatient() throws Exception {
    finder.mode(BulkPatientFinder.Mode.ALWAYS);
    PassSummary bulkDry = runner.run("api", true, true);
    assertThat(staging.active()).isFalse();

    // auto with the demo cohort (50 patients, min-patients 500): the per-patient path
    finder.mode(BulkPatientFinder.Mode.AUTO);
    PassSummary perPatient = runner.run("api", true, false);
    assertThat(perPatient.readPath()).isEqualTo(Candidates.PER_PATIENT);

    assertThat(bulkDry.readPath()).isEqualTo(Candidates.BULK);
    assertThat(bulkDry.patientsAssessed()).isEqualTo(perPatient.patientsAssessed()).isGreaterThanOrEqualTo(50);
    assertThat(bulkDry.rows()).isEqualTo(perPatient.rows());
    assertThat(bulkDry.failures()).isEqualTo(perPatient.failures()).isEmpty();
    assertThat(counts(bulkDry)).isEqualTo(counts(perPatient));

    finder.mode(BulkPatientFinder.Mode.ALWAYS);
    Set<Path> before = workDirs();
    PassSummary bulk = runner.run("api", true, false);
    assertThat(bulk.readPath()).isEqualTo(Candidates.BULK);
    assertThat(bulk.failed()).isZero();
    assertThat(bulk.rows()).isEqualTo(perPatient.rows());
    assertThat(bulk.created()).isZero();
    assertThat(bulk.updated()).isZero();
    assertThat(bulk.unchanged()).isEqualTo(perPatient.created() + perPatient.updated() + perPatient.unchanged());
    // the export's work files are gone once the pass ended
    assertThat(staging.active()).isFalse();
    assertThat(workDirs()).isEqualTo(before);

    String changed = bulk.rows().stream().map(PatientRow::patientId).sorted().findFirst().orElseThrow();
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

  private static Set<Path> workDirs() throws java.io.IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "oncorefract-bulk");
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (var files = Files.list(dir)) {
      return files.collect(Collectors.toSet());
    }
  }

  private static List<Integer> counts(PassSummary s) {
    return List.of(s.likelyRefractory(), s.atRisk(), s.created(), s.updated(), s.unchanged(), s.preserved(),
        s.quarantined(), s.unrecognisedMedications());
  }
}
