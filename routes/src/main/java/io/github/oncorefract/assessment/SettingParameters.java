package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerType;
import java.util.Set;

/**
 * How the setting (curative vs advanced) of lines is decided when the record does not state the intent (issue 8,
 * class 2; see {@code therapy.SettingContext}). Bound from {@code adapter.rules.setting.*}.
 *
 * @param assumeAdvancedWhenUnknown with no recorded intent, no stage and no advanced-disease evidence before a line,
 *                                  assume the line is advanced-setting (true, the default: the conservative choice for
 *                                  a refractory screen, so failed lines are not hidden as curative); false assumes
 *                                  curative. Either way the reasons say "setting not recorded; assumed ..."
 * @param stagingWindowDays         a stage IV or M1 finding dated no more than this many days after the diagnosis is
 *                                  the stage at diagnosis: advanced disease then dates from the diagnosis (default 90,
 *                                  a project choice covering the staging work-up; not from a guideline)
 * @param curableAtAnyStage         cancer types whose lines before the first progression or relapse are curative
 *                                  whatever the stage (default DLBCL: first-line R-CHOP is curative at any Ann Arbor
 *                                  stage, Sehn &amp; Salles, N Engl J Med 2021;384:842-858). Other blood cancers
 *                                  (myeloma, leukaemia, other lymphomas) with no recorded intent are advanced-setting
 */
public record SettingParameters(boolean assumeAdvancedWhenUnknown, int stagingWindowDays,
    Set<CancerType> curableAtAnyStage) {

  /** The default {@link #curableAtAnyStage()}. */
  public static final Set<CancerType> CURABLE_AT_ANY_STAGE = Set.of(CancerType.DLBCL);

  public SettingParameters {
    if (stagingWindowDays < 0) {
      throw new IllegalArgumentException("stagingWindowDays must be >= 0");
    }
    curableAtAnyStage = Set.copyOf(curableAtAnyStage);
  }

  /** Advanced assumed when unknown; 90-day staging window; DLBCL curable at any stage. */
  public static SettingParameters defaults() {
    return new SettingParameters(true, 90, CURABLE_AT_ANY_STAGE);
  }
}
