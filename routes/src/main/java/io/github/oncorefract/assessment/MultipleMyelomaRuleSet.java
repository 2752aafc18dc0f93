package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.therapy.DerivedLine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Multiple-myeloma rule set, id {@code multiple-myeloma}, version {@code 1.0.0} (IMWG consensus; see
 * {@link MyelomaParameters}).
 *
 * <p>A line is refractory when an exposure of it was stopped for no response, or a progression event is dated after
 * its start and no later than {@code refractoryWindowDays} after its last dose (any time, while it is ongoing) and
 * no later than the next line's start. Then:
 * <ul>
 *   <li>INSUFFICIENT_DATA: no line;</li>
 *   <li>LIKELY_REFRACTORY: refractory to an IMiD, a proteasome inhibitor and an anti-CD38 antibody (triple-class
 *       refractory);</li>
 *   <li>AT_RISK: refractory to the latest line, or to two of the three classes (a documented project choice);</li>
 *   <li>NOT_REFRACTORY: otherwise.</li>
 * </ul>
 * Line settings are not used: myeloma lines are counted over all lines.
 */
public final class MultipleMyelomaRuleSet implements RefractoryRuleSet {

  public static final String ID = "multiple-myeloma";
  public static final String VERSION = "1.0.0";

  private final MyelomaParameters params;

  public MultipleMyelomaRuleSet(MyelomaParameters params) {
    this.params = Objects.requireNonNull(params, "params");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public boolean appliesTo(CancerCondition cancer) {
    return cancer.type() == CancerType.MULTIPLE_MYELOMA;
  }

  @Override
  public RuleOutcome evaluate(RuleInput input) {
    List<DerivedLine> lines = input.lines();
    if (lines.isEmpty()) {
      return RuleSupport.noTherapy(input, "this myeloma");
    }
    Map<String, LocalDate> classSince = new LinkedHashMap<>();
    List<ResourceRef> classEvidence = new ArrayList<>();
    Set<String> refractoryIngredients = new TreeSet<>();
    boolean latestRefractory = false;
    LocalDate latestDate = null;
    List<ResourceRef> latestEvidence = List.of();
    for (int i = 0; i < lines.size(); i++) {
      DerivedLine l = lines.get(i);
      LocalDate nextStart = i + 1 < lines.size() ? lines.get(i + 1).line().start() : null;
      LocalDate limit = l.line().end() == null ? input.asOf() : l.line().end().plusDays(params.refractoryWindowDays());
      List<DiseaseStatusEvent> prog = RuleSupport.progressionsAfter(input.events(), l.line().start(), input.asOf())
          .stream()
          .filter(e -> !e.date().isAfter(limit) && (nextStart == null || !e.date().isAfter(nextStart)))
          .toList();
      List<DrugExposure> stops = RuleSupport.noResponse(l);
      if (prog.isEmpty() && stops.isEmpty()) {
        continue;
      }
      LocalDate when = RuleSupport.firstEvidenceDate(prog, stops).orElse(l.line().start());
      List<ResourceRef> evidence = new ArrayList<>(l.line().sources());
      evidence.addAll(RuleSupport.refs(prog, stops));
      refractoryIngredients.addAll(l.line().regimen());
      for (String drug : l.line().regimen()) {
        String cls = params.imids().contains(drug) ? "IMiD"
            : params.proteasomeInhibitors().contains(drug) ? "proteasome inhibitor"
            : params.antiCd38().contains(drug) ? "anti-CD38 antibody" : null;
        if (cls != null && !classSince.containsKey(cls)) {
          classSince.put(cls, when);
          classEvidence.addAll(evidence);
        }
      }
      if (i == lines.size() - 1) {
        latestRefractory = true;
        latestDate = when;
        latestEvidence = evidence;
      }
    }
    List<Reason> reasons = new ArrayList<>();
    if (classSince.size() == 3) {
      LocalDate date = classSince.values().stream().max(LocalDate::compareTo).orElseThrow();
      reasons.add(new Reason("triple-class-refractory",
          "Refractory (IMWG: no response, or progression within " + params.refractoryWindowDays()
              + " days of the last dose) to an IMiD, a proteasome inhibitor and an anti-CD38 antibody.",
          classEvidence));
      return new RuleOutcome(RefractoryStatus.LIKELY_REFRACTORY, reasons, date, "triple-class refractory",
          refractoryIngredients);
    }
    if (latestRefractory) {
      reasons.add(new Reason("refractory-to-latest-line",
          "Refractory (IMWG) to the latest line, line " + lines.size() + ".", latestEvidence));
    }
    if (classSince.size() == 2) {
      reasons.add(new Reason("double-class-refractory",
          "Refractory to two drug classes: " + String.join(" and ", classSince.keySet()) + ".", classEvidence));
    }
    if (!reasons.isEmpty()) {
      LocalDate date = classSince.size() == 2
          ? classSince.values().stream().max(LocalDate::compareTo).orElseThrow() : latestDate;
      if (latestDate != null && date != null && latestDate.isBefore(date)) {
        date = latestDate;
      }
      String summary = latestRefractory ? "refractory to line " + lines.size() : "double-class refractory";
      return new RuleOutcome(RefractoryStatus.AT_RISK, reasons, date, summary, refractoryIngredients);
    }
    DerivedLine last = lines.get(lines.size() - 1);
    return new RuleOutcome(RefractoryStatus.NOT_REFRACTORY,
        List.of(new Reason("not-refractory-to-latest-line",
            "No progression or non-response recorded on the latest line.", last.line().sources())),
        last.line().start(), "not refractory to the latest line", refractoryIngredients);
  }
}
