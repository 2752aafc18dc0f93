package io.github.oncorefract.domain;

/**
 * Treatment intent, from the mCODE extension {@code mcode-procedure-intent} (SNOMED 373808002 curative,
 * 363676003 palliative) or an equivalent source such as the MII therapy-intention code.
 */
public enum TreatmentIntent {
  CURATIVE,
  PALLIATIVE,
  UNKNOWN
}
