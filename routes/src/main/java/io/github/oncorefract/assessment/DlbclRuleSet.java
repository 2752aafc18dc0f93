package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.DiseaseStatus;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ProcedureEvent;
import io.github.oncorefract.domain.ProcedureKind;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.therapy.DerivedLine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Diffuse large B-cell lymphoma rule set, id {@code dlbcl-scholar-1}, version {@code 1.0.0}, after SCHOLAR-1 (Crump M
 * et al., Blood 2017;130(16):1800-1808; see {@link DlbclParameters}).
 *
 * <p><b>Best response of a line</b>: the best disease-status event (complete response &gt; partial response &gt;
 * improved &gt; stable &gt; progression/recurrence; undetermined ignored) dated after the line's start, no later than
 * the next line's start and, once the line has ended, no more than {@code responseWindowDays} after its end.
 *
 * <ul>
 *   <li>INSUFFICIENT_DATA: no line of therapy.</li>
 *   <li>LIKELY_REFRACTORY (SCHOLAR-1), any of:
 *     <ul>
 *       <li>{@code primary-refractory}: best response to the first line is progressive disease, or stable disease
 *           (once the line has ended, unless {@code stableCountsWhileOngoing}), or, with no response recorded, an
 *           exposure of the line stopped for no response (SNOMED 266721009);</li>
 *       <li>{@code refractory-to-line}: the same for a later line;</li>
 *       <li>{@code relapse-within-12-months-of-asct}: a progression/recurrence event after an autologous stem-cell
 *           transplant ({@link ProcedureKind#AUTOLOGOUS_STEM_CELL_TRANSPLANT}) and no more than
 *           {@code asctRelapseMonths} after it.</li>
 *     </ul></li>
 *   <li>AT_RISK (a project choice: relapsed, not refractory by SCHOLAR-1, but a candidate for review):
 *     <ul>
 *       <li>{@code relapse-after-asct}: progression more than {@code asctRelapseMonths} after an autologous
 *           transplant;</li>
 *       <li>{@code relapse-after-transplant-of-unknown-type}: progression within {@code asctRelapseMonths} of a
 *           stem-cell transplant not recorded as autologous;</li>
 *       <li>{@code relapse-after-response}: the latest progression event comes after a recorded response (complete,
 *           partial, improved) and no response was recorded after it; {@code progression-after-line} when no
 *           response was recorded before it.</li>
 *     </ul></li>
 *   <li>NOT_REFRACTORY: otherwise.</li>
 * </ul>
 * Status date: the earliest refractory evidence (LIKELY_REFRACTORY), else the progression behind the at-risk reason,
 * else the latest line's start. All lines count (SCHOLAR-1 counts chemo-immunotherapy lines; the catalog decides
 * what is antineoplastic), whatever their setting.
 */
public final class DlbclRuleSet extends BaseRuleSet {

  public static final String ID = "dlbcl-scholar-1";
  public static final String VERSION = "1.0.0";

  private final DlbclParameters params;

  public DlbclRuleSet(DlbclParameters params) {
    super(ID, VERSION, Set.of(CancerType.DLBCL));
    this.params = Objects.requireNonNull(params, "params");
  }

  /** Higher is better; 0 for no usable response. */
  static int rank(DiseaseStatus s) {
    if (s == null) {
      return 0;
    }
    return switch (s) {
      case COMPLETE_RESPONSE -> 5;
      case PARTIAL_RESPONSE -> 4;
      case IMPROVED -> 3;
      case STABLE -> 2;
      case PROGRESSION, RECURRENCE -> 1;
      case UNDETERMINED -> 0;
    };
  }

  private static boolean isResponse(DiseaseStatus s) {
    return rank(s) >= 3;
  }

  private static String responseWords(DiseaseStatus s) {
    return switch (s) {
      case COMPLETE_RESPONSE -> "complete response";
      case PARTIAL_RESPONSE -> "partial response";
      case IMPROVED -> "improvement";
      case STABLE -> "stable disease";
      case PROGRESSION -> "progressive disease";
      case RECURRENCE -> "recurrence";
      case UNDETERMINED -> "undetermined";
    };
  }

  /** The best-response event of a line (the earliest event of the best rank), if any. */
  Optional<DiseaseStatusEvent> bestResponse(DerivedLine line, LocalDate nextStart, List<DiseaseStatusEvent> events) {
    LocalDate start = line.line().start();
    LocalDate end = line.line().end();
    LocalDate limit = end == null ? null : end.plusDays(params.responseWindowDays());
    return events.stream()
        .filter(e -> e.date() != null && rank(e.status()) > 0 && e.date().isAfter(start))
        .filter(e -> nextStart == null || !e.date().isAfter(nextStart))
        .filter(e -> limit == null || !e.date().isAfter(limit))
        .min(Comparator.comparingInt((DiseaseStatusEvent e) -> -rank(e.status()))
            .thenComparing(DiseaseStatusEvent::date));
  }

  @Override
  public RuleOutcome evaluate(RuleInput input) {
    List<DerivedLine> lines = input.lines();
    if (lines.isEmpty()) {
      return RuleSupport.noTherapy(input, "this lymphoma");
    }
    List<Reason> refractoryReasons = new ArrayList<>();
    List<LocalDate> refractoryDates = new ArrayList<>();
    List<String> refractorySummaries = new ArrayList<>();
    Set<String> refractoryIngredients = new TreeSet<>();
    for (int i = 0; i < lines.size(); i++) {
      DerivedLine l = lines.get(i);
      LocalDate nextStart = i + 1 < lines.size() ? lines.get(i + 1).line().start() : null;
      Optional<DiseaseStatusEvent> best = bestResponse(l, nextStart, input.events());
      List<DrugExposure> stops = RuleSupport.noResponse(l);
      boolean ended = l.line().end() != null;
      String what = null;
      LocalDate when = null;
      List<ResourceRef> evidence = new ArrayList<>(l.line().sources());
      if (best.isPresent()) {
        DiseaseStatus s = best.get().status();
        long days = java.time.temporal.ChronoUnit.DAYS.between(l.line().start(),
            ended ? l.line().end() : best.get().date());
        boolean enoughTherapy = days >= (i == 0 ? params.minFirstLineDays() : params.minLaterLineDays());
        if (s.isProgression()
            || (s == DiseaseStatus.STABLE && enoughTherapy && (ended || params.stableCountsWhileOngoing()))) {
          what = "best response " + responseWords(s) + " (" + best.get().date() + ")";
          when = best.get().date();
          evidence.addAll(RuleSupport.refs(List.of(best.get()), List.of()));
        }
      } else if (!stops.isEmpty()) {
        when = RuleSupport.firstEvidenceDate(List.of(), stops).orElseThrow();
        what = "stopped for no response (" + when + ")";
        evidence.addAll(RuleSupport.refs(List.of(), stops));
      }
      if (what == null) {
        continue;
      }
      int n = l.line().number();
      boolean primary = i == 0;
      refractoryReasons.add(new Reason(primary ? "primary-refractory" : "refractory-to-line",
          (primary ? "Primary refractory (SCHOLAR-1): " : "Refractory (SCHOLAR-1): ") + "line " + n + " ("
              + l.line().regimenLabel() + ", " + l.line().start() + "), " + what + ".", evidence));
      refractoryDates.add(when);
      refractorySummaries.add(primary ? "primary refractory" : "refractory to line " + n);
      refractoryIngredients.addAll(l.line().regimen());
    }

    List<Reason> atRiskReasons = new ArrayList<>();
    List<LocalDate> atRiskDates = new ArrayList<>();
    List<String> atRiskSummaries = new ArrayList<>();
    List<ProcedureEvent> transplants = input.procedures().stream()
        .filter(p -> p.start() != null && !p.start().isAfter(input.asOf()))
        .filter(p -> p.kind() == ProcedureKind.AUTOLOGOUS_STEM_CELL_TRANSPLANT
            || p.kind() == ProcedureKind.STEM_CELL_TRANSPLANT)
        .sorted(Comparator.comparing(ProcedureEvent::start))
        .toList();
    for (ProcedureEvent t : transplants) {
      List<DiseaseStatusEvent> after = RuleSupport.progressionsAfter(input.events(), t.start(), input.asOf());
      if (after.isEmpty()) {
        continue;
      }
      DiseaseStatusEvent first = after.get(0);
      boolean early = !first.date().isAfter(t.start().plusMonths(params.asctRelapseMonths()));
      List<ResourceRef> evidence = new ArrayList<>(RuleSupport.refs(List.of(first), List.of()));
      if (t.source() != null) {
        evidence.add(t.source());
      }
      boolean autologous = t.kind() == ProcedureKind.AUTOLOGOUS_STEM_CELL_TRANSPLANT;
      if (autologous && early) {
        refractoryReasons.add(new Reason("relapse-within-12-months-of-asct",
            "Refractory (SCHOLAR-1): relapse or progression (" + first.date() + ") within "
                + params.asctRelapseMonths() + " months of autologous stem-cell transplant (" + t.start() + ").",
            evidence));
        refractoryDates.add(first.date());
        refractorySummaries.add("relapse within " + params.asctRelapseMonths() + " months of ASCT");
      } else if (autologous) {
        atRiskReasons.add(new Reason("relapse-after-asct",
            "Relapse or progression (" + first.date() + ") more than " + params.asctRelapseMonths()
                + " months after autologous stem-cell transplant (" + t.start() + ").", evidence));
        atRiskDates.add(first.date());
        atRiskSummaries.add("relapse after ASCT");
      } else if (early) {
        atRiskReasons.add(new Reason("relapse-after-transplant-of-unknown-type",
            "Relapse or progression (" + first.date() + ") within " + params.asctRelapseMonths()
                + " months of a stem-cell transplant (" + t.start() + ") not recorded as autologous.", evidence));
        atRiskDates.add(first.date());
        atRiskSummaries.add("relapse after stem-cell transplant");
      }
    }

    if (!refractoryReasons.isEmpty()) {
      LocalDate date = refractoryDates.stream().min(LocalDate::compareTo).orElse(null);
      return new RuleOutcome(RefractoryStatus.LIKELY_REFRACTORY, refractoryReasons, date,
          String.join("; ", new java.util.LinkedHashSet<>(refractorySummaries)), refractoryIngredients);
    }

    Optional<DiseaseStatusEvent> lastProgression = input.events().stream()
        .filter(e -> e.date() != null && e.status() != null && e.status().isProgression())
        .filter(e -> !e.date().isBefore(lines.get(0).line().start()))
        .max(Comparator.comparing(DiseaseStatusEvent::date));
    if (lastProgression.isPresent()) {
      LocalDate p = lastProgression.get().date();
      boolean respondedSince = input.events().stream()
          .anyMatch(e -> e.date() != null && isResponse(e.status()) && e.date().isAfter(p));
      if (!respondedSince) {
        Optional<DiseaseStatusEvent> responseBefore = input.events().stream()
            .filter(e -> e.date() != null && isResponse(e.status()) && e.date().isBefore(p))
            .max(Comparator.comparing(DiseaseStatusEvent::date));
        List<DiseaseStatusEvent> ev = new ArrayList<>();
        responseBefore.ifPresent(ev::add);
        ev.add(lastProgression.get());
        if (responseBefore.isPresent()) {
          atRiskReasons.add(new Reason("relapse-after-response",
              "Relapse or progression (" + p + ") after " + responseWords(responseBefore.get().status()) + " ("
                  + responseBefore.get().date() + "); not refractory by SCHOLAR-1.", RuleSupport.refs(ev, List.of())));
          atRiskSummaries.add("relapse after response");
        } else {
          atRiskReasons.add(new Reason("progression-after-line",
              "Progression (" + p + ") after the best-response window of its line; no response recorded.",
              RuleSupport.refs(ev, List.of())));
          atRiskSummaries.add("progression after therapy");
        }
        atRiskDates.add(p);
      }
    }
    if (!atRiskReasons.isEmpty()) {
      LocalDate date = atRiskDates.stream().max(LocalDate::compareTo).orElse(null);
      return new RuleOutcome(RefractoryStatus.AT_RISK, atRiskReasons, date,
          String.join("; ", new java.util.LinkedHashSet<>(atRiskSummaries)), refractoryIngredients);
    }
    DerivedLine last = lines.get(lines.size() - 1);
    return new RuleOutcome(RefractoryStatus.NOT_REFRACTORY,
        List.of(new Reason("no-refractory-response",
            "No line with progressive or stable disease as best response and no relapse recorded.",
            RuleSupport.lineEvidence(lines))),
        last.line().start(), "no refractory response recorded", refractoryIngredients);
  }
}
