package io.github.oncorefract.publish;

/**
 * What a patient's write did (or, in dry-run, would do). Counts cover Flag, CarePlan, ServiceRequest and Task; the
 * bookkeeping Provenance and Device are not counted.
 *
 * @param created   resources created
 * @param updated   resources updated
 * @param unchanged resources already as proposed
 * @param preserved resources a clinician changed, left alone
 * @param sent      true when a transaction was sent (false in dry-run or when nothing changed)
 */
public record PublishOutcome(int created, int updated, int unchanged, int preserved, boolean sent) {

  public static PublishOutcome of(PublishPlan plan, boolean sent) {
    return new PublishOutcome((int) plan.count(WriteAction.CREATE), (int) plan.count(WriteAction.UPDATE),
        (int) plan.count(WriteAction.UNCHANGED), (int) plan.count(WriteAction.PRESERVED), sent);
  }
}
