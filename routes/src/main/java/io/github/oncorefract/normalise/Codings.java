package io.github.oncorefract.normalise;

import io.github.oncorefract.domain.StopReason;
import io.github.oncorefract.domain.TreatmentIntent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;

/** Small, null-safe helpers over codings, and the intent / stop-reason rules shared by several normalisers. */
final class Codings {

  /** mCODE STU4 treatment intent extension. */
  static final String MCODE_INTENT = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-procedure-intent";
  /** SNOMED 373808002 "Curative - procedure intent"; 363676003 "Palliative - procedure intent" (mCODE). */
  static final String SCT_CURATIVE = "373808002";
  static final String SCT_PALLIATIVE = "363676003";
  /** mCODE TreatmentTerminationReasonVS: 266721009 No response to treatment; 407563006 Treatment not tolerated. */
  static final String SCT_NO_RESPONSE = "266721009";
  static final String SCT_NOT_TOLERATED = "407563006";

  private Codings() {}

  /**
   * The lexical value of a code element, even when HAPI's lenient parser kept an invalid code (e.g. the mCODE
   * placeholder status {@code "example-status"}), lower case; {@code dflt} when absent.
   */
  static String code(org.hl7.fhir.r4.model.PrimitiveType<?> element, String dflt) {
    if (element == null || element.getValueAsString() == null || element.getValueAsString().isBlank()) {
      return dflt;
    }
    return element.getValueAsString().strip().toLowerCase(Locale.ROOT);
  }

  static boolean isSnomed(String system) {
    return system != null && system.contains("snomed.info/sct");
  }

  static boolean isLoinc(String system) {
    return system != null && system.contains("loinc.org");
  }

  static List<Coding> codings(CodeableConcept cc) {
    return cc == null ? List.of() : cc.getCoding();
  }

  /** True when the concept has a coding with one of the codes whose system satisfies the test. */
  static boolean has(CodeableConcept cc, java.util.function.Predicate<String> system, String... codes) {
    for (Coding c : codings(cc)) {
      if (c.getCode() != null && system.test(c.getSystem())) {
        for (String code : codes) {
          if (code.equalsIgnoreCase(c.getCode().strip())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  static boolean hasLoinc(CodeableConcept cc, String... codes) {
    return has(cc, Codings::isLoinc, codes);
  }

  static boolean hasSnomed(CodeableConcept cc, String... codes) {
    return has(cc, Codings::isSnomed, codes);
  }

  /** First code of a coding whose system contains the fragment, or {@code null}. */
  static String codeIn(CodeableConcept cc, String systemFragment) {
    for (Coding c : codings(cc)) {
      if (c.getCode() != null && c.getSystem() != null && c.getSystem().contains(systemFragment)) {
        return c.getCode().strip();
      }
    }
    return null;
  }

  /** Text, then coding displays, non-blank, in order. */
  static List<String> texts(CodeableConcept cc) {
    List<String> out = new ArrayList<>();
    if (cc == null) {
      return out;
    }
    if (cc.hasText() && !cc.getText().isBlank()) {
      out.add(cc.getText());
    }
    for (Coding c : cc.getCoding()) {
      if (c.hasDisplay() && !c.getDisplay().isBlank()) {
        out.add(c.getDisplay());
      }
    }
    return out;
  }

  /**
   * Treatment intent from the resource's extensions: mCODE {@code mcode-procedure-intent} (mCODE STU1: {@code mcode-treatment-intent}; SNOMED 373808002
   * curative, 363676003 palliative) or an MII onco intention extension ({@code ...-intention}, CodeSystem
   * {@code mii-cs-onko-intention}: K kurativ, P palliativ; S/X other/unknown).
   */
  static TreatmentIntent intent(DomainResource r) {
    for (Extension e : r.getExtension()) {
      String url = e.getUrl() == null ? "" : e.getUrl();
      if (!(e.getValue() instanceof CodeableConcept cc)) {
        continue;
      }
      if (url.equals(MCODE_INTENT) || url.endsWith("procedure-intent") || url.endsWith("mcode-treatment-intent")) {
        if (hasSnomed(cc, SCT_CURATIVE)) {
          return TreatmentIntent.CURATIVE;
        }
        if (hasSnomed(cc, SCT_PALLIATIVE)) {
          return TreatmentIntent.PALLIATIVE;
        }
      }
      if (url.toLowerCase(Locale.ROOT).contains("intention")) {
        String code = codeIn(cc, "intention");
        if ("K".equalsIgnoreCase(code)) {
          return TreatmentIntent.CURATIVE;
        }
        if ("P".equalsIgnoreCase(code)) {
          return TreatmentIntent.PALLIATIVE;
        }
      }
    }
    return TreatmentIntent.UNKNOWN;
  }

  /**
   * Stop reason from {@code statusReason} (mCODE TreatmentTerminationReasonVS), or from the MII/oBDS
   * "Ende Grund" of a therapy Procedure ({@code mii-cs-onko-therapie-ende-grund}: P progression -> NO_RESPONSE,
   * A adverse effects -> TOXICITY, E regular end -> NONE, others -> OTHER; the letter meanings follow the
   * ADT/GEKID oBDS catalogue and are unverified against oBDS 3.0 - see README).
   */
  static StopReason stopReason(List<CodeableConcept> reasons) {
    StopReason out = StopReason.NONE;
    for (CodeableConcept cc : reasons) {
      if (hasSnomed(cc, SCT_NO_RESPONSE)) {
        return StopReason.NO_RESPONSE;
      }
      if (hasSnomed(cc, SCT_NOT_TOLERATED)) {
        return StopReason.TOXICITY;
      }
      String oBds = codeIn(cc, "therapie-ende-grund");
      if (oBds != null) {
        switch (oBds.toUpperCase(Locale.ROOT)) {
          case "P" -> {
            return StopReason.NO_RESPONSE;
          }
          case "A" -> {
            return StopReason.TOXICITY;
          }
          case "E" -> { }
          default -> out = StopReason.OTHER;
        }
        continue;
      }
      if (has(cc, sys -> true, "regular-completion", "completed")) {
        continue;
      }
      if (!cc.isEmpty()) {
        out = StopReason.OTHER;
      }
    }
    return out;
  }
}
