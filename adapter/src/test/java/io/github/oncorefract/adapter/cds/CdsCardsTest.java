package io.github.oncorefract.adapter.cds;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.CodeMatch;
import io.github.oncorefract.domain.DiseaseStatus;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureSource;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StopReason;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.domain.TreatmentIntent;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.publish.PlannedWrite;
import io.github.oncorefract.publish.PublishPlan;
import io.github.oncorefract.publish.WriteAction;
import io.github.oncorefract.suggest.ProposedResource;
import io.github.oncorefract.suggest.SuggestionResourceBuilder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * The patient-view cards of hand-built assessments, with {@code new}: no card for a deceased patient, a summary that
 * names its basis, evidence summarised per kind, one suggestion per thing created, the override reasons.
 */
class CdsCardsTest {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static final String PID = "pt-secret-42";
  static final LocalDate AS_OF = LocalDate.of(2026, 5, 1);
  static final ResourceRef COND = new ResourceRef("Condition", "c1");
  static final ResourceRef PROG = new ResourceRef("Observation", "prog1");
  final CdsCards cards = new CdsCards(CTX);

  static CancerCondition cancer(CancerType type) {
    return new CancerCondition(COND, type, "http://hl7.org/fhir/sid/icd-10-cm", "C00", "Cancer",
        CodeMatch.values()[0], LocalDate.parse("2024-01-01"), false);
  }

  static LineOfTherapy line(int n, LineSetting setting, int inSetting, String start, String end, String... regimen) {
    return new LineOfTherapy(n, setting, inSetting, new TreeSet<>(List.of(regimen)), LocalDate.parse(start),
        end == null ? null : LocalDate.parse(end), end == null ? LineEndReason.ONGOING : LineEndReason.PROGRESSION,
        List.of(new ResourceRef("MedicationAdministration", "ma-" + n)));
  }

  /** 42 administrations every 14 days from 2024-08-05 (to 2026-03) and a progression Observation on 2026-04-07. */
  static PatientRecord record(LocalDate death, boolean deceasedNoDate) {
    List<DrugExposure> exposures = new ArrayList<>();
    LocalDate d = LocalDate.parse("2024-08-05");
    for (int i = 0; i < 42; i++) {
      exposures.add(new DrugExposure("carboplatin", d, d, ExposureSource.MEDICATION_ADMINISTRATION,
          ExposureStatus.COMPLETED, StopReason.NONE, TreatmentIntent.PALLIATIVE, COND,
          new ResourceRef("MedicationAdministration", "ma" + i)));
      d = d.plusDays(14);
    }
    return new PatientRecord(PID, List.of(cancer(CancerType.OVARIAN)), exposures,
        List.of(new DiseaseStatusEvent(LocalDate.parse("2026-04-07"), DiseaseStatus.PROGRESSION, COND, PROG)),
        List.of(), List.of(), death, List.of(), List.of(), List.of(), List.of(), deceasedNoDate);
  }

  static List<ResourceRef> allEvidence() {
    List<ResourceRef> ev = new ArrayList<>();
    for (int i = 0; i < 42; i++) {
      ev.add(new ResourceRef("MedicationAdministration", "ma" + i));
    }
    ev.add(PROG);
    return ev;
  }

  static CancerAssessment assessment(CancerType type, RefractoryStatus status, List<LineOfTherapy> lines,
      List<Reason> reasons, boolean trial) {
    List<Suggestion> suggestions = new ArrayList<>();
    if (trial) {
      suggestions.add(new Suggestion(SuggestionType.TRIAL_REFERRAL, "Refer for clinical trial evaluation.", reasons,
          List.of()));
    }
    suggestions.add(new Suggestion(SuggestionType.SUPPORTIVE_CARE, "Review supportive care.", reasons, List.of()));
    return new CancerAssessment(cancer(type), "ovarian-platinum", "1.1.0", lines, status, reasons, suggestions,
        LocalDate.parse("2026-04-07"), "Narrative.");
  }

  static CancerAssessment platinumRefractory() {
    return assessment(CancerType.OVARIAN, RefractoryStatus.LIKELY_REFRACTORY,
        List.of(line(1, LineSetting.ADVANCED, 1, "2024-08-05", "2026-04-07", "carboplatin")),
        List.of(new Reason("platinum-refractory", "Progression during platinum.", allEvidence())), true);
  }

