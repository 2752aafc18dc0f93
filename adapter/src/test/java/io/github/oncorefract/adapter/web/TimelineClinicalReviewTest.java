package io.github.oncorefract.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The oncologist's review of the timeline, with {@code new}: a deceased patient's axis ends at the death with a
 * marker; a negative genomic result is labelled "not detected" and drawn hollow; one disease-status lane per cancer;
 * markers of the same day side by side; the legend explains the status colours, the hollow marker and the dashed
 * border.
 */
class TimelineClinicalReviewTest {

  static final LocalDate AS_OF = LocalDate.of(2026, 6, 1);
  static final ResourceRef BREAST = new ResourceRef("Condition", "breast");
  static final ResourceRef COLON = new ResourceRef("Condition", "colon");
  static final TimelineRenderer RENDERER = new TimelineRenderer(AssessmentParameters.defaults());

  static CancerCondition cancer(ResourceRef ref, CancerType type, String display) {
    return new CancerCondition(ref, type, "http://hl7.org/fhir/sid/icd-10-cm", "C50.9", display,
        CodeMatch.values()[0], LocalDate.parse("2024-01-01"), false);
  }

  static DrugExposure exp(String ingredient, String start, String end, ExposureStatus status, ResourceRef cond,
      String id) {
    return new DrugExposure(ingredient, LocalDate.parse(start), end == null ? null : LocalDate.parse(end),
        ExposureSource.MEDICATION_ADMINISTRATION, status, StopReason.NONE, TreatmentIntent.PALLIATIVE, cond,
        new ResourceRef("MedicationAdministration", id));
  }

  static CancerAssessment assessed(CancerCondition c, String ingredient, String start, String id) {
    LineOfTherapy l = new LineOfTherapy(1, LineSetting.ADVANCED, 1, new TreeSet<>(List.of(ingredient)),
        LocalDate.parse(start), null, LineEndReason.ONGOING,
        List.of(new ResourceRef("MedicationAdministration", id)));
    return new CancerAssessment(c, "solid-tumour", "1.0.0", List.of(l), RefractoryStatus.NOT_REFRACTORY, List.of(),
        List.of(), null, "One line.");
  }

  static DiseaseStatusEvent event(String date, DiseaseStatus status, ResourceRef focus, String id) {
    return new DiseaseStatusEvent(LocalDate.parse(date), status, focus, new ResourceRef("Observation", id));
  }

  static PatientRecord record(LocalDate death, boolean deceasedNoDate) {
    return new PatientRecord("p1",
        List.of(cancer(BREAST, CancerType.BREAST, "Breast cancer"), cancer(COLON, CancerType.COLORECTAL, "Colon")),
        List.of(exp("paclitaxel", "2025-01-01", null, ExposureStatus.ACTIVE, BREAST, "a1"),
            exp("oxaliplatin", "2025-02-01", "2025-08-01", ExposureStatus.COMPLETED, COLON, "a2")),
        List.of(event("2025-06-01", DiseaseStatus.PROGRESSION, BREAST, "pb"),
            event("2025-06-01", DiseaseStatus.STABLE, COLON, "sc"),
            event("2025-06-01", DiseaseStatus.PARTIAL_RESPONSE, COLON, "rc"),
            event("2025-07-01", DiseaseStatus.STABLE, null, "unknown")),
        List.of(new GenomicVariant("ERBB2", "amplification", VariantKind.COPY_NUMBER_GAIN, false, "somatic",
                LocalDate.parse("2025-03-01"), "HER2 FISH negative", new ResourceRef("Observation", "her2")),
            new GenomicVariant("PIK3CA", "p.H1047R", VariantKind.SEQUENCE, true, "somatic",
                LocalDate.parse("2025-03-01"), "PIK3CA H1047R", new ResourceRef("Observation", "pik3ca"))),
        List.of(), death, List.of(), List.of(), List.of(), List.of(), deceasedNoDate);
  }

  static PatientAssessment assessment() {
    return new PatientAssessment("p1", AS_OF, List.of(
        assessed(cancer(BREAST, CancerType.BREAST, "Breast cancer"), "paclitaxel", "2025-01-01", "a1"),
        assessed(cancer(COLON, CancerType.COLORECTAL, "Colon"), "oxaliplatin", "2025-02-01", "a2")), List.of());
  }

