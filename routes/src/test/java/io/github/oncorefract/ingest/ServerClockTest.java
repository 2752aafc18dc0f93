package io.github.oncorefract.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which clock the incremental cursor takes, and how the next pass's {@code _lastUpdated} value is written. */
class ServerClockTest {

  private static final Instant DATE = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant LAST_UPDATED = Instant.parse("2026-12-01T09:59:58.123Z");
  private static final Instant ADAPTER = Instant.parse("2026-12-05T11:00:00Z");

  @Test
  void theResponseDateWinsThenTheBundlesLastUpdatedThenTheAdapterClockMinusTheMargin() {
    assertThat(ServerClock.choose(DATE, LAST_UPDATED, ADAPTER, Duration.ofMinutes(5)))
        .isEqualTo(new ServerClock.Reading(DATE, ServerClock.Source.RESPONSE_DATE));
    assertThat(ServerClock.choose(null, LAST_UPDATED, ADAPTER, Duration.ofMinutes(5)))
        .isEqualTo(new ServerClock.Reading(LAST_UPDATED, ServerClock.Source.BUNDLE_LAST_UPDATED));
    assertThat(ServerClock.choose(null, null, ADAPTER, Duration.ofMinutes(5)))
        .isEqualTo(new ServerClock.Reading(Instant.parse("2026-12-05T10:55:00Z"), ServerClock.Source.ADAPTER_CLOCK));
  }

  @Test
  void httpDatesAreReadAsUtcAndAnythingElseIsIgnored() {
    assertThat(ServerClock.parseHttpDate("Tue, 01 Dec 2026 10:00:00 GMT")).isEqualTo(DATE);
    assertThat(ServerClock.parseHttpDate(" Tue, 1 Dec 2026 10:00:00 GMT ")).isEqualTo(DATE);
    assertThat(ServerClock.parseHttpDate("Tue, 01 Dec 2026 11:00:00 +0100")).isEqualTo(DATE);
    assertThat(ServerClock.parseHttpDate("2026-12-01T10:00:00Z")).isNull();
    assertThat(ServerClock.parseHttpDate("")).isNull();
    assertThat(ServerClock.parseHttpDate(null)).isNull();
  }

  @Test
  void theScopeRecordsOnlyWhatHappensInsideIt() {
    ServerClock.Dated<String> dated = ServerClock.during(() -> "x");
    assertThat(dated.value()).isEqualTo("x");
    assertThat(dated.date()).as("no response seen").isNull();
  }

  @Test
  void theNextPassSearchesGeTheHighWaterMarkMinusTheOverlapInUtcUrlEncoded() {
    assertThat(FhirPatientFinder.lastUpdatedGe(DATE, Duration.ofMinutes(2)))
        .isEqualTo("ge2026-12-01T09%3A58%3A00Z");
    assertThat(FhirPatientFinder.lastUpdatedGe(LAST_UPDATED, Duration.ZERO))
        .isEqualTo("ge2026-12-01T09%3A59%3A58.123Z");
    // A value with an offset (as another client or an older cursor could write it) keeps its '+' as %2B, never a space.
    assertThat(FhirSearchPatientDataSource.encode("2026-12-01T11:00:00+01:00"))
        .isEqualTo("2026-12-01T11%3A00%3A00%2B01%3A00");
    assertThatThrownBy(() -> new FhirPatientFinder(() -> null, PatientScope.all(), c -> true, 10,
        FhirPager.defaults(), Duration.ofMinutes(-1))).hasMessageContaining("adapter.fhir.cursor-overlap");
  }

  @Test
  void unsupportedSearchNamesTypeAndParameterNamesNeverValues() {
    UnsupportedSearchException e = new UnsupportedSearchException("Observation",
        UnsupportedSearchException.parameterNames("Observation?patient=secret-id-42&_count=200&code%3Atext=x&=y"),
        new RuntimeException("HTTP 400 Bad Request: unknown parameter patient=secret-id-42"));
    assertThat(e.parameters()).containsExactly("_count", "patient");
    assertThat(e.getMessage()).contains("Observation").contains("[_count, patient]").doesNotContain("secret-id-42");
    assertThat(UnsupportedSearchException.parameterNames("Observation")).isEmpty();
    assertThat(UnsupportedSearchException.parameterNames("Observation?category=laboratory&patient:Patient=p"))
        .isEqualTo(List.copyOf(new java.util.TreeSet<>(Set.of("category", "patient:Patient"))));
  }
}
