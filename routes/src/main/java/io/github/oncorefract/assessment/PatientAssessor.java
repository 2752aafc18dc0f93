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
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StageFinding;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.TreatmentIntent;
import io.github.oncorefract.therapy.DerivedLine;
import io.github.oncorefract.therapy.LineOfTherapyEngine;
import io.github.oncorefract.therapy.SettingContext;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point the routes call: assesses every cancer of one patient.
 *
 * <h2>Attribution (issue 8, classes 1 and 3)</h2>
 * A secondary (metastatic) Condition is never a cancer of its own: it attaches to the primary its related-primary
 * extension names (mCODE STU1 {@code mcode-related-primary-cancer-condition} or core {@code condition-related}), else
 * to the patient's only primary, else to the primary diagnosed last before it (said in a {@code secondary-attached}
 * reason), and marks that primary's advanced disease from its onset. When the patient has only secondary Conditions
 * (Synthea's colorectal module), the earliest one is assessed as the cancer, metastatic from its onset
 * ({@code secondary-only} reason). An exposure, event, staging finding or procedure goes to the cancer its
 * reason/focus/condition names (directly, or through an attached secondary); else to the only cancer; else, among the
 * active cancers (a resolved or abated one only up to its abatement), to the one with the latest onset (else recorded
 * date) on or before its date; else to the earliest. An exposure naming no cancer that starts more than
 * {@code maxDaysBeforeDiagnosis} before a RECORDED onset is not attributed: a recorded or asserted date is no
 * diagnosis date and bounds nothing. An antineoplastic exposure left unattributed is never dropped silently: it is
 * listed in {@link PatientAssessment#unattributedTherapy()} and an {@code unattributed-therapy} reason. Exposures read
 * from a {@link ProcedureKind#WATCHFUL_WAITING} procedure never count.
 *
 * <h2>Diagnosis date (issue 8, class 3)</h2>
 * The earliest credible evidence: the recorded onset (else the recorded/asserted date), the first attributed
 * antineoplastic exposure, the first biopsy or surgery naming the cancer, the first staging finding, the onset of an
 * attached secondary; a {@code diagnosis-date} reason says when it is earlier than what the Condition states.
 *
 * <h2>Setting and advanced disease (issue 8, class 2)</h2>
 * Advanced disease dates from the earliest of: the cancer recorded as a secondary, an attached secondary's onset, a
 * stage IV or M1 finding or advanced words in the cancer's text (from the diagnosis when within the staging window),
 * the first progression/recurrence, the first palliative-intent exposure or procedure. Each line's setting is then
 * decided by {@link SettingContext} (recorded intent; advanced from that date on; curative for stage 0-III solid
 * tumours before it; blood cancers advanced; else the configured assumption), and every decision is a reason with its
 * evidence in {@link CancerAssessment#recordReasons()}.
 *
 * <h2>Inactive cancers</h2>
 * A Condition that is resolved, in remission or abated (FINDINGS.md section 14: an AML abated an hour after its onset)
 * is still assessed for its history, but gets no refractory status (likely refractory / at risk become not
 * refractory) and no suggestion, with a {@code cancer-not-active} reason, unless a progression or recurrence is
 * recorded after its abatement. A primary abated on the day of its onset, with no progression or recurrence naming it
 * afterwards, is a record artefact and is not assessed at all: a {@code cancer-not-assessed} reason names it, and
 * antineoplastic therapy naming it is listed as unattributed.
 *
 * <h2>Death</h2>
 * A patient who died on or before the assessment day, or is recorded as deceased without a date, gets no suggestions
 * ({@code patient-deceased}; without a date, no date is stated and no line ends at a death). Antineoplastic exposures
 * dated after the recorded death are reported ({@code therapy-after-death}) and kept as recorded.
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
      .comparing(CancerCondition::statedDate, Comparator.nullsLast(Comparator.naturalOrder()))
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
    List<CancerCondition> recorded = record.cancers().stream().filter(Objects::nonNull).sorted(CANCER_ORDER).toList();
    // A primary abated on the day of its onset, with no progression or recurrence naming it afterwards, is a record
    // artefact (Synthea: an AML with onset 09:11 and abatement 10:11 the same day), not a cancer: it is not assessed,
    // and therapy naming it is reported as unattributed (issue 8, class 1).
    List<CancerCondition> notAssessed = recorded.stream()
        .filter(c -> !c.secondary() && abatedOnOnsetDay(c) && !reactivated(c, record.statusEvents().stream()
            .filter(e -> e != null && c.ref().equals(e.focus())).toList()))
        .toList();
    Set<ResourceRef> excluded = notAssessed.stream().map(CancerCondition::ref).collect(Collectors.toSet());
    List<CancerCondition> all = recorded.stream().filter(c -> !excluded.contains(c.ref())).toList();
    List<CancerCondition> primaries = all.stream().filter(c -> !c.secondary()).toList();
    CancerCondition loneSecondary = null;
    if (primaries.isEmpty() && !all.isEmpty()) {
      // Only secondary Conditions (Synthea's colorectal module: 94260004 is the only cancer Condition and the chemotherapy
      // names it). The patient clearly has metastatic cancer: the earliest secondary stands for it, metastatic from its
      // onset, rather than losing the patient (issue 8, class 1).
      loneSecondary = all.get(0);
      primaries = List.of(loneSecondary);
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
    Map<ResourceRef, List<Reason>> notes = new HashMap<>();
    for (CancerCondition c : all) {
      if (!primaries.contains(c) && !duplicateOf.containsKey(c)) {
        CancerCondition p;
        String how;
        if (c.relatedPrimary() != null && attribution.alias.containsKey(c.relatedPrimary())) {
          p = attribution.alias.get(c.relatedPrimary());
          how = "it names this cancer as its related primary";
        } else if (primaries.size() == 1) {
          p = primaries.get(0);
          how = "no related primary is recorded and this is the patient's only primary cancer";
        } else {
          p = attribution.byDate(c.statedDate());
          how = "no related primary is recorded; attached to the primary cancer diagnosed last before it";
        }
        attribution.alias.put(c.ref(), p);
        attribution.secondaries.computeIfAbsent(p.ref(), k -> new ArrayList<>()).add(c);
        notes.computeIfAbsent(p.ref(), k -> new ArrayList<>()).add(new Reason("secondary-attached",
            "Secondary (metastatic) Condition " + c.ref().value() + dated(" with onset ", c.statedDate())
                + " is evidence of advanced disease of this cancer, not a cancer of its own: " + how + ".",
            List.of(c.ref())));
      }
    }
    if (loneSecondary != null) {
      notes.computeIfAbsent(loneSecondary.ref(), k -> new ArrayList<>()).add(new Reason("secondary-only",
          "No primary cancer Condition is recorded: the secondary (metastatic) Condition " + loneSecondary.ref().value()
              + " (" + loneSecondary.display() + ") is assessed as the cancer, metastatic from its onset"
              + dated(" ", loneSecondary.statedDate()) + ".", List.of(loneSecondary.ref())));
    }

    Set<ResourceRef> watchful = record.procedures().stream()
        .filter(p -> p.kind() == ProcedureKind.WATCHFUL_WAITING && p.source() != null)
        .map(ProcedureEvent::source).collect(Collectors.toSet());
    Map<ResourceRef, List<DrugExposure>> exposures = new HashMap<>();
    Map<ResourceRef, List<DiseaseStatusEvent>> events = new HashMap<>();
    Map<ResourceRef, List<ProcedureEvent>> procedures = new HashMap<>();
    Map<ResourceRef, List<StageFinding>> stages = new HashMap<>();
    List<DrugExposure> unattributed = new ArrayList<>();
    for (DrugExposure e : record.exposures()) {
      if (e == null || (e.resource() != null && watchful.contains(e.resource()))) {
        continue;
      }
      CancerCondition c = excluded.contains(e.reasonCondition()) ? null
          : attribution.attribute(e.reasonCondition(), e.start());
      boolean namesCancer = e.reasonCondition() != null && attribution.alias.containsKey(e.reasonCondition());
      if (c != null && !namesCancer && startsLongBeforeDiagnosis(e, c)) {
        c = null;
      }
      if (c == null) {
        if (e.start() != null && !e.start().isAfter(asOf) && antineoplastic(e)) {
          unattributed.add(e);
        }
        continue;
      }
      exposures.computeIfAbsent(c.ref(), k -> new ArrayList<>()).add(e);
    }
    for (DiseaseStatusEvent e : record.statusEvents()) {
      CancerCondition c = e == null || excluded.contains(e.focus()) ? null : attribution.attribute(e.focus(), e.date());
      if (c != null) {
        events.computeIfAbsent(c.ref(), k -> new ArrayList<>()).add(e);
      }
    }
    for (ProcedureEvent p : record.procedures()) {
      CancerCondition c = p == null || excluded.contains(p.condition()) ? null
          : attribution.attribute(p.condition(), p.start());
      if (c != null) {
        procedures.computeIfAbsent(c.ref(), k -> new ArrayList<>()).add(p);
      }
    }
    for (CancerCondition c : all) {
      CancerCondition p = attribution.alias.get(c.ref());
      if (p != null) {
        c.stages().forEach(s -> stages.computeIfAbsent(p.ref(), k -> new ArrayList<>()).add(s));
      }
    }
    for (StageFinding s : record.stages()) {
      CancerCondition c = s == null || excluded.contains(s.condition()) ? null
          : attribution.attribute(s.condition(), s.date());
      if (c != null) {
        stages.computeIfAbsent(c.ref(), k -> new ArrayList<>()).add(s);
      }
    }
    if (!unattributed.isEmpty()) {
      LOG.debug("{} antineoplastic exposure(s) not attributed to any cancer", unattributed.size());
    }
    // Supportive exposures (steroids, antiemetics, ...) are attributed the same way; the line engine counts only those
    // the cancer's therapy parameters include, and only in the regimen of a line (issue 8, class 5).
    Map<ResourceRef, List<DrugExposure>> supportive = new HashMap<>();
    for (DrugExposure e : record.supportiveExposures()) {
      if (e == null || (e.resource() != null && watchful.contains(e.resource()))) {
        continue;
      }
      CancerCondition c = excluded.contains(e.reasonCondition()) ? null
          : attribution.attribute(e.reasonCondition(), e.start());
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
      List<Reason> cancerNotes = new ArrayList<>(notes.getOrDefault(cancer.ref(), List.of()));
      for (CancerCondition n : notAssessed) {
        cancerNotes.add(new Reason(REASON_NOT_ASSESSED, "Condition " + n.ref().value() + " (" + n.display()
            + ") was abated on the day of its onset (" + n.onset() + ") with no progression or recurrence recorded "
            + "after it: a record artefact, not assessed as a cancer; therapy naming it is listed as unattributed.",
            List.of(n.ref())));
      }
      if (!unattributed.isEmpty()) {
        cancerNotes.add(unattributedReason(unattributed));
      }
      out.add(assessCancer(cancer, cancer == loneSecondary,
          attribution.secondaries.getOrDefault(cancer.ref(), List.of()),
          exposures.getOrDefault(cancer.ref(), List.of()), supportive.getOrDefault(cancer.ref(), List.of()),
          events.getOrDefault(cancer.ref(), List.of()),
          procedures.getOrDefault(cancer.ref(), List.of()), stages.getOrDefault(cancer.ref(), List.of()), record,
          agentsGiven, asOf, cancerNotes));
    }
    return new PatientAssessment(record.patientId(), asOf, out, record.quarantined(), unattributed);
  }

  /**
   * Reason code naming a cancer Condition abated on the day of its onset, with no later progression or recurrence
   * naming it, which is not assessed (issue 8, class 1; FINDINGS.md section 14).
   */
  public static final String REASON_NOT_ASSESSED = "cancer-not-assessed";

  /** True when the Condition's abatement is on (or before) the day of its recorded onset. */
  private static boolean abatedOnOnsetDay(CancerCondition c) {
    return c.abatement() != null && c.onset() != null && !c.abatement().isAfter(c.onset());
  }

  /** Reason code of antineoplastic therapy that could not be attributed to any cancer (issue 8, class 3). */
  public static final String REASON_UNATTRIBUTED_THERAPY = "unattributed-therapy";

  private static Reason unattributedReason(List<DrugExposure> unattributed) {
    String drugs = unattributed.stream().map(e -> e.ingredient() + " " + e.start()).distinct().limit(10)
        .collect(Collectors.joining(", "));
    return new Reason(REASON_UNATTRIBUTED_THERAPY, unattributed.size() + " antineoplastic exposure(s) of this patient "
        + "could not be attributed to any assessed cancer (no assessed cancer Condition names them and they start long "
        + "before every recorded diagnosis, or they name a Condition that is not assessed): " + drugs + ". They are not counted in any line; review the diagnoses recorded.",
        unattributed.stream().map(DrugExposure::resource).filter(Objects::nonNull).toList());
  }

  private boolean antineoplastic(DrugExposure e) {
    return e.ingredient() != null && catalog.ingredient(e.ingredient()).map(i -> !i.supportive()).orElse(false);
  }

  private static String dated(String prefix, LocalDate d) {
    return d == null ? "" : prefix + d;
  }

  /** Only a recorded onset bounds attribution: a recorded or asserted date is no diagnosis date (issue 8, class 3). */
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
    LocalDate da = a.statedDate();
    LocalDate db = b.statedDate();
    boolean close = da != null && db != null
        && Math.abs(java.time.temporal.ChronoUnit.DAYS.between(da, db)) <= SAME_CANCER_ONSET_DAYS;
    if (a.code() != null && a.code().equals(b.code())) {
      return close || da == null || db == null;
    }
    return close && a.type() == b.type() && a.type() != CancerType.OTHER_SOLID
        && a.type() != CancerType.OTHER_HAEMATOLOGICAL;
  }

  static final int SAME_CANCER_ONSET_DAYS = 31;

  /** A dated piece of evidence with its words, for diagnosis-date and setting reasons. */
  private record Evidence(LocalDate date, String what, ResourceRef ref) {}

  private CancerAssessment assessCancer(CancerCondition cancer, boolean loneSecondary,
      List<CancerCondition> secondaries, List<DrugExposure> exposures, List<DrugExposure> supportive,
      List<DiseaseStatusEvent> rawEvents, List<ProcedureEvent> procedures, List<StageFinding> stages,
      PatientRecord record, Set<String> agentsGiven, LocalDate asOf, List<Reason> notes) {
    List<DiseaseStatusEvent> events = rawEvents.stream()
        .filter(e -> e.date() != null && !e.date().isAfter(asOf))
        .sorted(Comparator.comparing(DiseaseStatusEvent::date)
            .thenComparing(DiseaseStatusEvent::source, Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();
    List<Reason> recordReasons = new ArrayList<>(notes);
    LocalDate diagnosis = diagnosisDate(cancer, secondaries, exposures, procedures, stages, asOf, recordReasons);
    List<Evidence> advancedEvidence = advancedEvidence(cancer, loneSecondary, secondaries, exposures, events,
        procedures, stages, diagnosis, asOf);
    LocalDate advanced = advancedEvidence.isEmpty() ? null : advancedEvidence.get(0).date();
    Evidence earlyStage = earlyStage(cancer, stages, asOf);
    SettingContext setting = new SettingContext(advanced, earlyStage != null, !cancer.type().haematological(),
        params.setting().assumeAdvancedWhenUnknown(), params.setting().curableAtAnyStage().contains(cancer.type()));
    LineOfTherapyEngine engine = new LineOfTherapyEngine(params.therapyFor(cancer.type()), catalog);
    List<DrugExposure> forLines = exposures;
    if (!supportive.isEmpty()) {
      forLines = new ArrayList<>(exposures);
      forLines.addAll(supportive);
    }
    List<DerivedLine> derived = engine.deriveDetailed(forLines, events, setting, record.deathDate(), asOf);
    recordReasons.addAll(settingReasons(cancer, derived, setting, advancedEvidence, earlyStage));
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
    RefractoryStatus status = outcome.status();
    // advanced disease for label populations (requires=advanced): recorded evidence, else early stage or a
    // curative-setting line says not advanced, else unknown (an assumed-advanced line is no evidence)
    Boolean advancedDisease = advanced != null ? Boolean.TRUE
        : earlyStage != null || derived.stream().anyMatch(l -> l.line().setting() == LineSetting.CURATIVE)
        ? Boolean.FALSE : null;
    List<Suggestion> suggested = suggestions.suggest(cancer, outcome, events,
        derived.stream().flatMap(l -> l.exposures().stream()).toList(), record.variants(), agentsGiven, asOf,
        advancedDisease);
    List<LineOfTherapy> lines = derived.stream().map(DerivedLine::line).toList();
    String narrative = narrative(lines, outcome, ruleSet, selection.fallback(), cancer);
    if (!cancer.active() && !reactivated(cancer, events)) {
      // A resolved / remitted / abated cancer is not active disease: its lines stay for the history, but it never
      // gets a refractory Flag or suggestions (issue 8, class 1). A progression or recurrence after the abatement
      // makes it active again.
      if (status == RefractoryStatus.LIKELY_REFRACTORY || status == RefractoryStatus.AT_RISK) {
        status = RefractoryStatus.NOT_REFRACTORY;
      }
      suggested = List.of();
      boolean sameDay = cancer.abatement() != null && cancer.onset() != null
          && !cancer.abatement().isAfter(cancer.onset());
      reasons.add(new Reason(REASON_NOT_ACTIVE, "The cancer Condition is not active ("
          + (cancer.abatement() != null ? "abated " + cancer.abatement()
              + (sameDay ? ", the day of its onset" : "") : "clinical status inactive, resolved or remission")
          + ", with no progression or recurrence recorded after it): lines are shown for the history; no refractory "
          + "status or suggestion is given.", List.of(cancer.ref())));
      narrative = narrative + " Cancer not active: no refractory status, no suggestions.";
    }
    LocalDate death = record.deathDate();
    if (death == null && record.deceasedDateUnknown()) {
      // Recorded as deceased with no date (deceasedBoolean): say so, never a date (issue 8, class 10).
      suggested = List.of();
      reasons.add(new Reason(REASON_DECEASED, "The patient is recorded as deceased (date not recorded): no "
          + "suggestions are made.", List.of(new ResourceRef("Patient", record.patientId()))));
      narrative = narrative + " Patient recorded as deceased (date not recorded): no suggestions.";
    }
    if (death != null) {
      List<DrugExposure> afterDeath = exposures.stream()
          .filter(e -> e.start() != null && e.start().isAfter(death) && !e.start().isAfter(asOf)).toList();
      if (!afterDeath.isEmpty()) {
        // Data quality (issue 8, class 10): therapy dated after the recorded death is reported, not silently used.
        recordReasons.add(new Reason(REASON_THERAPY_AFTER_DEATH, afterDeath.size() + " antineoplastic exposure(s) "
            + "attributed to this cancer start after the recorded death (" + death + "): " + afterDeath.stream()
            .map(e -> e.ingredient() + " " + e.start()).distinct().limit(10).collect(Collectors.joining(", "))
            + ". The record is inconsistent; the lines are shown as recorded. Check the date of death and these "
            + "records.", afterDeath.stream().map(DrugExposure::resource).filter(Objects::nonNull).distinct()
            .toList()));
      }
    }
    if (death != null && !death.isAfter(asOf)) {
      // Decision support goes quiet for a patient who has died: lines and status stay for the record, but nothing is
      // proposed and the Flag is not shown (SuggestionResourceBuilder); earlier proposals are retired.
      suggested = List.of();
      reasons.add(new Reason(REASON_DECEASED, "The patient died on " + death + ": no suggestions are made.",
          List.of(new io.github.oncorefract.domain.ResourceRef("Patient", record.patientId()))));
      narrative = narrative + " Patient deceased (" + death + "): no suggestions.";
    }
    LOG.debug("assessed one cancer: rule set {} {}, {} line(s), status {}", ruleSet.id(), ruleSet.version(),
        lines.size(), status.code());
    return new CancerAssessment(cancer, ruleSet.id(), ruleSet.version(), lines, status, reasons,
        suggested, outcome.statusDate(), narrative, recordReasons);
  }

  /** Reason code of antineoplastic exposures dated after the recorded death (data quality, issue 8, class 10). */
  public static final String REASON_THERAPY_AFTER_DEATH = "therapy-after-death";

  /** Reason code of a cancer whose Condition is resolved, in remission or abated (issue 8, class 1). */
  public static final String REASON_NOT_ACTIVE = "cancer-not-active";

  private static boolean reactivated(CancerCondition cancer, List<DiseaseStatusEvent> events) {
    return cancer.abatement() != null && events.stream().anyMatch(e -> e.status() != null
        && e.status().isProgression() && e.date().isAfter(cancer.abatement()));
  }

  /**
   * The diagnosis date (issue 8, class 3): the earliest credible evidence among the recorded onset (else the asserted
   * or recorded date, an upper bound), the first antineoplastic exposure attributed to the cancer, the first biopsy or
   * cancer surgery that names it, its first staging finding and the onset of an attached secondary. Adds a
   * {@code diagnosis-date} reason when that is earlier than, or replaces, the date the Condition states.
   */
  private static LocalDate diagnosisDate(CancerCondition cancer, List<CancerCondition> secondaries,
      List<DrugExposure> exposures, List<ProcedureEvent> procedures, List<StageFinding> stages, LocalDate asOf,
      List<Reason> reasons) {
    List<Evidence> ev = new ArrayList<>();
    exposures.stream().filter(e -> e.start() != null && !e.start().isAfter(asOf))
        .min(Comparator.comparing(DrugExposure::start))
        .ifPresent(e -> ev.add(new Evidence(e.start(), "first antineoplastic exposure (" + e.ingredient() + ")",
            e.resource())));
    procedures.stream().filter(p -> p.start() != null && !p.start().isAfter(asOf) && p.condition() != null
            && (p.kind() == ProcedureKind.BIOPSY || p.kind() == ProcedureKind.SURGERY))
        .min(Comparator.comparing(ProcedureEvent::start))
        .ifPresent(p -> ev.add(new Evidence(p.start(), "first diagnostic procedure naming it", p.source())));
    stages.stream().filter(s -> s.date() != null && !s.date().isAfter(asOf))
        .min(Comparator.comparing(StageFinding::date))
        .ifPresent(s -> ev.add(new Evidence(s.date(), "first staging finding (" + s.label() + ")", s.source())));
    secondaries.stream().filter(s -> s.statedDate() != null && !s.statedDate().isAfter(asOf))
        .min(Comparator.comparing(CancerCondition::statedDate))
        .ifPresent(s -> ev.add(new Evidence(s.statedDate(), "onset of a secondary Condition", s.ref())));
    Evidence first = ev.stream().min(Comparator.comparing(Evidence::date)).orElse(null);
    LocalDate stated = cancer.statedDate();
    if (first == null || (stated != null && !first.date().isBefore(stated))) {
      return stated;
    }
    String statedWords = cancer.onset() != null ? "its recorded onset " + cancer.onset()
        : cancer.recorded() != null ? "no onset, only the date it was recorded or asserted (" + cancer.recorded()
            + "), which is no diagnosis date" : "no onset or recorded date";
    List<ResourceRef> refs = new ArrayList<>();
    refs.add(cancer.ref());
    if (first.ref() != null) {
      refs.add(first.ref());
    }
    reasons.add(new Reason("diagnosis-date", "Diagnosis dated " + first.date() + " from the earliest evidence, the "
        + first.what() + "; the Condition gives " + statedWords + ".", refs));
    return first.date();
  }

  /**
   * Evidence of advanced (metastatic or recurrent) disease, earliest first: the cancer recorded only as a secondary;
   * attached secondary Conditions (their onset); stage IV or M1 findings and advanced words in the cancer's own text
   * (dated at the diagnosis when within {@link SettingParameters#stagingWindowDays()} of it); progression or
   * recurrence events; palliative-intent exposures and procedures.
   */
  private List<Evidence> advancedEvidence(CancerCondition cancer, boolean loneSecondary,
      List<CancerCondition> secondaries, List<DrugExposure> exposures, List<DiseaseStatusEvent> events,
      List<ProcedureEvent> procedures, List<StageFinding> stages, LocalDate diagnosis, LocalDate asOf) {
    List<Evidence> ev = new ArrayList<>();
    if (loneSecondary || cancer.secondary()) {
      ev.add(new Evidence(diagnosis != null ? diagnosis : cancer.statedDate(),
          "the cancer is recorded as a secondary (metastatic) Condition", cancer.ref()));
    }
    for (CancerCondition s : secondaries) {
      ev.add(new Evidence(s.statedDate() != null ? s.statedDate() : diagnosis, "secondary (metastatic) Condition",
          s.ref()));
    }
    for (StageFinding s : stages) {
      if (s.advanced()) {
        LocalDate d = s.date();
        if (d == null || (diagnosis != null && !d.isAfter(diagnosis.plusDays(params.setting().stagingWindowDays())))) {
          d = diagnosis != null && (d == null || diagnosis.isBefore(d)) ? diagnosis : d;
        }
        ev.add(new Evidence(d, s.label() + (s.kind() == StageFinding.Kind.TEXT ? "" : " recorded"), s.source()));
      }
    }
    events.stream().filter(e -> e.status() != null && e.status().isProgression())
        .forEach(e -> ev.add(new Evidence(e.date(), e.status() == io.github.oncorefract.domain.DiseaseStatus.RECURRENCE
            ? "recurrence" : "progression", e.source())));
    exposures.stream().filter(e -> e.intent() == TreatmentIntent.PALLIATIVE)
        .forEach(e -> ev.add(new Evidence(e.start(), "palliative-intent therapy", e.resource())));
    procedures.stream().filter(p -> p.intent() == TreatmentIntent.PALLIATIVE)
        .forEach(p -> ev.add(new Evidence(p.start(), "palliative-intent procedure", p.source())));
    return ev.stream().filter(e -> e.date() != null && !e.date().isAfter(asOf))
        .sorted(Comparator.comparing(Evidence::date).thenComparing(Evidence::what))
        .toList();
  }

  /**
   * Stage 0-III (or M0 with no stage group) at diagnosis for a solid tumour: the earliest stage-group finding (the
   * most specific of those on the same day: "Stage 3A" and "Stage 3" at one timestamp are one staging, not a restage),
   * else the earliest M category; {@code null} when none, when it is stage IV/M1, or for a blood cancer.
   */
  private static Evidence earlyStage(CancerCondition cancer, List<StageFinding> stages, LocalDate asOf) {
    if (cancer.type().haematological() || cancer.secondary()) {
      return null;
    }
    Comparator<StageFinding> order = Comparator.comparing(StageFinding::date,
            Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(Comparator.comparingInt(StageFinding::specificity).reversed())
        .thenComparing(StageFinding::source);
    List<StageFinding> usable = stages.stream().filter(s -> s.date() == null || !s.date().isAfter(asOf)).toList();
    StageFinding first = usable.stream().filter(s -> s.kind() == StageFinding.Kind.STAGE_GROUP).min(order)
        .orElseGet(() -> usable.stream().filter(s -> s.kind() == StageFinding.Kind.M_CATEGORY).min(order)
            .orElse(null));
    if (first == null || first.advanced()) {
      return null;
    }
    return new Evidence(first.date(), first.label(), first.source());
  }

  /** One reason per way the lines' settings were decided, naming the lines and the evidence. */
  private List<Reason> settingReasons(CancerCondition cancer, List<DerivedLine> derived, SettingContext ctx,
      List<Evidence> advanced, Evidence earlyStage) {
    Map<SettingContext.Basis, List<DerivedLine>> byBasis = new java.util.EnumMap<>(SettingContext.Basis.class);
    for (DerivedLine l : derived) {
      byBasis.computeIfAbsent(ctx.decide(l.line().start(), l.exposures()).basis(), k -> new ArrayList<>()).add(l);
    }
    List<Reason> out = new ArrayList<>();
    byBasis.forEach((basis, lines) -> {
      String which = lines.stream().map(l -> "L" + l.line().number()).collect(Collectors.joining(", "));
      switch (basis) {
        case INTENT -> out.add(new Reason("setting-from-intent", "Line(s) " + which + ": setting from the treatment "
            + "intent recorded on their therapy.", lines.stream().flatMap(l -> l.exposures().stream())
            .filter(e -> e.intent() != TreatmentIntent.UNKNOWN).map(DrugExposure::resource)
            .filter(Objects::nonNull).toList()));
        case ADVANCED_DISEASE -> {
          Evidence first = advanced.get(0);
          List<ResourceRef> refs = advanced.stream().filter(e -> e.date().equals(first.date()))
              .map(Evidence::ref).filter(Objects::nonNull).distinct().toList();
          // A progression after curative-setting therapy is a recurrence (issue 8, class 2).
          boolean afterCurative = derived.stream().anyMatch(l -> l.line().setting() == LineSetting.CURATIVE
              && l.line().start().isBefore(first.date()));
          String words = advanced.stream().filter(e -> e.date().equals(first.date())).map(Evidence::what)
              .map(w -> afterCurative && (w.equals("progression") || w.equals("recurrence"))
                  ? "recurrence after curative therapy" : w)
              .distinct().collect(Collectors.joining(", "));
          out.add(new Reason("setting-advanced-disease", "Advanced disease from " + first.date() + " (" + words
              + "): line(s) " + which + " starting on or after it are advanced-setting.", refs));
        }
        case EARLY_STAGE -> out.add(new Reason("setting-early-stage", "Stage at diagnosis " + earlyStage.what()
            + (earlyStage.date() != null ? " (" + earlyStage.date() + ")" : "")
            + " and no metastasis, recurrence or progression before line(s) " + which + ": curative setting"
            + (ctx.advancedFrom() != null ? "; disease advanced from " + ctx.advancedFrom() : "") + ".",
            earlyStage.ref() == null ? List.of(cancer.ref()) : List.of(earlyStage.ref())));
        case CURABLE_AT_ANY_STAGE -> out.add(new Reason("setting-curable-at-any-stage", "Line(s) " + which
            + ": no treatment intent recorded; first-line therapy of " + cancer.type() + " is curative at any stage "
            + "(adapter.rules.setting.curable-at-any-stage), and no progression or relapse precedes them: curative "
            + "setting.", List.of(cancer.ref())));
        case BLOOD_CANCER -> out.add(new Reason("setting-blood-cancer", "Line(s) " + which + ": no treatment intent "
            + "recorded; for a blood cancer the stage does not tell curability, so the lines are counted in one "
            + "advanced-setting sequence (never curative because of a later progression).", List.of(cancer.ref())));
        case ASSUMED -> out.add(new Reason("setting-not-recorded", "Setting not recorded for line(s) " + which
            + " (no treatment intent, stage or advanced-disease evidence before their start); assumed "
            + (ctx.assumeAdvancedWhenUnknown() ? "advanced" : "curative")
            + " (adapter.rules.setting.assume-advanced-when-unknown).", List.of(cancer.ref())));
        default -> { }
      }
    });
    return out;
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

    /**
     * The only cancer; else, among the active cancers (an abated one only up to its abatement), the latest stated date
     * (onset, else recorded) on or before the date; else the earliest of them.
     */
    CancerCondition byDate(LocalDate date) {
      if (primaries.size() == 1) {
        return primaries.get(0);
      }
      List<CancerCondition> candidates = primaries.stream()
          .filter(c -> c.active() || (c.abatement() != null && date != null && !date.isAfter(c.abatement())))
          .toList();
      if (candidates.isEmpty()) {
        candidates = primaries;
      }
      if (date != null) {
        CancerCondition best = null;
        for (CancerCondition c : candidates) {
          LocalDate d = c.statedDate();
          if (d != null && !d.isAfter(date) && (best == null || !d.isBefore(best.statedDate()))) {
            best = c;
          }
        }
        if (best != null) {
          return best;
        }
      }
      return candidates.get(0);
    }
  }
}
