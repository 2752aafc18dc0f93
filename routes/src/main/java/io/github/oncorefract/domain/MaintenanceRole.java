package io.github.oncorefract.domain;

/**
 * Maintenance role of an ingredient: continuation maintenance keeps giving a drug of the induction regimen, switch
 * maintenance starts a new drug after induction without a new line (Meng et al. 2019; clinical-model.md section 2).
 */
public enum MaintenanceRole {
  NONE,
  CONTINUATION,
  SWITCH,
  CONTINUATION_OR_SWITCH;

  public boolean continuation() {
    return this == CONTINUATION || this == CONTINUATION_OR_SWITCH;
  }

  public boolean switchMaintenance() {
    return this == SWITCH || this == CONTINUATION_OR_SWITCH;
  }
}
