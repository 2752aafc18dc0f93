package io.github.oncorefract.ingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.domain.QuarantineEntry;
import io.github.oncorefract.ingest.PatientData;
import io.github.oncorefract.ingest.PatientNotFoundException;
import io.github.oncorefract.ingest.TolerantParsing;
import io.github.oncorefract.profiles.Canonical;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk grouping of a Bulk Data export per patient. */
class PatientBucketsTest {

  static FhirContext ctx;

  @TempDir Path tmp;

  @BeforeAll
  static void context() {
    ctx = FhirContext.forR4();
    ctx.setParserErrorHandler(TolerantParsing.errorHandler());
  }

  private static String patient(String id) {
    return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"female\"}";
  }

  private static String condition(String id, String patient, String code) {
    return "{\"resourceType\":\"Condition\",\"id\":\"" + id + "\",\"subject\":{\"reference\":\"Patient/" + patient
        + "\"},\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"" + code + "\"}]}}";
  }

  private static boolean lungCancer(Condition c) {
    return c.getCode().getCodingFirstRep().hasCode() && c.getCode().getCodingFirstRep().getCode().startsWith("C34");
  }

  @Test
  void groupsEveryPatientsLinesFromSeveralFilesAcrossManyBuckets() throws IOException {
    Path dir = tmp.resolve("export");
    PatientBuckets b = new PatientBuckets(dir, ctx, 256);
    for (int i = 0; i < 40; i++) {
      b.accept("Patient", i + 1, patient("p" + i));
    }
    // p7's Conditions arrive in two files (two outputs of one type), one of them twice
    b.accept("Condition", 1, condition("c1", "p7", "C34.1"));
    b.accept("Condition", 2, condition("c2", "p8", "E11"));
    b.accept("Condition", 1, condition("c3", "p7", "E11"));
    b.accept("Condition", 2, condition("c1", "p7", "C34.1"));
    b.accept("Observation", 1, "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\","
        + "\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"http://example.org/fhir/Patient/p7\"}}");
    b.group(PatientBucketsTest::lungCancer);

    assertThat(b.bucketCount()).isGreaterThan(1);
    assertThat(b.patients()).hasSize(40);
    assertThat(b.cancerPatients()).containsExactly("p7");
    PatientData p7 = b.fetch("p7");
    assertThat(p7.patientId()).isEqualTo("p7");
    assertThat(p7.resources().get(0)).isInstanceOf(Patient.class);
    assertThat(p7.resources()).extracting(r -> r.getIdElement().getIdPart())
        .containsExactlyInAnyOrder("p7", "c1", "c3", "o1");
    assertThat(p7.requests()).isZero();
    assertThat(p7.earlierOutput()).isEmpty();
    assertThat(b.fetch("p8").resources()).hasSize(2);
    assertThatThrownBy(() -> b.fetch("nobody")).isInstanceOf(PatientNotFoundException.class);

    b.close();
    assertThat(dir).doesNotExist();
  }

  @Test
  void aMalformedLineIsQuarantinedWithoutItsValueAndTheRestGoesOn() throws IOException {
    PatientBuckets b = new PatientBuckets(tmp.resolve("e"), ctx, 1 << 20);
    b.accept("Patient", 1, patient("p1"));
    b.accept("Condition", 1, "{\"resourceType\":\"Condition\",\"id\":\"c1\",\"subject\":{\"refer SECRET-NAME");
    b.accept("Condition", 2, "{\"resourceType\":\"Condition\",\"id\":\"c2\",\"subject\":{\"reference\":\"Patient/p1\"},"
        + "\"onsetDateTime\":\"2020-13-45\",\"code\":{\"text\":\"x\"}}");
    b.accept("Condition", 3, condition("c3", "p1", "C34.9"));
    b.accept("Condition", 4, "{\"resourceType\":\"Condition\",\"id\":\"c4\",\"code\":{\"text\":\"no subject\"}}");
    b.group(PatientBucketsTest::lungCancer);

    assertThat(b.unattributed()).containsExactly(
        new QuarantineEntry("Condition", "(unknown)", "(line 1)", "malformed-line"));
    assertThat(b.unattributed().toString()).doesNotContain("SECRET");
    PatientData p1 = b.fetch("p1");
    assertThat(p1.resources()).extracting(r -> r.getIdElement().getIdPart()).containsExactlyInAnyOrder("p1", "c2",
        "c3");
    assertThat(p1.quarantined()).containsExactly(
        new QuarantineEntry("Condition", "c2", "onsetDateTime", "invalid-value"));
    Condition c2 = (Condition) p1.resources().stream().filter(r -> r.getIdElement().getIdPart().equals("c2"))
        .findFirst().orElseThrow();
    assertThat(c2.hasOnset()).isFalse();
    assertThat(b.cancerPatients()).containsExactly("p1");
    b.close();
  }

  @Test
  void medicationsAreResolvedFromTheirOwnIndexAndEarlierOutputIsKeptApart() throws IOException {
    PatientBuckets b = new PatientBuckets(tmp.resolve("m"), ctx, 1 << 20);
    b.accept("Medication", 1, "{\"resourceType\":\"Medication\",\"id\":\"m1\",\"code\":{\"text\":\"cisplatin\"}}");
    b.accept("Medication", 2, "{\"resourceType\":\"Medication\",\"id\":\"m2\",\"code\":{\"text\":\"other\"}}");
    b.accept("Patient", 1, patient("p1"));
    b.accept("MedicationRequest", 1, "{\"resourceType\":\"MedicationRequest\",\"id\":\"mr1\",\"status\":\"active\","
        + "\"intent\":\"order\",\"medicationReference\":{\"reference\":\"Medication/m1\"},"
        + "\"subject\":{\"reference\":\"Patient/p1\"}}");
    b.accept("Flag", 1, "{\"resourceType\":\"Flag\",\"id\":\"f1\",\"status\":\"active\",\"code\":{\"text\":\"x\"},"
        + "\"identifier\":[{\"system\":\"" + Canonical.ID_ASSESSMENT_OUTPUT + "\",\"value\":\"v\"}],"
        + "\"subject\":{\"reference\":\"Patient/p1\"}}");
    b.accept("Flag", 2, "{\"resourceType\":\"Flag\",\"id\":\"f2\",\"status\":\"active\",\"code\":{\"text\":\"x\"},"
        + "\"subject\":{\"reference\":\"Patient/p1\"}}");
    b.accept("Task", 1, "{\"resourceType\":\"Task\",\"id\":\"t1\",\"status\":\"requested\",\"intent\":\"order\","
        + "\"identifier\":[{\"system\":\"" + Canonical.ID_ASSESSMENT_OUTPUT + "\",\"value\":\"t\"}],"
        + "\"for\":{\"reference\":\"Patient/p1\"}}");
    b.group(c -> false);

    PatientData p1 = b.fetch("p1");
    assertThat(p1.resources()).extracting(r -> r.fhirType() + "/" + r.getIdElement().getIdPart())
        .containsExactly("Patient/p1", "MedicationRequest/mr1", "Medication/m1");
    assertThat(((Medication) p1.resources().get(2)).getCode().getText()).isEqualTo("cisplatin");
    List<IBaseResource> earlier = p1.earlierOutput();
    assertThat(earlier).extracting(r -> r.fhirType() + "/" + r.getIdElement().getIdPart())
        .containsExactlyInAnyOrder("Flag/f1", "Task/t1");
    assertThat(b.patients()).containsExactly("p1");
    b.close();
  }

  @Test
  void aPatientWithoutItsPatientResourceIsNotFound() throws IOException {
    PatientBuckets b = new PatientBuckets(tmp.resolve("n"), ctx, 1 << 20);
    b.accept("Condition", 1, condition("c1", "ghost", "C34.1"));
    b.group(PatientBucketsTest::lungCancer);
    assertThat(b.contains("ghost")).isTrue();
    assertThatThrownBy(() -> b.fetch("ghost")).isInstanceOf(PatientNotFoundException.class);
    b.close();
    assertThat(Files.exists(tmp.resolve("n"))).isFalse();
  }

  // ---- breakbulk probes ----

  private static String obs(String id, String ref) {
    return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
        + "\"subject\":{\"reference\":\"" + ref + "\"}}";
  }

  @Test
  void aReferenceWithATabOrLineBreakNeitherStopsTheGroupingNorLandsWithAnotherPatient() throws IOException {
    PatientBuckets b = new PatientBuckets(tmp.resolve("t"), ctx, 1 << 20);
    b.accept("Patient", 1, patient("a"));
    b.accept("Patient", 2, patient("x"));
    b.accept("Observation", 1, obs("o1", "Patient/a\\tCondition\\tc9\\t"));
    b.accept("Observation", 2, obs("o2", "Patient/x\\nboom"));
    b.accept("Observation", 3, obs("o3", "Patient/a/_history/2"));
    b.group(c -> false);
    assertThat(b.fetch("a").resources()).extracting(r -> r.getIdElement().getIdPart())
        .containsExactlyInAnyOrder("a", "o3");
    assertThat(b.fetch("a").quarantined()).isEmpty();
    assertThat(b.fetch("x").resources()).extracting(r -> r.getIdElement().getIdPart()).containsExactly("x");
    assertThat(b.patients()).containsExactly("a", "x");
    b.close();
  }

  @Test
  void idsWithTheSameHashAndAPatientAfterItsDataStayApart() throws IOException {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    PatientBuckets b = new PatientBuckets(tmp.resolve("h"), ctx, 1 << 20);
    b.accept("Condition", 1, condition("c1", "Aa", "C34.1"));
    b.accept("Condition", 2, condition("c2", "BB", "E11"));
    b.accept("Patient", 1, patient("BB"));
    b.accept("Patient", 2, patient("Aa"));
    b.group(PatientBucketsTest::lungCancer);
    assertThat(b.cancerPatients()).containsExactly("Aa");
    assertThat(b.fetch("Aa").resources()).extracting(r -> r.getIdElement().getIdPart()).containsExactly("Aa", "c1");
    assertThat(b.fetch("BB").resources()).extracting(r -> r.getIdElement().getIdPart()).containsExactly("BB", "c2");
    b.close();
  }

  @Test
  void workFilesAreTheAdaptersOwnAndThoseACrashLeftBehindAreSweptButNotALiveOnesOrOthers() throws IOException {
    Path parent = tmp.resolve("work");
    PatientBuckets live = new PatientBuckets(parent.resolve("export-live"), ctx, 1 << 20);
    live.accept("Patient", 1, patient("p1"));
    if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(parent.resolve("export-live")))).isEqualTo("rwx------");
    }
    // a process killed mid-pass: its directory (lock file free) and spooled lines stay on disk
    Path crashed = parent.resolve("export-crashed");
    Files.createDirectories(crashed);
    Files.writeString(crashed.resolve(".lock"), "");
    Files.writeString(crashed.resolve("raw-Patient.ndjson"), patient("p9"));
    Path older = parent.resolve("export-older");
    Files.createDirectories(older);
    Files.writeString(older.resolve("bucket-0.tsv"), "p9\tPatient\tp9\t{}");
    Path unrelated = parent.resolve("notes");
    Files.createDirectories(unrelated);

    assertThat(PatientBuckets.sweepStale(parent, "export-")).isEqualTo(2);
    assertThat(crashed).doesNotExist();
    assertThat(older).doesNotExist();
    assertThat(unrelated).exists();
    live.group(c -> false);
    assertThat(live.fetch("p1").resources()).hasSize(1);
    live.close();
    assertThat(parent.resolve("export-live")).doesNotExist();
    assertThat(PatientBuckets.sweepStale(tmp.resolve("absent"), "export-")).isZero();
  }

  @Test
  void anAbsoluteReferenceCountsOnlyWithinTheServersBase() throws IOException {
    PatientBuckets b = new PatientBuckets(tmp.resolve("abs"), ctx, 1 << 20, "https://ehr.example.org/fhir");
    b.accept("Patient", 1, patient("p1"));
    b.accept("Observation", 1, obs("mine", "https://ehr.example.org/fhir/Patient/p1/_history/3"));
    b.accept("Observation", 2, obs("theirs", "https://other.example.net/fhir/Patient/p1"));
    b.accept("Observation", 3, obs("relative", "Patient/p1"));
    b.group(c -> false);
    assertThat(b.fetch("p1").resources()).extracting(r -> r.getIdElement().getIdPart())
        .containsExactlyInAnyOrder("p1", "mine", "relative");
    b.close();
  }
}