  List<CdsJson.Card> cards(CancerAssessment ca, PatientRecord record) {
    PatientAssessment pa = new PatientAssessment(PID, AS_OF, List.of(ca), List.of());
    List<ProposedResource> proposals = new SuggestionResourceBuilder().build(pa);
    PublishPlan plan = new PublishPlan(PID, proposals.stream()
        .map(p -> new PlannedWrite(p.key(), p.resourceType(), WriteAction.CREATE, null)).toList(), null);
    return cards.patientView(PID, record, pa, proposals, plan, CdsServiceCatalogue.PATIENT_VIEW,
        "https://adapter.example");
  }

  @Test
  void aDeceasedPatientGetsNoCard() {
    assertThat(cards(platinumRefractory(), record(null, false))).hasSize(1);
    assertThat(cards(platinumRefractory(), record(LocalDate.parse("2026-04-20"), false))).as("died").isEmpty();
    assertThat(cards(platinumRefractory(), record(null, true))).as("deceasedBoolean true, no date").isEmpty();
    CancerAssessment quiet = assessment(CancerType.OVARIAN, RefractoryStatus.LIKELY_REFRACTORY, List.of(),
        List.of(new Reason("patient-deceased", "The patient died on 2026-04-20: no suggestions are made.",
            List.of(new ResourceRef("Patient", PID)))), false);
    assertThat(cards(quiet, null)).as("the engine's patient-deceased reason").isEmpty();
  }

  @Test
  void theSummaryNamesItsBasis() {
    List<LineOfTherapy> three = List.of(line(1, LineSetting.ADVANCED, 1, "2024-08-05", "2025-01-01", "a"),
        line(2, LineSetting.ADVANCED, 2, "2025-02-01", "2025-08-01", "b"),
        line(3, LineSetting.ADVANCED, 3, "2025-09-01", null, "lenalidomide"));
    List<LineOfTherapy> one = List.of(line(1, LineSetting.ADVANCED, 1, "2025-09-01", null, "folfox"));
    record Case(CancerType type, RefractoryStatus status, List<LineOfTherapy> lines, String code, String text,
        String summary) {}
    List<Case> cases = List.of(
        new Case(CancerType.OVARIAN, RefractoryStatus.LIKELY_REFRACTORY, one, "platinum-refractory",
            "Progression during platinum.", "Platinum-refractory ovarian cancer: review suggested"),
        new Case(CancerType.OVARIAN, RefractoryStatus.AT_RISK, one, "platinum-resistant",
            "Progression within 6 months of the last platinum dose.",
            "Platinum-resistant ovarian cancer: review suggested"),
        new Case(CancerType.MULTIPLE_MYELOMA, RefractoryStatus.LIKELY_REFRACTORY, three, "triple-class-refractory",
            "Refractory to an IMiD, a proteasome inhibitor and an anti-CD38 antibody.",
            "Triple-class refractory multiple myeloma: review suggested"),
        new Case(CancerType.MULTIPLE_MYELOMA, RefractoryStatus.AT_RISK, three, "refractory-to-latest-line",
            "Refractory (IMWG) to a drug of the latest line, line 3 (lenalidomide).",
            "Multiple myeloma refractory to lenalidomide: review suggested"),
        new Case(CancerType.COLORECTAL, RefractoryStatus.AT_RISK, one, "progression-on-latest-line",
            "Progression evidence on or after 2026-04-07.",
            "At risk: colorectal cancer progressed on advanced line 1: review suggested"),
        new Case(CancerType.BREAST, RefractoryStatus.LIKELY_REFRACTORY, three, "advanced-lines-threshold",
            "3 advanced-setting line(s).", "Likely refractory breast cancer after 3 advanced lines: review suggested"));
    for (Case c : cases) {
      CancerAssessment ca = assessment(c.type(), c.status(), c.lines(),
          List.of(new Reason(c.code(), c.text(), List.of(PROG))), false);
      String summary = cards(ca, null).get(0).summary();
      assertThat(summary).isEqualTo(c.summary()).hasSizeLessThan(140).doesNotContain(PID);
    }
  }

