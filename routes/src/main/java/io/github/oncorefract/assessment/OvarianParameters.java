package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.RefractoryStatus;
import java.util.Objects;
import java.util.Set;

/**
 * Parameters of the ovarian rule set ({@code clinical-model.md} section 3; GCIG platinum-free-interval categories,
 * e.g. Wilson et al., Ann Oncol 2017;28(4):727-32, 5th Ovarian Cancer Consensus Conference; citation unverified
 * here, and the 6-month resistant boundary is under revision in that consensus: keep it configurable).
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
