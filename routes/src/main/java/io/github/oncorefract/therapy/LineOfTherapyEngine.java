package io.github.oncorefract.therapy;

import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugCatalog;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureSource;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.IngredientInfo;
import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StopReason;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives the lines of therapy of one cancer from its antineoplastic exposures.
 *
 * <h2>Rules</h2>
 * Sources: Meng et al., J Biomed Inform 2019 (PMID 31689549); JMIR Med Inform 2021;9(10):e29017 (PMC8548977); Merck
 * Line-of-Therapy-Algorithm; Saini &amp; Twelves, Br J Cancer 2021 (curative and advanced lines counted apart);
 * {@code clinical-model.md} section 2.
 * <ol>
 *   <li>Only ingredients the {@link DrugCatalog} knows count; supportive ones ({@link IngredientInfo#supportive()})
 *       are ignored unless named in {@link TherapyParameters#includedSupportive()}. Exposures starting after
 *       {@code asOf} and events dated after it are ignored.</li>
 *   <li>An included supportive ingredient (dexamethasone in myeloma VRd/DPd/Kd, prednisone in R-CHOP: clinical-model.md
 *       section 1, "configurable per rule set") is a regimen companion: lines are built from the other ingredients
 *       alone, then the companion joins the regimen of the line whose span holds its start (first day to last day,
 *       to {@code asOf} while the line is ongoing, never on or after the next line's start); failing that, the line
 *       whose start or last day is nearest, within {@code regimenWindowDays} (a steroid pre-phase before cycle 1,
 *       the last dexamethasone days of a cycle). It never starts, splits, extends or ends a line, and does not count
 *       for the line's setting, ongoing state or end reason; a companion near no line is dropped.</li>
 *   <li>Exposures are taken in start order, grouped by start day. A group that starts no later than
 *       {@code regimenWindowDays} after the line's first start joins the line's regimen.</li>
 *   <li>After the window a group stays in the line only when every ingredient of it is a continuation (already in
 *       the line), a substitution (same {@link IngredientInfo#substitutionGroup()} as an ingredient of the line, e.g.
 *       cisplatin/carboplatin) or a switch-maintenance agent ({@link IngredientInfo#maintenance()} switch role)
 *       started with no progression evidence since the line's start, after an adequate induction: the line holds a
 *       drug of {@link TherapyParameters#switchInductionClasses()} (platinum) given over at least
 *       {@link TherapyParameters#switchMinInductionDays()} (84) days, counted from its first day to the switch
 *       agent's start but at most {@code regimenWindowDays} past its last recorded day (the trials behind switch
 *       maintenance, JMEN and Fidias et al. 2009, started it after 4 cycles of a platinum doublet). A switch after a
 *       non-platinum or a short induction is a new line. Otherwise the whole group starts a new line
 *       (so a new combination that re-uses a drug of the old line goes entirely to the new line). Dropping a drug
 *       never starts a line.</li>
 *   <li>A group starting more than {@code treatmentGapDays} after the line's last known day (the latest
 *       {@link DrugExposure#lastKnownDay()}, which is the start for an open exposure, so monthly orders with only a
 *       start day chain into one line) starts a new line, unless every ingredient of the group is gap-exempt and a
 *       continuation or substitution of the line. The old line then ends with {@link LineEndReason#GAP} when the
 *       group only resumes drugs of the line (or their substitutes), {@link LineEndReason#NEW_REGIMEN} otherwise
 *       (switch maintenance does not apply across a gap). A drug the line still records as active with no end has
 *       no gap: a later record of the same drug continues the line.</li>
 *   <li>The same drug recorded as Statement, Request, Administration and Procedure overlaps itself and simply
 *       merges; every resource becomes a source of the line.</li>
 *   <li>Setting (issue 8, class 2): decided per line by a {@link SettingContext}: recorded intent; else ADVANCED from
 *       the first day of advanced disease (stage IV/M1, secondary Condition, progression or recurrence, palliative
 *       intent) on; else CURATIVE for a solid tumour staged 0-III at diagnosis; else ADVANCED for a blood cancer;
 *       else the configured assumption (advanced by default). A later progression never makes an earlier line
 *       curative. The date-only overloads use {@link SettingContext#advancedFrom(LocalDate)}.</li>
 *   <li>End: the latest last known day; {@code null} with {@link LineEndReason#ONGOING} when the line is the last one
 *       and one of its exposures is {@link ExposureStatus#ACTIVE} with no end (or an end after {@code asOf}) and no
 *       record of the same drug starting on or after it says it stopped (status stopped, or a completed
 *       MedicationStatement); such a stop also ends the drug's "no gap while active" continuation.</li>
 *   <li>End reason, first match wins: ONGOING; PROGRESSION (a progression/recurrence event dated after the start,
 *       not after the next line's start and not more than {@code progressionWindowDays} after the last day, or an
 *       exposure stopped for {@link StopReason#NO_RESPONSE}); TOXICITY (an exposure stopped for toxicity ending
 *       within {@code regimenWindowDays} of the line's end); DEATH (last line, death within
 *       {@code deathWindowDays} of its end); GAP or NEW_REGIMEN (a next line started, see above); COMPLETED
 *       (last line, the exposures ending on its last day are completed or stopped); UNKNOWN.</li>
 * </ol>
 * Thread-safe and stateless apart from its parameters.
 */
public final class LineOfTherapyEngine {

  private static final Logger LOG = LoggerFactory.getLogger(LineOfTherapyEngine.class);

  private static final Comparator<DrugExposure> EXPOSURE_ORDER = Comparator
      .comparing(DrugExposure::start)
      .thenComparing(DrugExposure::ingredient)
      .thenComparing(DrugExposure::resource, Comparator.nullsLast(Comparator.naturalOrder()));

  private final TherapyParameters params;
  private final DrugCatalog catalog;

  /**
   * @param params  thresholds and lists
   * @param catalog drug knowledge (ingredient facts)
   * @throws NullPointerException if an argument is null
   */
  public LineOfTherapyEngine(TherapyParameters params, DrugCatalog catalog) {
    this.params = Objects.requireNonNull(params, "params");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /** The parameters this engine runs with. */
  public TherapyParameters parameters() {
    return params;
  }

  /**
   * Derives the lines of one cancer.
   *
   * @param exposures           the cancer's exposures (any order; unknown and supportive ingredients are skipped)
   * @param events              the cancer's disease-status events (any order)
   * @param advancedDiseaseDate first day of advanced (metastatic/recurrent) disease, or {@code null}
   * @param deathDate           day of death, or {@code null}
   * @param asOf                the day of the assessment (UTC); later exposures and events are ignored
   * @return lines in start order, numbered from 1; empty when no usable exposure
   */
  public List<LineOfTherapy> derive(List<DrugExposure> exposures, List<DiseaseStatusEvent> events,
      LocalDate advancedDiseaseDate, LocalDate deathDate, LocalDate asOf) {
    return deriveDetailed(exposures, events, advancedDiseaseDate, deathDate, asOf).stream()
        .map(DerivedLine::line).toList();
  }

  /**
   * As {@link #derive}, but each line comes with the exposures and progression events behind it.
   *
   * @return derived lines in start order; empty when no usable exposure
   */
  public List<DerivedLine> deriveDetailed(List<DrugExposure> exposures, List<DiseaseStatusEvent> events,
      LocalDate advancedDiseaseDate, LocalDate deathDate, LocalDate asOf) {
    return deriveDetailed(exposures, events, SettingContext.advancedFrom(advancedDiseaseDate), deathDate, asOf);
  }

  /**
   * As {@link #deriveDetailed(List, List, LocalDate, LocalDate, LocalDate)}, with the setting of each line decided by
   * {@code setting} (stage, advanced-disease date, blood cancer, assumption).
   *
   * @param setting what decides curative vs advanced; never {@code null}
   * @return derived lines in start order; empty when no usable exposure
   */
  public List<DerivedLine> deriveDetailed(List<DrugExposure> exposures, List<DiseaseStatusEvent> events,
      SettingContext setting, LocalDate deathDate, LocalDate asOf) {
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(setting, "setting");
    List<DrugExposure> usable = exposures.stream()
        .filter(Objects::nonNull)
        .filter(e -> e.start() != null && e.ingredient() != null && !e.start().isAfter(asOf))
        .filter(this::antineoplastic)
        .sorted(EXPOSURE_ORDER)
        .toList();
    List<DrugExposure> companions = usable.stream().filter(this::companion).toList();
    usable = usable.stream().filter(e -> !companion(e)).toList();
    List<DiseaseStatusEvent> progressions = events.stream()
        .filter(Objects::nonNull)
        .filter(e -> e.date() != null && e.status() != null && e.status().isProgression() && !e.date().isAfter(asOf))
        .sorted(Comparator.comparing(DiseaseStatusEvent::date)
            .thenComparing(DiseaseStatusEvent::source, Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();
    if (usable.isEmpty()) {
      return List.of();
    }

    TreeMap<LocalDate, List<DrugExposure>> groups = new TreeMap<>();
    for (DrugExposure e : usable) {
      groups.computeIfAbsent(e.start(), d -> new ArrayList<>()).add(e);
    }

    List<Draft> drafts = new ArrayList<>();
    Draft current = null;
    for (var entry : groups.entrySet()) {
      LocalDate day = entry.getKey();
      List<DrugExposure> group = entry.getValue();
      if (current == null) {
        current = new Draft(group);
        drafts.add(current);
        continue;
      }
      final Draft line = current;
      boolean gap = ChronoUnit.DAYS.between(line.lastDay, day) > params.treatmentGapDays();
      boolean inWindow = !day.isAfter(line.start.plusDays(params.regimenWindowDays()));
      boolean allKept = group.stream().allMatch(e -> keeps(line, e, day, progressions));
      if (gap) {
        boolean sameDrugs = group.stream()
            .allMatch(e -> line.regimen.contains(e.ingredient()) || substitutes(line, e));
        boolean exempt = sameDrugs && group.stream().allMatch(e -> gapExempt(e.ingredient()));
        // A drug the line records as still being given (status active, no end) has no gap: a later record of the
        // same drug continues it (e.g. an open MedicationStatement, then a new MedicationRequest months later).
        boolean continuing = group.stream().allMatch(e -> line.members.stream().anyMatch(m ->
            m.status() == ExposureStatus.ACTIVE && m.end() == null && !stoppedLater(line, m)
                && m.ingredient().equals(e.ingredient())));
        if (exempt || continuing) {
          line.add(group);
        } else {
          line.nextBoundary = sameDrugs ? LineEndReason.GAP : LineEndReason.NEW_REGIMEN;
          current = new Draft(group);
          drafts.add(current);
        }
      } else if (inWindow || allKept) {
        line.add(group);
      } else {
        line.nextBoundary = LineEndReason.NEW_REGIMEN;
        current = new Draft(group);
        drafts.add(current);
      }
    }
    attachCompanions(drafts, companions, asOf);

    List<DerivedLine> result = new ArrayList<>();
    int curative = 0;
    int advanced = 0;
    for (int i = 0; i < drafts.size(); i++) {
      Draft d = drafts.get(i);
      Draft next = i + 1 < drafts.size() ? drafts.get(i + 1) : null;
      boolean activeOpen = next == null && d.members.stream().anyMatch(e -> open(d, e, asOf));
      // Nothing is ongoing for a patient who has died: a line still recorded as active ends with the death.
      boolean died = deathDate != null && !deathDate.isAfter(asOf) && !deathDate.isBefore(d.start);
      boolean ongoing = activeOpen && !died;
      if (activeOpen && died && deathDate.isAfter(d.lastDay)) {
        d.lastDay = deathDate;
      }
      List<DiseaseStatusEvent> lineProgressions = progressions.stream()
          .filter(p -> p.date().isAfter(d.start))
          .filter(p -> next == null || !p.date().isAfter(next.start))
          .filter(p -> ongoing || !p.date().isAfter(d.lastDay.plusDays(params.progressionWindowDays())))
          .toList();
      LineSetting lineSetting = setting.decide(d.start, d.members).setting();
      int inSetting = lineSetting == LineSetting.CURATIVE ? ++curative : ++advanced;
      LineEndReason reason = endReason(d, next, ongoing, lineProgressions, deathDate, asOf);
      List<DrugExposure> all = new ArrayList<>(d.members);
      all.addAll(d.companions);
      all.sort(EXPOSURE_ORDER);
      List<ResourceRef> sources = new ArrayList<>();
      all.stream().map(DrugExposure::resource).filter(Objects::nonNull).distinct().forEach(sources::add);
      lineProgressions.stream().map(DiseaseStatusEvent::source).filter(Objects::nonNull).forEach(sources::add);
      LineOfTherapy line = new LineOfTherapy(i + 1, lineSetting, inSetting, d.regimen, d.start,
          ongoing ? null : d.lastDay, reason, sources);
      result.add(new DerivedLine(line, all, lineProgressions));
    }
    LOG.debug("derived {} line(s) from {} usable exposure(s)", result.size(), usable.size());
    return result;
  }

  private boolean antineoplastic(DrugExposure e) {
    Optional<IngredientInfo> info = catalog.ingredient(e.ingredient());
    if (info.isEmpty()) {
      LOG.debug("ignoring exposure: ingredient unknown to the catalog");
      return false;
    }
    return !info.get().supportive() || params.includedSupportive().contains(e.ingredient());
  }

  /**
   * Still being given on {@code asOf}: recorded active with no end (or an end after {@code asOf}) and not stopped by a
   * record of the same drug in the line starting on or after it (issue 8, class 6: an active MedicationStatement with
   * one date is ongoing "and no later stop").
   */
  private static boolean open(Draft d, DrugExposure e, LocalDate asOf) {
    return e.status() == ExposureStatus.ACTIVE && (e.end() == null || e.end().isAfter(asOf)) && !stoppedLater(d, e);
  }

  /**
   * True when the line holds another record of the same drug, starting on or after this one, that says it stopped:
   * status stopped, or a completed MedicationStatement (a completed order or administration only says the order was
   * filled or the dose given). mCODE STU1 MedicationStatement Example02 (gefitinib stopped, "treatment completed")
   * so closes Example01 (gefitinib active) of the same day.
   */
  private static boolean stoppedLater(Draft d, DrugExposure e) {
    return d.members.stream().anyMatch(o -> o != e && o.ingredient().equals(e.ingredient())
        && !o.start().isBefore(e.start())
        && (o.status() == ExposureStatus.STOPPED
            || (o.status() == ExposureStatus.COMPLETED && o.source() == ExposureSource.MEDICATION_STATEMENT)));
  }

  /** An included supportive ingredient: it joins a line's regimen but never shapes the line. */
  private boolean companion(DrugExposure e) {
    return catalog.ingredient(e.ingredient()).map(IngredientInfo::supportive).orElse(false);
  }

  /** Puts each companion into the line that holds its start, else the nearest within the regimen window. */
  private void attachCompanions(List<Draft> drafts, List<DrugExposure> companions, LocalDate asOf) {
    int window = params.regimenWindowDays();
    for (DrugExposure c : companions) {
      Draft best = null;
      long bestDistance = Long.MAX_VALUE;
      for (int i = 0; i < drafts.size(); i++) {
        Draft d = drafts.get(i);
        Draft next = i + 1 < drafts.size() ? drafts.get(i + 1) : null;
        if (next != null && !c.start().isBefore(next.start)) {
          continue;
        }
        boolean open = next == null && d.members.stream().anyMatch(e -> open(d, e, asOf));
        LocalDate spanEnd = open ? asOf : d.lastDay;
        long distance;
        if (c.start().isBefore(d.start)) {
          distance = ChronoUnit.DAYS.between(c.start(), d.start);
        } else if (c.start().isAfter(spanEnd)) {
          distance = ChronoUnit.DAYS.between(spanEnd, c.start());
        } else {
          distance = 0;
        }
        if (distance <= window && distance < bestDistance) {
          best = d;
          bestDistance = distance;
        }
      }
      if (best != null) {
        best.companions.add(c);
        best.regimen.add(c.ingredient());
      } else {
        LOG.debug("regimen companion near no line: not counted");
      }
    }
  }

  /**
   * True when the line so far is an induction after which switch maintenance stays in the line: it holds a drug of
   * the configured induction classes given over at least the configured number of days before {@code day}.
   */
  private boolean adequateInduction(Draft line, LocalDate day) {
    LocalDate first = null;
    LocalDate last = null;
    for (DrugExposure m : line.members) {
      String cls = catalog.ingredient(m.ingredient()).map(IngredientInfo::drugClass).orElse(null);
      if (cls == null || !params.switchInductionClasses().contains(cls)) {
        continue;
      }
      LocalDate mLast = m.status() == ExposureStatus.ACTIVE && m.end() == null && !stoppedLater(line, m)
          ? day : m.lastKnownDay();
      first = first == null || m.start().isBefore(first) ? m.start() : first;
      last = last == null || mLast.isAfter(last) ? mLast : last;
    }
    if (first == null) {
      return false;
    }
    LocalDate coveredTo = last.plusDays(params.regimenWindowDays());
    if (day.isBefore(coveredTo)) {
      coveredTo = day;
    }
    return ChronoUnit.DAYS.between(first, coveredTo) >= params.switchMinInductionDays();
  }

  private boolean gapExempt(String ingredient) {
    if (params.gapExemptIngredients().contains(ingredient)) {
      return true;
    }
    return params.useCatalogGapExempt() && catalog.ingredient(ingredient).map(IngredientInfo::gapExempt).orElse(false);
  }

  private boolean substitutes(Draft line, DrugExposure e) {
    String group = catalog.ingredient(e.ingredient()).map(IngredientInfo::substitutionGroup).orElse(null);
    if (group == null || group.isBlank()) {
      return false;
    }
    return line.regimen.stream()
        .map(catalog::ingredient)
        .flatMap(Optional::stream)
        .anyMatch(i -> group.equals(i.substitutionGroup()));
  }

  /** Continuation, substitution or switch maintenance: the exposure stays in the line after its window. */
  private boolean keeps(Draft line, DrugExposure e, LocalDate day, List<DiseaseStatusEvent> progressions) {
    if (line.regimen.contains(e.ingredient()) || substitutes(line, e)) {
      return true;
    }
    boolean switchRole = catalog.ingredient(e.ingredient())
        .map(i -> i.maintenance() != null && i.maintenance().switchMaintenance()).orElse(false);
    if (!switchRole) {
      return false;
    }
    boolean progressed = progressions.stream()
        .anyMatch(p -> p.date().isAfter(line.start) && !p.date().isAfter(day))
        || line.members.stream().anyMatch(m -> m.stopReason() == StopReason.NO_RESPONSE
            && !m.lastKnownDay().isAfter(day));
    return !progressed && adequateInduction(line, day);
  }

  private LineEndReason endReason(Draft d, Draft next, boolean ongoing, List<DiseaseStatusEvent> progressions,
      LocalDate deathDate, LocalDate asOf) {
    if (ongoing) {
      return LineEndReason.ONGOING;
    }
    if (!progressions.isEmpty() || d.members.stream().anyMatch(e -> e.stopReason() == StopReason.NO_RESPONSE)) {
      return LineEndReason.PROGRESSION;
    }
    LocalDate toxicityFrom = d.lastDay.minusDays(params.regimenWindowDays());
    if (d.members.stream().anyMatch(e -> e.stopReason() == StopReason.TOXICITY
        && !e.lastKnownDay().isBefore(toxicityFrom))) {
      return LineEndReason.TOXICITY;
    }
    if (next == null && deathDate != null && !deathDate.isAfter(asOf) && !deathDate.isBefore(d.start)
        && !deathDate.isAfter(d.lastDay.plusDays(params.deathWindowDays()))) {
      return LineEndReason.DEATH;
    }
    if (next != null) {
      return d.nextBoundary;
    }
    boolean finished = d.members.stream()
        .filter(e -> e.lastKnownDay().equals(d.lastDay))
        .anyMatch(e -> e.status() == ExposureStatus.COMPLETED || e.status() == ExposureStatus.STOPPED);
    return finished ? LineEndReason.COMPLETED : LineEndReason.UNKNOWN;
  }

  /** A line under construction. */
  private static final class Draft {
    final LocalDate start;
    LocalDate lastDay;
    final java.util.SortedSet<String> regimen = new TreeSet<>();
    final List<DrugExposure> members = new ArrayList<>();
    /** Included supportive exposures (regimen companions): in the regimen, never in the line's dates or end. */
    final List<DrugExposure> companions = new ArrayList<>();
    LineEndReason nextBoundary = LineEndReason.NEW_REGIMEN;

    Draft(List<DrugExposure> group) {
      this.start = group.get(0).start();
      this.lastDay = start;
      add(group);
    }

    void add(List<DrugExposure> group) {
      for (DrugExposure e : group) {
        members.add(e);
        regimen.add(e.ingredient());
        if (e.lastKnownDay().isAfter(lastDay)) {
          lastDay = e.lastKnownDay();
        }
      }
    }
  }
}
