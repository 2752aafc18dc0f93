package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugCatalog;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.ProcedureEvent;
import io.github.oncorefract.domain.ProcedureKind;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.TreatmentIntent;
import io.github.oncorefract.therapy.DerivedLine;
import io.github.oncorefract.therapy.LineOfTherapyEngine;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point the routes call: assesses every cancer of one patient.
 *
 * <h2>Attribution</h2>
 * Secondary (metastatic) cancer Conditions are not assessed on their own when the patient has a primary cancer:
 * they attach to a primary (as below) and mark its advanced disease. An exposure, event or procedure goes to the
 * cancer its reason/focus/condition names (directly, or through an attached secondary); else to the only cancer;
 * else to the cancer with the latest onset on or before its date; else to the earliest cancer. With no cancer at
 * all nothing is assessed (orphan chemotherapy produces no assessment). Exposures read from a
 * {@link ProcedureKind#WATCHFUL_WAITING} procedure never count.
 *
 * <h2>Advanced disease date</h2>
 * The earliest of: onset of the cancer itself when secondary, onset of an attached secondary Condition, the first
 * progression/recurrence event, the first palliative-intent exposure or procedure.
 *
 * <h2>Output</h2>
 * One {@link CancerAssessment} per assessed cancer, ordered by onset (undated last) then reference; lines from
 * {@link LineOfTherapyEngine}; status from the rule set the {@link RuleSetRegistry} selects; suggestions from
 * {@link SuggestionRules}; a narrative with dates and drug names only (no names or identifiers). Deterministic:
 * the same record and {@code asOf} give the same assessment.
 */
public final class PatientAssessor {

  /** Reason code added when the patient died on or before the assessment day; no suggestions are then made. */
  public static final String REASON_DECEASED = "patient-deceased";


  private static final Logger LOG = LoggerFactory.getLogger(PatientAssessor.class);
  private static final DateTimeFormatter YEAR_MONTH = DateTimeFormatter.ofPattern("yyyy-MM");
  private static final Comparator<CancerCondition> CANCER_ORDER = Comparator
      .comparing(CancerCondition::onset, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(CancerCondition::ref);

  private final AssessmentParameters params;
  private final DrugCatalog catalog;
  private final RuleSetRegistry registry;
  private final SuggestionRules suggestions;

  /**
   * With the default rule sets and the actionable-variant table from the classpath.
   *
   * @throws IllegalStateException if the actionable-variant table cannot be loaded
   */
  public PatientAssessor(AssessmentParameters params, DrugCatalog catalog) {
    this(params, catalog, RuleSetRegistry.defaults(params), SuggestionRules.fromClasspath(params.suggestions()));
  }

  /** With explicit rule sets and suggestion rules. */
  public PatientAssessor(AssessmentParameters params, DrugCatalog catalog, RuleSetRegistry registry,
      SuggestionRules suggestions) {
    this.params = Objects.requireNonNull(params, "params");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.suggestions = Objects.requireNonNull(suggestions, "suggestions");
  }

  /**
   * Assesses one patient.
   *
   * @param record the normalised patient
   * @param asOf   assessment day (UTC); later exposures and events are ignored
   * @return one assessment per assessed cancer (empty list when the patient has no cancer)
   */
  public PatientAssessment assess(PatientRecord record, LocalDate asOf) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(asOf, "asOf");
    List<CancerCondition> all = record.cancers().stream().filter(Objects::nonNull).sorted(CANCER_ORDER).toList();
    List<CancerCondition> primaries = all.stream().filter(c -> !c.secondary()).toList();
    if (primaries.isEmpty()) {
      primaries = all;
    }
    // One cancer recorded as several Conditions (Synthea: 254637007 and its stage variant 424132000) is assessed once:
    // a later primary of the same specific type, or with the same code, is an alias of the first.
    List<CancerCondition> distinct = new ArrayList<>();
    Map<CancerCondition, CancerCondition> duplicateOf = new HashMap<>();
    for (CancerCondition c : primaries) {
      distinct.stream().filter(d -> sameCancer(d, c)).findFirst()
          .ifPresentOrElse(d -> duplicateOf.put(c, d), () -> distinct.add(c));
    }
    primaries = List.copyOf(distinct);
    Attribution attribution = new Attribution(primaries);
    duplicateOf.forEach((dup, rep) -> attribution.alias.put(dup.ref(), rep));
    for (CancerCondition c : all) {
      if (!primaries.contains(c) && !duplicateOf.containsKey(c)) {
        CancerCondition p = attribution.byDate(c.onset());
        attribution.alias.put(c.ref(), p);
        attribution.secondaries.computeIfAbsent(p.ref(), k -> new ArrayList<>()).add(c);
      }
    }

    Set<ResourceRef> watchful = record.procedures().stream()
        .filter(p -> p.kind() == ProcedureKind.WATCHFUL_WAITING && p.source() != null)
        .map(ProcedureEvent::source).collect(Collectors.toSet());
    Map<ResourceRef, List<DrugExposure>> exposures = new HashMap<>();
    Map<ResourceRef, List<DiseaseStatusEvent>> events = new HashMap<>();
    Map<ResourceRef, List<ProcedureEvent>> procedures = new HashMap<>();
    int orphans = 0;
    for (DrugExposure e : record.exposures()) {
      if (e == null || (e.resource() != null && watchful.contains(e.resource()))) {
        continue;
      }
      CancerCondition c = attribution.attribute(e.reasonCondition(), e.start());
      boolean namesCancer = e.reasonCondition() != null && attribution.alias.containsKey(e.reasonCondition());
      if (c != null && !namesCancer && startsLongBeforeDiagnosis(e, c)) {
        c = null;
      }
      if (c == null) {
        orphans++;
        continue;
      }
      exposures.computeIfAbsent(c.ref(), k -> new ArrayList<>()).add(e);
    }
    for (DiseaseStatusEvent e : record.statusEvents()) {
      CancerCondition c = e == null ? null : attribution.attribute(e.focus(), e.date());
      if (c != null) {
        events.computeIfAbsent(c.ref(), k -> new ArrayList<>()).add(e);
      }
    }
    for (ProcedureEvent p : record.procedures()) {
      CancerCondition c = p == null ? null : attribution.attribute(p.condition(), p.start());
      if (c != null) {
        procedures.computeIfAbsent(c.ref(), k -> new ArrayList<>()).add(p);
      }
    }
    if (orphans > 0) {
      LOG.debug("{} exposure(s) not attributed: the patient has no cancer condition", orphans);
    }
    // Supportive exposures (steroids, antiemetics, ...) are attributed the same way; the line engine counts only those
    // the cancer's therapy parameters include, and only in the regimen of a line (issue 8, class 5).
    Map<ResourceRef, List<DrugExposure>> supportive = new HashMap<>();
    for (DrugExposure e : record.supportiveExposures()) {
      if (e == null || (e.resource() != null && watchful.contains(e.resource()))) {
        continue;
      }
      CancerCondition c = attribution.attribute(e.reasonCondition(), e.start());
      boolean namesCancer = e.reasonCondition() != null && attribution.alias.containsKey(e.reasonCondition());
      if (c != null && (namesCancer || !startsLongBeforeDiagnosis(e, c))) {
        supportive.computeIfAbsent(c.ref(), k -> new ArrayList<>()).add(e);
      }
    }
    Set<String> agentsGiven = record.exposures().stream()
        .filter(e -> e != null && e.ingredient() != null && e.start() != null && !e.start().isAfter(asOf))
        .map(DrugExposure::ingredient).collect(Collectors.toCollection(TreeSet::new));

    List<CancerAssessment> out = new ArrayList<>();
    for (CancerCondition cancer : primaries) {
      out.add(assessCancer(cancer, attribution.secondaries.getOrDefault(cancer.ref(), List.of()),
          exposures.getOrDefault(cancer.ref(), List.of()), supportive.getOrDefault(cancer.ref(), List.of()),
          events.getOrDefault(cancer.ref(), List.of()),
          procedures.getOrDefault(cancer.ref(), List.of()), record, agentsGiven, asOf));
    }
    return new PatientAssessment(record.patientId(), asOf, out, record.quarantined());
  }

  private boolean startsLongBeforeDiagnosis(DrugExposure e, CancerCondition c) {
    return c.onset() != null && e.start() != null
        && e.start().plusDays(params.maxDaysBeforeDiagnosis()).isBefore(c.onset());
  }

  /**
   * Same cancer recorded twice: the same code (onsets close or unknown), or the same specific (not "other") cancer
   * type, with onsets at most
   * {@value #SAME_CANCER_ONSET_DAYS} days apart (Synthea records its NSCLC as 254637007 and, the same day, as the stage
   * variant 424132000). Two melanomas diagnosed years apart stay two cancers.
   */
  private static boolean sameCancer(CancerCondition a, CancerCondition b) {
    boolean close = a.onset() != null && b.onset() != null
        && Math.abs(java.time.temporal.ChronoUnit.DAYS.between(a.onset(), b.onset())) <= SAME_CANCER_ONSET_DAYS;
    if (a.code() != null && a.code().equals(b.code())) {
      return close || a.onset() == null || b.onset() == null;
    }
    return close && a.type() == b.type() && a.type() != CancerType.OTHER_SOLID
        && a.type() != CancerType.OTHER_HAEMATOLOGICAL;
  }

  static final int SAME_CANCER_ONSET_DAYS = 31;

  private CancerAssessment assessCancer(CancerCondition cancer, List<CancerCondition> secondaries,
      List<DrugExposure> exposures, List<DrugExposure> supportive, List<DiseaseStatusEvent> rawEvents,
      List<ProcedureEvent> procedures, PatientRecord record, Set<String> agentsGiven, LocalDate asOf) {
    List<DiseaseStatusEvent> events = rawEvents.stream()
        .filter(e -> e.date() != null && !e.date().isAfter(asOf))
        .sorted(Comparator.comparing(DiseaseStatusEvent::date)
            .thenComparing(DiseaseStatusEvent::source, Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();
    LocalDate advanced = advancedDiseaseDate(cancer, secondaries, exposures, events, procedures, asOf);
    LineOfTherapyEngine engine = new LineOfTherapyEngine(params.therapyFor(cancer.type()), catalog);
    List<DrugExposure> forLines = exposures;
    if (!supportive.isEmpty()) {
      forLines = new ArrayList<>(exposures);
      forLines.addAll(supportive);
    }
    List<DerivedLine> derived = engine.deriveDetailed(forLines, events, advanced, record.deathDate(), asOf);
    RuleSetRegistry.Selection selection = registry.select(cancer);
    RefractoryRuleSet ruleSet = selection.ruleSet();
    RuleOutcome outcome = ruleSet.evaluate(
        new RuleInput(cancer, derived, exposures, events, procedures, advanced, asOf));
    List<Reason> reasons = new ArrayList<>();
    if (selection.fallback()) {
      reasons.add(new Reason("rule-set-fallback", "No rule set is configured for " + cancer.type()
          + "; the " + ruleSet.id() + " " + ruleSet.version() + " thresholds were applied.", List.of(cancer.ref())));
    }
    reasons.addAll(outcome.reasons());
    List<Suggestion> suggested = suggestions.suggest(cancer, outcome, events,
        derived.stream().flatMap(l -> l.exposures().stream()).toList(), record.variants(), agentsGiven, asOf);
    List<LineOfTherapy> lines = derived.stream().map(DerivedLine::line).toList();
    String narrative = narrative(lines, outcome, ruleSet, selection.fallback(), cancer);
    LocalDate death = record.deathDate();
    if (death != null && !death.isAfter(asOf)) {
      // Decision support goes quiet for a patient who has died: lines and status stay for the record, but nothing is
      // proposed and the Flag is not shown (SuggestionResourceBuilder); earlier proposals are retired.
      suggested = List.of();
      reasons.add(new Reason(REASON_DECEASED, "The patient died on " + death + ": no suggestions are made.",
          List.of(new io.github.oncorefract.domain.ResourceRef("Patient", record.patientId()))));
      narrative = narrative + " Patient deceased (" + death + "): no suggestions.";
    }
    LOG.debug("assessed one cancer: rule set {} {}, {} line(s), status {}", ruleSet.id(), ruleSet.version(),
        lines.size(), outcome.status().code());
    return new CancerAssessment(cancer, ruleSet.id(), ruleSet.version(), lines, outcome.status(), reasons,
        suggested, outcome.statusDate(), narrative);
  }

  /** Earliest sign of advanced disease for a cancer, or {@code null}. */
  static LocalDate advancedDiseaseDate(CancerCondition cancer, List<CancerCondition> secondaries,
      List<DrugExposure> exposures, List<DiseaseStatusEvent> events, List<ProcedureEvent> procedures,
      LocalDate asOf) {
    return Stream.of(
            cancer.secondary() ? Stream.of(cancer.onset()) : Stream.<LocalDate>empty(),
            secondaries.stream().map(CancerCondition::onset),
            events.stream().filter(e -> e.status() != null && e.status().isProgression())
                .map(DiseaseStatusEvent::date),
            exposures.stream().filter(e -> e.intent() == TreatmentIntent.PALLIATIVE).map(DrugExposure::start),
            procedures.stream().filter(p -> p.intent() == TreatmentIntent.PALLIATIVE).map(ProcedureEvent::start))
        .flatMap(s -> s)
        .filter(Objects::nonNull)
        .filter(d -> !d.isAfter(asOf))
        .min(LocalDate::compareTo)
        .orElse(null);
  }

  /** The clinician-facing summary: dates, drugs, status; no names or identifiers. */
  static String narrative(List<LineOfTherapy> lines, RuleOutcome outcome, RefractoryRuleSet ruleSet,
      boolean fallback, CancerCondition cancer) {
    StringBuilder sb = new StringBuilder();
    if (lines.isEmpty()) {
      sb.append("No antineoplastic therapy recorded");
    } else {
      long curative = lines.stream().filter(l -> l.setting() == LineSetting.CURATIVE).count();
      List<LineOfTherapy> advanced = lines.stream().filter(l -> l.setting() == LineSetting.ADVANCED).toList();
      List<String> head = new ArrayList<>();
      if (curative > 0) {
        head.add(plural(curative, "curative-intent line"));
      }
      if (!advanced.isEmpty()) {
        head.add(plural(advanced.size(), "advanced-setting line"));
      }
      sb.append(String.join(" and ", head)).append(" since ");
      LocalDate since = advanced.isEmpty() ? lines.get(0).start() : advanced.get(0).start();
      sb.append(since.format(YEAR_MONTH)).append(": ");
      List<String> parts = new ArrayList<>();
      for (LineOfTherapy l : lines) {
        String when = l.end() == null
            ? "since " + l.start()
            : l.start() + " to " + l.end();
        String setting = l.setting() == LineSetting.CURATIVE ? "curative, " : "";
        parts.add("L" + l.number() + " " + l.regimenLabel() + " (" + setting + when + ", " + words(l) + ")");
      }
      sb.append(String.join("; ", parts));
    }
    sb.append("; status ").append(RuleSupport.words(outcome.status()))
        .append(" (").append(ruleSet.id()).append(' ').append(ruleSet.version());
    if (fallback) {
      sb.append(", applied as fallback for ").append(cancer.type());
    }
    sb.append("): ").append(outcome.summary()).append('.');
    return sb.toString();
  }

  private static String words(LineOfTherapy l) {
    return l.endReason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Attribution of resources to the assessed cancers. */
  private static final class Attribution {
    final List<CancerCondition> primaries;
    final Map<ResourceRef, CancerCondition> alias = new HashMap<>();
    final Map<ResourceRef, List<CancerCondition>> secondaries = new LinkedHashMap<>();

    Attribution(List<CancerCondition> primaries) {
      this.primaries = primaries;
      primaries.forEach(p -> alias.put(p.ref(), p));
    }

    CancerCondition attribute(ResourceRef reason, LocalDate date) {
      if (primaries.isEmpty()) {
        return null;
      }
      if (reason != null && alias.containsKey(reason)) {
        return alias.get(reason);
      }
      return byDate(date);
    }

    /** The only cancer; else the latest onset on or before the date; else the earliest. */
    CancerCondition byDate(LocalDate date) {
      if (primaries.size() == 1) {
        return primaries.get(0);
      }
      if (date != null) {
        CancerCondition best = null;
        for (CancerCondition c : primaries) {
          if (c.onset() != null && !c.onset().isAfter(date)
              && (best == null || !c.onset().isBefore(best.onset()))) {
            best = c;
          }
        }
        if (best != null) {
          return best;
        }
      }
      return primaries.get(0);
    }
  }
}
