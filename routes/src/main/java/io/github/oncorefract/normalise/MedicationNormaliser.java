package io.github.oncorefract.normalise;

import io.github.oncorefract.domain.DrugCatalog;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureSource;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.IngredientInfo;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StopReason;
import io.github.oncorefract.domain.TreatmentIntent;
import io.github.oncorefract.domain.UnrecognisedMedication;
import io.github.oncorefract.knowledge.CancerDrugSignals;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;

/**
 * MedicationStatement / MedicationRequest / MedicationAdministration -> {@link DrugExposure}s, one per
 * antineoplastic ingredient per resource (clinical-model.md section 1).
 *
 * <p>Dropped (never exposures): Statement {@code entered-in-error}, {@code not-taken}, {@code intended};
 * Administration {@code entered-in-error}, {@code not-done}; Request {@code entered-in-error},
 * {@code cancelled}, {@code draft} (MTB recommendations) and requests whose {@code intent} is {@code proposal},
 * {@code plan} or {@code option} (recommendations, not orders; MII onkologie-1 therapy recommendations).
 * Supportive ingredients (leucovorin, antiemetics, G-CSF, bone agents, steroids) become exposures too, which the
 * {@link PatientNormaliser} keeps apart from the antineoplastic ones ({@code PatientRecord.supportiveExposures}): never
 * a line on their own, they join the regimen of a line where the cancer's parameters count them (dexamethasone in
 * myeloma, prednisone in R-CHOP; issue 8, class 5). A supportive-only resource with no date is skipped silently.
 *
 * <p>Ingredients: codes first (RxNorm, ATC, NDC, SNOMED product, UNII through {@link DrugCatalog}), then texts.
 * A medication none of whose codings and texts the table knows, but which looks like a cancer drug by
 * {@link CancerDrugSignals} (an ATC L01/L02 code, an INN stem such as -mab/-nib/-lisib/-ciclib in its text, an mCODE
 * cancer-related-medication or MII oncology profile, an mCODE treatment-intent extension, an oncology order-set or
 * chemotherapy category) is reported as {@link UnrecognisedMedication} ({@code unrecognised-medication}: type, id,
 * codes and text; issue 8, class 4), never dropped in silence and never guessed into an ingredient. A drug the table
 * knows as supportive or not at all as a cancer drug is not reported. An unresolvable reference with no display is
 * quarantined as {@code unresolved-medication}.
 *
 * <p>Dates: Statement/Administration {@code effective[x]}; Request
 * {@code dosageInstruction.timing.repeat.boundsPeriod}, else {@code dosageInstruction.timing.event} (first to last),
 * else {@code dispenseRequest.validityPeriod}, else
 * {@code authoredOn} (a one-day exposure on the order day). A dateTime gives a one-day exposure (start = end,
 * partial dates widened), except on an {@code active} MedicationStatement: "taking it since then", open (no end)
 * and ongoing unless a later record stops it (issue 8, class 6; mCODE STU1 MedicationStatement Example01, gefitinib).
 * A {@code stopped} or {@code completed} Statement with one dateTime ends on that day: the stop date is unknown, the
 * date is the last day the record shows the drug (mCODE Example02). A Request with no end but a repeating dosage is a
 * course whose length {@link ExposureParameters} estimates (boundsDuration, count, supply, repeats; open while the
 * order is {@code active}). A period with only an end starts on that end. No usable date -> quarantined
 * {@code missing-date}. A period whose end is before its start ({@code effectivePeriod},
 * {@code dosageInstruction.timing.repeat.boundsPeriod}, {@code dispenseRequest.validityPeriod}) is quarantined as
 * {@code end-before-start} with its element path, and the resource gives no exposure at all (issue 10): the record
 * contradicts itself and neither end can be trusted, so no line of therapy is built from it, not even from another
 * date of the same resource such as {@code authoredOn} (an order day alone would be widened into an estimated course;
 * clinically conservative: a missing line is visible as a quarantine entry, an invented one is not). A Statement/Administration {@code partOf} a Procedure inherits its intent and stop reason
 * when it has none, and a one-day Statement inside a longer Procedure takes the Procedure's end (MII mtb-1
 * osimertinib: Statement 2024-04-15..04-15, Procedure 2024-04-15..08-30).
 */
