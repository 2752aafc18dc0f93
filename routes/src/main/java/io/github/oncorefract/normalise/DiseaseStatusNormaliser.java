package io.github.oncorefract.normalise;

import io.github.oncorefract.domain.DiseaseStatus;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.ResourceRef;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * Observation -> {@link DiseaseStatusEvent} (clinical-model.md section 1; FINDINGS.md sections 2, 3, 8).
 *
 * <p>Recognised Observation codes: LOINC 97509-4 (mCODE CancerDiseaseStatus) and SNOMED 396432002 "Status of
 * regression of tumor" (MII/oBDS Verlauf, MII MTB response). Values:
 * <ul>
 *   <li>SNOMED (mCODE ConditionStatusTrendVS): 271299001 worsened -> PROGRESSION, 359746009 stable -> STABLE,
 *       268910001 improved -> IMPROVED, 709137006 undetermined -> UNDETERMINED; mCODE snomed-requested
 *       USCRS-352236 complete remission -> COMPLETE_RESPONSE;</li>
 *   <li>MII {@code mii-cs-onko-verlauf-gesamtbeurteilung}: P progression, Y recurrence, K no change (stable),
 *       V complete remission, T partial remission, B improvement, D divergent -> UNDETERMINED, U/X -> UNDETERMINED;</li>
 *   <li>response codes (any system, e.g. MII {@code mii-cs-mtb-response-befund-beurteilung}): CR, PR, SD, PD,
 *       MR (minor response -> IMPROVED), NE/NA -> UNDETERMINED.</li>
 * </ul>
 * {@code focus} (first Condition reference) gives the Condition. Status {@code entered-in-error}/{@code cancelled}
 * drops the Observation; a recognised Observation without a usable value or date is quarantined
 * ({@code unrecognised-status-value}, {@code missing-date}).
 */
final class DiseaseStatusNormaliser {

  private final ResourceIndex index;
  private final Quarantine q;

  DiseaseStatusNormaliser(ResourceIndex index, Quarantine q) {
    this.index = index;
    this.q = q;
  }

  static boolean isStatusObservation(Observation o) {
    return Codings.hasLoinc(o.getCode(), "97509-4") || Codings.hasSnomed(o.getCode(), "396432002");
  }

  Optional<DiseaseStatusEvent> normalise(Observation o) {
    if (!isStatusObservation(o)) {
      return Optional.empty();
    }
    String st = Codings.code(o.getStatusElement(), "");
    if (Set.of("entered-in-error", "cancelled").contains(st)) {
      return Optional.empty();
    }
    LocalDate date = date(o, q);
    if (!(o.getValue() instanceof CodeableConcept value)) {
      q.add(o, "value[x]", "unrecognised-status-value");
      return Optional.empty();
    }
    DiseaseStatus status = status(value);
    if (status == null) {
      q.add(o, "valueCodeableConcept", "unrecognised-status-value");
      return Optional.empty();
    }
    if (date == null) {
      q.add(o, "effective[x]", "missing-date");
      return Optional.empty();
    }
    ResourceRef focus = null;
    for (Reference r : o.getFocus()) {
      focus = index.refTo(r, "Condition");
      if (focus != null) {
        break;
      }
    }
    return Optional.of(new DiseaseStatusEvent(date, status, focus, ResourceIndex.ref(o)));
  }

  /** Effective day (dateTime, period start, instant), else issued; {@code null} when none. */
  static LocalDate date(Observation o, Quarantine q) {
    LocalDate d = null;
    if (o.getEffective() instanceof DateTimeType dt) {
      d = FhirDates.day(dt, FhirDates.Bound.START, o, "effectiveDateTime", q);
    } else if (o.getEffective() instanceof Period p) {
      d = FhirDates.start(p, o, "effectivePeriod", q);
    } else if (o.getEffective() instanceof org.hl7.fhir.r4.model.InstantType it) {
      d = FhirDates.day(it, FhirDates.Bound.START, o, "effectiveInstant", q);
    }
    if (d == null && o.hasIssuedElement()) {
      d = FhirDates.day(o.getIssuedElement(), FhirDates.Bound.START, o, "issued", q);
    }
    return d;
  }

  static DiseaseStatus status(CodeableConcept value) {
    for (Coding c : value.getCoding()) {
      String code = c.getCode() == null ? "" : c.getCode().strip();
      String system = c.getSystem() == null ? "" : c.getSystem();
      if (Codings.isSnomed(system)) {
        switch (code) {
          case "271299001": return DiseaseStatus.PROGRESSION;
          case "359746009": return DiseaseStatus.STABLE;
          case "268910001": return DiseaseStatus.IMPROVED;
          case "709137006": return DiseaseStatus.UNDETERMINED;
          default: break;
        }
      }
      if (system.contains("snomed-requested") && code.equals("USCRS-352236")) {
        return DiseaseStatus.COMPLETE_RESPONSE;
      }
      if (system.contains("verlauf-gesamtbeurteilung")) {
        switch (code.toUpperCase(Locale.ROOT)) {
          case "P": return DiseaseStatus.PROGRESSION;
          case "Y": return DiseaseStatus.RECURRENCE;
          case "K": return DiseaseStatus.STABLE;
          case "V": return DiseaseStatus.COMPLETE_RESPONSE;
          case "T": return DiseaseStatus.PARTIAL_RESPONSE;
          case "B": return DiseaseStatus.IMPROVED;
          case "D", "U", "X": return DiseaseStatus.UNDETERMINED;
          default: break;
        }
      }
      switch (code.toUpperCase(Locale.ROOT)) {
        case "CR": return DiseaseStatus.COMPLETE_RESPONSE;
        case "PR": return DiseaseStatus.PARTIAL_RESPONSE;
        case "SD": return DiseaseStatus.STABLE;
        case "PD": return DiseaseStatus.PROGRESSION;
        case "MR": return DiseaseStatus.IMPROVED;
        case "NE", "NA": return DiseaseStatus.UNDETERMINED;
        default: break;
      }
    }
    return null;
  }
}
