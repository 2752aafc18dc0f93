package io.github.oncorefract.domain;

/** How a cancer Condition was recognised, recorded so a reviewer can judge the match. */
public enum CodeMatch {
  /** A SNOMED CT concept in the malignant-neoplasm table. */
  SNOMED,
  /** ICD-10-CM, ICD-10-GM or plain ICD-10 category C00-C96. */
  ICD10,
  /** ICD-9-CM 140-208. */
  ICD9,
  /** Only the Condition's text or a coding display matched. */
  TEXT
}