final class MedicationNormaliser {

  /**
   * An exposure, the Procedure it is {@code partOf}, if any, and whether its dates are the order day alone (an order
   * with no dosage period, count or supply: its course may be recorded as Procedures).
   */
  record Linked(DrugExposure exposure, Procedure partOf, boolean orderDayOnly) {
    Linked(DrugExposure exposure, Procedure partOf) {
      this(exposure, partOf, false);
    }
  }

  private final DrugCatalog catalog;
  private final CancerDrugSignals signals;
  private final ResourceIndex index;
  private final MedicationResolver resolver;
  private final Quarantine q;
  private final ExposureParameters params;
  /** Resources with a period whose end is before its start: no exposure from them (identity, per patient). */
  private final Set<DomainResource> untimed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  MedicationNormaliser(DrugCatalog catalog, CancerDrugSignals signals, ResourceIndex index, Quarantine q) {
    this(catalog, signals, index, q, ExposureParameters.defaults());
  }

  MedicationNormaliser(DrugCatalog catalog, CancerDrugSignals signals, ResourceIndex index, Quarantine q,
      ExposureParameters params) {
    this.catalog = catalog;
    this.signals = signals;
    this.index = index;
    this.resolver = new MedicationResolver(index);
    this.q = q;
    this.params = params;
  }

  /**
   * The normalised status of a MedicationStatement, -Administration or -Request status code ({@code active} and
   * {@code in-progress} are both on treatment).
   */
  static ExposureStatus exposureStatus(String status) {
    return switch (status == null ? "" : status) {
      case "active", "in-progress" -> ExposureStatus.ACTIVE;
      case "completed" -> ExposureStatus.COMPLETED;
      case "stopped" -> ExposureStatus.STOPPED;
      case "on-hold" -> ExposureStatus.ON_HOLD;
      default -> ExposureStatus.UNKNOWN;
    };
  }

  List<Linked> statement(MedicationStatement ms) {
    String status = Codings.code(ms.getStatusElement(), null);
    if (status != null && Set.of("entered-in-error", "not-taken", "intended").contains(status)) {
      return List.of();
    }
    ExposureStatus es = exposureStatus(status);
    LocalDate[] se = effective(ms, ms.getEffective());
    if (es == ExposureStatus.ACTIVE && ms.getEffective() instanceof DateTimeType) {
      // "Taking it since then": one date on an active statement is the start of a course that is still going.
      se[1] = null;
    }
    List<String> ingredients = ingredients(ms, ms.getMedication());
    if (ingredients.isEmpty()) {
      return List.of();
    }
    Procedure proc = partOfProcedure(ms.getPartOf());
    return build(ms, ingredients, se, ExposureSource.MEDICATION_STATEMENT, es,
        Codings.stopReason(ms.getStatusReason()), ms.getReasonReference(), proc);
  }

  List<Linked> administration(MedicationAdministration ma) {
    String status = Codings.code(ma.getStatusElement(), null);
    if (status != null && Set.of("entered-in-error", "not-done").contains(status)) {
      return List.of();
    }
    ExposureStatus es = exposureStatus(status);
    LocalDate[] se = effective(ma, ma.getEffective());
    List<String> ingredients = ingredients(ma, ma.getMedication());
    if (ingredients.isEmpty()) {
      return List.of();
    }
    Procedure proc = partOfProcedure(ma.getPartOf());
    return build(ma, ingredients, se, ExposureSource.MEDICATION_ADMINISTRATION, es,
        Codings.stopReason(ma.getStatusReason()), ma.getReasonReference(), proc);
  }

