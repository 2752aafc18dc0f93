package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureStatus;
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
 * Ovarian-cancer rule set, id {@code ovarian-platinum}, version {@code 1.1.0}: platinum sensitivity of the latest
 * platinum-containing line, combined with the solid-tumour rules (the more severe status wins). Source: GCIG
 * platinum-free-interval categories (see {@link OvarianParameters}).
 *
 * <ul>
 *   <li>Platinum-refractory (LIKELY_REFRACTORY): progression dated after the platinum line's start and during
 *       platinum (a platinum <i>exposure</i> active that day, see {@link #duringPlatinum}; 1.0.0 used the whole line
 *       being open, so maintenance after platinum made every later progression "during platinum") or within
 *       {@code refractoryDays} (28) of the last platinum dose, or a platinum exposure stopped for no response.</li>
 *   <li>Platinum-resistant ({@code resistantStatus}, AT_RISK by default): first progression within
 *       {@code resistantMonths} (6) of the last platinum dose; reason {@value #REASON_PLATINUM_RESISTANT}, which
 *       {@link SuggestionRules} answers with a trial referral by default (NCCN Ovarian Cancer guidelines,
 *       recurrence therapy for platinum-resistant disease: clinical trial).</li>
 *   <li>Otherwise, or with no platinum line, the solid-tumour result alone.</li>
 * </ul>
 */
public final class OvarianRuleSet extends BaseRuleSet {

  public static final String ID = "ovarian-platinum";
  public static final String VERSION = "1.1.0";

  /** Reason code of platinum-resistant disease (its suggestions: {@link SuggestionRules}, trial referral). */
  public static final String REASON_PLATINUM_RESISTANT = "platinum-resistant";

  /** Reason code of platinum-refractory disease. */
  public static final String REASON_PLATINUM_REFRACTORY = "platinum-refractory";

  private static final java.util.regex.Pattern PFI_TEXT =
      java.util.regex.Pattern.compile("platinum-free interval (\\d+) days");

  /**
   * The platinum-free interval a {@value #REASON_PLATINUM_REFRACTORY} or {@value #REASON_PLATINUM_RESISTANT} reason of
   * this rule set states: days from the last platinum dose to the first progression after it (0 when the progression
   * came during platinum).
   *
   * @return empty for other reasons, or a refractory reason resting on a no-response stop without a progression
   */
  public static java.util.OptionalLong platinumFreeDays(Reason r) {
    if (r == null || !(REASON_PLATINUM_REFRACTORY.equals(r.code()) || REASON_PLATINUM_RESISTANT.equals(r.code()))) {
      return java.util.OptionalLong.empty();
    }
    java.util.regex.Matcher m = PFI_TEXT.matcher(r.text());
    return m.find() ? java.util.OptionalLong.of(Long.parseLong(m.group(1))) : java.util.OptionalLong.empty();
  }

  /** "; platinum-free interval 45 days (1.5 months)", or "" without a progression. */
  private static String pfi(LocalDate lastDose, List<DiseaseStatusEvent> prog) {
    if (prog.isEmpty()) {
      return "";
    }
    long days = Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(lastDose, prog.get(0).date()));
    return "; platinum-free interval " + days + " days ("
        + String.format(java.util.Locale.ROOT, "%.1f", days / 30.4375) + " months)";
  }

  private final OvarianParameters params;
  private final SolidTumourRuleSet solid;

  public OvarianRuleSet(OvarianParameters params, SolidTumourParameters solidParams) {
    super(ID, VERSION, Set.of(CancerType.OVARIAN));
    this.params = Objects.requireNonNull(params, "params");
    this.solid = new SolidTumourRuleSet(solidParams);
  }

  @Override
  public RuleOutcome evaluate(RuleInput input) {
    RuleOutcome base = solid.evaluate(input);
    DerivedLine platinumLine = null;
    for (int i = 0; i < input.lines().size(); i++) {
      DerivedLine l = input.lines().get(i);
      if (l.line().regimen().stream().anyMatch(params.platinumIngredients()::contains)) {
        platinumLine = l;
      }
    }
    if (platinumLine == null) {
      return base;
    }
    List<DrugExposure> platinum = platinumLine.exposures().stream()
        .filter(e -> params.platinumIngredients().contains(e.ingredient())).toList();
    LocalDate lastDose = platinum.stream().map(DrugExposure::lastKnownDay).max(LocalDate::compareTo).orElseThrow();
    List<DiseaseStatusEvent> prog = RuleSupport.progressionsAfter(input.events(), platinumLine.line().start(),
        input.asOf());
    List<DrugExposure> stops = platinum.stream()
        .filter(e -> e.stopReason() == io.github.oncorefract.domain.StopReason.NO_RESPONSE).toList();
    Set<String> refractory = new TreeSet<>(base.refractoryIngredients());
    String label = platinumLine.line().regimenLabel();
    List<ResourceRef> lineRefs = platinumLine.line().sources();

    LocalDate refractoryLimit = lastDose.plusDays(params.refractoryDays());
    LocalDate nextStart = null;
    int at = input.lines().indexOf(platinumLine);
    if (at >= 0 && at + 1 < input.lines().size()) {
      nextStart = input.lines().get(at + 1).line().start();
    }
    boolean lineOngoing = platinumLine.line().end() == null;
    LocalDate next = nextStart;
    List<DiseaseStatusEvent> refractoryProg = prog.stream()
        .filter(e -> next == null || !e.date().isAfter(next))
        .filter(e -> duringPlatinum(platinum, e.date(), lineOngoing) || !e.date().isAfter(refractoryLimit)).toList();
    if (!refractoryProg.isEmpty() || !stops.isEmpty()) {
      List<ResourceRef> ev = new ArrayList<>(lineRefs);
      ev.addAll(RuleSupport.refs(refractoryProg, stops));
      LocalDate date = RuleSupport.firstEvidenceDate(refractoryProg, stops).orElse(lastDose);
      refractory.addAll(platinumLine.line().regimen());
      return combine(base, RefractoryStatus.LIKELY_REFRACTORY, new Reason(REASON_PLATINUM_REFRACTORY,
          "Progression during platinum (" + label + ") or within " + params.refractoryDays()
              + " days of the last platinum dose (" + lastDose + ")" + pfi(lastDose, refractoryProg) + ".", ev),
          date, "platinum-refractory", refractory);
    }
    LocalDate resistantLimit = lastDose.plusMonths(params.resistantMonths());
    List<DiseaseStatusEvent> resistantProg = prog.stream()
        .filter(e -> !e.date().isAfter(resistantLimit))
        .toList();
    if (!resistantProg.isEmpty()) {
      List<ResourceRef> ev = new ArrayList<>(lineRefs);
      ev.addAll(RuleSupport.refs(resistantProg, List.of()));
      refractory.addAll(platinumLine.line().regimen());
      return combine(base, params.resistantStatus(), new Reason(REASON_PLATINUM_RESISTANT,
          "Progression within " + params.resistantMonths() + " months of the last platinum dose (" + lastDose
              + ", " + label + ")" + pfi(lastDose, resistantProg) + ".", ev),
          resistantProg.get(0).date(), "platinum-resistant", refractory);
    }
    return base;
  }

  /**
   * True when a platinum exposure is active on {@code day}: started before it and either ending on or after it, or
   * recorded as {@code ACTIVE}/{@code ON_HOLD} with no end while its line is still ongoing (an order left open after
   * a later line started is not "during platinum"). An open line alone (maintenance olaparib or bevacizumab
   * continuing after carboplatin stopped) is not "during platinum" either.
   *
   * @param lineOngoing whether the platinum line has no end (it is the latest line and still running)
   */
  static boolean duringPlatinum(List<DrugExposure> platinum, LocalDate day, boolean lineOngoing) {
    return platinum.stream().anyMatch(e -> e.start().isBefore(day)
        && (e.end() != null ? !e.end().isBefore(day)
            : lineOngoing && (e.status() == ExposureStatus.ACTIVE || e.status() == ExposureStatus.ON_HOLD)));
  }

  private static RuleOutcome combine(RuleOutcome base, RefractoryStatus status, Reason reason, LocalDate date,
      String summary, Set<String> refractory) {
    List<Reason> reasons = new ArrayList<>();
    reasons.add(reason);
    if (RuleSupport.severity(base.status()) > RuleSupport.severity(status)) {
      reasons.addAll(base.reasons());
      return new RuleOutcome(base.status(), reasons, base.statusDate(), base.summary() + "; " + summary, refractory);
    }
    return new RuleOutcome(status, reasons, date, summary, refractory);
  }
}
