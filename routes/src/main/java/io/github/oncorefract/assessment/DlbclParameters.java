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
 */
public record DlbclParameters(int asctRelapseMonths, int responseWindowDays, boolean stableCountsWhileOngoing) {

  public DlbclParameters {
    if (asctRelapseMonths < 0) {
      throw new IllegalArgumentException("asctRelapseMonths must be >= 0");
    }
    if (responseWindowDays < 0) {
      throw new IllegalArgumentException("responseWindowDays must be >= 0");
    }
  }

  /** 12 months, 90 days, SD on an ongoing line not counted. */
  public static DlbclParameters defaults() {
    return new DlbclParameters(12, 90, false);
  }
}
