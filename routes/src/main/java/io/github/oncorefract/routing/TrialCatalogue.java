package io.github.oncorefract.routing;

import io.github.oncorefract.domain.TrialCandidate;
import io.github.oncorefract.ingest.FhirResearchStudySource;
import io.github.oncorefract.normalise.ResearchStudyNormaliser;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open research studies of the server, loaded once per pass ({@link #refresh()} when a pass with patients
 * begins) and shared by all its patients and by previews until the next pass. A new or changed ResearchStudy does not
 * make anyone a candidate of an incremental pass: patients reassessed later see it, and the daily full pass
 * ({@code adapter.schedule.full-every}) brings every patient's referral up to date. A load that fails keeps the
 * studies of the last successful load (none before the first), so a transient fault does not withdraw matches.
 * Thread-safe.
 */
public class TrialCatalogue {

  private static final Logger log = LoggerFactory.getLogger(TrialCatalogue.class);

  private final Supplier<List<TrialCandidate>> loader;
  private volatile List<TrialCandidate> current;

  /**
   * @param loader reads the studies; may throw
   */
  public TrialCatalogue(Supplier<List<TrialCandidate>> loader) {
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  /** Studies read by {@code source}, the readable ones kept by {@code normaliser}. */
  public static TrialCatalogue of(FhirResearchStudySource source, ResearchStudyNormaliser normaliser) {
    return new TrialCatalogue(() -> source.load().stream().map(normaliser::normalise).flatMap(Optional::stream)
        .toList());
  }

  /** Reads the studies again; never throws. */
  public void refresh() {
    try {
      List<TrialCandidate> loaded = List.copyOf(loader.get());
      current = loaded;
      log.info("trial matching: {} open research stud{} on the server", loaded.size(),
          loaded.size() == 1 ? "y" : "ies");
    } catch (RuntimeException e) {
      if (current == null) {
        current = List.of();
      }
      log.warn("research studies not read ({}): using the {} from the last load", FaultClassifier.sanitisedReason(e),
          current.size());
    }
  }

  /** The studies of the last load (loaded now when never loaded). */
  public List<TrialCandidate> current() {
    if (current == null) {
      refresh();
    }
    return current;
  }
}