  List<Linked> request(MedicationRequest mr) {
    String status = Codings.code(mr.getStatusElement(), null);
    if (status != null && Set.of("entered-in-error", "cancelled", "draft").contains(status)) {
      return List.of();
    }
    String intent = Codings.code(mr.getIntentElement(), null);
    if (intent != null && Set.of("proposal", "plan", "option").contains(intent)) {
      return List.of();
    }
    ExposureStatus es = exposureStatus(status);
    boolean[] orderDayOnly = new boolean[2];
    LocalDate[] se = requestDates(mr, es, orderDayOnly);
    if (orderDayOnly[1] && es == ExposureStatus.COMPLETED) {
      // The end is our estimate (one default course per fill): a completed order says it was filled, not when the
      // drug was stopped, so the line's end reason is unknown rather than "completed" (oncologist review, issue 8).
      es = ExposureStatus.UNKNOWN;
    }
    List<String> ingredients = ingredients(mr, mr.getMedication());
    if (ingredients.isEmpty()) {
      return List.of();
    }
    List<CodeableConcept> reasons = mr.hasStatusReason() ? List.of(mr.getStatusReason()) : List.of();
    List<Linked> built = build(mr, ingredients, se, ExposureSource.MEDICATION_REQUEST, es,
        Codings.stopReason(reasons), mr.getReasonReference(), null);
    if (!orderDayOnly[0]) {
      return built;
    }
    return built.stream().map(l -> new Linked(l.exposure(), l.partOf(), true)).toList();
  }

  private List<Linked> build(DomainResource r, List<String> ingredients, LocalDate[] se, ExposureSource source,
      ExposureStatus status, StopReason stop, List<Reference> reasonRefs, Procedure proc) {
    if (untimed.contains(r)) {
      return List.of(); // quarantined as end-before-start: no exposure, no line
    }
    if (se[0] == null) {
      boolean supportiveOnly = ingredients.stream()
          .allMatch(i -> catalog.ingredient(i).map(IngredientInfo::supportive).orElse(false));
      if (!supportiveOnly) {
        q.add(r, "effective[x]", "missing-date");
      }
      return List.of();
    }
    LocalDate start = se[0];
    LocalDate end = se[1];
    TreatmentIntent intent = Codings.intent(r);
    ResourceRef reason = reasonCondition(reasonRefs);
    if (proc != null) {
      if (intent == TreatmentIntent.UNKNOWN) {
        intent = Codings.intent(proc);
      }
      if (stop == StopReason.NONE) {
        stop = Codings.stopReason(procedureOutcomes(proc));
      }
      if (reason == null) {
        reason = reasonCondition(proc.getReasonReference());
      }
      LocalDate procEnd = proc.hasPerformedPeriod()
          ? FhirDates.end(proc.getPerformedPeriod(), proc, "performedPeriod", q) : null;
      if (end != null && end.equals(start) && procEnd != null && procEnd.isAfter(end)) {
        end = procEnd;
      }
    }
    List<Linked> out = new ArrayList<>();
    for (String ingredient : ingredients) {
      out.add(new Linked(new DrugExposure(ingredient, start, end, source, status, stop, intent, reason,
          ResourceIndex.ref(r)), proc));
    }
    return out;
  }

  static List<CodeableConcept> procedureOutcomes(Procedure p) {
    List<CodeableConcept> out = new ArrayList<>();
    if (p.hasStatusReason()) {
      out.add(p.getStatusReason());
    }
    if (p.hasOutcome()) {
      out.add(p.getOutcome());
    }
    return out;
  }

  ResourceRef reasonCondition(List<Reference> refs) {
    for (Reference ref : refs) {
      ResourceRef rr = index.refTo(ref, "Condition");
      if (rr != null) {
        return rr;
      }
    }
    return null;
  }

  private Procedure partOfProcedure(List<Reference> partOf) {
    for (Reference ref : partOf) {
      if (ref.hasReference()) {
        var res = index.resolve(ref.getReference());
        if (res.isPresent() && res.get() instanceof Procedure p) {
          return p;
        }
      }
    }
    return null;
  }