  @Test
  void aDeceasedPatientsAxisEndsAtTheDeathWithAMarker() {
    String alive = RENDERER.render(record(null, false), assessment());
    assertThat(alive).contains("<g class=\"today\">").doesNotContain("id=\"death-marker\"");

    String html = RENDERER.render(record(LocalDate.parse("2025-10-15"), false), assessment());
    assertThat(html).contains("class=\"death\" id=\"death-marker\" data-date=\"2025-10-15\"")
        .contains(">died 2025-10-15</text>").doesNotContain("<g class=\"today\">")
        .contains("The patient died on 2025-10-15");
    // the axis ends shortly after the death, not at the assessment day
    Matcher to = Pattern.compile("data-to=\"([0-9-]+)\"").matcher(html);
    assertThat(to.find()).isTrue();
    assertThat(LocalDate.parse(to.group(1))).isBefore(LocalDate.parse("2026-01-01"));
    // the ongoing exposure is drawn to the death
    assertThat(html).contains("ongoing (drawn to 2025-10-15)");

    assertThat(RENDERER.render(record(null, true), assessment()))
        .contains("recorded as deceased (date not recorded)").contains("<g class=\"today\">");
  }

  @Test
  void aNegativeGenomicResultIsNotLabelledAsTheAlteration() {
    String html = RENDERER.render(record(null, false), assessment());
    assertThat(html).contains("class=\"marker variant absent\" data-date=\"2025-03-01\" data-gene=\"ERBB2\"")
        .contains("ERBB2 amplification: not detected")
        .doesNotContainPattern(">ERBB2 amplification</text>")
        .contains(".marker.variant.absent path { fill: #fff;");
    assertThat(html).contains("genomic result: not detected</li>");
  }

  @Test
  void eachCancerHasItsOwnDiseaseStatusLane() {
    String html = RENDERER.render(record(null, false), assessment());
    assertThat(html).contains("<g class=\"status-row\" data-condition=\"Condition/breast\">")
        .contains("<g class=\"status-row\" data-condition=\"Condition/colon\">")
        .contains("<g class=\"status-row\">");
    String breast = row(html, "<g class=\"status-row\" data-condition=\"Condition/breast\">");
    String colon = row(html, "<g class=\"status-row\" data-condition=\"Condition/colon\">");
    assertThat(breast).contains("status-progression").doesNotContain("status-stable");
    assertThat(colon).contains("status-stable").contains("status-partial-response")
        .doesNotContain("status-progression");
    assertThat(html).contains("Status: Breast cancer").contains("Status: cancer not stated");
  }

  @Test
  void markersOfTheSameDayDoNotOverlap() {
    String colon = row(RENDERER.render(record(null, false), assessment()),
        "<g class=\"status-row\" data-condition=\"Condition/colon\">");
    List<Double> xs = new ArrayList<>();
    Matcher m = Pattern.compile("<circle cx=\"([0-9.]+)\"").matcher(colon);
    while (m.find()) {
      xs.add(Double.parseDouble(m.group(1)));
    }
    assertThat(xs).hasSize(2);
    assertThat(Math.abs(xs.get(1) - xs.get(0))).as("two r=5 dots of 2025-06-01 side by side")
        .isGreaterThanOrEqualTo(10);
    assertThat(TimelineRenderer.spread(List.of(100.0, 100.0, 100.0, 200.0), 15))
        .containsExactly(100.0, 115.0, 130.0, 200.0);
  }

  @Test
  void theLegendExplainsTheStatusColoursAndTheDashedBorder() {
    String legend = row(RENDERER.render(record(null, false), assessment()), "<ul class=\"legend\" id=\"legend\">");
    assertThat(legend).contains("response (complete, partial, improved)").contains("stable disease")
        .contains("other disease status").contains("dashed border: line ongoing")
        .contains("genomic result: not detected").contains("death");
  }

  private static String row(String html, String start) {
    int i = html.indexOf(start);
    assertThat(i).as(start).isNotNegative();
    String g = html.substring(i);
    int end = g.indexOf(start.startsWith("<ul") ? "</ul>" : "\n</g>");
    return g.substring(0, end);
  }
}
