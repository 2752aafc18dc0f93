package io.github.oncorefract.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.assessment.AssessmentParameters;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.CodeMatch;
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
import io.github.oncorefract.domain.TreatmentIntent;
import io.github.oncorefract.domain.VariantKind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Odd records a data source can send: the page must render (never throw) and stay readable: axis labels, marker
 * labels and lane labels never drawn over each other or over the plot.
 */
class TimelineRendererRobustnessTest {

  private static final LocalDate AS_OF = LocalDate.of(2026, 6, 1);
  private static final ResourceRef COND = new ResourceRef("Condition", "c1");
  private static final TimelineRenderer RENDERER = new TimelineRenderer(AssessmentParameters.defaults());

  @Test
  void aCenturyWideRecordHasAxisLabelsThatDoNotOverlap() {
    // a typo'd 1900 start and a 2100 end: the axis must thin its labels, not print 200 overlapping years
    PatientRecord r = record(List.of(exp("carboplatin", "1900-01-01", "1900-02-01", ExposureStatus.COMPLETED, "a1"),
        exp("pemetrexed", "2024-01-01", "2100-01-01", ExposureStatus.COMPLETED, "a2")), List.of(), List.of());
    String html = RENDERER.render(r, assessment(r, List.of()));

    List<Double> xs = axisLabelXs(html);
    assertThat(xs).hasSizeGreaterThan(3).hasSizeLessThan(40);
    for (int i = 1; i < xs.size(); i++) {
      assertThat(xs.get(i) - xs.get(i - 1)).as("axis label spacing").isGreaterThanOrEqualTo(30);
    }
  }

  @Test
  void theWholeRangeOfFhirYearsRendersCompactly() {
    PatientRecord r = record(List.of(exp("carboplatin", "0001-01-01", null, ExposureStatus.ACTIVE, "a1"),
        exp("pemetrexed", "9999-12-31", "9999-12-31", ExposureStatus.COMPLETED, "a2")), List.of(), List.of());
    String html = RENDERER.render(r, assessment(r, List.of()));

    assertThat(html.length()).isLessThan(100_000);
    assertThat(axisLabelXs(html)).hasSizeLessThan(40);
  }

  @Test
  void markersOnTheSameDayDoNotDrawTheirLabelsOverEachOther() {
    List<GenomicVariant> variants = new ArrayList<>();
    for (String gene : List.of("EGFR", "KRAS", "BRAF", "ALK", "ROS1", "MET")) {
      variants.add(new GenomicVariant(gene, "p.X1Y", VariantKind.SEQUENCE, true, "somatic",
          LocalDate.parse("2024-03-01"), gene, new ResourceRef("Observation", gene)));
    }
    List<ProcedureEvent> procs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      procs.add(new ProcedureEvent(ProcedureKind.RADIOTHERAPY, LocalDate.parse("2024-04-01").plusDays(i), null,
          TreatmentIntent.PALLIATIVE, COND, new ResourceRef("Procedure", "p" + i)));
    }
    PatientRecord r = new PatientRecord("p1", List.of(cancer()),
        List.of(exp("carboplatin", "2024-01-01", "2024-03-01", ExposureStatus.COMPLETED, "a1")), List.of(), variants,
        procs, null, List.of());
    String html = RENDERER.render(r, assessment(r, List.of()));

