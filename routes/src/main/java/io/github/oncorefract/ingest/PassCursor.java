package io.github.oncorefract.ingest;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the last completed pass left off.
 *
 * @param highWater       server time (UTC instant, from the server's own search responses) up to which every change
 *                        was assessed; the next pass asks for {@code _lastUpdated} at or after it. {@code null} before
 *                        the first completed pass.
 * @param pendingPatients patients whose assessment or write failed; retried on every pass until they complete, so the
 *                        cursor never moves past a patient that did not complete
 */
public record PassCursor(Instant highWater, Set<String> pendingPatients) {

  public PassCursor {
    pendingPatients =
        pendingPatients == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(pendingPatients));
  }

  public static PassCursor initial() {
    return new PassCursor(null, Set.of());
  }

  public boolean firstPass() {
    return highWater == null;
  }
}
