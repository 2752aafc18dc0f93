package io.github.oncorefract.normalise;

import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StageFinding;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/**
 * Staging and extent of disease (issue 8, class 2): Observation -> {@link StageFinding}, plus the parsers the
 * {@link ConditionNormaliser} uses for {@code Condition.stage} and the Condition's own text.
 *
 * <p>Observations read (mCODE TNM profiles, all versions; FINDINGS.md sections 13, 14, 16):
 * <ul>
 *   <li>stage group: LOINC 21908-9 (clinical), 21902-2 (pathological), 21914-7 (other), or a code whose text or display
 *       says "stage group" / "TNM stage";</li>
 *   <li>distant metastases (M) category: LOINC 21907-1 (clinical), 21901-4 (pathological), or a code whose text or
 *       display says "distant metastases" / "M category".</li>
 * </ul>
 * Values are read from AJCC codes ({@code http://cancerstaging.org}: {@code c4}, {@code 3C}, {@code p2B},
 * {@code cM1}, {@code pM0}), the displays of SNOMED CT qualifiers ("Stage 3A (qualifier value)", "M1 category
 * (finding)") and text ("stage IVA", "IIIC"); a SNOMED code without display or text is not interpreted (no terminology
 * server). Stage IV and M1 are distant metastatic disease (AJCC Cancer Staging Manual, 8th edition); stage 0-III and
 * M0 are not. Entered-in-error and cancelled Observations are ignored; one without a date keeps a {@code null} date.
 */
final class StageNormaliser {

  static final Set<String> STAGE_GROUP_LOINC = Set.of("21908-9", "21902-2", "21914-7");
  static final Set<String> M_CATEGORY_LOINC = Set.of("21907-1", "21901-4");

  /** "stage 3A", "Stage IIIC", "stage iv", "Stadium IV": group then an optional sub-group letter. */
  private static final Pattern STAGE_TEXT = Pattern.compile(
      "\\b(?:stage|stadium)\\s*(iv|iii|ii|i|[0-4])([a-d])?\\d?\\b", Pattern.CASE_INSENSITIVE);
  /** An AJCC stage-group code or bare value: optional prefixes (c, p, yc, yp, r, a), group, sub-group. */
  private static final Pattern STAGE_CODE = Pattern.compile(
      "^(?:y|r|a)?[cp]?(?:y)?\\s*(is|iv|iii|ii|i|[0-4])([a-d])?\\d?$", Pattern.CASE_INSENSITIVE);
  /** M category in a code, display or text: cM1, pM1a, "M1 category", "M0". */
  private static final Pattern M_CATEGORY = Pattern.compile(
      "(?:^|[^a-z0-9])(?:y?[cp]|r|a)?m\\s?([01])([a-d])?(?:\\(i\\+\\))?(?:$|[^a-z0-9])", Pattern.CASE_INSENSITIVE);
  /** Words of a cancer Condition's own text that mean advanced disease. */
  private static final Pattern ADVANCED_TEXT = Pattern.compile(
      "\\b(metastatic|metastasi[sz]ed|metastasiert|metastases|metastasis|disseminated|recurrent|recurrence|relapsed"
          + "|rezidiv\\w*|fernmetast\\w*)\\b|\\bstage\\s*(iv|4)\\b|(?:^|[^a-z0-9])[cp]?m1[a-d]?(?:$|[^a-z0-9])",
      Pattern.CASE_INSENSITIVE);

  private final ResourceIndex index;
  private final Quarantine q;

  StageNormaliser(ResourceIndex index, Quarantine q) {
    this.index = index;
    this.q = q;
  }

  /** True for a stage-group or M-category Observation. */
  static boolean isStageObservation(Observation o) {
    return kind(o.getCode()) != null;
  }

  private static StageFinding.Kind kind(CodeableConcept code) {
    for (Coding c : Codings.codings(code)) {
      if (Codings.isLoinc(c.getSystem()) && c.getCode() != null) {
        if (STAGE_GROUP_LOINC.contains(c.getCode().strip())) {
          return StageFinding.Kind.STAGE_GROUP;
        }
        if (M_CATEGORY_LOINC.contains(c.getCode().strip())) {
          return StageFinding.Kind.M_CATEGORY;
        }
      }
    }
    for (String t : Codings.texts(code)) {
      String s = t.toLowerCase(Locale.ROOT);
      if (s.contains("stage group") || s.contains("tnm stage")) {
        return StageFinding.Kind.STAGE_GROUP;
      }
      if (s.contains("distant metastases") || s.contains("m category")) {
        return StageFinding.Kind.M_CATEGORY;
      }
    }
    return null;
  }

