package io.github.oncorefract.domain;

/** Procedures the rules care about. */
public enum ProcedureKind {
  SYSTEMIC_THERAPY,
  /** Haematopoietic stem-cell transplant, autologous, allogeneic or not stated. */
  STEM_CELL_TRANSPLANT,
  /**
   * Autologous haematopoietic stem-cell transplant (ASCT), recognised by code or text (see the normaliser); the DLBCL
   * rule set counts relapse after it (SCHOLAR-1). A transplant not stated to be autologous stays
   * {@link #STEM_CELL_TRANSPLANT}.
   */
  AUTOLOGOUS_STEM_CELL_TRANSPLANT,
  RADIOTHERAPY,
  SURGERY,
  BIOPSY,
  /** Watchful waiting / no anti-cancer treatment: never a line. */
  WATCHFUL_WAITING,
  HOSPICE,
  OTHER
}
