package io.github.oncorefract.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oncorefract.assessment.AssessmentParameters;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.CodeMatch;
import io.github.oncorefract.domain.DiseaseStatus;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureSource;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.ProcedureEvent;
import io.github.oncorefract.domain.ProcedureKind;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StopReason;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.domain.TreatmentIntent;
import io.github.oncorefract.domain.VariantKind;
import io.github.oncorefract.therapy.TherapyParameters;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Given a record with three lines (the third ongoing), a progression, a variant and a surgery, when rendered, then
 * the page holds one lane per ingredient, the bands with number, setting and end reason, the engine's regimen window
 * and gaps, the markers and the status box; every record text is escaped and nothing is loaded from elsewhere.
 */
class TimelineRendererTest {

  private static final LocalDate AS_OF = LocalDate.of(2026, 6, 1);
  private static final String EVIL = "<script>alert('x')</script>";
  private static final ResourceRef COND = new ResourceRef("Condition", "c1");

  @Test
  void drawsLanesLinesGapsMarkersAndTheStatusBox() {
    String html = new TimelineRenderer(AssessmentParameters.defaults()).render(record(), assessment());
    write(html);

    assertThat(attributes(html, "class=\"lane\" data-ingredient")).containsExactly("carboplatin", "pemetrexed",
        "docetaxel", "osimertinib");
    assertThat(attributes(html, "data-line-number")).contains("1", "2", "3");
    assertThat(html).contains("class=\"line-band advanced\" data-line-number=\"2\" data-setting=\"advanced\" "
        + "data-end-reason=\"progression\"");
    assertThat(html).contains("class=\"line-band curative\" data-line-number=\"1\" data-setting=\"curative\"");
    assertThat(html).contains("class=\"line-band advanced ongoing\" data-line-number=\"3\"");
    // the engine's parameters: 28-day regimen windows, and the 200-day pause between line 1 and 2 exceeds 180 days
    assertThat(html).contains("class=\"regimen-window\" data-line-number=\"1\" data-days=\"28\"");
    assertThat(html).containsPattern("class=\"gap long-gap\" data-days=\"199\" data-gap-days=\"180\"");
    assertThat(html).contains("class=\"gap\" data-days=\"60\" data-gap-days=\"180\"");
    // markers: progression in red (class), variant, surgery
    assertThat(html).contains("class=\"marker status status-progression progression\" data-date=\"2025-06-01\"");
    assertThat(html).contains("class=\"marker variant\" data-date=\"2025-06-10\" data-gene=\"EGFR\"");
    assertThat(html).contains("class=\"marker procedure surgery\" data-kind=\"surgery\"");
    assertThat(html).contains(".marker.progression path { fill: #d62828;");
    // the ongoing exposure is drawn to the assessment day
    assertThat(html).contains("class=\"exposure ongoing\" data-start=\"2025-07-01\" data-end=\"\"");
    assertThat(html).contains("ongoing (drawn to 2026-06-01)");
    // status box
    assertThat(html).contains("id=\"status-box\"");
    assertThat(html).contains("data-status=\"likely-refractory\"");
    assertThat(html).contains("<code class=\"ruleset-id\">nsclc</code> version <code class=\"ruleset-version\">"
        + "2.1.0</code>");
    assertThat(html).contains("progression-on-latest-line").contains("<code>Observation/prog1</code>");
    assertThat(html).contains("Referral for clinical trial evaluation");
    assertThat(html).contains("Patient/p1").contains("@page { size: A4 landscape");
  }

  @Test
  void aShorterTreatmentGapParameterChangesTheShading() {
    AssessmentParameters d = AssessmentParameters.defaults();
    TherapyParameters tp = d.therapy().withTreatmentGapDays(400);
    AssessmentParameters longGap = new AssessmentParameters(tp, Map.of(CancerType.NSCLC, tp), d.solidTumour(),
        d.nsclc(), d.myeloma(), d.ovarian(), d.dlbcl(), d.suggestions(), d.maxDaysBeforeDiagnosis(), d.setting());

    String html = new TimelineRenderer(longGap).render(record(), assessment());

    assertThat(html).doesNotContain("long-gap\" data-days").contains("data-gap-days=\"400\"");
  }

  @Test
  void escapesEveryRecordTextAndLoadsNothingFromElsewhere() {
    String html = new TimelineRenderer(AssessmentParameters.defaults()).render(record(), assessment());

    assertThat(html).doesNotContain(EVIL).doesNotContain("<script").contains("&lt;script&gt;alert(&#39;x&#39;)");
    assertThat(html).doesNotContainPattern("(?i)\\b(src|href)\\s*=").doesNotContain("@import")
        .doesNotContain("url(");
    // the only URL is the SVG namespace
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http:")
        .doesNotContain("https:");
  }

