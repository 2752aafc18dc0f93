package io.github.oncorefract.assessment;

/**
 * Parameters of the DLBCL rule set. Source: SCHOLAR-1 (Crump M et al., "Outcomes in refractory diffuse large B-cell
 * lymphoma: results from the international SCHOLAR-1 study", Blood 2017;130(16):1800-1808): refractory = progressive
 * or stable disease as best response to chemotherapy (primary refractory: to first-line therapy; also to any later
 * line), or relapse within 12 months of autologous stem-cell transplant ({@code clinical-model.md} section 3).
 *
 * @param asctRelapseMonths        relapse or progression no more than this many months after an autologous
 *                                 stem-cell transplant is refractory (default 12, SCHOLAR-1)
 * @param responseWindowDays       a line's best response is read from disease-status events dated after its start,
 *                                 no later than the next line's start and, once it has ended, no more than this many
 *                                 days after its end (default 90: the end-of-treatment PET-CT is usually done 6-8 weeks
 *                                 after the last cycle; a project choice)
 * @param stableCountsWhileOngoing when false (default), stable disease as best response so far on a line that has
 *                                 not ended is not yet refractory (the response may still deepen; a project choice);
 *                                 progressive disease always counts
 * @param minFirstLineDays         stable disease counts as refractory to the first line only when the line lasted at
 *                                 least this many days from first to last known dose (default 63: SCHOLAR-1 counts
 *                                 stable disease after at least 4 cycles of first-line therapy, and the 4th 21-day
 *                                 cycle starts on day 63)
 * @param minLaterLineDays         the same for later lines (default 21: SCHOLAR-1's 2 cycles of later-line therapy,
 *                                 the 2nd 21-day cycle starting on day 21)
 */
public record DlbclParameters(int asctRelapseMonths, int responseWindowDays, boolean stableCountsWhileOngoing,
    int minFirstLineDays, int minLaterLineDays) {

  /** With the SCHOLAR-1 cycle minimums of {@link #defaults()} (63 and 21 days). */
  public DlbclParameters(int asctRelapseMonths, int responseWindowDays, boolean stableCountsWhileOngoing) {
    this(asctRelapseMonths, responseWindowDays, stableCountsWhileOngoing, 63, 21);
  }

  public DlbclParameters {
    if (asctRelapseMonths < 0) {
      throw new IllegalArgumentException("asctRelapseMonths must be >= 0");
    }
    if (responseWindowDays < 0) {
      throw new IllegalArgumentException("responseWindowDays must be >= 0");
    }
    if (minFirstLineDays < 0 || minLaterLineDays < 0) {
      throw new IllegalArgumentException("minFirstLineDays and minLaterLineDays must be >= 0");
    }
  }

  /** 12 months, 90 days, SD on an ongoing line not counted, SD only after 63 (first line) or 21 (later) days. */
  public static DlbclParameters defaults() {
    return new DlbclParameters(12, 90, false, 63, 21);
  }
}
