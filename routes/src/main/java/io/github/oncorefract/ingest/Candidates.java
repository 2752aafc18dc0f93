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
 * @param readPath     how the pass reads its patients: {@link #PER_PATIENT}, {@link #BULK} or
 *                     {@link #BULK_INCREMENTAL} (in the pass summary)
 */
public record Candidates(SortedSet<String> patientIds, Instant newHighWater, boolean incremental, String readPath) {

  /** Each patient read on its own (a batch, or searches). */
  public static final String PER_PATIENT = "per-patient";
  /** The patients' data from a Bulk Data export, grouped per patient on disk. */
  public static final String BULK = "bulk";
  /** Candidates from a Bulk Data export with {@code _since}; each patient then read on its own. */
  public static final String BULK_INCREMENTAL = "bulk-incremental";

  public Candidates {
    patientIds = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(patientIds));
    readPath = readPath == null ? PER_PATIENT : readPath;
  }

  /** Candidates read per patient. */
  public Candidates(SortedSet<String> patientIds, Instant newHighWater, boolean incremental) {
    this(patientIds, newHighWater, incremental, PER_PATIENT);
  }

  /** The same candidates with another read path. */
  public Candidates withReadPath(String path) {
    return new Candidates(patientIds, newHighWater, incremental, path);
  }
}
