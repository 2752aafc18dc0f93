package io.github.oncorefract.deadletter;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The dead-letter ledger of one FHIR server: it counts each patient's consecutive failed writing passes and decides
 * when the patient becomes a dead letter.
 *
 * <p>Policy (README "Operations"):
 * <ul>
 *   <li>a patient that fails in {@code afterFailures} consecutive writing passes (each after the route's own
 *       redeliveries of transient faults) becomes a dead letter;</li>
 *   <li>a <em>permanent</em> failure ({@link FailedAttempt#permanent()}: a non-transient fault in a stage that only
 *       computes on the patient's data, e.g. a plan that fails validation) makes it a dead letter at once: the same data
 *       fails the same way on every retry, until it changes;</li>
 *   <li>a patient that completes is removed, whether it was failing or dead-lettered;</li>
 *   <li>a dead-lettered patient that fails again (it changed, a full pass, a replay) stays a dead letter with its count
 *       raised.</li>
 * </ul>
 * Thread-safe; each change is saved to the store before the method returns.
 */
public class DeadLetters {

  private final DeadLetterStore store;
  private final String serverKey;
  private final int afterFailures;
  private final Clock clock;

  /**
   * One patient's failed attempt in a pass.
   *
   * @param patientId logical Patient id
   * @param stage     stage that failed
   * @param reason    sanitised reason (exception type and HTTP status)
   * @param permanent true when retrying the same data cannot help (dead-lettered at once)
   */
  public record FailedAttempt(String patientId, String stage, String reason, boolean permanent) {}

  /**
   * @param store         where entries are kept
   * @param serverKey     the server's key (as for the cursor)
   * @param afterFailures consecutive failed passes before a patient becomes a dead letter ({@code >= 1})
   * @param clock         UTC clock for the failure instants
   * @throws IllegalArgumentException when {@code afterFailures < 1}
   */
  public DeadLetters(DeadLetterStore store, String serverKey, int afterFailures, Clock clock) {
    if (afterFailures < 1) {
      throw new IllegalArgumentException("after-failures must be at least 1");
    }
    this.store = store;
    this.serverKey = serverKey;
    this.afterFailures = afterFailures;
    this.clock = clock;
  }

  /** Consecutive failed passes before a patient becomes a dead letter. */
  public int afterFailures() {
    return afterFailures;
  }

  /**
   * Records the outcome of one writing pass.
   *
   * @param completed patients that completed (removed from the ledger)
   * @param failed    patients that failed (counted; dead-lettered per the policy)
   * @return the patients that are dead letters after this pass (all of them, not only this pass's)
   */
  public synchronized Set<String> record(Collection<String> completed, Collection<FailedAttempt> failed) {
    Map<String, DeadLetter> byId = byId();
    boolean changed = false;
    for (String id : completed) {
      changed |= byId.remove(id) != null;
    }
    Instant now = clock.instant();
    for (FailedAttempt f : failed) {
      DeadLetter old = byId.get(f.patientId());
      int attempts = old == null ? 1 : old.attempts() + 1;
      boolean dead = (old != null && old.deadLettered()) || f.permanent() || attempts >= afterFailures;
      byId.put(f.patientId(), new DeadLetter(f.patientId(), f.stage(), f.reason(), attempts,
          old == null ? now : old.firstFailure(), now, dead));
      changed = true;
    }
    if (changed) {
      store.save(serverKey, List.copyOf(byId.values()));
    }
    return deadIds(byId.values());
  }

  /**
   * Forgets these patients (failing or dead-lettered), e.g. because they left {@code adapter.scope}: they are no longer
   * assessed, so nothing is left to replay or alert on. Saved before returning.
   *
   * @param patientIds logical Patient ids
   * @return those that were in the ledger
   */
  public synchronized Set<String> remove(Collection<String> patientIds) {
    Map<String, DeadLetter> byId = byId();
    Set<String> removed = new TreeSet<>();
    for (String id : patientIds) {
      if (byId.remove(id) != null) {
        removed.add(id);
      }
    }
    if (!removed.isEmpty()) {
      store.save(serverKey, List.copyOf(byId.values()));
    }
    return removed;
  }

  /** The dead letters, in patient id order. */
  public synchronized List<DeadLetter> list() {
    return store.load(serverKey).stream().filter(DeadLetter::deadLettered)
        .sorted(java.util.Comparator.comparing(DeadLetter::patientId)).toList();
  }

  /** The logical ids of the dead letters, sorted. */
  public synchronized Set<String> ids() {
    return deadIds(store.load(serverKey));
  }

  /** @return the dead letter of this patient, or empty when it is not one (failing but not yet dead counts as not) */
  public synchronized Optional<DeadLetter> get(String patientId) {
    return list().stream().filter(d -> d.patientId().equals(patientId)).findFirst();
  }

  /** Number of dead letters. */
  public synchronized int count() {
    return ids().size();
  }

  private Map<String, DeadLetter> byId() {
    Map<String, DeadLetter> m = new TreeMap<>();
    store.load(serverKey).forEach(d -> m.put(d.patientId(), d));
    return m;
  }

  private static Set<String> deadIds(Collection<DeadLetter> entries) {
    Set<String> s = new TreeSet<>();
    entries.stream().filter(DeadLetter::deadLettered).forEach(d -> s.add(d.patientId()));
    return s;
  }
}
