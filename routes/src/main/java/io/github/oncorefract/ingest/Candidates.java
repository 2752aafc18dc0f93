package io.github.oncorefract.ingest;

import java.time.Instant;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The patients of one pass.
 *
 * @param patientIds   logical Patient ids, sorted
 * @param newHighWater server time (UTC) at the start of the pass: once every candidate completes, the cursor moves here
 * @param incremental  true when found by change since the cursor, false for a full first pass
 */
public record Candidates(SortedSet<String> patientIds, Instant newHighWater, boolean incremental) {
  public Candidates {
    patientIds = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(patientIds));
  }
}
