package io.github.oncorefract.domain;

/** Why a line of therapy ended ({@code clinical-model.md} section 2). */
public enum LineEndReason {
  PROGRESSION,
  TOXICITY,
  NEW_REGIMEN,
  GAP,
  COMPLETED,
  ONGOING,
  DEATH,
  UNKNOWN
}
