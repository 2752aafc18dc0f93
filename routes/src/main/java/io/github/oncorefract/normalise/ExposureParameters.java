package io.github.oncorefract.normalise;

/**
 * How the normaliser estimates how long a drug was given when the record does not say (issue 8, class 6). All values
 * are whole days.
 *
 * <p>What is read first, and never estimated: an explicit period ({@code effectivePeriod},
 * {@code dosageInstruction.timing.repeat.boundsPeriod}, {@code timing.event}, {@code dispenseRequest.validityPeriod}).
 * Without one, a MedicationRequest whose dosage repeats is a course, not one day: its length comes from
 * {@code timing.repeat.boundsDuration}, else {@code timing.repeat.count} doses at the stated frequency, else
 * {@code dispenseRequest.expectedSupplyDuration} x (1 + {@code numberOfRepeatsAllowed}), else
 * {@code dispenseRequest.quantity} / the daily dose x (1 + repeats) when their units agree, else — still an
 * {@code active} order — it is open (ongoing, no end), else {@code defaultCourseDays} x (1 + repeats).
 *
 * @param defaultCourseDays     days a finished (completed, stopped) order with a repeating dosage but no duration,
 *                              count or supply counts for, per fill (default 30). A finished order with no duration
 *                              is no evidence of when the drug stopped: it proves one dispensing, and one month's
 *                              supply is the usual single dispensing of an oral endocrine or targeted anticancer drug
 *                              (packs of 28-30 tablets; US specialty-pharmacy fills of at most 30 days). A documented
 *                              project choice: the record may stand for years of endocrine therapy (mcode/pathways
 *                              Synthea T0 tamoxifen, FINDINGS.md section 13), but nothing in it says so, and counting
 *                              years would attribute later progressions to a drug the patient may have stopped.
 * @param orderProcedureGapDays an {@code active} MedicationRequest recorded with its order day only (no dosage period,
 *                              count or supply) whose cycles are recorded as chemotherapy Procedures (SNOMED 367336001,
 *                              703423002 "Combined chemotherapy and radiation therapy", or a systemic-therapy
 *                              Procedure) runs to the last such Procedure for the same cancer, Procedures chained no
 *                              more than this many days apart (default 90: longer than any usual cycle of one to six
 *                              weeks with a delay, well under the 180-day treatment gap; Synthea colorectal Micah,
 *                              FINDINGS.md section 15: the order stays {@code active} until death, the six monthly
 *                              Procedures show when the drug was given)
 */
public record ExposureParameters(int defaultCourseDays, int orderProcedureGapDays) {

  /** Default days a finished repeating order with no duration counts for (one month's supply). */
  public static final int DEFAULT_COURSE_DAYS = 30;

  /** Default largest gap between chemotherapy Procedures that extend an open order. */
  public static final int ORDER_PROCEDURE_GAP_DAYS = 90;

  /**
   * @throws IllegalArgumentException if {@code defaultCourseDays} is below 1 or {@code orderProcedureGapDays} below 0
   */
  public ExposureParameters {
    if (defaultCourseDays < 1) {
      throw new IllegalArgumentException("defaultCourseDays must be >= 1 (was " + defaultCourseDays + ")");
    }
    if (orderProcedureGapDays < 0) {
      throw new IllegalArgumentException("orderProcedureGapDays must be >= 0 (was " + orderProcedureGapDays + ")");
    }
  }

  /** 30-day default course, 90-day Procedure chain. */
  public static ExposureParameters defaults() {
    return new ExposureParameters(DEFAULT_COURSE_DAYS, ORDER_PROCEDURE_GAP_DAYS);
  }
}
