package io.github.oncorefract.domain;

/** Procedures the rules care about. */
public enum ProcedureKind {
  SYSTEMIC_THERAPY,
  STEM_CELL_TRANSPLANT,
  RADIOTHERAPY,
  SURGERY,
  BIOPSY,
  /** Watchful waiting / no anti-cancer treatment: never a line. */
  WATCHFUL_WAITING,
  HOSPICE,
  OTHER
}
