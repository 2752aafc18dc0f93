package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.RefractoryStatus;
import java.util.Objects;
import java.util.Set;

/**
 * Parameters of the ovarian rule set ({@code clinical-model.md} section 3). Source of the platinum-interval
 * categories: Gynecologic Cancer InterGroup, Wilson MK et al., "Fifth Ovarian Cancer Consensus Conference of the
 * Gynecologic Cancer InterGroup: recurrent disease", Ann Oncol 2017;28(4):727-732 (PMID 27993805,
 * doi:10.1093/annonc/mdw663; verified). That consensus replaced the platinum-free interval by the therapy-free
 * interval (TFIp) and no longer fixes the 6-month boundary, so both windows are configuration.
 *
 * @param platinumIngredients  platinum agents (cisplatin, carboplatin)
 * @param refractoryDays       progression during platinum or within this many days of the last platinum dose is
 *                             platinum-refractory (default 28, "4 weeks")
 * @param resistantMonths      progression within this many months of the last platinum dose is platinum-resistant
 *                             (default 6)
 * @param resistantStatus      status given for platinum-resistant disease (default AT_RISK)
 */
public record OvarianParameters(
    Set<String> platinumIngredients, int refractoryDays, int resistantMonths, RefractoryStatus resistantStatus) {

  public OvarianParameters {
    if (refractoryDays < 0 || resistantMonths < 0) {
      throw new IllegalArgumentException("refractoryDays and resistantMonths must be >= 0");
    }
    platinumIngredients = Set.copyOf(platinumIngredients);
    Objects.requireNonNull(resistantStatus, "resistantStatus");
  }

  /** Cisplatin/carboplatin, 28 days, 6 months, AT_RISK. */
  public static OvarianParameters defaults() {
    return new OvarianParameters(Set.of("cisplatin", "carboplatin"), 28, 6, RefractoryStatus.AT_RISK);
  }
}
