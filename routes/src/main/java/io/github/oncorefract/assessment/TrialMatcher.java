package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.domain.TrialCandidate;
import io.github.oncorefract.domain.TrialMatch;
import io.github.oncorefract.domain.VariantCriterion;
import io.github.oncorefract.domain.VariantKind;
import io.github.oncorefract.knowledge.CodeSystems;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Matches research studies on the server to a likely-refractory cancer ({@code clinical-model.md} section 4,
 * {@code trial-referral}: "where ResearchStudy resources exist, match by condition and variant (basket studies match
 * the variant across cancer types)").
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Open studies only: the caller passes studies in an accepted status; a study whose period ended before
 *       {@code asOf} is skipped.</li>
 *   <li>Condition: the study names the cancer's type ({@link TrialMatch.Scope#CANCER_TYPE}; for the broad
 *       {@code OTHER_SOLID}/{@code OTHER_HAEMATOLOGICAL} types the very code is needed, the type alone says too
 *       little), or a group that covers it (all solid tumours, all blood cancers: {@code CANCER_GROUP}), or no
 *       condition at all when it asks for a variant ({@code ANY_CANCER}). A study whose conditions were all
 *       unrecognised matches nothing.</li>
 *   <li>Variant: when the study names variant criteria, the patient needs a present variant (dated on or before
 *       {@code asOf}) meeting one of them: the gene equal, or a gene family prefix ({@code NTRK} for NTRK1-3); and,
 *       when the criterion names an alteration, the alteration equal by the actionable-variant table's rules
 *       ({@link ActionableVariantTable#normalise(String)}: {@code p.Gly12Cys} == {@code G12C}; fusion, amplification,
 *       exon 19 deletion, exon 14 skipping and MSI-H as classes). A gene-level criterion takes any present variant of
 *       the gene except MSI/TMB findings.</li>
 *   <li>Order: alteration-specific variant matches first, then gene-level ones, then studies without variant
 *       criteria; within each, cancer type before cancer group before any cancer; then by study reference. At most
 *       {@code maxMatches} are kept.</li>
 * </ul>
 * Deterministic and thread-safe; the studies' order does not matter.
 */
public final class TrialMatcher {

  /** Default cap of matches per cancer. */
  public static final int DEFAULT_MAX_MATCHES = 5;
  /** Reason code of the matched studies on a trial-referral suggestion. */
  public static final String REASON_CODE = "matching-research-studies";

  private static final Comparator<TrialMatch> ORDER = Comparator
      .comparingInt(TrialMatcher::variantRank)
      .thenComparing(TrialMatch::scope)
      .thenComparing(m -> m.study().study());

  private final int maxMatches;

  /**
   * @param maxMatches at most this many matches per cancer
   * @throws IllegalArgumentException if {@code maxMatches < 1}
   */
  public TrialMatcher(int maxMatches) {
    if (maxMatches < 1) {
      throw new IllegalArgumentException("maxMatches must be >= 1, was " + maxMatches);
    }
    this.maxMatches = maxMatches;
  }

  /**
   * The studies matching one cancer, best first.
   *
   * @param cancer   the cancer
   * @param variants the patient's genomic findings (all apply: variants carry no cancer reference)
   * @param studies  the open studies on the server
   * @param asOf     assessment day (UTC)
   * @return at most {@code maxMatches} matches
   */
  public List<TrialMatch> match(CancerCondition cancer, List<GenomicVariant> variants, List<TrialCandidate> studies,
      LocalDate asOf) {
    Objects.requireNonNull(cancer, "cancer");
    Objects.requireNonNull(asOf, "asOf");
    List<GenomicVariant> present = variants.stream()
        .filter(v -> v != null && v.present())
        .filter(v -> v.date() == null || !v.date().isAfter(asOf))
        .sorted(Comparator.comparing(GenomicVariant::source, Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();
    List<TrialMatch> out = new ArrayList<>();
    for (TrialCandidate s : studies) {
      if (s == null || (s.end() != null && s.end().isBefore(asOf))) {
        continue;
      }
      Optional<TrialMatch.Scope> scope = scope(s, cancer);
      if (scope.isEmpty()) {
        continue;
      }
      if (s.criteria().isEmpty()) {
        out.add(new TrialMatch(s, scope.get(), null, null));
        continue;
      }
      bestVariantMatch(s, present).ifPresent(hit -> out.add(new TrialMatch(s, scope.get(), hit.criterion, hit.ref)));
    }
    return out.stream().sorted(ORDER).limit(maxMatches).toList();
  }

  /**
   * The assessment with every trial-referral suggestion carrying its matches: the matches, a sentence naming them
   * appended to the text, and a reason {@value #REASON_CODE} whose evidence is the studies and the patient's variants
   * that met their criteria. Suggestions without a match and all other suggestions are returned as they were.
   *
   * @param assessment the patient's assessment
   * @param variants   the patient's genomic findings
   * @param studies    the open studies on the server; empty returns {@code assessment} itself
   * @return the enriched assessment
   */
  public PatientAssessment enrich(PatientAssessment assessment, List<GenomicVariant> variants,
      List<TrialCandidate> studies) {
    if (studies.isEmpty()) {
      return assessment;
    }
    List<CancerAssessment> cancers = new ArrayList<>();
    boolean changed = false;
    for (CancerAssessment ca : assessment.cancers()) {
      List<Suggestion> suggestions = new ArrayList<>();
      boolean cancerChanged = false;
      for (Suggestion s : ca.suggestions()) {
        if (s.type() != SuggestionType.TRIAL_REFERRAL) {
          suggestions.add(s);
          continue;
        }
        List<TrialMatch> matches = match(ca.cancer(), variants, studies, assessment.asOf());
        if (matches.isEmpty()) {
          suggestions.add(s);
          continue;
        }
        suggestions.add(withMatches(s, matches));
        cancerChanged = true;
      }
      changed |= cancerChanged;
      cancers.add(cancerChanged
          ? new CancerAssessment(ca.cancer(), ca.ruleSetId(), ca.ruleSetVersion(), ca.lines(), ca.status(),
              ca.reasons(), suggestions, ca.statusDate(), ca.narrative())
          : ca);
    }
    return changed
        ? new PatientAssessment(assessment.patientId(), assessment.asOf(), cancers, assessment.quarantined())
        : assessment;
  }

  /** The suggestion with its matches, their sentence and their reason. */
  static Suggestion withMatches(Suggestion s, List<TrialMatch> matches) {
    String sentence = sentence(matches);
    List<ResourceRef> evidence = new ArrayList<>();
    for (TrialMatch m : matches) {
      evidence.add(m.study().study());
      if (m.variant() != null) {
        evidence.add(m.variant());
      }
    }
    List<Reason> reasons = new ArrayList<>(s.reasons());
    reasons.add(new Reason(REASON_CODE, sentence, evidence));
    return new Suggestion(s.type(), s.text() + " " + sentence, reasons, s.agents(), matches);
  }

  /** {@code "2 matching studies on the server: A (basket, KRAS p.G12C), B (same cancer type)."} */
  static String sentence(List<TrialMatch> matches) {
    return matches.size() + (matches.size() == 1 ? " matching study" : " matching studies") + " on the server: "
        + String.join(", ", matches.stream().map(TrialMatch::label).toList()) + ".";
  }

  static Optional<TrialMatch.Scope> scope(TrialCandidate s, CancerCondition c) {
    CancerType t = c.type();
    if (t != null && s.cancerTypes().contains(t)) {
      boolean broad = t == CancerType.OTHER_SOLID || t == CancerType.OTHER_HAEMATOLOGICAL;
      if (!broad || (c.code() != null
          && s.conditionCodes().contains(TrialCandidate.codeKey(CodeSystems.vocabulary(c.system()).name(),
              c.code())))) {
        return Optional.of(TrialMatch.Scope.CANCER_TYPE);
      }
    }
    if (t != null && ((s.allSolidTumours() && !t.haematological()) || (s.allHaematological() && t.haematological()))) {
      return Optional.of(TrialMatch.Scope.CANCER_GROUP);
    }
    if (s.unrestricted() && !s.criteria().isEmpty()) {
      return Optional.of(TrialMatch.Scope.ANY_CANCER);
    }
    return Optional.empty();
  }

  private record Hit(VariantCriterion criterion, ResourceRef ref) {}

  /** The first criterion (alteration-specific ones first, then in study order) a present variant meets. */
  private static Optional<Hit> bestVariantMatch(TrialCandidate s, List<GenomicVariant> present) {
    List<VariantCriterion> ordered = s.criteria().stream()
        .sorted(Comparator.comparing((VariantCriterion c) -> !c.alterationSpecific()))
        .toList();
    for (VariantCriterion c : ordered) {
      for (GenomicVariant v : present) {
        if (meets(v, c)) {
          return Optional.of(new Hit(c, v.source()));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a present variant meets a criterion (see the class comment).
   *
   * @param v a present variant
   * @param c the criterion
   */
  static boolean meets(GenomicVariant v, VariantCriterion c) {
    String gene = v.gene() == null ? null : v.gene().strip().toUpperCase(Locale.ROOT);
    if (c.gene() != null && !geneMatches(c.gene(), gene)) {
      return false;
    }
    if (c.alteration() == null) {
      return v.kind() != VariantKind.MSI && v.kind() != VariantKind.TMB;
    }
    String key = ActionableVariantTable.normalise(c.alteration());
    String tableAlteration = switch (key) {
      case "fusion", "amplification", "exon19del", "exon14skipping", "msi-h" -> key;
      default -> c.alteration();
    };
    ActionableVariant row = new ActionableVariant(gene == null ? "" : gene, tableAlteration, List.of(), Set.of("*"),
        "research study", "research study");
    return ActionableVariantTable.matches(row, v);
  }

  /** Equal, or a family prefix followed by digits only ({@code NTRK} ~ {@code NTRK1}). */
  static boolean geneMatches(String criterion, String gene) {
    if (gene == null) {
      return false;
    }
    String c = criterion.toUpperCase(Locale.ROOT);
    if (c.equals(gene)) {
      return true;
    }
    return gene.startsWith(c) && gene.length() > c.length() && gene.substring(c.length()).chars()
        .allMatch(Character::isDigit);
  }

  private static int variantRank(TrialMatch m) {
    if (m.criterion() == null) {
      return 2;
    }
    return m.criterion().alterationSpecific() ? 0 : 1;
  }
}
