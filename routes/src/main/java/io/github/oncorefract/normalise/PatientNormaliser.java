package io.github.oncorefract.normalise;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.DiseaseStatus;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugCatalog;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.IngredientInfo;
import io.github.oncorefract.domain.ProcedureKind;
import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.ProcedureEvent;
import io.github.oncorefract.domain.StageFinding;
import io.github.oncorefract.knowledge.CancerCodeTable;
import io.github.oncorefract.knowledge.CancerDrugSignals;
import io.github.oncorefract.knowledge.TableDrugCatalog;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * THE entry point of normalisation: everything fetched for one patient (FHIR R4, HAPI model) -> one
 * {@link PatientRecord}. Stateless and thread-safe; one instance can serve all patients.
 *
 * <p>Input: Patient, Condition, MedicationStatement, MedicationRequest, MedicationAdministration, Observation,
 * Procedure and the Medication resources brought by {@code _include} (may be missing: dangling references degrade
 * to the reference display, or are quarantined). Bundles in the input are flattened. Only resources whose
 * {@code subject} references this patient are used (literal {@code Patient/id} or {@code urn:uuid:id}); a
 * resource without subject is used only when the input holds no other Patient. Every exception while reading one
 * resource is caught and quarantined as {@code normalisation-error}, so one bad resource never loses the patient.
 *
 * <p>Output lists are sorted for deterministic results. Death: {@code Patient.deceasedDateTime}, else the MII
 * "Tod" Observation (SNOMED 184305005 cause of death) effective date; {@code deceasedBoolean} true with neither gives
 * no date ({@link PatientRecord#deceasedDateUnknown()}), never an invented one. A secondary-neoplasm Condition whose onset
 * is after the earliest primary cancer's onset also yields a PROGRESSION event (new metastasis, clinical-model.md
 * section 1), focused on the related primary when the mCODE extension names it. TNM stage-group and M-category
 * Observations become {@link StageFinding}s (issue 8, class 2).
 */
public final class PatientNormaliser {

  private static final Logger LOG = LoggerFactory.getLogger(PatientNormaliser.class);
  static final String MCODE_RELATED_PRIMARY = ConditionNormaliser.MCODE_RELATED_PRIMARY;

  private final FhirContext ctx;
  private final DrugCatalog catalog;
  private final CancerCodeTable cancers;
  private final CancerDrugSignals signals;
  private final ExposureParameters exposureParams;

  /**
   * With the default {@link CancerDrugSignals#loadDefault()} and {@link ExposureParameters#defaults()}.
   *
   * @param ctx     an R4 context (used for resource type names)
   * @param catalog drug knowledge, e.g. {@link TableDrugCatalog#loadDefault()}
   * @param cancers cancer recognition table, e.g. {@link CancerCodeTable#loadDefault()}
   */
  public PatientNormaliser(FhirContext ctx, DrugCatalog catalog, CancerCodeTable cancers) {
    this(ctx, catalog, cancers, CancerDrugSignals.loadDefault(), ExposureParameters.defaults());
  }

  /**
   * With the default {@link ExposureParameters#defaults()}.
   *
   * @param signals signals of a cancer drug the catalog does not know, reported as {@code unrecognised-medication}
   *                (issue 8, class 4), e.g. {@link CancerDrugSignals#loadDefault()}
   */
  public PatientNormaliser(FhirContext ctx, DrugCatalog catalog, CancerCodeTable cancers, CancerDrugSignals signals) {
    this(ctx, catalog, cancers, signals, ExposureParameters.defaults());
  }

  /**
   * With the default {@link CancerDrugSignals#loadDefault()}.
   *
   * @param exposureParams how course lengths are estimated when the record does not state them
   */
  public PatientNormaliser(FhirContext ctx, DrugCatalog catalog, CancerCodeTable cancers,
      ExposureParameters exposureParams) {
    this(ctx, catalog, cancers, CancerDrugSignals.loadDefault(), exposureParams);
  }

  /**
   * @param ctx            an R4 context (used for resource type names)
   * @param catalog        drug knowledge, e.g. {@link TableDrugCatalog#loadDefault()}
   * @param cancers        cancer recognition table, e.g. {@link CancerCodeTable#loadDefault()}
   * @param signals        signals of a cancer drug the catalog does not know, reported as
   *                       {@code unrecognised-medication} (issue 8, class 4)
   * @param exposureParams how course lengths are estimated when the record does not state them
   * @throws NullPointerException if an argument is null
   */
  public PatientNormaliser(FhirContext ctx, DrugCatalog catalog, CancerCodeTable cancers, CancerDrugSignals signals,
      ExposureParameters exposureParams) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.cancers = Objects.requireNonNull(cancers, "cancers");
    this.signals = Objects.requireNonNull(signals, "signals");
    this.exposureParams = Objects.requireNonNull(exposureParams, "exposureParams");
  }

  /** A normaliser with the default knowledge tables from the classpath. */
  public static PatientNormaliser withDefaultTables(FhirContext ctx) {
    return new PatientNormaliser(ctx, TableDrugCatalog.loadDefault(), CancerCodeTable.loadDefault());
  }

  /**
   * True when a Condition is a recognised cancer (not entered-in-error/refuted, and matched by
   * {@link CancerCodeTable} on its codes or text). Used by patient finders to pick in-scope patients.
   *
   * @param condition a Condition with at least {@code code} and {@code verificationStatus}
   */
  public boolean isCancerCondition(Condition condition) {
    if (condition == null || ConditionNormaliser.ignored(condition)) {
      return false;
    }
    try {
      return new ConditionNormaliser(cancers).normalise(condition, new Quarantine()).isPresent();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Normalises one patient.
   *
   * @param patientId logical id of the Patient (as in {@code Patient/<id>}, or the uuid of a {@code urn:uuid:})
   * @param resources everything fetched for the patient; may contain other patients' resources and Bundles
   * @return the record; never {@code null}
   */
  public PatientRecord normalise(String patientId, Collection<? extends IBaseResource> resources) {
    Objects.requireNonNull(patientId, "patientId");
    ResourceIndex index = new ResourceIndex(patientId, resources);
    Quarantine q = new Quarantine();
    ConditionNormaliser conditions = new ConditionNormaliser(cancers, index);
    StageNormaliser staging = new StageNormaliser(index, q);
    MedicationNormaliser meds = new MedicationNormaliser(catalog, signals, index, q, exposureParams);
    ProcedureNormaliser procs = new ProcedureNormaliser(index, q);
    DiseaseStatusNormaliser statuses = new DiseaseStatusNormaliser(index, q);
    VariantNormaliser variants = new VariantNormaliser(q);

    List<CancerCondition> cancerList = new ArrayList<>();
    List<DrugExposure> exposures = new ArrayList<>();
    List<DrugExposure> supportive = new ArrayList<>();
    List<DrugExposure> openOrders = new ArrayList<>();
    List<DiseaseStatusEvent> events = new ArrayList<>();
    List<GenomicVariant> variantList = new ArrayList<>();
    List<ProcedureEvent> procedureList = new ArrayList<>();
    List<StageFinding> stageList = new ArrayList<>();
    Set<String> proceduresWithDrugs = new HashSet<>();
    List<Procedure> procedureResources = new ArrayList<>();
    List<Condition> secondaryConditions = new ArrayList<>();
    LocalDate death = null;
    LocalDate deathObservation = null;
    boolean deceasedNoDate = false;

    for (Resource r : index.all()) {
      try {
        if (r instanceof Patient p) {
          if (ResourceIndex.logicalId(p).equals(patientId) && p.getDeceased() instanceof DateTimeType dt) {
            death = FhirDates.day(dt, FhirDates.Bound.START, p, "deceasedDateTime", q);
          } else if (ResourceIndex.logicalId(p).equals(patientId)
              && p.getDeceased() instanceof org.hl7.fhir.r4.model.BooleanType b && b.booleanValue()) {
            // Deceased without a date: never invent one (not the record's lastUpdated, not the run day). The fact is
            // kept as deceasedDateUnknown; a cause-of-death Observation may still date it.
            deceasedNoDate = true;
          }
        } else if (r instanceof Condition c && index.isThisPatient(c.getSubject())) {
          conditions.normalise(c, q).ifPresent(cc -> {
            cancerList.add(cc);
            if (cc.secondary()) {
              secondaryConditions.add(c);
            }
          });
        } else if (r instanceof MedicationStatement ms && index.isThisPatient(ms.getSubject())) {
          addAll(meds.statement(ms), exposures, supportive, openOrders, proceduresWithDrugs);
        } else if (r instanceof MedicationAdministration ma && index.isThisPatient(ma.getSubject())) {
          addAll(meds.administration(ma), exposures, supportive, openOrders, proceduresWithDrugs);
        } else if (r instanceof MedicationRequest mr && index.isThisPatient(mr.getSubject())) {
          addAll(meds.request(mr), exposures, supportive, openOrders, proceduresWithDrugs);
        } else if (r instanceof Observation o && index.isThisPatient(o.getSubject())) {
          if (DiseaseStatusNormaliser.isStatusObservation(o)) {
            statuses.normalise(o).ifPresent(events::add);
          } else if (StageNormaliser.isStageObservation(o)) {
            staging.normalise(o).ifPresent(stageList::add);
          } else if (VariantNormaliser.isVariantObservation(o)) {
            variantList.addAll(variants.normaliseAll(o));
          } else if (Codings.hasSnomed(o.getCode(), "184305005") && !o.hasDataAbsentReason()) {
            LocalDate d = DiseaseStatusNormaliser.date(o, q);
            if (d != null && (deathObservation == null || d.isBefore(deathObservation))) {
              deathObservation = d;
            }
          }
        } else if (r instanceof Procedure p && index.isThisPatient(p.getSubject())) {
          procedureResources.add(p);
        }
      } catch (RuntimeException e) {
        LOG.warn("normalisation error in a {} resource: {}", ctx.getResourceType(r), e.getClass().getSimpleName());
        LOG.debug("normalisation error detail", e);
        q.add(r, "(resource)", "normalisation-error");
      }
    }
    List<ProcedureEvent> chemoEvents = new ArrayList<>();
    List<Map.Entry<Procedure, ProcedureNormaliser.Result>> normalised = new ArrayList<>();
    for (Procedure p : procedureResources) {
      try {
        procs.normalise(p).ifPresent(res -> {
          procedureList.add(res.event());
          normalised.add(Map.entry(p, res));
          if (res.event().kind() == ProcedureKind.SYSTEMIC_THERAPY
              || Codings.hasSnomed(p.getCode(), CHEMOTHERAPY_SNOMED, CHEMORADIATION_SNOMED)) {
            chemoEvents.add(res.event());
          }
        });
      } catch (RuntimeException e) {
        LOG.warn("normalisation error in a Procedure resource: {}", e.getClass().getSimpleName());
        q.add(p, "(resource)", "normalisation-error");
      }
    }
    extendOpenOrders(exposures, openOrders, chemoEvents);
    List<DrugExposure> drugExposures = List.copyOf(exposures);
    for (var pr : normalised) {
      Procedure p = pr.getKey();
      ProcedureNormaliser.Result res = pr.getValue();
      try {
        if (res.unspecifiedIngredient() != null
            && !proceduresWithDrugs.contains(ResourceIndex.ref(p).value())
            && drugExposures.stream().noneMatch(e -> overlaps(e, res.event()))) {
          exposures.add(procs.exposure(p, res, catalog));
        }
      } catch (RuntimeException e) {
        LOG.warn("normalisation error in a Procedure resource: {}", e.getClass().getSimpleName());
        q.add(p, "(resource)", "normalisation-error");
      }
    }
    events.addAll(metastasisEvents(cancerList, secondaryConditions));

    cancerList.sort(Comparator.comparing(CancerCondition::onset, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(CancerCondition::ref));
    exposures.sort(Comparator.comparing(DrugExposure::start).thenComparing(DrugExposure::ingredient)
        .thenComparing(DrugExposure::resource));
    supportive.sort(Comparator.comparing(DrugExposure::start).thenComparing(DrugExposure::ingredient)
        .thenComparing(DrugExposure::resource));
    events.sort(Comparator.comparing(DiseaseStatusEvent::date).thenComparing(DiseaseStatusEvent::source));
    variantList.sort(Comparator.comparing(GenomicVariant::source)
        .thenComparing(GenomicVariant::date, Comparator.nullsLast(Comparator.naturalOrder())));
    procedureList.sort(Comparator.comparing(ProcedureEvent::start).thenComparing(ProcedureEvent::source));
    stageList.sort(Comparator.comparing(StageFinding::date, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(StageFinding::source));
    LocalDate deathDate = death != null ? death : deathObservation;
    PatientRecord rec = new PatientRecord(patientId, cancerList, exposures, events, variantList, procedureList,
        deathDate, q.entries(), q.unrecognisedMedications(), supportive, stageList,
        deceasedNoDate && deathDate == null);
    LOG.debug("normalised patient: {} cancers, {} exposures, {} status events, {} variants, {} procedures, "
            + "{} quarantined, {} unrecognised medications", cancerList.size(), exposures.size(), events.size(),
        variantList.size(), procedureList.size(), rec.quarantined().size(), rec.unrecognisedMedications().size());
    return rec;
  }

  /** True when the exposure's [start, last known day] meets the procedure's [start, end or start]. */
  static boolean overlaps(DrugExposure e, ProcedureEvent p) {
    LocalDate pEnd = p.end() != null ? p.end() : p.start();
    return !e.start().isAfter(pEnd) && !e.lastKnownDay().isBefore(p.start());
  }

  /** Antineoplastic exposures to {@code exposures}, supportive ones (issue 8, class 5) to {@code supportive}. */
  private void addAll(List<MedicationNormaliser.Linked> linked, List<DrugExposure> exposures,
      List<DrugExposure> supportive, List<DrugExposure> openOrders, Set<String> proceduresWithDrugs) {
    for (MedicationNormaliser.Linked l : linked) {
      if (catalog.ingredient(l.exposure().ingredient()).map(IngredientInfo::supportive).orElse(false)) {
        supportive.add(l.exposure());
        continue;
      }
      exposures.add(l.exposure());
      if (l.orderDayOnly() && l.exposure().status() == ExposureStatus.ACTIVE) {
        openOrders.add(l.exposure());
      }
      if (l.partOf() != null) {
        proceduresWithDrugs.add(ResourceIndex.ref(l.partOf()).value());
      }
    }
  }

  /** SNOMED CT 367336001 "Chemotherapy (procedure)". */
  static final String CHEMOTHERAPY_SNOMED = "367336001";
  /** SNOMED CT 703423002 "Combined chemotherapy and radiation therapy (procedure)" (Synthea colorectal cycles). */
  static final String CHEMORADIATION_SNOMED = "703423002";

  /**
   * An {@code active} order recorded with its order day only runs to the last chemotherapy Procedure of its course
   * (issue 8, class 6; FINDINGS.md section 15, Synthea colorectal: one oxaliplatin order {@code active} until death,
   * the cycles recorded only as six monthly Procedures 703423002). The Procedures must start on or after the order
   * day, be for the same cancer when both name one, and follow each other by at most
   * {@link ExposureParameters#orderProcedureGapDays()}; the order's end then becomes the last one's day. Nothing else
   * changes (status, stop reason, source).
   */
  private void extendOpenOrders(List<DrugExposure> exposures, List<DrugExposure> openOrders,
      List<ProcedureEvent> chemo) {
    if (openOrders.isEmpty() || chemo.isEmpty()) {
      return;
    }
    List<ProcedureEvent> sorted = chemo.stream().sorted(Comparator.comparing(ProcedureEvent::start)).toList();
    for (DrugExposure order : openOrders) {
      LocalDate last = order.lastKnownDay();
      for (ProcedureEvent p : sorted) {
        if (p.start().isBefore(order.start())) {
          continue;
        }
        if (order.reasonCondition() != null && p.condition() != null
            && !order.reasonCondition().equals(p.condition())) {
          continue;
        }
        if (java.time.temporal.ChronoUnit.DAYS.between(last, p.start()) > exposureParams.orderProcedureGapDays()) {
          break;
        }
        LocalDate pEnd = p.end() != null && p.end().isAfter(p.start()) ? p.end() : p.start();
        if (pEnd.isAfter(last)) {
          last = pEnd;
        }
      }
      if (last.isAfter(order.lastKnownDay())) {
        int i = exposures.indexOf(order);
        if (i >= 0) {
          exposures.set(i, new DrugExposure(order.ingredient(), order.start(), last, order.source(), order.status(),
              order.stopReason(), order.intent(), order.reasonCondition(), order.resource()));
        }
      }
    }
  }

  private static List<DiseaseStatusEvent> metastasisEvents(
      List<CancerCondition> cancers, List<Condition> secondaries) {
    LocalDate firstPrimary = cancers.stream().filter(c -> !c.secondary() && c.statedDate() != null)
        .map(CancerCondition::statedDate).min(Comparator.naturalOrder()).orElse(null);
    List<DiseaseStatusEvent> out = new ArrayList<>();
    if (firstPrimary == null) {
      return out;
    }
    for (Condition c : secondaries) {
      CancerCondition cc = cancers.stream().filter(x -> x.ref().equals(ResourceIndex.ref(c))).findFirst()
          .orElse(null);
      if (cc == null || cc.statedDate() == null || !cc.statedDate().isAfter(firstPrimary)) {
        continue;
      }
      // Focus: the related primary the secondary names (mCODE STU1 extension or core condition-related).
      out.add(new DiseaseStatusEvent(cc.statedDate(), DiseaseStatus.PROGRESSION, cc.relatedPrimary(), cc.ref()));
    }
    return out;
  }
}
