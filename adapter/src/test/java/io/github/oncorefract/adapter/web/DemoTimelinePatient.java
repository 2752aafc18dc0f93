package io.github.oncorefract.adapter.web;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.routing.AssessmentPipeline;
import io.github.oncorefract.routing.PatientWork;

/** Finds a demo patient of the shared embedded server worth drawing, through the read-only pipeline. */
final class DemoTimelinePatient {

  private DemoTimelinePatient() {}

  /**
   * The first demo patient ({@code demo-0001}, ...) with a cancer of at least {@code minLines} lines and a
   * progression event.
   *
   * @return its previewed work
   * @throws AssertionError when the demo cohort has none
   */
  static PatientWork withLinesAndProgression(AssessmentPipeline pipeline, int minLines) {
    for (int i = 1; i <= 50; i++) {
      PatientWork w = pipeline.preview(String.format("demo-%04d", i));
      boolean lines = w.assessment().cancers().stream().map(CancerAssessment::lines)
          .anyMatch(l -> l.size() >= minLines);
      boolean progression = w.record().statusEvents().stream().anyMatch(e -> e.status().isProgression());
      if (lines && progression) {
        return w;
      }
    }
    throw new AssertionError("no demo patient with " + minLines + " lines and a progression");
  }
}
