package io.github.oncorefract.adapter.web;

import io.github.oncorefract.assessment.AssessmentParameters;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.ProcedureEvent;
import io.github.oncorefract.domain.ProcedureKind;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.TrialMatch;
import io.github.oncorefract.routing.PatientWork;
import io.github.oncorefract.therapy.TherapyParameters;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Draws what the engine computed for one patient as one self-contained HTML document: an inline SVG timeline and the
 * assessment boxes, inline CSS, no scripts, fonts, images or any other external resource, so it works offline and
 * prints on A4 landscape ({@code @page}); laid out for a 1366x768 screen.
 *
 * <p>The timeline, left to right in UTC days from the earliest dated fact to the assessment day ({@code asOf},
 * "today"), or to the death of a patient who died on or before it ({@link PatientRecord#deathDate()}: the axis ends
 * there, open exposures and lines are drawn to it, and a death marker {@code id="death-marker"} replaces "today"; the
 * header says so, also for a death without a date):
 * <ul>
 *   <li>per cancer a row of line-of-therapy bands ({@code class="line-band"}, {@code data-line-number},
 *       {@code data-setting} {@code curative}/{@code advanced}, {@code data-end-reason}), labelled with number, setting
 *       and end reason; the regimen window of each line (its first {@code regimenWindowDays}) shaded
 *       ({@code class="regimen-window"}) and every stretch without antineoplastic therapy between exposures longer
 *       than the regimen window shaded ({@code class="gap"}), those longer than {@code treatmentGapDays} marked
 *       {@code class="gap long-gap"} (such a gap starts a new line). Both day counts are the engine's parameters for the cancer's type
 *       ({@link AssessmentParameters#therapyFor}), never constants of this class;</li>
 *   <li>one lane of disease-status markers per cancer ({@code class="status-row"}, {@code data-condition}; events
 *       by their focus; those naming no cancer of several in a last lane), each {@code class="marker status
 *       status-<code>"} (progression and recurrence {@code class="marker progression"}, drawn red; responses green,
 *       stable amber, others grey);</li>
 *   <li>a row of genomic results ({@code class="marker variant"}; a negative result {@code class="marker variant
 *       absent"}, hollow, labelled "ERBB2 amplification: not detected", never as the alteration) and one of procedures
 *       ({@code class="marker procedure"}, {@code data-kind} e.g. {@code surgery}, {@code radiotherapy},
 *       {@code stem-cell-transplant});</li>
 *   <li>one swimlane per ingredient ({@code class="lane"}, {@code data-ingredient}) with its exposures as bars
 *       ({@code class="exposure"}); an exposure with no end and an active, on-hold or unknown status is drawn
 *       open-ended to the assessment day ({@code class="exposure ongoing"}).</li>
 * </ul>
 * Markers on the same or nearby days are set side by side, never on top of each other; the legend explains every
 * colour, symbol and the dashed border of an ongoing line.
 * Below it, inside {@code id="status-box"}, one {@code class="assessment-box"} per cancer ({@code data-status} the
 * refractory-status code) with the status, rule set id and version, the reasons with their evidence
 * ({@code Type/id}), how the record was read, the lines as a table and the suggestions.
 *
 * <p>Privacy and safety: every text taken from the record or the assessment is HTML-escaped (record text is
 * untrusted); the page names the patient only by logical id and shows no names, identifiers or free-text notes of the
 * patient. The renderer has no state besides its parameters and is safe to share between threads.
 */
public final class TimelineRenderer {

  /** Width of the SVG drawing in user units (it scales to the page width). */
  static final int WIDTH = 1320;
  private static final int LABEL_W = 190;
  private static final int RIGHT_PAD = 20;
  private static final int AXIS_H = 28;
  private static final int ROW_H = 26;
  private static final int LANE_H = 20;
  /** Least distance between two axis ticks (a year label is about 26 units wide). */
  private static final double MIN_TICK_SPACING = 34;
  private static final int[] YEAR_STEPS = {2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};
  /** Width of one character of a 10-11 px label, in user units, generously (for keeping labels apart). */
  private static final double CHAR_W = 6.2;
  /** Characters of a lane or row label that fit the label column. */
  private static final int LANE_LABEL_CHARS = 26;
  /** Evidence references listed per reason or suggestion; the rest are counted. */
  static final int MAX_EVIDENCE_SHOWN = 12;

  private final AssessmentParameters parameters;

  /**
   * @param parameters the assessment parameters the application's engine uses (for the regimen window and treatment
   *                   gap of each cancer type)
   * @throws NullPointerException if {@code parameters} is null
   */
  public TimelineRenderer(AssessmentParameters parameters) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
  }

  /**
   * Renders the result of {@code AssessmentPipeline.preview}.
   *
   * @param work a previewed patient: its {@link PatientWork#record()} and {@link PatientWork#assessment()} must be set
   * @return the complete HTML document (UTF-8 text)
   * @throws IllegalArgumentException if the record or the assessment is missing
   */
  public String render(PatientWork work) {
    if (work == null || work.record() == null || work.assessment() == null) {
      throw new IllegalArgumentException("a previewed patient (record and assessment) is required");
    }
    return render(work.record(), work.assessment());
  }

  /**
   * Renders one patient's record and assessment.
   *
   * @param record     the normalised record (exposures, disease-status events, variants, procedures)
   * @param assessment its assessment; {@link PatientAssessment#asOf()} is "today" of the drawing
   * @return the complete HTML document
   */
  public String render(PatientRecord record, PatientAssessment assessment) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(assessment, "assessment");
    LocalDate asOf = assessment.asOf();
    // a patient who died: the axis ends at the death (open exposures and lines are drawn to it), not at "today"
    LocalDate today = deathOnOrBefore(record, asOf) ? record.deathDate() : asOf;
    List<DrugExposure> exposures = drawnExposures(record, assessment);
    Scale scale = scale(record, assessment, exposures, today);

    StringBuilder h = new StringBuilder(32_768);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"robots\" content=\"noindex\">\n")
        .append("<title>Timeline of Patient/").append(esc(assessment.patientId())).append("</title>\n")
        .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n");
    h.append("<header><h1>Line-of-therapy timeline <span class=\"pid\" id=\"patient-id\">Patient/")
        .append(esc(assessment.patientId())).append("</span></h1>")
        .append("<p class=\"meta\">Assessed as of <time id=\"as-of\" datetime=\"").append(asOf).append("\">")
        .append(asOf).append("</time> (UTC). Computed now from the FHIR record, nothing written. "
            + "Suggestions are for clinician review.");
    if (deathOnOrBefore(record, asOf)) {
      h.append(" <strong class=\"deceased\" id=\"deceased\">The patient died on ").append(record.deathDate())
          .append(": the timeline ends there.</strong>");
    } else if (record.deceased()) {
      h.append(" <strong class=\"deceased\" id=\"deceased\">The patient is recorded as deceased (date not "
          + "recorded).</strong>");
    }
    h.append("</p></header>\n");
    h.append("<main>\n<section class=\"chart\">\n");
    svg(h, record, assessment, exposures, scale, today);
    legend(h);
    h.append("</section>\n");
    boxes(h, record, assessment);
    h.append("</main>\n</body>\n</html>\n");
    return h.toString();
  }

  // ---------------------------------------------------------------- data

  /** True when the record has a death date on or before the assessment day. */
  private static boolean deathOnOrBefore(PatientRecord record, LocalDate asOf) {
    return record.deathDate() != null && !record.deathDate().isAfter(asOf);
  }

  /**
   * Antineoplastic exposures, plus supportive exposures of ingredients that are part of a drawn line's regimen (e.g.
   * dexamethasone in myeloma VRd), each dated; in start order.
   */
  private static List<DrugExposure> drawnExposures(PatientRecord record, PatientAssessment assessment) {
    Set<String> inRegimens = assessment.cancers().stream().flatMap(c -> c.lines().stream())
        .flatMap(l -> l.regimen().stream()).collect(Collectors.toSet());
    return Stream.concat(record.exposures().stream(),
            record.supportiveExposures().stream().filter(e -> inRegimens.contains(e.ingredient())))
        .filter(e -> e.start() != null && e.ingredient() != null)
        .sorted(Comparator.comparing(DrugExposure::start).thenComparing(DrugExposure::ingredient))
        .toList();
  }

  /** An exposure with no end drawn to the assessment day (not a completed or stopped one). */
  static boolean ongoing(DrugExposure e) {
    return e.end() == null && e.status() != ExposureStatus.COMPLETED && e.status() != ExposureStatus.STOPPED;
  }

  private static LocalDate drawnEnd(DrugExposure e, LocalDate today) {
    if (ongoing(e)) {
      return today.isBefore(e.start()) ? e.start() : today;
    }
    return e.lastKnownDay();
  }

  private static LocalDate lineEnd(LineOfTherapy l, LocalDate today) {
    LocalDate end = l.end() != null ? l.end() : today;
    return end.isBefore(l.start()) ? l.start() : end;
  }

  private Scale scale(PatientRecord record, PatientAssessment assessment, List<DrugExposure> exposures,
      LocalDate today) {
    List<LocalDate> dates = new ArrayList<>();
    dates.add(today);
    exposures.forEach(e -> {
      dates.add(e.start());
      dates.add(drawnEnd(e, today));
    });
    assessment.cancers().forEach(c -> c.lines().forEach(l -> {
      dates.add(l.start());
      dates.add(lineEnd(l, today));
    }));
    record.statusEvents().forEach(e -> dates.add(e.date()));
    record.variants().forEach(v -> dates.add(v.date()));
    record.procedures().forEach(p -> dates.add(p.start()));
    LocalDate min = dates.stream().filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(today);
    LocalDate max = dates.stream().filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(today);
    long span = Math.max(ChronoUnit.DAYS.between(min, max), 60);
    long pad = Math.max(span / 40, 7);
    return new Scale(min.minusDays(pad), max.plusDays(pad));
  }

  /** Maps UTC days to x positions of the drawing. */
  record Scale(LocalDate from, LocalDate to) {
    double x(LocalDate d) {
      double total = Math.max(1, ChronoUnit.DAYS.between(from, to));
      double days = ChronoUnit.DAYS.between(from, d);
      return LABEL_W + days / total * (WIDTH - LABEL_W - RIGHT_PAD);
    }

    /** The x of the first moment after day {@code d} (a day's bar covers the whole day). */
    double xEnd(LocalDate d) {
      return x(d.plusDays(1));
    }
  }

  // ---------------------------------------------------------------- SVG

  private void svg(StringBuilder h, PatientRecord record, PatientAssessment assessment, List<DrugExposure> exposures,
      Scale s, LocalDate today) {
    Map<String, List<DrugExposure>> lanes = new LinkedHashMap<>();
    exposures.forEach(e -> lanes.computeIfAbsent(e.ingredient(), k -> new ArrayList<>()).add(e));
    List<CancerAssessment> cancers = assessment.cancers();
    int lineRows = Math.max(1, cancers.size());
    int top = AXIS_H;
    int linesTop = top;
    List<StatusLane> statusLanes = statusLanes(record, cancers);
    int statusTop = linesTop + lineRows * ROW_H + 6;
    int variantTop = statusTop + statusLanes.size() * ROW_H;
    int procedureTop = variantTop + ROW_H;
    int lanesTop = procedureTop + ROW_H + 8;
    int height = lanesTop + Math.max(1, lanes.size()) * LANE_H + 24;

    h.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
        .append(height).append("\" role=\"img\" aria-labelledby=\"timeline-title\" data-from=\"").append(s.from())
        .append("\" data-to=\"").append(s.to()).append("\">\n<title id=\"timeline-title\">Lines of therapy, "
            + "exposures and events over time</title>\n");

    // Shading first, so bars and markers are drawn on top: treatment gaps and regimen windows span every row.
    double plotTop = linesTop - 2;
    double plotBottom = height - 22;
    h.append("<g class=\"shading\">\n");
    for (CancerAssessment c : cancers.isEmpty() ? List.<CancerAssessment>of() : cancers) {
      TherapyParameters tp = parameters.therapyFor(c.cancer().type());
      gaps(h, exposuresOf(c, exposures), tp, s, plotTop, plotBottom, today);
      for (LineOfTherapy l : c.lines()) {
        LocalDate windowEnd = l.start().plusDays(tp.regimenWindowDays());
        LocalDate clipped = windowEnd.isAfter(s.to()) ? s.to() : windowEnd;
        rect(h, "regimen-window", s.x(l.start()), plotTop, Math.max(1, s.x(clipped) - s.x(l.start())),
            plotBottom - plotTop, "data-line-number=\"" + l.number() + "\" data-days=\"" + tp.regimenWindowDays()
                + "\"", "Regimen window of line " + l.number() + ": drugs started within " + tp.regimenWindowDays()
                + " days of " + l.start() + " belong to its regimen");
      }
    }
    if (cancers.isEmpty()) {
      gaps(h, exposures, parameters.therapy(), s, plotTop, plotBottom, today);
    }
    h.append("</g>\n");

    axis(h, s, plotBottom);

    // Lines of therapy: one row per cancer.
    h.append("<g class=\"lines\">\n");
    if (cancers.isEmpty()) {
      rowLabel(h, "Lines of therapy", linesTop);
      h.append("<text class=\"empty\" x=\"").append(LABEL_W + 6).append("\" y=\"").append(linesTop + 17)
          .append("\">No recognised cancer: no lines of therapy</text>\n");
    }
    for (int i = 0; i < cancers.size(); i++) {
      CancerAssessment c = cancers.get(i);
      int y = linesTop + i * ROW_H;
      rowLabel(h, "Lines: " + c.cancer().display(), y);
      h.append("<g class=\"line-row\" data-condition=\"").append(esc(c.cancer().ref().value())).append("\">\n");
      for (LineOfTherapy l : c.lines()) {
        double x0 = s.x(l.start());
        double w = Math.max(3, s.xEnd(lineEnd(l, today)) - x0);
        String setting = l.setting().name().toLowerCase(Locale.ROOT);
        String end = code(l.endReason().name());
        h.append("<g class=\"line-band ").append(setting).append(l.end() == null ? " ongoing" : "")
            .append("\" data-line-number=\"").append(l.number()).append("\" data-setting=\"").append(setting)
            .append("\" data-end-reason=\"").append(end).append("\" data-start=\"").append(l.start())
            .append("\" data-end=\"").append(l.end() == null ? "" : l.end()).append("\">");
        h.append("<title>").append(esc("Line " + l.number() + " (" + setting + " " + l.numberInSetting() + "): "
            + l.regimenLabel() + ", " + l.start() + " to " + (l.end() == null ? "ongoing" : l.end())
            + ", end reason " + end)).append("</title>");
        h.append("<rect x=\"").append(f(x0)).append("\" y=\"").append(y + 3).append("\" width=\"").append(f(w))
            .append("\" height=\"").append(ROW_H - 6).append("\" rx=\"3\"/>");
        String label = "L" + l.number() + " " + setting + " \u00b7 " + end;
        String shown = w >= label.length() * 6.2 + 8 ? label : w >= 26 ? "L" + l.number() : String.valueOf(l.number());
        h.append("<text class=\"line-number\" x=\"").append(f(x0 + 4)).append("\" y=\"").append(y + 17)
            .append("\">").append(esc(shown)).append("</text></g>\n");
      }
      h.append("</g>\n");
    }
    h.append("</g>\n");

    // Disease status (one lane per cancer), genomic results, procedures.
    for (int li = 0; li < statusLanes.size(); li++) {
      StatusLane lane = statusLanes.get(li);
      int laneTop = statusTop + li * ROW_H;
      rowLabel(h, lane.label(), laneTop);
      h.append("<g class=\"status-row\"").append(lane.condition() == null ? ""
          : " data-condition=\"" + esc(lane.condition().value()) + "\"").append(">\n");
      List<DiseaseStatusEvent> events = lane.events();
      double[] xs = spread(events.stream().map(e -> s.x(e.date()) + 0.5).toList(), 13);
      for (int ei = 0; ei < events.size(); ei++) {
        DiseaseStatusEvent e = events.get(ei);
        String kind = code(e.status().name());
        double cx = xs[ei];
        double cy = laneTop + ROW_H / 2.0;
        String cls = "marker status status-" + kind + (e.status().isProgression() ? " progression" : "");
        h.append("<g class=\"").append(cls).append("\" data-date=\"").append(e.date()).append("\" data-status=\"")
            .append(kind).append("\"><title>").append(esc(kind + " on " + e.date() + " (" + ref(e.source()) + ")"))
            .append("</title>");
        if (e.status().isProgression()) {
          h.append("<path d=\"M").append(f(cx)).append(' ').append(f(cy - 8)).append(" L").append(f(cx + 7))
              .append(' ').append(f(cy + 6)).append(" L").append(f(cx - 7)).append(' ').append(f(cy + 6))
              .append(" Z\"/>");
        } else {
          h.append("<circle cx=\"").append(f(cx)).append("\" cy=\"").append(f(cy)).append("\" r=\"5\"/>");
        }
        h.append("</g>\n");
      }
      h.append("</g>\n");
    }

    rowLabel(h, "Genomic results", variantTop);
    h.append("<g class=\"variant-row\">\n");
    double variantLabelFree = Double.NEGATIVE_INFINITY;
    List<GenomicVariant> variants = record.variants().stream().filter(v -> v.date() != null)
        .sorted(Comparator.comparing(GenomicVariant::date)).toList();
    double[] vxs = spread(variants.stream().map(v -> s.x(v.date()) + 0.5).toList(), 15);
    for (int vi = 0; vi < variants.size(); vi++) {
      GenomicVariant v = variants.get(vi);
      double nextMarker = vi + 1 < variants.size() ? vxs[vi + 1] - 7 : Double.POSITIVE_INFINITY;
      // a negative result is never labelled as the alteration: "ERBB2 amplification: not detected", hollow marker
      String label = variantLabel(v) + (v.present() ? "" : ": not detected");
      double cx = vxs[vi];
      double cy = variantTop + ROW_H / 2.0;
      h.append("<g class=\"marker variant").append(v.present() ? "" : " absent").append("\" data-date=\"")
          .append(v.date()).append("\" data-gene=\"").append(esc(v.gene() == null ? "" : v.gene())).append("\">")
          .append("<title>").append(esc(label + " on " + v.date() + " ("
              + ref(v.source()) + ")")).append("</title><path d=\"M").append(f(cx)).append(' ').append(f(cy - 7))
          .append(" L").append(f(cx + 7)).append(' ').append(f(cy)).append(" L").append(f(cx)).append(' ')
          .append(f(cy + 7)).append(" L").append(f(cx - 7)).append(' ').append(f(cy)).append(" Z\"/>");
      // a label that would run into the previous one or under the next marker is left out (the marker keeps its
      // tooltip)
      if (cx + 9 >= variantLabelFree && cx + 9 + label.length() * CHAR_W <= nextMarker) {
        h.append("<text x=\"").append(f(cx + 9)).append("\" y=\"").append(f(cy + 4)).append("\">")
            .append(esc(label)).append("</text>");
        variantLabelFree = cx + 9 + label.length() * CHAR_W + 4;
      }
      h.append("</g>\n");
    }
    h.append("</g>\n");

    rowLabel(h, "Procedures", procedureTop);
    h.append("<g class=\"procedure-row\">\n");
    double procedureLabelFree = Double.NEGATIVE_INFINITY;
    List<ProcedureEvent> procedures = record.procedures().stream()
        .filter(p -> p.start() != null && p.kind() != null && p.kind() != ProcedureKind.SYSTEMIC_THERAPY)
        .sorted(Comparator.comparing(ProcedureEvent::start)).toList();
    double[] pxs = spread(procedures.stream().map(p -> s.x(p.start())).toList(), 11);
    for (int pi = 0; pi < procedures.size(); pi++) {
      ProcedureEvent p = procedures.get(pi);
      double nextMarker = pi + 1 < procedures.size() ? pxs[pi + 1] - 4 : Double.POSITIVE_INFINITY;
      String kind = code(p.kind().name());
      boolean span = p.end() != null && p.end().isAfter(p.start());
      double x0 = span ? s.x(p.start()) : pxs[pi];
      double cy = procedureTop + ROW_H / 2.0;
      h.append("<g class=\"marker procedure ").append(kind).append("\" data-kind=\"").append(kind)
          .append("\" data-date=\"").append(p.start()).append("\"><title>")
          .append(esc(kind + " on " + p.start() + (p.end() != null && !p.end().equals(p.start()) ? " to " + p.end()
              : "") + " (" + ref(p.source()) + ")")).append("</title>");
      if (span) {
        rectRaw(h, x0, cy - 4, Math.max(3, s.xEnd(p.end()) - x0), 8);
      } else {
        rectRaw(h, x0 - 4, cy - 6, 9, 12);
      }
      String label = procedureLabel(p.kind());
      if (x0 + 8 >= procedureLabelFree && x0 + 8 + label.length() * CHAR_W <= nextMarker) {
        h.append("<text x=\"").append(f(x0 + 8)).append("\" y=\"").append(f(cy + 4)).append("\">")
            .append(esc(label)).append("</text>");
        procedureLabelFree = x0 + 8 + label.length() * CHAR_W + 4;
      }
      h.append("</g>\n");
    }
    h.append("</g>\n");

    // Swimlanes: one per ingredient.
    h.append("<g class=\"lanes\">\n");
    if (lanes.isEmpty()) {
      rowLabel(h, "Exposures", lanesTop);
      h.append("<text class=\"empty\" x=\"").append(LABEL_W + 6).append("\" y=\"").append(lanesTop + 14)
          .append("\">No antineoplastic exposure in the record</text>\n");
    }
    int i = 0;
    for (Map.Entry<String, List<DrugExposure>> lane : lanes.entrySet()) {
      int y = lanesTop + i * LANE_H;
      h.append("<g class=\"lane\" data-ingredient=\"").append(esc(lane.getKey())).append("\">");
      h.append("<rect class=\"lane-bg").append(i % 2 == 0 ? " even" : "").append("\" x=\"0\" y=\"").append(y)
          .append("\" width=\"").append(WIDTH).append("\" height=\"").append(LANE_H).append("\"/>");
      String name = lane.getKey();
      h.append("<text class=\"lane-label\" x=\"6\" y=\"").append(y + 14).append("\">");
      if (name.length() > LANE_LABEL_CHARS) {
        // a long name (e.g. "lutetium lu 177 vipivotide tetraxetan") would run into the plot: cut, full in the tooltip
        h.append("<title>").append(esc(name)).append("</title>").append(esc(name.substring(0, LANE_LABEL_CHARS - 1)))
            .append('\u2026');
      } else {
        h.append(esc(name));
      }
      h.append("</text>\n");
      for (DrugExposure e : lane.getValue()) {
        double x0 = s.x(e.start());
        double w = Math.max(3, s.xEnd(drawnEnd(e, today)) - x0);
        boolean open = ongoing(e);
        String status = e.status() == null ? "unknown" : code(e.status().name());
        h.append("<g class=\"exposure").append(open ? " ongoing" : "").append("\" data-start=\"").append(e.start())
            .append("\" data-end=\"").append(e.end() == null ? "" : e.end()).append("\" data-status=\"")
            .append(status).append("\"><title>").append(esc(e.ingredient() + ": " + e.start() + " to "
                + (open ? "ongoing (drawn to " + today + ")" : String.valueOf(e.lastKnownDay())) + ", " + status
                + (e.source() == null ? "" : ", " + code(e.source().name())) + " (" + ref(e.resource()) + ")"))
            .append("</title>");
        rectRaw(h, x0, y + 4, w, LANE_H - 8);
        if (open) {
          double xe = x0 + w;
          h.append("<path class=\"open-end\" d=\"M").append(f(xe)).append(' ').append(y + 3).append(" L")
              .append(f(xe + 7)).append(' ').append(y + LANE_H / 2).append(" L").append(f(xe)).append(' ')
              .append(y + LANE_H - 3).append(" Z\"/>");
        }
        h.append("</g>\n");
      }
      h.append("</g>\n");
      i++;
    }
    h.append("</g>\n");

    // Today, or the death: the end of the axis.
    double xt = s.xEnd(today);
    boolean died = deathOnOrBefore(record, assessment.asOf());
    h.append("<g class=\"").append(died ? "death\" id=\"death-marker\" data-date=\"" + today : "today")
        .append("\">").append(died ? "<title>Died " + today + "</title>" : "").append("<line x1=\"").append(f(xt))
        .append("\" y1=\"").append(AXIS_H - 6).append("\" x2=\"").append(f(xt)).append("\" y2=\"")
        .append(f(plotBottom)).append("\"/>");
    if (died) {
      h.append("<path d=\"M").append(f(xt - 6)).append(' ').append(AXIS_H - 6).append(" L").append(f(xt + 6))
          .append(' ').append(AXIS_H - 6).append(" L").append(f(xt)).append(' ').append(AXIS_H + 4).append(" Z\"/>");
    }
    h.append("<text x=\"").append(f(xt - 3)).append("\" y=\"").append(f(plotBottom + 14))
        .append("\" text-anchor=\"end\">").append(died ? "died " : "today ").append(today).append("</text></g>\n");
    h.append("</svg>\n");
  }

  /** One disease-status lane: a cancer's events ({@code condition} null: events of no known cancer). */
  private record StatusLane(String label, ResourceRef condition, List<DiseaseStatusEvent> events) {}

  /**
   * One disease-status lane per cancer (events by their focus), in the assessment's cancer order; with one cancer,
   * events that name no cancer are its own; with several, those are drawn in a last lane "cancer not stated". With no
   * cancer, one lane of all events.
   */
  private static List<StatusLane> statusLanes(PatientRecord record, List<CancerAssessment> cancers) {
    List<DiseaseStatusEvent> dated = record.statusEvents().stream()
        .filter(e -> e.date() != null && e.status() != null)
        .sorted(Comparator.comparing(DiseaseStatusEvent::date)).toList();
    if (cancers.isEmpty()) {
      return List.of(new StatusLane("Disease status", null, dated));
    }
    Set<ResourceRef> known = cancers.stream().map(c -> c.cancer().ref()).collect(Collectors.toSet());
    List<StatusLane> out = new ArrayList<>();
    for (CancerAssessment c : cancers) {
      ResourceRef cond = c.cancer().ref();
      out.add(new StatusLane("Status: " + c.cancer().display(), cond, dated.stream()
          .filter(e -> cond.equals(e.focus()) || cancers.size() == 1 && !known.contains(e.focus())).toList()));
    }
    List<DiseaseStatusEvent> unplaced = cancers.size() == 1 ? List.of()
        : dated.stream().filter(e -> !known.contains(e.focus())).toList();
    if (!unplaced.isEmpty()) {
      out.add(new StatusLane("Status: cancer not stated", null, unplaced));
    }
    return out;
  }

  /**
   * Marker positions that keep at least {@code minGap} units apart: markers on the same or nearby days are set side
   * by side (left to right in date order) instead of on top of each other; the date stays in {@code data-date} and
   * the tooltip.
   *
   * @param xs     the markers' x positions, ascending
   * @param minGap least distance between two markers' centres
   */
  static double[] spread(List<Double> xs, double minGap) {
    double[] out = new double[xs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = i == 0 ? xs.get(i) : Math.max(xs.get(i), out[i - 1] + minGap);
    }
    return out;
  }

  /** Exposures behind a cancer's lines (by source resource), or none. */
  private static List<DrugExposure> exposuresOf(CancerAssessment c, List<DrugExposure> all) {
    Set<ResourceRef> sources = c.lines().stream().flatMap(l -> l.sources().stream()).collect(Collectors.toSet());
    return all.stream().filter(e -> e.resource() != null && sources.contains(e.resource())).toList();
  }

  /**
   * Shades each stretch with no exposure between the end of therapy and the next start that is longer than the
   * regimen window (shorter pauses are the rhythm of cycles); one longer than the treatment gap gets
   * {@code long-gap}.
   */
  private static void gaps(StringBuilder h, List<DrugExposure> exposures, TherapyParameters tp, Scale s, double top,
      double bottom, LocalDate today) {
    LocalDate coveredTo = null;
    for (DrugExposure e : exposures.stream().sorted(Comparator.comparing(DrugExposure::start)).toList()) {
      long days = coveredTo == null ? 0 : ChronoUnit.DAYS.between(coveredTo.plusDays(1), e.start());
      if (days > tp.regimenWindowDays()) {
        LocalDate from = coveredTo.plusDays(1);
        boolean longGap = days > tp.treatmentGapDays();
        rect(h, longGap ? "gap long-gap" : "gap", s.x(from), top, Math.max(1, s.x(e.start()) - s.x(from)),
            bottom - top, "data-days=\"" + days + "\" data-gap-days=\"" + tp.treatmentGapDays() + "\"",
            "No antineoplastic therapy for " + days + " days" + (longGap ? " (more than the " + tp.treatmentGapDays()
                + "-day treatment gap: a new line starts)" : " (treatment gap threshold " + tp.treatmentGapDays()
                + " days)"));
      }
      LocalDate end = drawnEnd(e, today);
      if (coveredTo == null || end.isAfter(coveredTo)) {
        coveredTo = end;
      }
    }
  }

  private static void axis(StringBuilder h, Scale s, double bottom) {
    h.append("<g class=\"axis\">\n");
    long days = ChronoUnit.DAYS.between(s.from(), s.to());
    int stepMonths = days > 365 * 6 ? 12 : days > 365 * 3 ? 6 : days > 365 * 3 / 2 ? 3 : 1;
    // a record spanning decades (or a mistyped year such as 1900 or 2100) gets a tick every 2, 5, 10, ... years, so
    // that the labels never overlap
    double unitsPerMonth = (WIDTH - LABEL_W - RIGHT_PAD) * 30.44 / Math.max(1, days);
    for (int years : YEAR_STEPS) {
      if (stepMonths * unitsPerMonth >= MIN_TICK_SPACING) {
        break;
      }
      stepMonths = years * 12;
    }
    LocalDate t = s.from().withDayOfMonth(1).plusMonths(1);
    if (stepMonths <= 12) {
      while ((t.getMonthValue() - 1) % stepMonths != 0) {
        t = t.plusMonths(1);
      }
    } else {
      int years = stepMonths / 12;
      int first = t.getMonthValue() == 1 ? t.getYear() : t.getYear() + 1;
      t = LocalDate.of(-Math.floorDiv(-first, years) * years, 1, 1);
    }
    while (!t.isAfter(s.to())) {
      double x = s.x(t);
      if (x >= LABEL_W) {
        boolean year = t.getMonthValue() == 1;
        h.append("<line class=\"tick").append(year ? " year" : "").append("\" x1=\"").append(f(x)).append("\" y1=\"")
            .append(AXIS_H - 6).append("\" x2=\"").append(f(x)).append("\" y2=\"").append(f(bottom)).append("\"/>")
            .append("<text x=\"").append(f(x + 2)).append("\" y=\"").append(AXIS_H - 10).append("\">")
            .append(year ? String.valueOf(t.getYear())
                : t.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH))
            .append("</text>\n");
      }
      t = t.plusMonths(stepMonths);
    }
    h.append("</g>\n");
  }

  private static void rowLabel(StringBuilder h, String text, int y) {
    String shown = text.length() > LANE_LABEL_CHARS ? text.substring(0, LANE_LABEL_CHARS - 1) + "\u2026" : text;
    h.append("<text class=\"row-label\" x=\"6\" y=\"").append(y + 17).append("\"><title>").append(esc(text))
        .append("</title>").append(esc(shown)).append("</text>\n");
  }

  private static void rect(StringBuilder h, String cls, double x, double y, double w, double height, String attrs,
      String title) {
    h.append("<rect class=\"").append(cls).append("\" ").append(attrs).append(" x=\"").append(f(x)).append("\" y=\"")
        .append(f(y)).append("\" width=\"").append(f(w)).append("\" height=\"").append(f(height)).append("\"><title>")
        .append(esc(title)).append("</title></rect>\n");
  }

  private static void rectRaw(StringBuilder h, double x, double y, double w, double height) {
    h.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" width=\"").append(f(w))
        .append("\" height=\"").append(f(height)).append("\" rx=\"2\"/>");
  }

  private static void legend(StringBuilder h) {
    h.append("<ul class=\"legend\" id=\"legend\">")
        .append("<li><span class=\"sw band-curative\"></span>line, curative setting</li>")
        .append("<li><span class=\"sw band-advanced\"></span>line, advanced setting</li>")
        .append("<li><span class=\"sw window\"></span>regimen window</li>")
        .append("<li><span class=\"sw gap\"></span>no therapy (longer than the regimen window)</li>")
        .append("<li><span class=\"sw long-gap\"></span>no therapy longer than the treatment gap (new line)</li>")
        .append("<li><span class=\"sw exposure\"></span>exposure</li>")
        .append("<li><span class=\"sw band-ongoing\"></span>dashed border: line ongoing</li>")
        .append("<li><span class=\"sw exposure ongoing\"></span>ongoing exposure (to today)</li>")
        .append("<li><span class=\"sym progression\">\u25b2</span>progression / recurrence</li>")
        .append("<li><span class=\"sym response\">\u25cf</span>response (complete, partial, improved)</li>")
        .append("<li><span class=\"sym stable\">\u25cf</span>stable disease</li>")
        .append("<li><span class=\"sym status\">\u25cf</span>other disease status</li>")
        .append("<li><span class=\"sym variant\">\u25c6</span>genomic result: detected</li>")
        .append("<li><span class=\"sym variant absent\">\u25c7</span>genomic result: not detected</li>")
        .append("<li><span class=\"sym death\">\u25bc</span>death (the timeline ends there)</li>")
        .append("<li><span class=\"sym procedure\">\u25a0</span>procedure</li>")
        .append("</ul>\n");
  }

  // ---------------------------------------------------------------- assessment boxes

  private static void boxes(StringBuilder h, PatientRecord record, PatientAssessment assessment) {
    h.append("<section id=\"status-box\" class=\"boxes\">\n");
    if (assessment.cancers().isEmpty()) {
      h.append("<article class=\"assessment-box\" data-status=\"none\"><h2>No recognised cancer</h2>"
          + "<p>No cancer Condition was recognised in the record, so nothing was assessed.</p></article>\n");
    }
    for (CancerAssessment c : assessment.cancers()) {
      String status = c.status().code();
      h.append("<article class=\"assessment-box status-").append(status).append("\" data-status=\"").append(status)
          .append("\" data-condition=\"").append(esc(c.cancer().ref().value())).append("\">\n");
      h.append("<h2><span class=\"status-badge\">").append(esc(status.replace('-', ' '))).append("</span> ")
          .append(esc(c.cancer().display())).append("</h2>\n");
      h.append("<p class=\"ruleset\">Rule set <code class=\"ruleset-id\">").append(esc(c.ruleSetId()))
          .append("</code> version <code class=\"ruleset-version\">").append(esc(c.ruleSetVersion()))
          .append("</code>").append(c.statusDate() == null ? "" : "; status since " + c.statusDate())
          .append("; condition <code>").append(esc(c.cancer().ref().value())).append("</code></p>\n");
      if (c.narrative() != null && !c.narrative().isBlank()) {
        h.append("<p class=\"narrative\">").append(esc(c.narrative())).append("</p>\n");
      }
      if (!c.lines().isEmpty()) {
        h.append("<table class=\"lines-table\"><thead><tr><th>Line</th><th>Setting</th><th>Regimen</th><th>Start</th>"
            + "<th>End</th><th>End reason</th></tr></thead><tbody>\n");
        for (LineOfTherapy l : c.lines()) {
          h.append("<tr data-line-number=\"").append(l.number()).append("\"><td>").append(l.number()).append("</td><td>")
              .append(l.setting().name().toLowerCase(Locale.ROOT)).append(' ').append(l.numberInSetting())
              .append("</td><td>").append(esc(l.regimenLabel())).append("</td><td>").append(l.start())
              .append("</td><td>").append(l.end() == null ? "ongoing" : l.end()).append("</td><td>")
              .append(code(l.endReason().name())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
      }
      reasons(h, "Reasons", "reasons", c.reasons());
      reasons(h, "How the record was read", "record-reasons", c.recordReasons());
      h.append("<h3>Suggestions</h3>\n");
      if (c.suggestions().isEmpty()) {
        h.append("<p class=\"none\">No suggestion.</p>\n");
      } else {
        h.append("<ul class=\"suggestions\">\n");
        for (Suggestion sg : c.suggestions()) {
          h.append("<li class=\"suggestion\" data-type=\"").append(esc(sg.type().code())).append("\"><strong>")
              .append(esc(sg.type().display())).append("</strong>: ").append(esc(sg.text()));
          if (!sg.agents().isEmpty()) {
            h.append(" <span class=\"agents\">Agents: ").append(esc(String.join(", ", sg.agents()))).append("</span>");
          }
          if (!sg.trials().isEmpty()) {
            h.append("<ul class=\"trials\">");
            for (TrialMatch t : sg.trials()) {
              h.append("<li>").append(esc(t.study().label() == null ? t.study().study().value() : t.study().label()))
                  .append(" <code>").append(esc(t.study().study().value())).append("</code></li>");
            }
            h.append("</ul>");
          }
          evidence(h, sg.evidence());
          h.append("</li>\n");
        }
        h.append("</ul>\n");
      }
      h.append("</article>\n");
    }
    h.append("</section>\n");
    notes(h, record, assessment);
  }

  private static void reasons(StringBuilder h, String title, String cls, List<Reason> reasons) {
    if (reasons.isEmpty()) {
      return;
    }
    h.append("<h3>").append(title).append("</h3>\n<ul class=\"").append(cls).append("\">\n");
    for (Reason r : reasons) {
      h.append("<li class=\"reason\" data-code=\"").append(esc(r.code())).append("\"><code>").append(esc(r.code()))
          .append("</code> ").append(esc(r.text()));
      evidence(h, r.evidence());
      h.append("</li>\n");
    }
    h.append("</ul>\n");
  }

  /**
   * The first {@value #MAX_EVIDENCE_SHOWN} references and how many more (a line of hundreds of cycles would otherwise
   * fill pages with ids; the assessment JSON lists them all).
   */
  private static void evidence(StringBuilder h, List<ResourceRef> refs) {
    if (refs.isEmpty()) {
      return;
    }
    h.append(" <span class=\"evidence\">Evidence: ");
    int shown = Math.min(refs.size(), MAX_EVIDENCE_SHOWN);
    for (int i = 0; i < shown; i++) {
      h.append(i == 0 ? "" : ", ").append("<code>").append(esc(refs.get(i).value())).append("</code>");
    }
    if (refs.size() > shown) {
      h.append(" <span class=\"more\">and ").append(refs.size() - shown)
          .append(" more (all in the assessment JSON)</span>");
    }
    h.append("</span>");
  }

  private static void notes(StringBuilder h, PatientRecord record, PatientAssessment assessment) {
    List<String> notes = new ArrayList<>();
    if (!assessment.unattributedTherapy().isEmpty()) {
      notes.add(assessment.unattributedTherapy().size() + " antineoplastic exposure(s) attributed to no cancer: "
          + assessment.unattributedTherapy().stream().map(DrugExposure::ingredient).distinct().sorted()
          .collect(Collectors.joining(", ")));
    }
    if (!record.quarantined().isEmpty()) {
      notes.add(record.quarantined().size() + " resource element(s) could not be used (quarantined): "
          + record.quarantined().stream().map(q -> q.resourceType() + "/" + q.resourceId())
          .collect(Collectors.toCollection(TreeSet::new)));
    }
    if (!record.unrecognisedMedications().isEmpty()) {
      notes.add(record.unrecognisedMedications().size()
          + " medication(s) look like cancer drugs but are not in the drug table (no line was made from them)");
    }
    if (notes.isEmpty()) {
      return;
    }
    h.append("<section class=\"notes\" id=\"notes\"><h3>Not shown on the timeline</h3><ul>");
    notes.forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
    h.append("</ul></section>\n");
  }

  // ---------------------------------------------------------------- text

  private static String variantLabel(GenomicVariant v) {
    String gene = v.gene() == null ? "" : v.gene();
    String alt = v.alteration() == null ? "" : v.alteration();
    String label = (gene + " " + alt).trim();
    return label.isEmpty() ? code(v.kind() == null ? "variant" : v.kind().name()) : label;
  }

  private static String procedureLabel(ProcedureKind kind) {
    return switch (kind) {
      case STEM_CELL_TRANSPLANT -> "transplant";
      case AUTOLOGOUS_STEM_CELL_TRANSPLANT -> "ASCT";
      case RADIOTHERAPY -> "radiation";
      case SURGERY -> "surgery";
      case BIOPSY -> "biopsy";
      case WATCHFUL_WAITING -> "watchful waiting";
      case HOSPICE -> "hospice";
      default -> "procedure";
    };
  }

  private static String ref(ResourceRef r) {
    return r == null ? "no source" : r.value();
  }

  /** {@code PARTIAL_RESPONSE} as {@code partial-response}. */
  private static String code(String enumName) {
    return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /**
   * Escapes text for HTML element content and quoted attribute values (also inside inline SVG): {@code & < > " '}.
   *
   * @param s any text, or {@code null} (rendered as empty)
   * @return the escaped text
   */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            b.append(' ');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  private static final String CSS = """
      @page { size: A4 landscape; margin: 8mm; }
      * { box-sizing: border-box; }
      body { margin: 0; padding: 10px 16px; font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, \
      "DejaVu Sans", Arial, sans-serif; color: #1d232a; background: #fff; }
      header h1 { font-size: 18px; margin: 0 0 2px; }
      header .pid { font-weight: normal; color: #4a5560; font-family: ui-monospace, monospace; font-size: 15px; }
      header .meta { margin: 0 0 6px; color: #4a5560; }
      svg#timeline { width: 100%; height: auto; display: block; font-size: 11px; }
      svg text { fill: #1d232a; }
      .axis .tick { stroke: #d5dbe1; stroke-width: 1; }
      .axis .tick.year { stroke: #9aa6b2; }
      .axis text { fill: #4a5560; }
      .row-label, .lane-label { font-weight: 600; fill: #36414c; }
      .lane-bg { fill: none; } .lane-bg.even { fill: #0b2540; fill-opacity: .035; }
      .regimen-window { fill: #ffd27a; fill-opacity: .28; }
      .gap { fill: #c7ccd1; fill-opacity: .28; }
      .gap.long-gap { fill: #8d96a0; fill-opacity: .30; stroke: #6b7580; stroke-dasharray: 4 3; stroke-width: .8; }
      .line-band rect { stroke: #1d3557; stroke-width: 1; }
      .line-band.curative rect { fill: #9cc9a3; }
      .line-band.advanced rect { fill: #7fa7d9; }
      .line-band.ongoing rect { stroke-dasharray: 5 3; }
      .line-band .line-number { font-weight: 700; font-size: 12px; fill: #0d1b2a; }
      .exposure rect { fill: #4f6d8f; }
      .exposure.ongoing rect, .exposure .open-end { fill: #2c7fb8; }
      .marker.status circle { fill: #6b7580; }
      .marker.status-complete-response circle, .marker.status-partial-response circle,
      .marker.status-improved circle { fill: #2e9e5b; }
      .marker.status-stable circle { fill: #d4a017; }
      .marker.progression path { fill: #d62828; stroke: #7a0b0b; stroke-width: 1; }
      .marker.variant path { fill: #7b4fa0; } .marker.variant.absent path { fill: #fff; stroke: #7b4fa0; }
      .marker.variant text, .marker.procedure text { font-size: 10px; fill: #36414c; }
      .marker.procedure rect { fill: #3a7d44; }
      .today line { stroke: #d62828; stroke-width: 1.2; stroke-dasharray: 3 3; }
      .today text { fill: #d62828; font-size: 10px; }
      .death line { stroke: #1d232a; stroke-width: 2; } .death path { fill: #1d232a; }
      .death text { fill: #1d232a; font-size: 10px; font-weight: 700; }
      header .deceased { color: #1d232a; }
      .empty { fill: #6b7580; font-style: italic; }
      .legend { list-style: none; margin: 4px 0 8px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 14px;
        color: #36414c; font-size: 12px; }
      .legend .sw { display: inline-block; width: 18px; height: 10px; margin-right: 5px; vertical-align: -1px;
        border: 1px solid #1d3557; }
      .sw.band-curative { background: #9cc9a3; } .sw.band-advanced { background: #7fa7d9; }
      .sw.window { background: #ffe6b3; border-color: #e0b35a; } .sw.gap { background: #eceef0; border-color: #c7ccd1; }
      .sw.long-gap { background: #d3d7db; border: 1px dashed #6b7580; }
      .sw.exposure { background: #4f6d8f; } .sw.exposure.ongoing { background: #2c7fb8; }
      .sw.band-ongoing { background: #fff; border: 1px dashed #1d3557; }
      .sym { margin-right: 4px; } .sym.progression { color: #d62828; } .sym.status { color: #6b7580; }
      .sym.variant { color: #7b4fa0; } .sym.procedure { color: #3a7d44; }
      .sym.response { color: #2e9e5b; } .sym.stable { color: #d4a017; } .sym.death { color: #1d232a; }
      .boxes { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 10px; }
      .assessment-box { border: 1px solid #c7ccd1; border-left: 6px solid #6b7580; border-radius: 4px;
        padding: 6px 10px; break-inside: avoid; }
      .assessment-box.status-likely-refractory { border-left-color: #d62828; }
      .assessment-box.status-at-risk { border-left-color: #e07b00; }
      .assessment-box.status-not-refractory { border-left-color: #2e9e5b; }
      .assessment-box h2 { font-size: 15px; margin: 2px 0 4px; }
      .assessment-box h3 { font-size: 13px; margin: 8px 0 2px; }
      .status-badge { text-transform: uppercase; font-size: 12px; padding: 1px 6px; border-radius: 3px;
        background: #6b7580; color: #fff; letter-spacing: .03em; }
      .status-likely-refractory .status-badge { background: #d62828; }
      .status-at-risk .status-badge { background: #e07b00; }
      .status-not-refractory .status-badge { background: #2e9e5b; }
      .ruleset, .narrative { margin: 2px 0; }
      .lines-table { border-collapse: collapse; margin: 4px 0; width: 100%; font-size: 12px; }
      .lines-table th, .lines-table td { border-bottom: 1px solid #e3e7eb; padding: 2px 6px; text-align: left; }
      ul.reasons, ul.record-reasons, ul.suggestions { margin: 0; padding-left: 18px; }
      .evidence { color: #4a5560; font-size: 12px; }
      code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
      .notes { margin-top: 8px; color: #4a5560; }
      @media print {
        body { padding: 0; font-size: 10pt; }
        .boxes { grid-template-columns: 1fr 1fr; }
        svg#timeline { page-break-inside: avoid; }
      }
      """;
}