  @Test
  void aRecordWithoutCancerOrTherapyStillRenders() {
    PatientRecord empty = new PatientRecord("p2", List.of(), List.of(), List.of(), List.of(), List.of(), null,
        List.of());
    String html = new TimelineRenderer(AssessmentParameters.defaults())
        .render(empty, new PatientAssessment("p2", AS_OF, List.of(), List.of()));

    assertThat(html).contains("No recognised cancer").contains("id=\"status-box\"")
        .doesNotContain("class=\"lane\"");
    assertThatThrownBy(() -> new TimelineRenderer(AssessmentParameters.defaults()).render(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** For a look in a browser: {@code target/timeline-sample.html}. */
  private static void write(String html) {
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of("target", "timeline-sample.html"), html);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> attributes(String html, String prefix) {
    Matcher m = Pattern.compile(Pattern.quote(prefix) + "=\"([^\"]*)\"").matcher(html);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      if (!out.contains(m.group(1))) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static DrugExposure exp(String ingredient, String start, String end, ExposureStatus status, String id) {
    return new DrugExposure(ingredient, LocalDate.parse(start), end == null ? null : LocalDate.parse(end),
        ExposureSource.MEDICATION_ADMINISTRATION, status, StopReason.NONE, TreatmentIntent.PALLIATIVE, COND,
        new ResourceRef("MedicationAdministration", id));
  }

  private static PatientRecord record() {
    List<DrugExposure> exposures = List.of(
        exp("carboplatin", "2024-01-01", "2024-03-01", ExposureStatus.COMPLETED, "a1"),
        exp("pemetrexed", "2024-01-01", "2024-05-01", ExposureStatus.COMPLETED, "a2"),
        exp("docetaxel", "2024-11-17", "2025-05-01", ExposureStatus.COMPLETED, "a3"),
        exp("osimertinib", "2025-07-01", null, ExposureStatus.ACTIVE, "a4"));
    return new PatientRecord("p1", List.of(cancer()), exposures,
        List.of(new DiseaseStatusEvent(LocalDate.parse("2025-06-01"), DiseaseStatus.PROGRESSION, COND,
                new ResourceRef("Observation", "prog1")),
            new DiseaseStatusEvent(LocalDate.parse("2024-06-01"), DiseaseStatus.STABLE, COND,
                new ResourceRef("Observation", "st1"))),
        List.of(new GenomicVariant("EGFR", "p.L858R", VariantKind.SEQUENCE, true, "somatic",
            LocalDate.parse("2025-06-10"), EVIL, new ResourceRef("Observation", "v1"))),
        List.of(new ProcedureEvent(ProcedureKind.SURGERY, LocalDate.parse("2023-12-01"), null,
            TreatmentIntent.CURATIVE, COND, new ResourceRef("Procedure", "s1"))),
        null, List.of());
  }

  private static CancerCondition cancer() {
    return new CancerCondition(COND, CancerType.NSCLC, "http://hl7.org/fhir/sid/icd-10-cm", "C34.90",
        "NSCLC " + EVIL, CodeMatch.values()[0], LocalDate.parse("2023-11-01"), false);
  }

  private static LineOfTherapy line(int n, LineSetting setting, String start, String end, LineEndReason why,
      List<String> sources, String... regimen) {
    return new LineOfTherapy(n, setting, 1, new TreeSet<>(List.of(regimen)), LocalDate.parse(start),
        end == null ? null : LocalDate.parse(end), why,
        sources.stream().map(id -> new ResourceRef("MedicationAdministration", id)).toList());
  }

  private static PatientAssessment assessment() {
    Reason r = new Reason("progression-on-latest-line", "Progression " + EVIL,
        List.of(new ResourceRef("Observation", "prog1")));
    CancerAssessment ca = new CancerAssessment(cancer(), "nsclc", "2.1.0",
        List.of(line(1, LineSetting.CURATIVE, "2024-01-01", "2024-05-01", LineEndReason.GAP, List.of("a1", "a2"), "carboplatin",
                "pemetrexed"),
            line(2, LineSetting.ADVANCED, "2024-11-17", "2025-05-01", LineEndReason.PROGRESSION, List.of("a3"), "docetaxel"),
            line(3, LineSetting.ADVANCED, "2025-07-01", null, LineEndReason.ONGOING, List.of("a4"), "osimertinib")),
        RefractoryStatus.LIKELY_REFRACTORY, List.of(r),
        List.of(new Suggestion(SuggestionType.TRIAL_REFERRAL, "Refer " + EVIL, List.of(r), List.of())),
        LocalDate.parse("2025-06-01"), "Two advanced lines with progression.");
    return new PatientAssessment("p1", AS_OF, List.of(ca), List.of());
  }
}
