package io.github.oncorefract.normalise;

import io.github.oncorefract.domain.DrugCatalog;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureSource;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.ProcedureEvent;
import io.github.oncorefract.domain.ProcedureKind;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.TreatmentIntent;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;

/**
 * Procedure -> {@link ProcedureEvent} of a kind the rules use, and, for a systemic-therapy Procedure that no
 * MedicationStatement/Administration is {@code partOf} and whose period no drug-resource exposure overlaps
 * (MII pat-3: FOLFOX Procedure beside unlinked FU/oxaliplatin resources), one {@link DrugExposure} with an
 * {@code unspecified-*}
 * ingredient (a line recorded only as a Procedure still counts: OBDS Mamma hormone therapy, MII mtb-1 prior
 * chemotherapy SNOMED 367336001).
 *
 * <p>Kinds (first that applies):
 * <ul>
 *   <li>WATCHFUL_WAITING: SNOMED 373818007 "No anti-cancer treatment - watchful waiting"; MII therapy type WW, AS,
 *       WS. Never a drug.</li>
 *   <li>AUTOLOGOUS_STEM_CELL_TRANSPLANT: SNOMED 425983008 "Autologous peripheral blood stem cell transplant" (seen
 *       with this meaning in two public sources: an NRCES India FHIR example and the OHDSI vocabulary, concept
 *       4144157) or 709115004 "Transplantation of autologous hematopoietic stem cell" (one public source: the HL7
 *       pediatric cancer IG value set of stem-cell transplants); or a stem-cell transplant (below) whose text says
 *       "autologous"/"autolog"/"autogen"/"ASCT"/"auto-SCT"/"auto-HSCT" (with "transplant" or "SCT") and not "allogen"
 *       (a stem-cell harvest is not a transplant). OPS 5-411/8-805
 *       sub-codes for autologous vs allogeneic are not used (unverified here): an OPS-coded transplant is
 *       autologous only through its display text.</li>
 *   <li>STEM_CELL_TRANSPLANT: SNOMED 234336002; OPS 5-411, 8-805; MII therapy type SZ; text "stem cell
 *       transplant"/"stammzell" (auto/allo not stated or allogeneic).</li>
 *   <li>SYSTEMIC_THERAPY: MII therapy type CH, HO, IM, ZS, CI, CZ, CIZ, IZ, SO; OPS 8-54; SNOMED 367336001
 *       chemotherapy. OPS 6-00 alone is not enough: it codes any high-cost drug (MII pat-1: dalbavancin).</li>
 *   <li>RADIOTHERAPY: OPS 8-52, 8-53; SNOMED 108290001, 33195004, 703423002 (Synthea "Combined chemotherapy and
 *       radiation therapy": its drugs are separate MedicationRequests, so it is not a systemic line).</li>
 *   <li>BIOPSY: SNOMED 86273004, 65575008, 76164006, or a code display containing "biopsy"/"biopsie".</li>
 *   <li>HOSPICE: SNOMED 385763009.</li>
 *   <li>SURGERY: OPS 5-*; category SNOMED 387713003.</li>
 * </ul>
 * Other procedures are not returned. Status {@code entered-in-error}, {@code not-done} and {@code preparation}
 * drop the Procedure. A Procedure with no usable date is quarantined {@code missing-date}; with only an end it
 * starts on that end.
 */
final class ProcedureNormaliser {

  private static final Set<String> WW_TYPES = Set.of("WW", "AS", "WS");
  private static final Set<String> SYSTEMIC_TYPES = Set.of("CH", "HO", "IM", "ZS", "CI", "CZ", "CIZ", "IZ", "SO");

  /** A procedure event and the exposure it yields when it has no linked drug resource. */
  record Result(ProcedureEvent event, String unspecifiedIngredient, ExposureStatus status) {}

  private final ResourceIndex index;
  private final Quarantine q;

  ProcedureNormaliser(ResourceIndex index, Quarantine q) {
    this.index = index;
    this.q = q;
  }

  Optional<Result> normalise(Procedure p) {
    String status = Codings.code(p.getStatusElement(), "");
    if (Set.of("entered-in-error", "not-done", "preparation").contains(status)) {
      return Optional.empty();
    }
    ProcedureKind kind = kind(p);
    if (kind == null) {
      return Optional.empty();
    }
    LocalDate start = null;
    LocalDate end = null;
    if (p.getPerformed() instanceof Period per) {
      start = FhirDates.start(per, p, "performedPeriod", q);
      end = FhirDates.end(per, p, "performedPeriod", q);
      if (start == null && end != null) {
        start = FhirDates.day(per.getEndElement(), FhirDates.Bound.START, p, "performedPeriod.end", q);
      }
    } else if (p.getPerformed() instanceof DateTimeType dt) {
      start = FhirDates.day(dt, FhirDates.Bound.START, p, "performedDateTime", q);
      end = FhirDates.day(dt, FhirDates.Bound.END, p, "performedDateTime", q);
    }
    if (start == null) {
      q.add(p, "performed[x]", "missing-date");
      return Optional.empty();
    }
    TreatmentIntent intent = Codings.intent(p);
    ResourceRef condition = null;
    for (var ref : p.getReasonReference()) {
      condition = index.refTo(ref, "Condition");
      if (condition != null) {
        break;
      }
    }
    ProcedureEvent ev = new ProcedureEvent(kind, start, end, intent, condition, ResourceIndex.ref(p));
    ExposureStatus es = switch (status) {
      case "in-progress" -> ExposureStatus.ACTIVE;
      case "completed" -> ExposureStatus.COMPLETED;
      case "stopped" -> ExposureStatus.STOPPED;
      case "on-hold" -> ExposureStatus.ON_HOLD;
      default -> ExposureStatus.UNKNOWN;
    };
    return Optional.of(new Result(ev, kind == ProcedureKind.SYSTEMIC_THERAPY ? unspecified(p) : null, es));
  }

