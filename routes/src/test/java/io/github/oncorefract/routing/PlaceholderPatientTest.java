package io.github.oncorefract.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.ingest.Candidates;
import io.github.oncorefract.ingest.PatientData;
import io.github.oncorefract.suggest.ProposedResource;
import io.github.oncorefract.suggest.SuggestionResourceBuilder;
import io.github.oncorefract.therapy.TestData;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, class 9: a Patient that exists only as the FHIR server's placeholder for a reference target (HAPI's
 * {@code resource-placeholder} extension; e.g. {@code Patient/mCODEPatientExample01} of the mCODE IG examples) gets no
 * written suggestion, and the assessment and the pass row say why.
 */
@DisplayName("issue 8, class 9: placeholder patients get no Flag, CarePlan or Task")
class PlaceholderPatientTest {

  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 29);
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);

  private AssessmentPipeline pipeline(Patient patient) {
    return new AssessmentPipeline(
        id -> new PatientData(id, List.of(patient), 1),
        (id, resources) -> new PatientRecord(id, List.of(), List.of(), List.of(), List.of(), List.of(), null,
            List.of()),
        (record, asOf) -> likelyRefractory(record.patientId()),
        new SuggestionResourceBuilder(), null, null, WriteMode.WRITE, clock);
  }

  /** A likely-refractory cancer with a trial referral: what would give a Flag, a ServiceRequest, a Task, a CarePlan. */
  private static PatientAssessment likelyRefractory(String patientId) {
    Reason lines = new Reason("advanced-lines-threshold", "Two advanced lines.",
        List.of(new ResourceRef("MedicationStatement", "ms1")));
    CancerAssessment ca = new CancerAssessment(TestData.cancer("c1", CancerType.NSCLC, "2022-01-10", false),
        "nsclc", "1.0.0", List.of(), RefractoryStatus.LIKELY_REFRACTORY, List.of(lines),
        List.of(new Suggestion(SuggestionType.TRIAL_REFERRAL, "Refer.", List.of(lines), List.of())), AS_OF,
        "Two lines.");
    return new PatientAssessment(patientId, AS_OF, List.of(ca), List.of());
  }

  private static Patient patient(String id, boolean placeholder) {
    Patient p = new Patient();
    p.setId(id);
    if (placeholder) {
      p.addExtension(AssessmentPipeline.HAPI_PLACEHOLDER, new BooleanType(true));
    }
    return p;
  }

  private static PatientWork run(AssessmentPipeline pipeline, String id, PassState pass) {
    return pipeline.propose(pipeline.assess(pipeline.normalise(pipeline.fetch(new PatientWork(id, pass)))));
  }

  @Test
  void aPlaceholderPatientIsAssessedButNothingIsProposedAndTheReasonSaysWhy() {
    PassState pass = new PassState("api", WriteMode.WRITE, clock.instant(), null,
        new Candidates(new TreeSet<>(List.of("mCODEPatientExample01")), clock.instant(), false));
    PatientWork w = run(pipeline(patient("mCODEPatientExample01", true)), "mCODEPatientExample01", pass);

    assertThat(w.proposals()).isEmpty();
    assertThat(w.withheld()).isEqualTo(AssessmentPipeline.REASON_PLACEHOLDER);
    CancerAssessment ca = w.assessment().cancers().get(0);
    assertThat(ca.status()).isEqualTo(RefractoryStatus.LIKELY_REFRACTORY);
    assertThat(ca.suggestions()).isEmpty();
    assertThat(ca.reasons()).extracting(Reason::code).contains("advanced-lines-threshold", "patient-placeholder");
    assertThat(ca.narrative()).contains("Placeholder patient");

    pass.completed(w);
    PatientRow row = pass.summary(clock.instant()).rows().get(0);
    assertThat(row.withheld()).isEqualTo("patient-placeholder");
    assertThat(row.suggestions()).isEmpty();
  }

  @Test
  void aRealPatientWithTheSameAssessmentGetsItsFlagReferralAndCarePlan() {
    PatientWork w = run(pipeline(patient("p-real", false)), "p-real", null);

    assertThat(w.withheld()).isNull();
    assertThat(w.proposals()).extracting(ProposedResource::resourceType)
        .containsExactly("Flag", "ServiceRequest", "Task", "CarePlan");
  }

  @Test
  void aPlaceholderExtensionSetToFalseIsNoPlaceholderAndOtherPatientsDoNotCount() {
    Patient notPlaceholder = patient("p1", false);
    notPlaceholder.addExtension(AssessmentPipeline.HAPI_PLACEHOLDER, new BooleanType(false));
    assertThat(AssessmentPipeline.isPlaceholderPatient(new PatientData("p1", List.of(notPlaceholder), 1), "p1"))
        .isFalse();
    assertThat(AssessmentPipeline.isPlaceholderPatient(
        new PatientData("p1", List.of(patient("p1", false), patient("other", true)), 1), "p1")).isFalse();
    assertThat(AssessmentPipeline.isPlaceholderPatient(null, "p1")).isFalse();
  }
}
