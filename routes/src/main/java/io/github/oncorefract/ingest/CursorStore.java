package io.github.oncorefract.ingest;

/** Stores the {@link PassCursor} per FHIR server. */
public interface CursorStore {

  /**
   * @param serverKey a stable key for the server (its base URL)
   * @return the stored cursor, or {@link PassCursor#initial()} when none
   */
  PassCursor load(String serverKey);

  /** Stores the cursor; must be durable when it returns (for file-backed stores). */
  void save(String serverKey, PassCursor cursor);
}
