package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.therapy.DerivedLine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The default solid-tumour rule set, id {@code solid-tumour}, version {@code 1.0.0} ({@code clinical-model.md}
 * section 3; advanced-setting lines counted apart from curative ones per Saini &amp; Twelves, Br J Cancer 2021).
 *
 * <ul>
 *   <li>INSUFFICIENT_DATA: no line of therapy (no antineoplastic exposure the catalog knows, or none dated on or
 *       before the assessment day).</li>
 *   <li>LIKELY_REFRACTORY: at least {@code advancedLinesThreshold} (2) advanced-setting lines and progression
 *       evidence (a progression/recurrence event dated after the latest advanced line's start, or an exposure of
 *       that line stopped for no response).</li>
 *   <li>AT_RISK: fewer advanced lines than the threshold (at least one) with progression evidence after the latest
 *       one's start; or the threshold reached without such evidence when
 *       {@link SolidTumourParameters#atRiskWithoutProgression()}.</li>
 *   <li>NOT_REFRACTORY: otherwise (including only curative-intent lines).</li>
 * </ul>
 * Status date: the first progression evidence after the latest advanced line's start when progression is the
 * reason, else the latest advanced line's start (or the latest line's start with no advanced line).
 */
public final class SolidTumourRuleSet extends BaseRuleSet {

  public static final String ID = "solid-tumour";
  public static final String VERSION = "1.0.0";

  private final SolidTumourParameters params;

  /**
   * Every solid-tumour type; haematological cancers get this rule set only as a fallback chosen (and reported) by the
   * {@link RuleSetRegistry}.
   */
  private static final Set<CancerType> SOLID_TYPES = java.util.Arrays.stream(CancerType.values())
      .filter(t -> !t.haematological()).collect(java.util.stream.Collectors.toUnmodifiableSet());

  public SolidTumourRuleSet(SolidTumourParameters params) {
    super(ID, VERSION, SOLID_TYPES);
    this.params = Objects.requireNonNull(params, "params");
  }

  @Override
  public RuleOutcome evaluate(RuleInput input) {
    List<DerivedLine> lines = input.lines();
    if (lines.isEmpty()) {
      return RuleSupport.noTherapy(input, "this cancer");
    }
    Set<String> refractory = new TreeSet<>();
    for (DerivedLine l : lines) {
      if (!l.progressionEvents().isEmpty() || l.stoppedForNoResponse()) {
        refractory.addAll(l.line().regimen());
      }
    }
    List<DerivedLine> advanced = lines.stream().filter(l -> l.line().setting() == LineSetting.ADVANCED).toList();
    if (advanced.isEmpty()) {
      DerivedLine last = lines.get(lines.size() - 1);
      return new RuleOutcome(RefractoryStatus.NOT_REFRACTORY,
          List.of(new Reason("no-advanced-line",
              lines.size() + " curative-intent line(s) and no advanced-setting line.", RuleSupport.lineEvidence(lines))),
          last.line().start(), "no advanced-setting line", refractory);
    }
    DerivedLine latest = advanced.get(advanced.size() - 1);
    int n = advanced.size();
    List<DiseaseStatusEvent> prog = RuleSupport.progressionsAfter(input.events(), latest.line().start(), input.asOf());
    List<DrugExposure> stops = RuleSupport.noResponse(latest);
    boolean progressed = !prog.isEmpty() || !stops.isEmpty();
    String ordinal = RuleSupport.ordinal(n);
    List<Reason> reasons = new ArrayList<>();
    Reason linesReason = new Reason(n >= params.advancedLinesThreshold() ? "advanced-lines-threshold" : "advanced-lines",
        n + " advanced-setting line(s); the threshold is " + params.advancedLinesThreshold() + ".",
        RuleSupport.lineEvidence(advanced));
    reasons.add(linesReason);
    if (progressed) {
      refractory.addAll(latest.line().regimen());
      List<ResourceRef> evidence = RuleSupport.refs(prog, stops);
      LocalDate first = RuleSupport.firstEvidenceDate(prog, stops).orElse(latest.line().start());
      reasons.add(new Reason("progression-on-latest-line",
          "Progression evidence on or after " + first + ", after the start of the " + ordinal
              + " advanced-setting line (" + latest.line().regimenLabel() + ", " + latest.line().start() + ").",
          evidence));
      RefractoryStatus status = n >= params.advancedLinesThreshold()
          ? RefractoryStatus.LIKELY_REFRACTORY : RefractoryStatus.AT_RISK;
      return new RuleOutcome(status, reasons, first, "progression on " + ordinal + " advanced line", refractory);
    }
    if (n >= params.advancedLinesThreshold() && params.atRiskWithoutProgression()) {
      reasons.add(new Reason("no-progression-recorded-on-latest-line",
          "No progression evidence recorded after the start of the " + ordinal + " advanced-setting line.",
          latest.line().sources()));
      return new RuleOutcome(RefractoryStatus.AT_RISK, reasons, latest.line().start(),
          ordinal + " advanced line, no progression recorded on it", refractory);
    }
    reasons.add(new Reason("no-progression-on-latest-line",
        "No progression evidence recorded after the start of the " + ordinal + " advanced-setting line.",
        latest.line().sources()));
    return new RuleOutcome(RefractoryStatus.NOT_REFRACTORY, reasons, latest.line().start(),
        "no progression recorded on " + ordinal + " advanced line", refractory);
  }
}
