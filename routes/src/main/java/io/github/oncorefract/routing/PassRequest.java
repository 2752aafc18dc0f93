package io.github.oncorefract.routing;

/**
 * What starts a pass.
 *
 * @param trigger {@code startup}, {@code schedule} or {@code api}
 * @param full    true to assess every in-scope cancer patient, as on a first pass, whatever the cursor says (the
 *                cursor still moves when the pass completes); false for the normal incremental pass
 */
public record PassRequest(String trigger, boolean full) {}