  /** The exposure for a systemic-therapy Procedure without linked drug resources. */
  DrugExposure exposure(Procedure p, Result r, DrugCatalog catalog) {
    String ingredient = catalog.ingredient(r.unspecifiedIngredient()).isPresent()
        ? r.unspecifiedIngredient() : "unspecified-systemic-therapy";
    ProcedureEvent ev = r.event();
    return new DrugExposure(ingredient, ev.start(), ev.end(), ExposureSource.PROCEDURE, r.status(),
        Codings.stopReason(MedicationNormaliser.procedureOutcomes(p)), ev.intent(), ev.condition(), ev.source());
  }

  static ProcedureKind kind(Procedure p) {
    CodeableConcept code = p.getCode();
    String therapyType = Codings.codeIn(code, "therapie-typ");
    String t = therapyType == null ? "" : therapyType.toUpperCase(Locale.ROOT);
    if (Codings.hasSnomed(code, "373818007") || WW_TYPES.contains(t)) {
      return ProcedureKind.WATCHFUL_WAITING;
    }
    String ops = Codings.codeIn(code, "bfarm/ops");
    if (Codings.hasSnomed(code, AUTOLOGOUS_SCT_SNOMED)) {
      return ProcedureKind.AUTOLOGOUS_STEM_CELL_TRANSPLANT;
    }
    boolean autoText = autologousText(code);
    if (Codings.hasSnomed(code, "234336002") || "SZ".equals(t)
        || (ops != null && (ops.startsWith("5-411") || ops.startsWith("8-805")))
        || anyText(code, "stem cell transplant", "stem-cell transplant", "stammzell")
        || (autoText && anyText(code, "transplant", "sct"))) {
      return autoText ? ProcedureKind.AUTOLOGOUS_STEM_CELL_TRANSPLANT : ProcedureKind.STEM_CELL_TRANSPLANT;
    }
    if (SYSTEMIC_TYPES.contains(t) || (ops != null && ops.startsWith("8-54"))
        || Codings.hasSnomed(code, "367336001")) {
      return ProcedureKind.SYSTEMIC_THERAPY;
    }
    if ((ops != null && (ops.startsWith("8-52") || ops.startsWith("8-53")))
        || Codings.hasSnomed(code, "108290001", "33195004", "703423002")) {
      return ProcedureKind.RADIOTHERAPY;
    }
    if (Codings.hasSnomed(code, "86273004", "65575008", "76164006") || anyText(code, "biopsy", "biopsie")) {
      return ProcedureKind.BIOPSY;
    }
    if (Codings.hasSnomed(code, "385763009")) {
      return ProcedureKind.HOSPICE;
    }
    if ((ops != null && ops.startsWith("5-")) || Codings.hasSnomed(p.getCategory(), "387713003")) {
      return ProcedureKind.SURGERY;
    }
    return null;
  }

  /** SNOMED CT codes of an autologous haematopoietic stem-cell transplant (sources in the class comment). */
  static final String[] AUTOLOGOUS_SCT_SNOMED = {"425983008", "709115004"};

  private static final java.util.regex.Pattern AUTOLOGOUS_WORDS = java.util.regex.Pattern.compile(
      "autolog|autogen|\\basct\\b|\\bauto-?h?sct\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

  /** True when a code's text (display or text) names an autologous transplant and no allogeneic one. */
  static boolean autologousText(CodeableConcept cc) {
    boolean auto = false;
    for (String t : Codings.texts(cc)) {
      String l = t.toLowerCase(Locale.ROOT);
      if (l.contains("allogen")) {
        return false;
      }
      auto |= AUTOLOGOUS_WORDS.matcher(l).find();
    }
    return auto;
  }

  private static boolean anyText(CodeableConcept cc, String... words) {
    for (String t : Codings.texts(cc)) {
      String l = t.toLowerCase(Locale.ROOT);
      for (String w : words) {
        if (l.contains(w)) {
          return true;
        }
      }
    }
    return false;
  }

  /** unspecified-* ingredient by therapy type (MII CodeSystem mii-cs-onko-therapie-typ) or SNOMED chemotherapy. */
  static String unspecified(Procedure p) {
    String t = Optional.ofNullable(Codings.codeIn(p.getCode(), "therapie-typ")).orElse("")
        .toUpperCase(Locale.ROOT);
    return switch (t) {
      case "CH", "CI", "CZ", "CIZ" -> "unspecified-chemotherapy";
      case "HO" -> "unspecified-hormone-therapy";
      case "IM", "IZ" -> "unspecified-immunotherapy";
      case "ZS" -> "unspecified-targeted-therapy";
      default -> {
        for (Coding c : p.getCode().getCoding()) {
          if (Codings.isSnomed(c.getSystem()) && "367336001".equals(c.getCode())) {
            yield "unspecified-chemotherapy";
          }
        }
        yield "unspecified-systemic-therapy";
      }
    };
  }
}