  /** The finding of a stage Observation; empty when not one, withdrawn, or its value is not understood. */
  Optional<StageFinding> normalise(Observation o) {
    StageFinding.Kind kind = kind(o.getCode());
    if (kind == null) {
      return Optional.empty();
    }
    String st = Codings.code(o.getStatusElement(), "");
    if (Set.of("entered-in-error", "cancelled").contains(st)) {
      return Optional.empty();
    }
    if (!(o.getValue() instanceof CodeableConcept value)) {
      return Optional.empty();
    }
    LocalDate date = DiseaseStatusNormaliser.date(o, q);
    ResourceRef focus = null;
    for (Reference r : o.getFocus()) {
      focus = index.refTo(r, "Condition");
      if (focus != null) {
        break;
      }
    }
    Optional<String> v = kind == StageFinding.Kind.STAGE_GROUP ? stageGroup(value) : mCategory(value);
    if (v.isEmpty()) {
      q.add(o, "valueCodeableConcept", "unrecognised-stage-value");
      return Optional.empty();
    }
    ResourceRef f = focus;
    return v.map(s -> new StageFinding(date, kind, s, advanced(kind, s), f, ResourceIndex.ref(o)));
  }

  /** True for stage IV (any sub-group) and M1. */
  static boolean advanced(StageFinding.Kind kind, String value) {
    return switch (kind) {
      case STAGE_GROUP -> value.startsWith("IV");
      case M_CATEGORY -> value.equals("M1");
      case TEXT -> true;
    };
  }

  /**
   * The most specific stage group among the concept's codings and text, in Roman numerals with its sub-group
   * ({@code "IIIA"}, {@code "IV"}, {@code "0"}).
   */
  static Optional<String> stageGroup(CodeableConcept cc) {
    String best = null;
    for (Coding c : Codings.codings(cc)) {
      for (String s : new String[] {c.getCode(), c.getDisplay()}) {
        String g = s == null ? null : parseGroup(s.strip());
        if (g != null && (best == null || g.length() > best.length())) {
          best = g;
        }
      }
    }
    if (cc != null && cc.hasText()) {
      String g = parseGroup(cc.getText().strip());
      if (g != null && (best == null || g.length() > best.length())) {
        best = g;
      }
    }
    return Optional.ofNullable(best);
  }

  /** A stage group from one code, display or text; {@code null} when none. */
  static String parseGroup(String s) {
    if (s.isEmpty()) {
      return null;
    }
    Matcher m = STAGE_CODE.matcher(s);
    if (!m.matches()) {
      m = STAGE_TEXT.matcher(s);
      if (!m.find()) {
        return null;
      }
    }
    String group = switch (m.group(1).toLowerCase(Locale.ROOT)) {
      case "0", "is" -> "0";
      case "1", "i" -> "I";
      case "2", "ii" -> "II";
      case "3", "iii" -> "III";
      default -> "IV";
    };
    String sub = m.group(2) == null || group.equals("0") ? "" : m.group(2).toUpperCase(Locale.ROOT);
    return group + sub;
  }

  /** {@code "M0"} or {@code "M1"} from the concept's codings (codes, displays) and text. */
  static Optional<String> mCategory(CodeableConcept cc) {
    for (Coding c : Codings.codings(cc)) {
      for (String s : new String[] {c.getCode(), c.getDisplay()}) {
        String m = s == null ? null : parseM(s);
        if (m != null) {
          return Optional.of(m);
        }
      }
    }
    return Optional.ofNullable(cc != null && cc.hasText() ? parseM(cc.getText()) : null);
  }

  static String parseM(String s) {
    Matcher m = M_CATEGORY.matcher(s.strip());
    return m.find() ? "M" + m.group(1) : null;
  }

  /**
   * The stage group a cancer Condition's own code display or text states ("Non-small cell carcinoma of lung, TNM
   * stage 1 (disorder)", SNOMED 424132000, Synthea's stage Condition; "stage IIIA", "Stadium 2"), in Roman numerals
   * with its sub-group; {@code null} when none says "stage"/"Stadium" followed by 0-4 or I-IV (issue 8, class 2).
   * Only the "stage N" phrase is read, never a bare number.
   */
  static String stageGroupInText(List<String> texts) {
    for (String t : texts) {
      if (t != null && STAGE_TEXT.matcher(t).find()) {
        String g = parseGroup(t.strip());
        if (g != null) {
          return g;
        }
      }
    }
    return null;
  }

  /** The words of a cancer's own text that mean advanced disease ("metastatic", "recurrent", "stage IV"), or null. */
  static String advancedWords(List<String> texts) {
    for (String t : texts) {
      Matcher m = ADVANCED_TEXT.matcher(t);
      if (m.find()) {
        return m.group().strip().toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }
}
