package io.github.oncorefract.assessment;

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
 */
public record SettingParameters(boolean assumeAdvancedWhenUnknown, int stagingWindowDays) {

  public SettingParameters {
    if (stagingWindowDays < 0) {
      throw new IllegalArgumentException("stagingWindowDays must be >= 0");
    }
  }

  /** Advanced assumed when unknown; 90-day staging window. */
  public static SettingParameters defaults() {
    return new SettingParameters(true, 90);
  }
}
