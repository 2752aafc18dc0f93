package io.github.oncorefract.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.TrialCandidate;
import io.github.oncorefract.ingest.Candidates;
import io.github.oncorefract.ingest.InMemoryCursorStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Studies are read once per pass with patients, lazily for a preview, and a failed read keeps the last ones. */
class TrialCatalogueTest {

  private static final TrialCandidate STUDY = new TrialCandidate(new ResourceRef("ResearchStudy", "s1"), "S", null,
      "active", Set.of(CancerType.NSCLC), Set.of(), false, false, false, List.of(), null);

  @Test
  void loadsLazilyOnceAndKeepsTheLastStudiesWhenAReadFails() {
    AtomicInteger loads = new AtomicInteger();
    TrialCatalogue c = new TrialCatalogue(() -> {
      if (loads.incrementAndGet() == 2) {
        throw new IllegalStateException("server down");
      }
      return List.of(STUDY);
    });
    assertThat(c.current()).containsExactly(STUDY);
    assertThat(c.current()).containsExactly(STUDY);
    assertThat(loads).hasValue(1);
    c.refresh();
    assertThat(loads).hasValue(2);
    assertThat(c.current()).as("kept after a failed read").containsExactly(STUDY);
  }

  @Test
  void aFirstFailedReadGivesNoStudies() {
    TrialCatalogue c = new TrialCatalogue(() -> {
      throw new IllegalStateException("server down");
    });
    assertThat(c.current()).isEmpty();
  }

  @Test
  void aPassWithPatientsRefreshesOnceAtItsStartAnEmptyOneDoesNot() {
    AtomicInteger loads = new AtomicInteger();
    TrialCatalogue catalogue = new TrialCatalogue(() -> {
      loads.incrementAndGet();
      return List.of(STUDY);
    });
    Set<String> patients = new TreeSet<>(List.of("p1", "p2"));
    PassCoordinator c = new PassCoordinator(
        cursor -> new Candidates(new TreeSet<>(patients), Instant.parse("2026-11-29T09:59:00Z"), false),
        new InMemoryCursorStore(), "server", WriteMode.WRITE,
        Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC), catalogue::refresh);
    c.begin(new PassRequest("api", true, false));
    assertThat(loads).hasValue(1);
    patients.clear();
    c.begin(new PassRequest("api", false, false));
    assertThat(loads).as("no patients, no read").hasValue(1);
  }
}
