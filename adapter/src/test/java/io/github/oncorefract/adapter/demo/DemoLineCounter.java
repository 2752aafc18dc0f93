package io.github.oncorefract.adapter.demo;

import static io.github.oncorefract.adapter.demo.DemoCohortGenerator.INTENT_URL;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * A deliberately small, independent re-implementation of the clinical-model.md section 2 line rules, used only to
 * check that the generator's designed truth matches its own data: 28-day regimen window, gap of more than 180 days
 * (TKIs exempt in NSCLC), cisplatin/carboplatin substitution, continuation maintenance and dropped drugs keep the
 * line; exposures starting on the same day are decided together.
 */
final class DemoLineCounter {

  private DemoLineCounter() {}

  record Exposure(String ingredient, LocalDate start, LocalDate end, boolean curative, String conditionId) {}

  record Result(int advanced, int curative, LocalDate latestAdvancedStart) {}

  private static final Set<String> SUPPORTIVE = Set.of("ondansetron", "leucovorin", "zoledronic acid");
  private static final Set<String> PLATINUM_SUBSTITUTES = Set.of("cisplatin", "carboplatin");
  private static final Set<String> NSCLC_GAP_EXEMPT = Set.of("osimertinib", "alectinib");

  /** Antineoplastic exposures of the bundle, by Condition id (resources without a reasonReference are ignored). */
  static Map<String, List<Exposure>> exposures(Bundle bundle, Set<String> myelomaConditions) {
    Map<String, Resource> byRef = new HashMap<>();
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      byRef.put(e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart(), e.getResource());
    }
    Map<String, List<Exposure>> out = new TreeMap<>();
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      Resource r = e.getResource();
      Type medication;
      List<Reference> reasons;
      LocalDate start;
      LocalDate end;
      String status;
      if (r instanceof MedicationStatement ms) {
        medication = ms.getMedication();
        reasons = ms.getReasonReference();
        status = ms.getStatus().toCode();
        Period p = ms.getEffectivePeriod();
        start = day(p.getStartElement());
        end = p.hasEnd() ? day(p.getEndElement()) : null;
      } else if (r instanceof MedicationAdministration ma) {
        medication = ma.getMedication();
        reasons = ma.getReasonReference();
        status = ma.getStatus().toCode();
        start = day(ma.getEffectiveDateTimeType());
        end = start;
      } else if (r instanceof MedicationRequest mr) {
        medication = mr.getMedication();
        reasons = mr.getReasonReference();
        status = mr.getStatus().toCode();
        Period b = mr.getDosageInstructionFirstRep().getTiming().getRepeat().getBoundsPeriod();
        start = b.hasStart() ? day(b.getStartElement()) : day(mr.getAuthoredOnElement());
        end = b.hasEnd() ? day(b.getEndElement()) : null;
      } else {
        continue;
      }
      if (reasons.isEmpty() || Set.of("entered-in-error", "not-taken", "cancelled", "draft").contains(status)) {
        continue;
      }
      String condition = reasons.get(0).getReference().substring("Condition/".length());
      String ingredient = ingredient(medication, (DomainResource) r, byRef);
      if (ingredient == null || SUPPORTIVE.contains(ingredient)
          || ("dexamethasone".equals(ingredient) && !myelomaConditions.contains(condition))) {
        continue;
      }
      boolean curative = ((DomainResource) r).getExtensionsByUrl(INTENT_URL).stream()
          .map(Extension::getValue).map(v -> (CodeableConcept) v)
          .anyMatch(cc -> cc.getCodingFirstRep().getCode().equals("373808002"));
      out.computeIfAbsent(condition, k -> new ArrayList<>())
          .add(new Exposure(ingredient, start, end, curative, condition));
    }
    return out;
  }

  static LocalDate day(BaseDateTimeType t) {
    Date d = t.getValue();
    return d.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** Names the ingredient from coding displays and text; the longest known ingredient name wins. */
  static String ingredient(Type medication, DomainResource owner, Map<String, Resource> byRef) {
    CodeableConcept cc;
    if (medication instanceof CodeableConcept c) {
      cc = c;
    } else {
      String ref = ((Reference) medication).getReference();
      Resource target = ref.startsWith("#")
          ? owner.getContained().stream().filter(x -> x.getIdElement().getIdPart().equals(ref.substring(1)))
              .findFirst().orElse(null)
          : byRef.get(ref);
      if (!(target instanceof Medication m)) {
        return null;
      }
      cc = m.getCode();
    }
    StringBuilder sb = new StringBuilder(cc.getText() == null ? "" : cc.getText().toLowerCase());
    for (Coding c : cc.getCoding()) {
      sb.append(' ').append(c.getDisplay() == null ? "" : c.getDisplay().toLowerCase());
    }
    String text = sb.toString();
    String best = null;
    for (DemoDrug d : DemoDrug.values()) {
      if (text.contains(d.ingredient) && (best == null || d.ingredient.length() > best.length())) {
        best = d.ingredient;
      }
    }
    return best;
  }

  private static final class Current {
    LocalDate start;
    LocalDate lastEnd;
    final Set<String> regimen = new LinkedHashSet<>();
    boolean curative;
  }

  static Result count(List<Exposure> exposures, boolean nsclc) {
    TreeMap<LocalDate, List<Exposure>> byDay = new TreeMap<>();
    exposures.stream().sorted(Comparator.comparing(Exposure::start))
        .forEach(e -> byDay.computeIfAbsent(e.start(), k -> new ArrayList<>()).add(e));
    int adv = 0;
    int cur = 0;
    LocalDate latestAdv = null;
    Current line = null;
    for (Map.Entry<LocalDate, List<Exposure>> group : byDay.entrySet()) {
      boolean newLine = line == null;
      if (!newLine) {
        for (Exposure e : group.getValue()) {
          long gap = e.start().toEpochDay() - line.lastEnd.toEpochDay();
          boolean exempt = nsclc && NSCLC_GAP_EXEMPT.contains(e.ingredient());
          if (gap > 180 && !exempt) {
            newLine = true;
          } else if (e.start().toEpochDay() - line.start.toEpochDay() <= 28) {
            continue;
          } else if (line.regimen.contains(e.ingredient())) {
            continue;
          } else if (PLATINUM_SUBSTITUTES.contains(e.ingredient())
              && line.regimen.stream().anyMatch(PLATINUM_SUBSTITUTES::contains)) {
            continue;
          } else {
            newLine = true;
          }
        }
      }
      if (newLine) {
        line = new Current();
        line.start = group.getKey();
        line.lastEnd = group.getKey();
        line.curative = group.getValue().stream().anyMatch(Exposure::curative);
        if (line.curative) {
          cur++;
        } else {
          adv++;
          latestAdv = line.start;
        }
      }
      for (Exposure e : group.getValue()) {
        line.regimen.add(e.ingredient());
        LocalDate last = e.end() != null ? e.end() : e.start();
        if (last.isAfter(line.lastEnd)) {
          line.lastEnd = last;
        }
      }
    }
    return new Result(adv, cur, latestAdv);
  }

  /** True when progression evidence for the Condition is dated on or after {@code from}. */
  static boolean progressionSince(Bundle bundle, String conditionId, LocalDate from) {
    if (from == null) {
      return false;
    }
    String ref = "Condition/" + conditionId;
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      Resource r = e.getResource();
      if (r instanceof Observation o && o.getCode().getCodingFirstRep().getCode() != null
          && o.getCode().getCodingFirstRep().getCode().equals("97509-4")
          && o.getFocusFirstRep().getReference().equals(ref)
          && o.getValueCodeableConcept().getCodingFirstRep().getCode().equals(DemoCohortGenerator.WORSENED)
          && !day(o.getEffectiveDateTimeType()).isBefore(from)) {
        return true;
      }
      if (r instanceof MedicationStatement ms && ms.getReasonReferenceFirstRep().getReference() != null
          && ms.getReasonReferenceFirstRep().getReference().equals(ref)
          && ms.getStatusReason().stream().anyMatch(cc -> cc.getCodingFirstRep().getCode()
              .equals(DemoCohortGenerator.NO_RESPONSE))
          && !day(ms.getEffectivePeriod().getEndElement()).isBefore(from)) {
        return true;
      }
      if (r instanceof MedicationRequest mr && ref.equals(mr.getReasonReferenceFirstRep().getReference())
          && mr.getStatusReason().getCodingFirstRep().getCode() != null
          && mr.getStatusReason().getCodingFirstRep().getCode().equals(DemoCohortGenerator.NO_RESPONSE)
          && !day(mr.getAuthoredOnElement()).isBefore(from)) {
        return true;
      }
    }
    return false;
  }

}
