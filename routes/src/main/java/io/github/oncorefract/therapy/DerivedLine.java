package io.github.oncorefract.therapy;

import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.LineOfTherapy;
import java.util.List;

/**
 * A line of therapy with the inputs it was derived from, for rule sets that need more than the line itself.
 *
 * @param line              the line
 * @param exposures         the exposures merged into it, in start order
 * @param progressionEvents progression or recurrence events attributed to it (dated after its start, no later than
 *                          the next line's start and within the progression window of its last day), in date order
 */
public record DerivedLine(LineOfTherapy line, List<DrugExposure> exposures, List<DiseaseStatusEvent> progressionEvents) {
  public DerivedLine {
    exposures = List.copyOf(exposures);
    progressionEvents = List.copyOf(progressionEvents);
  }

  /** True when an exposure of the line was stopped for "no response to treatment" (SNOMED 266721009). */
  public boolean stoppedForNoResponse() {
    return exposures.stream().anyMatch(e -> e.stopReason() == io.github.oncorefract.domain.StopReason.NO_RESPONSE);
  }
}
