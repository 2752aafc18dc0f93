package io.github.oncorefract.assessment;

/**
 * Parameters of the solid-tumour rule set ({@code clinical-model.md} section 3).
 *
 * @param advancedLinesThreshold   advanced-setting lines needed for likely refractory (default 2)
 * @param atRiskWithoutProgression when true (default), reaching the threshold without progression evidence after
 *                                 the latest advanced line's start is AT_RISK rather than NOT_REFRACTORY: a patient
 *                                 already on a 2nd advanced line has usually progressed once, even when no
 *                                 disease-status observation was recorded (a documented project choice)
 */
public record SolidTumourParameters(int advancedLinesThreshold, boolean atRiskWithoutProgression) {

  public SolidTumourParameters {
    if (advancedLinesThreshold < 1) {
      throw new IllegalArgumentException("advancedLinesThreshold must be >= 1");
    }
  }

  /** Threshold 2, at-risk without progression on. */
  public static SolidTumourParameters defaults() {
    return new SolidTumourParameters(2, true);
  }
}