  @Test
  void evidenceIsSummarisedPerKindWithDateRangesAndAtMostThreeIds() {
    CdsJson.Card card = cards(platinumRefractory(), record(null, false)).get(0);
    assertThat(card.detail())
        .contains("42 MedicationAdministrations 2024-08 to 2026-03")
        .contains("disease status Observation 2026-04-07 (progression, `Observation/prog1`)")
        .doesNotContain("more")
        .doesNotContain("`MedicationAdministration/ma1`");
    String reasons = card.detail().substring(card.detail().indexOf("**Reasons**"),
        card.detail().indexOf("**Suggestions**"));
    Matcher ids = Pattern.compile("`[A-Za-z]+/[^`]+`").matcher(reasons);
    int n = 0;
    while (ids.find()) {
      n++;
    }
    assertThat(n).isBetween(1, CdsEvidence.MAX_NAMED_IDS);
    assertThat(card.detail()).doesNotContain("(platinum-resistant)");
  }

  @Test
  void eachSuggestionCreatesOneThingWithThePassIdentifiers() {
    CdsJson.Card card = cards(platinumRefractory(), record(null, false)).get(0);
    assertThat(card.selectionBehavior()).isEqualTo("any");
    assertThat(card.suggestions()).extracting(CdsJson.Suggestion::label).containsExactly(
        "Ask the trial team to review (creates a referral request and task)",
        "Save suggestions as a draft care plan (no orders)",
        "Add chart flag: likely refractory ovarian cancer (visible in the chart)");
    assertThat(card.suggestions()).allSatisfy(s -> assertThat(s.label()).hasSizeLessThan(80));
    assertThat(card.suggestions()).extracting(CdsJson.Suggestion::uuid).doesNotHaveDuplicates();
    List<List<String>> types = card.suggestions().stream().map(s -> s.actions().stream()
        .map(a -> parse(a.resource()).fhirType()).toList()).toList();
    assertThat(types).containsExactly(List.of("ServiceRequest", "Task"), List.of("CarePlan"), List.of("Flag"));

    PatientAssessment pa = new PatientAssessment(PID, AS_OF, List.of(platinumRefractory()), List.of());
    List<String> passIds = new SuggestionResourceBuilder().build(pa).stream().map(ProposedResource::identifierValue)
        .sorted().toList();
    List<String> cardIds = card.suggestions().stream().flatMap(s -> s.actions().stream())
        .map(a -> identifier(parse(a.resource()))).sorted().toList();
    assertThat(cardIds).as("exactly what a pass writes").isEqualTo(passIds);
    Task task = (Task) parse(card.suggestions().get(0).actions().get(1).resource());
    assertThat(task.getFocus().getReference()).startsWith("ServiceRequest?identifier="
        + Canonical.ID_ASSESSMENT_OUTPUT + "|");

    CancerAssessment atRisk = assessment(CancerType.COLORECTAL, RefractoryStatus.AT_RISK,
        List.of(line(1, LineSetting.ADVANCED, 1, "2025-09-01", null, "folfox")),
        List.of(new Reason("progression-on-latest-line", "Progression.", List.of(PROG))), false);
    assertThat(cards(atRisk, null).get(0).suggestions()).extracting(CdsJson.Suggestion::label).containsExactly(
        "Save suggestions as a draft care plan (no orders)",
        "Add chart flag: at risk colorectal cancer (visible in the chart)");
  }

  @Test
  void patientViewOffersTheClinicalOverrideReasons() {
    CdsJson.Card card = cards(platinumRefractory(), null).get(0);
    assertThat(card.overrideReasons()).extracting(CdsJson.Coding::display).containsExactly(
        "Record incorrect (drug, date, progression or attribution)",
        "Not refractory: responding, maintenance or planned break",
        "Goals of care: hospice or best supportive care",
        "Line count or setting wrong",
        "Already addressed",
        "Not clinically relevant");
    assertThat(card.overrideReasons()).extracting(CdsJson.Coding::code).contains("disagree-line-count")
        .allSatisfy(code -> assertThat(CdsCards.knownOverrideReason(code)).isTrue());
    assertThat(card.overrideReasons()).allSatisfy(c -> assertThat(c.system()).isEqualTo(
        CdsCards.OVERRIDE_REASON_SYSTEM));
  }

  static Resource parse(String json) {
    return (Resource) CTX.newJsonParser().parseResource(json);
  }

  static String identifier(Resource r) {
    return r.getNamedProperty("identifier").getValues().stream().map(v -> (Identifier) v)
        .filter(i -> Canonical.ID_ASSESSMENT_OUTPUT.equals(i.getSystem())).findFirst().orElseThrow().getValue();
  }
}