    for (String row : List.of("variant-row", "procedure-row")) {
      String g = html.substring(html.indexOf("<g class=\"" + row + "\">"));
      g = g.substring(0, g.indexOf("\n</g>"));
      List<double[]> labels = new ArrayList<>();
      Matcher m = Pattern.compile("<text x=\"([0-9.]+)\" y=\"[0-9.]+\">([^<]*)</text>").matcher(g);
      while (m.find()) {
        labels.add(new double[] {Double.parseDouble(m.group(1)), m.group(2).length()});
      }
      assertThat(labels).as(row + " labels").isNotEmpty();
      for (int i = 1; i < labels.size(); i++) {
        double prevEnd = labels.get(i - 1)[0] + labels.get(i - 1)[1] * 5.5;
        assertThat(labels.get(i)[0]).as(row + " label " + i + " starts after the previous one ends")
            .isGreaterThanOrEqualTo(prevEnd);
      }
      // every marker keeps its tooltip
      assertThat(g.split("<title>", -1)).hasSize(7);
    }
  }

  @Test
  void aLongIngredientNameStaysInTheLabelColumn() {
    String name = "lutetium lu 177 vipivotide tetraxetan";
    PatientRecord r = record(List.of(exp(name, "2024-01-01", "2024-03-01", ExposureStatus.COMPLETED, "a1")),
        List.of(), List.of());
    String html = RENDERER.render(r, assessment(r, List.of()));

    Matcher m = Pattern.compile("<text class=\"lane-label\" x=\"6\" y=\"[0-9]+\">(?:<title>[^<]*</title>)?([^<]*)"
        + "</text>").matcher(html);
    assertThat(m.find()).isTrue();
    assertThat(m.group(1).length()).as("shown label").isLessThanOrEqualTo(26);
    // the cancer row label too ("Lines: " + a long display)
    Matcher row = Pattern.compile("<text class=\"row-label\" x=\"6\" y=\"[0-9]+\"><title>[^<]*</title>([^<]*)"
        + "</text>").matcher(html);
    while (row.find()) {
      assertThat(row.group(1).length()).as(row.group(1)).isLessThanOrEqualTo(26);
    }
    assertThat(html).contains("data-ingredient=\"" + name + "\"").contains("<title>" + name + "</title>");
  }

  @Test
  void thirtyIngredientsHundredsOfExposuresAndOddDatesRender() {
    List<DrugExposure> exposures = new ArrayList<>();
    LocalDate d = LocalDate.parse("2015-01-01");
    for (int i = 0; i < 600; i++) {
      String ingr = "drug" + (i % 30);
      LocalDate start = d.plusDays(i * 7L);
      // end before start, open completed, open active, future start
      LocalDate end = i % 5 == 0 ? start.minusDays(10) : i % 5 == 1 ? null : start.plusDays(3);
      ExposureStatus st = i % 5 == 1 ? (i % 2 == 0 ? ExposureStatus.ACTIVE : ExposureStatus.COMPLETED)
          : ExposureStatus.COMPLETED;
      exposures.add(new DrugExposure(ingr, start, end, ExposureSource.MEDICATION_REQUEST, i % 7 == 0 ? null : st,
          StopReason.NONE, null, null, new ResourceRef("MedicationRequest", "m" + i)));
    }
    exposures.add(exp("drug0", "2030-01-01", null, ExposureStatus.ACTIVE, "future"));
    PatientRecord r = record(exposures, List.of(), List.of());
    List<ResourceRef> refs = exposures.stream().map(DrugExposure::resource).toList();
    LineOfTherapy line = new LineOfTherapy(1, LineSetting.ADVANCED, 1, new TreeSet<>(List.of("drug0", "drug1")),
        LocalDate.parse("2015-01-01"), null, LineEndReason.ONGOING, refs);
    LineOfTherapy endsBeforeStart = new LineOfTherapy(2, LineSetting.ADVANCED, 2, new TreeSet<>(List.of("drug2")),
        LocalDate.parse("2020-01-01"), LocalDate.parse("2019-01-01"), LineEndReason.PROGRESSION, List.of());
    String html = RENDERER.render(r, assessment(r, List.of(line, endsBeforeStart),
        List.of(new Reason("advanced-lines", "many", refs))));

    assertThat(html).contains("id=\"status-box\"");
    assertThat(html.split("class=\"lane\"", -1)).hasSize(31);
    // the box lists a few of the 601 references and counts the rest, instead of pages of ids
    String reasons = html.substring(html.indexOf("<ul class=\"reasons\">"));
    reasons = reasons.substring(0, reasons.indexOf("</ul>"));
    assertThat(reasons.split("<code>MedicationRequest/", -1).length - 1).isLessThanOrEqualTo(12);
    assertThat(reasons).contains("and 589 more");
  }

  @Test
  void markupInEveryRecordStringIsEscaped() {
    String x = "\"'><svg onload=alert(1)><script>alert(2)</script>&#x3c;";
    ResourceRef cond = new ResourceRef("Condition", "c" + x);
    CancerCondition cancer = new CancerCondition(cond, CancerType.NSCLC, "sys" + x, "code" + x, "NSCLC" + x,
        CodeMatch.values()[0], LocalDate.parse("2023-01-01"), false);
    DrugExposure e = new DrugExposure("drug" + x, LocalDate.parse("2024-01-01"), null, ExposureSource.MEDICATION_REQUEST,
        ExposureStatus.ACTIVE, StopReason.NONE, null, cond, new ResourceRef("MedicationRequest" + x, "m" + x));
    GenomicVariant v = new GenomicVariant("EGFR" + x, "p.L858R" + x, VariantKind.SEQUENCE, true, "somatic" + x,
        LocalDate.parse("2024-02-01"), x, new ResourceRef("Observation", "o" + x));
    ProcedureEvent p = new ProcedureEvent(ProcedureKind.SURGERY, LocalDate.parse("2023-02-01"), null, null, cond,
        new ResourceRef("Procedure", "p" + x));
    io.github.oncorefract.domain.DiseaseStatusEvent st = new io.github.oncorefract.domain.DiseaseStatusEvent(
        LocalDate.parse("2024-05-01"), io.github.oncorefract.domain.DiseaseStatus.PROGRESSION, cond,
        new ResourceRef("Observation", "s" + x));
    PatientRecord r = new PatientRecord("p" + x, List.of(cancer), List.of(e), List.of(st), List.of(v), List.of(p),
        null, List.of(new io.github.oncorefract.domain.QuarantineEntry("Observation" + x, "q" + x, "value" + x,
            "invalid" + x)));
    Reason reason = new Reason("code" + x, "text" + x, List.of(new ResourceRef("Observation", "o" + x)));
    io.github.oncorefract.domain.TrialCandidate study = new io.github.oncorefract.domain.TrialCandidate(
        new ResourceRef("ResearchStudy", "rs" + x), "title" + x, "NCT" + x, "active", java.util.Set.of(),
        java.util.Set.of(), false, false, true, List.of(), null);
    io.github.oncorefract.domain.Suggestion sg = new io.github.oncorefract.domain.Suggestion(
        io.github.oncorefract.domain.SuggestionType.TRIAL_REFERRAL, "refer" + x, List.of(reason),
        List.of("agent" + x), List.of(new io.github.oncorefract.domain.TrialMatch(study,
            io.github.oncorefract.domain.TrialMatch.Scope.ANY_CANCER, null, null)));
    LineOfTherapy line = new LineOfTherapy(1, LineSetting.ADVANCED, 1, new TreeSet<>(List.of("drug" + x)),
        LocalDate.parse("2024-01-01"), null, LineEndReason.ONGOING, List.of(e.resource()));
    CancerAssessment ca = new CancerAssessment(cancer, "rules" + x, "1" + x, List.of(line),
        RefractoryStatus.LIKELY_REFRACTORY, List.of(reason), List.of(sg), null, "narrative" + x, List.of(reason));
    String html = RENDERER.render(r, new PatientAssessment("p" + x, AS_OF, List.of(ca), List.of(), List.of(e)));

    assertThat(html).doesNotContain("<svg onload").doesNotContain("<script").doesNotContain("'>")
        .doesNotContain("\">\"").contains("&lt;svg onload=alert(1)&gt;");
    // the only element opened by an SVG is the drawing itself
    assertThat(html.split("<svg", -1)).hasSize(2);
  }

  // ------------------------------------------------------------------ helpers

  private static List<Double> axisLabelXs(String html) {
    String g = html.substring(html.indexOf("<g class=\"axis\">"));
    g = g.substring(0, g.indexOf("\n</g>"));
    Matcher m = Pattern.compile("<text x=\"([0-9.]+)\"").matcher(g);
    List<Double> xs = new ArrayList<>();
    while (m.find()) {
      xs.add(Double.parseDouble(m.group(1)));
    }
    return xs;
  }

  private static DrugExposure exp(String ingredient, String start, String end, ExposureStatus status, String id) {
    return new DrugExposure(ingredient, LocalDate.parse(start), end == null ? null : LocalDate.parse(end),
        ExposureSource.MEDICATION_ADMINISTRATION, status, StopReason.NONE, TreatmentIntent.PALLIATIVE, COND,
        new ResourceRef("MedicationAdministration", id));
  }

  private static CancerCondition cancer() {
    return new CancerCondition(COND, CancerType.NSCLC, null, null, "NSCLC (SNOMED 254637007)", CodeMatch.values()[0],
        null, false);
  }

  private static PatientRecord record(List<DrugExposure> exposures, List<GenomicVariant> variants,
      List<ProcedureEvent> procedures) {
    return new PatientRecord("p1", List.of(cancer()), exposures, List.of(), variants, procedures, null, List.of());
  }

  private static PatientAssessment assessment(PatientRecord r, List<LineOfTherapy> lines) {
    return assessment(r, lines, List.of());
  }

  private static PatientAssessment assessment(PatientRecord r, List<LineOfTherapy> lines, List<Reason> reasons) {
    CancerAssessment ca = new CancerAssessment(cancer(), "nsclc", "2.1.0", lines, RefractoryStatus.values()[0],
        reasons, List.of(), null, "n");
    return new PatientAssessment(r.patientId(), AS_OF, List.of(ca), List.of());
  }
}
