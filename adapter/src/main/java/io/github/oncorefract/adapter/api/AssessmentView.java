package io.github.oncorefract.adapter.api;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.QuarantineEntry;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.TrialMatch;
import io.github.oncorefract.domain.UnrecognisedMedication;
import io.github.oncorefract.publish.PlannedWrite;
import io.github.oncorefract.routing.PatientWork;
import java.time.LocalDate;
import java.util.List;

/**
 * JSON of {@code GET /api/patients/{id}/assessment}: the patient's cancers, each with its lines of therapy, status,
 * rule set and version, reasons with the ids of the resources behind them (the rule set's reasons, then how the record
 * was read: secondary Conditions attached, diagnosis date, the setting of each line), and suggestions; plus what could
 * not be used, antineoplastic therapy attributed to no cancer, and what a pass would write. Dates are ISO days.
 *
 * @param patientId     logical Patient id
 * @param asOf          assessment day
 * @param cancers       one entry per cancer
 * @param quarantined   resources or elements that could not be used
 * @param unrecognisedMedications medications that look like cancer drugs but are not in the drug table
 *                      ({@code unrecognised-medication}: resource type and id, codes as {@code system|code}, text and
 *                      the signal; they made no line of therapy; issue 8, class 4)
 * @param plannedWrites what a pass would do with each proposed resource (create, update, unchanged, preserved, skipped)
 * @param unattributedTherapy antineoplastic exposures that could not be attributed to any cancer (issue 8, class 3):
 *                      never dropped silently
 * @param timeline      link to the patient's timeline page, relative to the adapter's base URL
 *                      ({@code /patients/{id}/timeline}, HTML)
 */
public record AssessmentView(
    String patientId,
    LocalDate asOf,
    List<CancerView> cancers,
    List<QuarantineEntry> quarantined,
    List<UnrecognisedMedication> unrecognisedMedications,
    List<PlannedWriteView> plannedWrites,
    List<UnattributedView> unattributedTherapy,
    String timeline) {

  /** Without an explicit timeline link: the link of {@code patientId}'s timeline page. */
  public AssessmentView(String patientId, LocalDate asOf, List<CancerView> cancers, List<QuarantineEntry> quarantined,
      List<UnrecognisedMedication> unrecognisedMedications, List<PlannedWriteView> plannedWrites,
      List<UnattributedView> unattributedTherapy) {
    this(patientId, asOf, cancers, quarantined, unrecognisedMedications, plannedWrites, unattributedTherapy,
        io.github.oncorefract.adapter.web.TimelineController.path(patientId));
  }

  /**
   * An antineoplastic exposure attributed to no cancer.
   *
   * @param resource   {@code Type/id} it was read from
   * @param ingredient ingredient name
   * @param start      first day
   * @param reason     {@code Condition/id} it names as its reason (not a recognised cancer), or null
   */
  public record UnattributedView(String resource, String ingredient, LocalDate start, String reason) {}

  /** One cancer's assessment. */
  public record CancerView(
      String condition,
      String cancer,
      String cancerType,
      String matchedBy,
      RuleSetView ruleSet,
      String status,
      LocalDate statusDate,
      String narrative,
      List<LineView> lines,
      List<ReasonView> reasons,
      List<SuggestionView> suggestions) {}

  /** Rule set id and version. */
  public record RuleSetView(String id, String version) {}

  /** One line of therapy: {@code end} is null when ongoing. */
  public record LineView(
      int number,
      String setting,
      int numberInSetting,
      List<String> regimen,
      LocalDate start,
      LocalDate end,
      String endReason,
      List<String> sources) {}

  /** A reason with the resources behind it ({@code Type/id}). */
  public record ReasonView(String code, String text, List<String> evidence) {}

  /** A suggestion; {@code trials}: the research studies matched for a trial referral, best first, else empty. */
  public record SuggestionView(String type, String display, String text, List<String> agents, List<ReasonView> reasons,
      List<TrialView> trials) {}

  /**
   * A research study matched for a trial referral.
   *
   * @param study      {@code ResearchStudy/id}
   * @param title      its title, or null
   * @param identifier its registry identifier (an NCT number when it has one), or null
   * @param status     its status, e.g. {@code active}
   * @param basket     a basket study (a variant across cancer types)
   * @param scope      how the cancer matched: {@code cancer-type}, {@code cancer-group} or {@code any-cancer}
   * @param criterion  the study's variant criterion the patient met (e.g. {@code KRAS p.G12C}), or null
   * @param variant    the patient's Observation that met it ({@code Observation/id}), or null
   */
  public record TrialView(String study, String title, String identifier, String status, boolean basket,
      String scope, String criterion, String variant) {}

  /** A planned write. */
  public record PlannedWriteView(String resourceType, String key, String action) {}

  static AssessmentView of(PatientWork w) {
    return new AssessmentView(w.patientId(), w.assessment().asOf(),
        w.assessment().cancers().stream().map(AssessmentView::cancer).toList(), w.record().quarantined(),
        w.record().unrecognisedMedications(),
        w.plan() == null ? List.of() : w.plan().writes().stream().map(AssessmentView::write).toList(),
        w.assessment().unattributedTherapy().stream().map(e -> new UnattributedView(
            e.resource() == null ? null : e.resource().value(), e.ingredient(), e.start(),
            e.reasonCondition() == null ? null : e.reasonCondition().value())).toList());
  }

  private static CancerView cancer(CancerAssessment ca) {
    return new CancerView(ca.cancer().ref().value(), ca.cancer().display(), ca.cancer().type().name(),
        ca.cancer().matchedBy() == null ? null : ca.cancer().matchedBy().name(),
        new RuleSetView(ca.ruleSetId(), ca.ruleSetVersion()), ca.status().code(), ca.statusDate(), ca.narrative(),
        ca.lines().stream().map(AssessmentView::line).toList(),
        java.util.stream.Stream.concat(ca.reasons().stream(), ca.recordReasons().stream())
            .map(AssessmentView::reason).toList(),
        ca.suggestions().stream().map(AssessmentView::suggestion).toList());
  }

  private static LineView line(LineOfTherapy l) {
    return new LineView(l.number(), l.setting().name().toLowerCase(), l.numberInSetting(), List.copyOf(l.regimen()),
        l.start(), l.end(), l.endReason().name().toLowerCase().replace('_', '-'), refs(l.sources()));
  }

  private static ReasonView reason(Reason r) {
    return new ReasonView(r.code(), r.text(), refs(r.evidence()));
  }

  private static SuggestionView suggestion(Suggestion s) {
    return new SuggestionView(s.type().code(), s.type().display(), s.text(), s.agents(),
        s.reasons().stream().map(AssessmentView::reason).toList(),
        s.trials().stream().map(AssessmentView::trial).toList());
  }

  private static TrialView trial(TrialMatch m) {
    return new TrialView(m.study().study().value(), m.study().title(), m.study().registryId(), m.study().status(),
        m.study().basket(), m.scope().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
        m.criterion() == null ? null : m.criterion().label(), m.variant() == null ? null : m.variant().value());
  }

  private static PlannedWriteView write(PlannedWrite w) {
    return new PlannedWriteView(w.resourceType(), w.key(), w.action().name().toLowerCase());
  }

  private static List<String> refs(List<ResourceRef> refs) {
    return refs.stream().map(ResourceRef::value).toList();
  }
}
