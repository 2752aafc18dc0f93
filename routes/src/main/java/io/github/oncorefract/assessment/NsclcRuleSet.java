package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.therapy.DerivedLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Non-small-cell lung cancer rule set, id {@code nsclc}, version {@code 1.0.0}: the solid-tumour rules of
 * {@link SolidTumourRuleSet} with NSCLC's own, separately configured thresholds ({@link NsclcParameters}), versioned
 * apart so that NSCLC can change without touching other solid tumours ({@code clinical-model.md} sections 2-3; lines
 * after the Merck open-source Line-of-Therapy-Algorithm for NSCLC, with the continuous oral EGFR/ALK TKIs
 * gap-exempt).
 *
 * <p>In addition: progression on an EGFR/ALK/ROS1 TKI line counts as progression of that line (as for any line), and
 * the latest such line with progression evidence (a progression event attributed to it, or an exposure stopped for no
 * response) adds the reason {@code progression-on-targeted-therapy}, advising resistance testing (e.g. EGFR T790M,
 * ALK resistance mutations). Source: NCCN NSCLC guideline, progression on targeted therapy (no version claimed). The
 * status is the solid-tumour status; the reason only informs the reviewer.
 */
public final class NsclcRuleSet extends BaseRuleSet {

  public static final String ID = "nsclc";
  public static final String VERSION = "1.0.0";

  private final NsclcParameters params;
  private final SolidTumourRuleSet solid;

  public NsclcRuleSet(NsclcParameters params) {
    super(ID, VERSION, Set.of(CancerType.NSCLC));
    this.params = Objects.requireNonNull(params, "params");
    this.solid = new SolidTumourRuleSet(params.solidTumour());
  }

  @Override
  public RuleOutcome evaluate(RuleInput input) {
    RuleOutcome base = solid.evaluate(input);
    DerivedLine tkiLine = null;
    for (DerivedLine l : input.lines()) {
      boolean tki = l.line().regimen().stream().anyMatch(params.targetedTkis()::contains);
      if (tki && (!l.progressionEvents().isEmpty() || l.stoppedForNoResponse())) {
        tkiLine = l;
      }
    }
    if (tkiLine == null) {
      return base;
    }
    Set<String> tkis = new TreeSet<>(tkiLine.line().regimen());
    tkis.retainAll(params.targetedTkis());
    List<ResourceRef> evidence = new ArrayList<>(tkiLine.line().sources());
    evidence.addAll(RuleSupport.refs(tkiLine.progressionEvents(), RuleSupport.noResponse(tkiLine)));
    List<Reason> reasons = new ArrayList<>(base.reasons());
    reasons.add(new Reason("progression-on-targeted-therapy",
        "Progression on " + String.join(" + ", tkis) + " (line " + tkiLine.line().number() + ", from "
            + tkiLine.line().start() + "): resistance testing (e.g. EGFR T790M, ALK resistance mutations) advised"
            + " (NCCN NSCLC guideline, progression on targeted therapy).", evidence));
    Set<String> refractory = new TreeSet<>(base.refractoryIngredients());
    refractory.addAll(tkiLine.line().regimen());
    return new RuleOutcome(base.status(), reasons, base.statusDate(), base.summary(), refractory);
  }
}
