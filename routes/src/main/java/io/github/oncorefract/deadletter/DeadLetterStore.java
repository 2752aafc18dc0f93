package io.github.oncorefract.deadletter;

import java.util.List;

/** Keeps the {@link DeadLetter} entries (failing and dead-lettered patients) per FHIR server. */
public interface DeadLetterStore {

  /**
   * @param serverKey a stable key for the server (its base URL, or {@code embedded})
   * @return every stored entry, in patient id order; empty when none
   */
  List<DeadLetter> load(String serverKey);

  /**
   * Replaces the server's entries; durable when it returns (for file-backed stores).
   *
   * @param serverKey the server's key
   * @param entries   every entry to keep
   */
  void save(String serverKey, List<DeadLetter> entries);
}