  /** [start, end] of {@code effective[x]}; a dateTime is a one-day (or partial-date-wide) exposure. */
  private LocalDate[] effective(DomainResource r, Type effective) {
    if (effective instanceof DateTimeType dt) {
      return new LocalDate[] {
          FhirDates.day(dt, FhirDates.Bound.START, r, "effectiveDateTime", q),
          FhirDates.day(dt, FhirDates.Bound.END, r, "effectiveDateTime", q)};
    }
    if (effective instanceof Period p) {
      return period(r, p, "effectivePeriod");
    }
    return new LocalDate[] {null, null};
  }

  private LocalDate[] period(DomainResource r, Period p, String path) {
    LocalDate s = FhirDates.start(p, r, path, q);
    LocalDate e = FhirDates.end(p, r, path, q);
    if (s == null && e != null) {
      s = FhirDates.day(p.getEndElement(), FhirDates.Bound.START, r, path + ".end", q);
    }
    if (s != null && e != null && e.isBefore(s)) {
      // The period loses its timing, and the resource every exposure (see the class comment).
      q.add(r, path, "end-before-start");
      untimed.add(r);
      return new LocalDate[] {null, null};
    }
    return new LocalDate[] {s, e};
  }

  /**
   * Start and end day of an order. {@code flags[0]} is set when the dates are the order day alone; {@code flags[1]}
   * when the end is an estimate of one default course per fill ({@link ExposureParameters#defaultCourseDays()}).
   */
  private LocalDate[] requestDates(MedicationRequest mr, ExposureStatus status, boolean[] orderDayOnly) {
    LocalDate s = null;
    LocalDate e = null;
    LocalDate evStart = null;
    LocalDate evEnd = null;
    int i = 0;
    for (Dosage d : mr.getDosageInstruction()) {
      if (d.hasTiming() && d.getTiming().hasRepeat() && d.getTiming().getRepeat().getBounds() instanceof Period p) {
        LocalDate[] pe = period(mr, p, "dosageInstruction[" + i + "].timing.repeat.boundsPeriod");
        if (pe[0] != null && (s == null || pe[0].isBefore(s))) {
          s = pe[0];
        }
        if (pe[1] != null && (e == null || pe[1].isAfter(e))) {
          e = pe[1];
        }
      }
      if (s == null && d.hasTiming() && d.getTiming().hasEvent()) {
        int j = 0;
        for (var ev : d.getTiming().getEvent()) {
          String path = "dosageInstruction[" + i + "].timing.event[" + j++ + "]";
          LocalDate es = FhirDates.day(ev, FhirDates.Bound.START, mr, path, q);
          LocalDate ee = FhirDates.day(ev, FhirDates.Bound.END, mr, path, q);
          if (es != null && (evStart == null || es.isBefore(evStart))) {
            evStart = es;
          }
          if (ee != null && (evEnd == null || ee.isAfter(evEnd))) {
            evEnd = ee;
          }
        }
      }
      i++;
    }
    if (s == null && evStart != null) {
      s = evStart;
      e = evEnd;
    }
    if (s == null && mr.hasDispenseRequest() && mr.getDispenseRequest().hasValidityPeriod()) {
      LocalDate[] pe = period(mr, mr.getDispenseRequest().getValidityPeriod(), "dispenseRequest.validityPeriod");
      s = pe[0];
      e = pe[1];
    }
    if (untimed.contains(mr)) {
      return new LocalDate[] {null, null}; // an inverted period: no fallback to authoredOn
    }
    boolean fromOrderDay = false;
    if (s == null && mr.hasAuthoredOnElement()) {
      s = FhirDates.day(mr.getAuthoredOnElement(), FhirDates.Bound.START, mr, "authoredOn", q);
      LocalDate authoredEnd = FhirDates.parse(mr.getAuthoredOnElement().getValueAsString(), FhirDates.Bound.END);
      fromOrderDay = e == null;
      e = e != null ? e : (s == null ? null : authoredEnd);
    }
    if (s != null && (e == null || fromOrderDay)) {
      RequestCourse course = RequestCourse.of(mr);
      if (course.days() != null) {
        e = s.plusDays(course.days() - 1L);
        fromOrderDay = false;
      } else if (course.repeating()) {
        // A repeating dosage with nothing that says how long: open while the order is active, else one default
        // course per fill (ExposureParameters#defaultCourseDays).
        e = status == ExposureStatus.ACTIVE || status == ExposureStatus.ON_HOLD ? null
            : s.plusDays((long) params.defaultCourseDays() * course.fills() - 1L);
        orderDayOnly[1] = e != null;
        fromOrderDay = false;
      }
    }
    orderDayOnly[0] = fromOrderDay && s != null;
    return new LocalDate[] {s, e};
  }

