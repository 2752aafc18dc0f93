package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StopReason;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.SuggestionType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The suggestion catalogue of {@code clinical-model.md} section 4, evaluated for every assessed cancer. Output is in
 * catalogue order ({@link SuggestionType} order); the clinician decides.
 *
 * <ul>
 *   <li>{@code genomic-profiling}: no genomic result (a {@link GenomicVariant} of any kind, present or absent) dated
 *       on or after the most recent progression; or, with no progression, none dated within
 *       {@code genomicLookbackMonths} before {@code asOf}. An undated result still counts as a result (issue 8,
 *       class 7): with no progression it satisfies the look-back; after a progression it cannot be placed after it,
 *       so profiling is still suggested and the text says an undated result exists. The most recent
 *       progression is the latest of the progression/recurrence events and the last known day of the cancer's
 *       exposures stopped for "no response to treatment" (SNOMED 266721009; {@code clinical-model.md} section 1:
 *       progression can also appear as a line stopped for no response).</li>
 *   <li>{@code targeted-therapy-review}: one per alteration: the table rows a present finding matches for the cancer
 *       (see {@link ActionableVariantTable}; label diseases by the cancer's code), merged with those of another
 *       finding sharing a row (MSI-H and dMMR, HER2 IHC 3+ and ERBB2 amplification), listing every labelled agent;
 *       none when any agent of those rows has been given to the patient or the cancer is refractory to it (a drug
 *       for the alteration already given suppresses the suggestion: BRAF V600E after dabrafenib + trametinib gets
 *       no encorafenib + binimetinib prompt). Ordered by the best row's evidence level ({@code FDA-approved} first,
 *       then any other level), then by its position in the table, so the order does not depend on resource ids.
 *       A finding that names the gene only says so in the text; so do a fusion without a reported partner, a lung
 *       cancer of unrecorded histology matched by NSCLC rows, and a label for advanced disease only
 *       ({@code requires=advanced}: not suggested for early-stage/curative disease, conditional when not known). A label
 *       for maintenance after a response to platinum ({@code requires=platinum-sensitive}: the ovarian PARP-inhibitor
 *       labels) is not suggested for a cancer the ovarian rule set calls platinum-refractory or platinum-resistant,
 *       and otherwise says so.</li>
 *   <li>{@code trial-referral}, {@code treatment-strategy-review}: LIKELY_REFRACTORY (or AT_RISK when configured);
 *       their reasons are the status reasons. Trial referral also for platinum-resistant ovarian cancer (reason
 *       {@value OvarianRuleSet#REASON_PLATINUM_RESISTANT}) by default, whatever status that state is configured to
 *       give (NCCN Ovarian Cancer guidelines, recurrence therapy for platinum-resistant disease: clinical trial).
 *       The strategy options follow {@code clinical-model.md} section 4: for
 *       DLBCL, CAR-T cell therapy or high-dose chemotherapy with autologous stem-cell transplant for eligible patients
 *       (the options after SCHOLAR-1-refractory disease); other blood cancers, transplant or cellular therapy; solid
 *       tumours, another drug class, a targeted agent or radiation.</li>
 *   <li>{@code supportive-care}: LIKELY_REFRACTORY, or AT_RISK when configured (default on).</li>
 * </ul>
 */
public final class SuggestionRules {

  private final SuggestionParameters params;
  private final ActionableVariantTable table;

  /**
   * @param params parameters
   * @param table  actionable-variant table
   */
  public SuggestionRules(SuggestionParameters params, ActionableVariantTable table) {
    this.params = Objects.requireNonNull(params, "params");
    this.table = Objects.requireNonNull(table, "table");
  }

  /** Rules with the table loaded from {@link SuggestionParameters#actionableVariantsResource()}. */
  public static SuggestionRules fromClasspath(SuggestionParameters params) {
    return new SuggestionRules(params, ActionableVariantTable.load(params.actionableVariantsResource()));
  }

  /**
   * Suggestions for one cancer whose exposures are not known (no "no response" stop counts as progression).
   *
   * @see #suggest(CancerCondition, RuleOutcome, List, List, List, Set, LocalDate)
   */
  public List<Suggestion> suggest(CancerCondition cancer, RuleOutcome outcome, List<DiseaseStatusEvent> events,
      List<GenomicVariant> variants, Set<String> agentsGiven, LocalDate asOf) {
    return suggest(cancer, outcome, events, List.of(), variants, agentsGiven, asOf);
  }

  /**
   * Suggestions for one cancer.
   *
   * @param cancer      the cancer
   * @param outcome     its rule outcome
   * @param events      its disease-status events
   * @param exposures   its antineoplastic exposures (those of its lines); the ones stopped for no response are
   *                    progression evidence for {@code genomic-profiling}
   * @param variants    the patient's genomic findings (variants carry no cancer reference, so all apply)
   * @param agentsGiven lower-case ingredients ever given to the patient up to {@code asOf}
   * @param asOf        assessment day
   * @return suggestions in catalogue order
   */
  public List<Suggestion> suggest(CancerCondition cancer, RuleOutcome outcome, List<DiseaseStatusEvent> events,
      List<DrugExposure> exposures, List<GenomicVariant> variants, Set<String> agentsGiven, LocalDate asOf) {
    return suggest(cancer, outcome, events, exposures, variants, agentsGiven, asOf, null);
  }

  /**
   * Suggestions for one cancer, knowing whether its disease is advanced.
   *
   * @param advancedDisease {@code true}: advanced disease is recorded (stage IV/M1, metastasis, progression or
   *                        recurrence, an advanced-setting line); {@code false}: the record shows early-stage or
   *                        curative-setting disease and no advanced disease; {@code null}: not known. Table rows
   *                        whose label covers advanced disease only ({@link ActionableVariant#requiresAdvanced()}:
   *                        pembrolizumab for TMB-high or MSI-H/dMMR, Keytruda label "unresectable or metastatic ...
   *                        progressed following prior treatment") are not suggested for {@code false}, and worded
   *                        conditionally for {@code null}
   * @see #suggest(CancerCondition, RuleOutcome, List, List, List, Set, LocalDate)
   */
  public List<Suggestion> suggest(CancerCondition cancer, RuleOutcome outcome, List<DiseaseStatusEvent> events,
      List<DrugExposure> exposures, List<GenomicVariant> variants, Set<String> agentsGiven, LocalDate asOf,
      Boolean advancedDisease) {
    List<Suggestion> out = new ArrayList<>();
    genomicProfiling(cancer, events, exposures, variants, agentsGiven, asOf).ifPresent(out::add);
    out.addAll(targeted(cancer, outcome, variants, agentsGiven, asOf, effectiveAdvanced(advancedDisease, cancer,
        events)));
    RefractoryStatus s = outcome.status();
    boolean likely = s == RefractoryStatus.LIKELY_REFRACTORY;
    boolean atRisk = s == RefractoryStatus.AT_RISK;
    String statusWords = RuleSupport.words(s);
    boolean platinumResistant = params.trialReferralForPlatinumResistant() && outcome.reasons().stream()
        .anyMatch(r -> OvarianRuleSet.REASON_PLATINUM_RESISTANT.equals(r.code()));
    if (likely || (atRisk && params.trialReferralForAtRisk())) {
      out.add(new Suggestion(SuggestionType.TRIAL_REFERRAL,
          "Cancer is " + statusWords + " (" + outcome.summary()
              + "): refer for clinical trial evaluation, including basket studies matching its variants.",
          outcome.reasons(), List.of()));
    } else if (platinumResistant) {
      out.add(new Suggestion(SuggestionType.TRIAL_REFERRAL,
          "Platinum-resistant ovarian cancer: refer for clinical trial evaluation "
              + "(NCCN Ovarian Cancer guidelines list a clinical trial first for platinum-resistant recurrence).",
          outcome.reasons(), List.of()));
    }
    if (likely || (atRisk && params.strategyReviewForAtRisk())) {
      String options = cancer.type() == io.github.oncorefract.domain.CancerType.DLBCL
          ? dlbclOptions(outcome, agentsGiven)
          : cancer.type() != null && cancer.type().haematological()
          ? "switch drug class, high-dose chemotherapy with stem-cell transplant, or cellular therapy"
          : "switch drug class, add a targeted agent, or combine with radiation";
      out.add(new Suggestion(SuggestionType.TREATMENT_STRATEGY_REVIEW,
          "Cancer is " + statusWords + " (" + outcome.summary() + "): review treatment strategy (" + options + ").",
          outcome.reasons(), List.of()));
    }
    if (likely || (atRisk && params.supportiveCareForAtRisk())) {
      out.add(new Suggestion(SuggestionType.SUPPORTIVE_CARE,
          "Cancer is " + statusWords + ": review pain, nutrition, psycho-oncology and social support.",
          outcome.reasons(), List.of()));
    }
    return out;
  }

  /** The latest progression evidence: a progression/recurrence event or a "no response" stop, with its source. */
  private record Progression(LocalDate date, ResourceRef source) {}

  private Optional<Suggestion> genomicProfiling(CancerCondition cancer, List<DiseaseStatusEvent> events,
      List<DrugExposure> exposures, List<GenomicVariant> variants, Set<String> agentsGiven, LocalDate asOf) {
    List<GenomicVariant> dated = variants.stream()
        .filter(v -> v.date() != null && !v.date().isAfter(asOf))
        .sorted(Comparator.comparing(GenomicVariant::date))
        .toList();
    Optional<GenomicVariant> latest = dated.isEmpty() ? Optional.empty() : Optional.of(dated.get(dated.size() - 1));
    List<GenomicVariant> undated = variants.stream().filter(v -> v.date() == null).toList();
    Optional<Progression> lastProgression = Stream.concat(
            events.stream()
                .filter(e -> e.date() != null && e.status() != null && e.status().isProgression())
                .map(e -> new Progression(e.date(), e.source())),
            exposures.stream()
                .filter(e -> e != null && e.stopReason() == StopReason.NO_RESPONSE && e.start() != null)
                .map(e -> new Progression(e.lastKnownDay(), e.resource())))
        .filter(p -> !p.date().isAfter(asOf))
        .max(Comparator.comparing(Progression::date));
    List<ResourceRef> evidence = new ArrayList<>();
    latest.map(GenomicVariant::source).filter(Objects::nonNull).ifPresent(evidence::add);
    if (lastProgression.isPresent()) {
      LocalDate p = lastProgression.get().date();
      if (dated.stream().noneMatch(v -> !v.date().isBefore(p))) {
        if (lastProgression.get().source() != null) {
          evidence.add(lastProgression.get().source());
        }
        String text = "No genomic result since the most recent progression (" + p + "): "
            + profilingAdvice(cancer, agentsGiven)
            + (undated.isEmpty() ? "" : " (A genomic result without a date is on record; it cannot be placed after "
                + "the progression.)");
        return Optional.of(new Suggestion(SuggestionType.GENOMIC_PROFILING, text,
            List.of(new Reason("no-genomic-result-since-progression", text, evidence)), List.of()));
      }
      return Optional.empty();
    }
    LocalDate since = asOf.minusMonths(params.genomicLookbackMonths());
    if (undated.isEmpty() && dated.stream().noneMatch(v -> !v.date().isBefore(since))) {
      evidence.add(cancer.ref());
      String text = "No genomic result in the last " + params.genomicLookbackMonths()
          + " months: consider comprehensive genomic profiling.";
      return Optional.of(new Suggestion(SuggestionType.GENOMIC_PROFILING, text,
          List.of(new Reason("no-genomic-result-in-lookback", text, evidence)), List.of()));
    }
    return Optional.empty();
  }

  /**
   * What to advise after progression: a fresh biopsy for solid tumours (naming EGFR T790M, the resistance mechanism
   * after an EGFR TKI, only for NSCLC treated with one), repeat molecular testing on a fresh sample for blood cancers.
   */
  private static String profilingAdvice(CancerCondition cancer, Set<String> agentsGiven) {
    if (cancer.type() != null && cancer.type().haematological()) {
      return "consider repeat molecular testing on a fresh marrow or blood sample.";
    }
    if (cancer.type() == io.github.oncorefract.domain.CancerType.NSCLC
        && agentsGiven.stream().anyMatch(EGFR_TKIS::contains)) {
      return "consider a fresh biopsy and comprehensive genomic profiling (resistance mechanisms such as EGFR T790M"
          + " appear at progression on an EGFR TKI).";
    }
    return "consider a fresh biopsy and comprehensive genomic profiling (resistance mechanisms and new actionable"
        + " alterations can appear at progression).";
  }

  /**
   * The caller's answer, else {@code true} when the cancer's own record shows advanced disease (an advanced stage
   * finding, or a progression/recurrence event), else {@code null} (not known).
   */
  private static Boolean effectiveAdvanced(Boolean advancedDisease, CancerCondition cancer,
      List<DiseaseStatusEvent> events) {
    if (advancedDisease != null) {
      return advancedDisease;
    }
    boolean recorded = cancer.stages().stream().anyMatch(io.github.oncorefract.domain.StageFinding::advanced)
        || events.stream().anyMatch(e -> e.status() != null && e.status().isProgression());
    return recorded ? Boolean.TRUE : null;
  }

  /** {@code FDA-approved} before any other evidence level. */
  private static int evidenceRank(ActionableVariant row) {
    return "FDA-approved".equalsIgnoreCase(row.evidenceLevel()) ? 0 : 1;
  }

  /** Findings that share table rows (one alteration seen by two tests), with the rows they match. */
  private static final class Group {
    final Set<ActionableVariant> rows = new java.util.LinkedHashSet<>();
    final List<ResourceRef> evidence = new ArrayList<>();
    boolean specific;
    boolean germline;
    boolean fusionWithoutPartner;
  }

  /** A fusion finding whose text names no partner gene ("EML4-ALK" names one). */
  private static boolean fusionWithoutPartner(GenomicVariant v) {
    if (v.kind() != io.github.oncorefract.domain.VariantKind.FUSION || v.gene() == null) {
      return false;
    }
    String g = java.util.regex.Pattern.quote(v.gene());
    return v.rawText() == null || !java.util.regex.Pattern.compile("\\b[A-Z0-9]+-" + g + "\\b|\\b" + g + "-[A-Z0-9]+\\b")
        .matcher(v.rawText()).find();
  }

  private List<Suggestion> targeted(CancerCondition cancer, RuleOutcome outcome, List<GenomicVariant> variants,
      Set<String> agentsGiven, LocalDate asOf, Boolean advancedDisease) {
    List<Group> groups = new ArrayList<>();
    // the ovarian rule set's platinum-refractory or platinum-resistant call: a label for maintenance after a response
    // to platinum (requires=platinum-sensitive) does not apply
    boolean platinumFailed = outcome.reasons().stream().anyMatch(r -> PLATINUM_FAILED.contains(r.code()));
    List<GenomicVariant> present = variants.stream()
        .filter(GenomicVariant::present)
        .filter(v -> v.date() == null || !v.date().isAfter(asOf))
        .sorted(Comparator.comparing(GenomicVariant::source, Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();
    for (GenomicVariant v : present) {
      List<ActionableVariant> matched = table.matches(v, cancer).stream()
          .filter(r -> !r.requiresAdvanced() || !Boolean.FALSE.equals(advancedDisease))
          .filter(r -> !r.requiresPlatinumSensitive() || !platinumFailed)
          .toList();
      // a drug for this alteration already given (or refractory) suppresses every option for it
      boolean treated = matched.stream().flatMap(r -> r.agents().stream())
          .anyMatch(a -> agentsGiven.contains(a) || outcome.refractoryIngredients().contains(a));
      if (matched.isEmpty() || treated) {
        continue;
      }
      Group g = groups.stream().filter(x -> matched.stream().anyMatch(x.rows::contains)).findFirst().orElse(null);
      if (g == null) {
        g = new Group();
        groups.add(g);
      }
      g.rows.addAll(matched);
      if (v.source() != null && !g.evidence.contains(v.source())) {
        g.evidence.add(v.source());
      }
      g.specific |= v.alteration() != null;
      g.fusionWithoutPartner |= fusionWithoutPartner(v);
      g.germline |= v.sourceClass() != null && v.sourceClass().toLowerCase(java.util.Locale.ROOT).contains("germline");
    }
    List<ActionableVariant> rows = table.rows();
    Comparator<ActionableVariant> rowOrder = Comparator.comparingInt(SuggestionRules::evidenceRank)
        .thenComparingInt(rows::indexOf);
    List<Suggestion> out = new ArrayList<>();
    groups.stream()
        .sorted(Comparator.comparing((Group g) -> g.rows.stream().min(rowOrder).orElseThrow(), rowOrder))
        .forEach(g -> {
          List<ActionableVariant> ordered = g.rows.stream().sorted(rowOrder).toList();
          List<String> agents = ordered.stream().flatMap(r -> r.agents().stream()).distinct().toList();
          String labels = String.join(" / ", ordered.stream().map(ActionableVariant::label).distinct().toList());
          String sources = String.join("; ", ordered.stream().map(ActionableVariant::source).distinct().toList());
          String text = labels + " is actionable (" + sources + "); none of " + String.join(", ", agents)
              + " has been given: review targeted therapy."
              + (g.specific ? "" : " The result names the gene only: confirm the alteration.")
              + (!g.germline && ordered.stream().allMatch(r -> r.origin().equals("germline"))
                  ? " The label requires a germline result: confirm the origin." : "")
              + (g.fusionWithoutPartner ? " Fusion partner not reported: confirm the fusion." : "")
              + (table.histologyUnrecordedLung(cancer) && ordered.stream()
                  .anyMatch(r -> r.cancerTypes().contains(io.github.oncorefract.domain.CancerType.NSCLC.name()))
                  ? " Histology not recorded; these labels are for NSCLC: confirm." : "")
              + (advancedDisease == null && ordered.stream().anyMatch(ActionableVariant::requiresAdvanced)
                  ? " " + String.join(", ", ordered.stream().filter(ActionableVariant::requiresAdvanced)
                      .flatMap(r -> r.agents().stream()).distinct().toList())
                      + ": only for unresectable or metastatic disease after progression on prior therapy (label);"
                      + " the record does not show advanced disease: confirm." : "")
              + (ordered.stream().anyMatch(ActionableVariant::requiresPlatinumSensitive)
                  ? " " + String.join(", ", ordered.stream().filter(ActionableVariant::requiresPlatinumSensitive)
                      .flatMap(r -> r.agents().stream()).distinct().toList())
                      + ": only as maintenance after a complete or partial response to platinum-based chemotherapy"
                      + " (label)." : "");
          out.add(new Suggestion(SuggestionType.TARGETED_THERAPY_REVIEW, text,
              List.of(new Reason("actionable-variant-untreated", text, g.evidence)), agents));
        });
    return out;
  }

  /**
   * Reason codes of the ovarian rule set for disease that failed platinum ({@code platinum-refractory},
   * {@value OvarianRuleSet#REASON_PLATINUM_RESISTANT}): rows with
   * {@link ActionableVariant#REQUIRES_PLATINUM_SENSITIVE} are not suggested.
   */
  static final Set<String> PLATINUM_FAILED = Set.of(OvarianRuleSet.REASON_PLATINUM_REFRACTORY,
      OvarianRuleSet.REASON_PLATINUM_RESISTANT);

  /** CD19 CAR-T products in the ingredient table (class {@code car-t-cd19}). */
  static final Set<String> CAR_T = Set.of("axicabtagene ciloleucel", "tisagenlecleucel", "lisocabtagene maraleucel");

  /**
   * DLBCL strategy options without those already used: no ASCT after a relapse following autologous transplant
   * (SCHOLAR-1 reason {@code relapse-within-12-months-of-asct} or {@code relapse-after-asct}), no CAR-T after a
   * CD19 CAR-T product was given.
   */
  static String dlbclOptions(RuleOutcome outcome, Set<String> agentsGiven) {
    boolean afterAsct = outcome.reasons().stream()
        .anyMatch(r -> r.code().equals("relapse-within-12-months-of-asct") || r.code().equals("relapse-after-asct"));
    boolean afterCarT = agentsGiven.stream().anyMatch(CAR_T::contains);
    List<String> options = new ArrayList<>();
    if (!afterCarT) {
      options.add("CAR-T cell therapy");
    }
    if (!afterAsct) {
      options.add("high-dose chemotherapy with autologous stem-cell transplant");
    }
    options.add(afterCarT || afterAsct ? "bispecific antibodies or other later-line options" : "");
    String eligible = String.join(", or ", options.stream().filter(o -> !o.isEmpty()).toList());
    return "for eligible patients " + eligible + "; otherwise switch drug class";
  }

  /** EGFR tyrosine-kinase inhibitors (after which EGFR T790M is the classic resistance mechanism). */
  static final Set<String> EGFR_TKIS = Set.of("erlotinib", "gefitinib", "afatinib", "dacomitinib", "osimertinib");
}
