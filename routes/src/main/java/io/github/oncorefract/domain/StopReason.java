package io.github.oncorefract.domain;

/**
 * Why a treatment was stopped, from {@code statusReason} (mCODE TreatmentTerminationReasonVS): SNOMED 266721009
 * "No response to treatment" is progression evidence, 407563006 "Treatment not tolerated" is toxicity.
 */
public enum StopReason {
  NONE,
  NO_RESPONSE,
  TOXICITY,
  OTHER
}
