package io.github.oncorefract.publish;

/** What the publisher does with one proposed resource. */
public enum WriteAction {
  /** Absent on the server: conditional create ({@code ifNoneExist} on the identifier). */
  CREATE,
  /** Present with other content and still in an adapter-owned status: update with {@code If-Match}. */
  UPDATE,
  /** Present with the same content: nothing sent. */
  UNCHANGED,
  /** Present in a status the adapter never writes (a clinician acted on it): never overwritten. */
  PRESERVED,
  /** A retirement with nothing to retire. */
  SKIPPED
}
