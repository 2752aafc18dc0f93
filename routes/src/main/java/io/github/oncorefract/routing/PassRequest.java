package io.github.oncorefract.routing;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What starts a pass.
 *
 * @param trigger    {@code startup}, {@code schedule}, {@code api} or {@code notification}
 * @param full       true to assess every in-scope cancer patient, as on a first pass, whatever the cursor says (the
 *                   cursor still moves when the pass completes); false for the normal incremental pass
 * @param dryRun     true to compute everything and write nothing for this pass, whatever {@code adapter.write-mode}
 *                   says (a dry-run pass does not move the cursor, so the next real pass still sees every change)
 * @param patientIds {@code null} for a pass whose patients the finder chooses; otherwise a <em>targeted</em> pass of
 *                   exactly these logical Patient ids (already checked against the scope by the caller). A targeted
 *                   pass never moves the cursor; its failed patients are added to the pending set so the next
 *                   incremental pass retries them.
 */
public record PassRequest(String trigger, boolean full, boolean dryRun, SortedSet<String> patientIds) {

  public PassRequest {
    patientIds = patientIds == null ? null : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(patientIds));
  }

  /** A pass whose patients the finder chooses (incremental, or full). */
  public PassRequest(String trigger, boolean full, boolean dryRun) {
    this(trigger, full, dryRun, null);
  }

  /**
   * A targeted writing pass of the given patients (e.g. trigger {@code notification}).
   *
   * @param trigger    what started it
   * @param patientIds logical Patient ids, in scope
   */
  public static PassRequest targeted(String trigger, Set<String> patientIds) {
    return new PassRequest(trigger, false, false, new TreeSet<>(patientIds));
  }

  /** True for a pass of an explicit set of patients. */
  public boolean targeted() {
    return patientIds != null;
  }
}
