package io.github.oncorefract.routing;

/**
 * What starts a pass.
 *
 * @param trigger {@code startup}, {@code schedule} or {@code api}
 * @param full    true to assess every in-scope cancer patient, as on a first pass, whatever the cursor says (the
 *                cursor still moves when the pass completes); false for the normal incremental pass
 * @param dryRun  true to compute everything and write nothing for this pass, whatever {@code adapter.write-mode} says
 *                (a dry-run pass does not move the cursor, so the next real pass still sees every change)
 */
public record PassRequest(String trigger, boolean full, boolean dryRun) {}
