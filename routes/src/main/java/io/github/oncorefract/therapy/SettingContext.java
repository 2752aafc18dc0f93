package io.github.oncorefract.therapy;

import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.TreatmentIntent;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What decides the setting (curative or advanced) of each line of one cancer (issue 8, class 2). The
 * {@code PatientAssessor} builds it from the record; the {@link LineOfTherapyEngine} asks it per line.
 *
 * <p>Per line, first match wins:
 * <ol>
 *   <li>{@link Basis#INTENT}: the majority of the explicit treatment intents of the line's exposures (mCODE
 *       procedure/treatment intent, MII therapy intention);</li>
 *   <li>{@link Basis#ADVANCED_DISEASE}: ADVANCED when the line starts on or after {@code advancedFrom}, the first day
 *       of metastatic or recurrent disease (stage IV or M1, a secondary Condition, the cancer's own text, a
 *       progression or recurrence, palliative intent). A progression after curative therapy is a recurrence: it makes
 *       the FOLLOWING lines advanced and never the preceding ones curative;</li>
 *   <li>{@link Basis#CURABLE_AT_ANY_STAGE}: CURATIVE for a cancer whose first-line therapy is curative at any stage
 *       (configured; by default DLBCL: R-CHOP cures most patients whatever the Ann Arbor stage, Sehn &amp; Salles,
 *       N Engl J Med 2021;384:842-858), for lines before any progression or relapse;</li>
 *   <li>{@link Basis#EARLY_STAGE}: CURATIVE for a solid tumour with stage 0-III (or M0) recorded at diagnosis, for
 *       lines before any advanced-disease evidence (AJCC: stage I-III disease is treated with curative intent:
 *       neoadjuvant, adjuvant or definitive therapy);</li>
 *   <li>{@link Basis#BLOOD_CANCER}: ADVANCED for a blood cancer (multiple myeloma, leukaemia, lymphoma) with no recorded
 *       intent: their stage (ISS, Ann Arbor) does not tell curability, and a later progression never makes a line
 *       curative; their rule sets count lines in one sequence;</li>
 *   <li>{@link Basis#ASSUMED}: nothing tells: ADVANCED when {@code assumeAdvancedWhenUnknown} (the default, the
 *       conservative choice for a refractory screen, said in the reasons), else CURATIVE.</li>
 * </ol>
 *
 * @param advancedFrom              first day of advanced disease, or {@code null}
 * @param earlyStage                stage 0-III or M0 recorded at diagnosis (solid tumours)
 * @param stageDecidesCurability    false for blood cancers
 * @param assumeAdvancedWhenUnknown the setting assumed when nothing tells
 * @param curableAtAnyStage         lines before advanced disease are curative whatever the stage (DLBCL)
 */
public record SettingContext(
    LocalDate advancedFrom,
    boolean earlyStage,
    boolean stageDecidesCurability,
    boolean assumeAdvancedWhenUnknown,
    boolean curableAtAnyStage) {

  /** Why a line has its setting. */
  public enum Basis {
    INTENT,
    ADVANCED_DISEASE,
    CURABLE_AT_ANY_STAGE,
    EARLY_STAGE,
    BLOOD_CANCER,
    ASSUMED
  }

  /**
   * The setting of one line and why.
   *
   * @param setting curative or advanced
   * @param basis   which rule decided it
   */
  public record Decision(LineSetting setting, Basis basis) {}

  /**
   * A context with only an advanced-disease date (solid tumour, no stage recorded, advanced assumed when unknown).
   *
   * @param advancedFrom first day of advanced disease, or {@code null}
   */
  public static SettingContext advancedFrom(LocalDate advancedFrom) {
    return new SettingContext(advancedFrom, false, true, true, false);
  }

  /**
   * Decides one line's setting.
   *
   * @param lineStart first day of the line
   * @param members   the line's exposures
   * @return the decision, never {@code null}
   */
  public Decision decide(LocalDate lineStart, List<DrugExposure> members) {
    Objects.requireNonNull(lineStart, "lineStart");
    long curative = members.stream().filter(e -> e.intent() == TreatmentIntent.CURATIVE).count();
    long palliative = members.stream().filter(e -> e.intent() == TreatmentIntent.PALLIATIVE).count();
    if (curative > palliative) {
      return new Decision(LineSetting.CURATIVE, Basis.INTENT);
    }
    if (palliative > curative) {
      return new Decision(LineSetting.ADVANCED, Basis.INTENT);
    }
    if (advancedFrom != null && !lineStart.isBefore(advancedFrom)) {
      return new Decision(LineSetting.ADVANCED, Basis.ADVANCED_DISEASE);
    }
    if (curableAtAnyStage) {
      return new Decision(LineSetting.CURATIVE, Basis.CURABLE_AT_ANY_STAGE);
    }
    if (!stageDecidesCurability) {
      return new Decision(LineSetting.ADVANCED, Basis.BLOOD_CANCER);
    }
    if (earlyStage) {
      return new Decision(LineSetting.CURATIVE, Basis.EARLY_STAGE);
    }
    return new Decision(assumeAdvancedWhenUnknown ? LineSetting.ADVANCED : LineSetting.CURATIVE, Basis.ASSUMED);
  }

}