  /**
   * Known ingredient names of the medication (antineoplastic and supportive), codes first, then texts; the
   * {@link PatientNormaliser} keeps the supportive ones apart.
   */
  List<String> ingredients(DomainResource r, Type medication) {
    MedicationResolver.Resolved m = resolver.resolve(r, medication);
    if (m.origin() == MedicationResolver.Origin.UNRESOLVED) {
      q.add(r, m.path(), "unresolved-medication");
      return List.of();
    }
    Set<String> found = new LinkedHashSet<>();
    for (Coding c : m.codings()) {
      found.addAll(catalog.ingredientsForCode(c.getSystem(), c.getCode()));
    }
    if (found.isEmpty()) {
      for (String t : m.texts()) {
        found.addAll(catalog.ingredientsForText(t));
      }
    }
    List<String> antineoplastic = new ArrayList<>();
    for (String name : found) {
      IngredientInfo info = catalog.ingredient(name).orElse(null);
      if (info != null) {
        antineoplastic.add(info.name());
      }
    }
    if (found.isEmpty()) {
      cancerDrugSignal(r, m).ifPresent(signal -> q.unrecognised(r,
          m.codings().stream().map(c -> (c.hasSystem() ? c.getSystem() : "") + "|" + c.getCode().strip()).toList(),
          m.texts().isEmpty() ? null : m.texts().get(0), signal));
    }
    return antineoplastic;
  }

  /**
   * Why an unmapped medication looks like a cancer drug, first signal wins: its ATC codes, the INN stems of its texts,
   * the resource's profiles, its extensions, then its category and {@code instantiates} (order set).
   */
  private java.util.Optional<String> cancerDrugSignal(DomainResource r, MedicationResolver.Resolved m) {
    for (Coding c : m.codings()) {
      var s = signals.code(c.getSystem(), c.getCode());
      if (s.isPresent()) {
        return s;
      }
    }
    for (String t : m.texts()) {
      var s = signals.text(t);
      if (s.isPresent()) {
        return s;
      }
    }
    for (var p : r.getMeta().getProfile()) {
      var s = signals.profile(p.getValue());
      if (s.isPresent()) {
        return s;
      }
    }
    for (var e : r.getExtension()) {
      var s = signals.extension(e.getUrl());
      if (s.isPresent()) {
        return s;
      }
    }
    List<String> order = new ArrayList<>();
    List<CodeableConcept> categories = new ArrayList<>();
    if (r instanceof MedicationRequest mr) {
      categories.addAll(mr.getCategory());
      mr.getInstantiatesCanonical().forEach(x -> order.add(x.getValue()));
      mr.getInstantiatesUri().forEach(x -> order.add(x.getValue()));
    } else if (r instanceof MedicationStatement ms && ms.hasCategory()) {
      categories.add(ms.getCategory());
    } else if (r instanceof MedicationAdministration ma) {
      if (ma.hasCategory()) {
        categories.add(ma.getCategory());
      }
      ma.getInstantiates().forEach(x -> order.add(x.getValue()));
    }
    for (CodeableConcept cc : categories) {
      order.addAll(Codings.texts(cc));
      cc.getCoding().stream().filter(Coding::hasCode).forEach(c -> order.add(c.getCode()));
    }
    for (String t : order) {
      var s = signals.orderText(t);
      if (s.isPresent()) {
        return s;
      }
    }
    return java.util.Optional.empty();
  }
}
