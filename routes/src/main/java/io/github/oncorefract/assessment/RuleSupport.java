package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StopReason;
import io.github.oncorefract.therapy.DerivedLine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Helpers shared by the rule sets. */
final class RuleSupport {

  private RuleSupport() {}

  /** "1st", "2nd", "3rd", "4th", "11th"... */
  static String ordinal(int n) {
    int mod100 = n % 100;
    String suffix;
    if (mod100 >= 11 && mod100 <= 13) {
      suffix = "th";
    } else {
      suffix = switch (n % 10) {
        case 1 -> "st";
        case 2 -> "nd";
        case 3 -> "rd";
        default -> "th";
      };
    }
    return n + suffix;
  }

  /** Progression/recurrence events dated strictly after {@code after} and on or before {@code asOf}. */
  static List<DiseaseStatusEvent> progressionsAfter(List<DiseaseStatusEvent> events, LocalDate after, LocalDate asOf) {
    return events.stream()
        .filter(e -> e.date() != null && e.status() != null && e.status().isProgression())
        .filter(e -> e.date().isAfter(after) && !e.date().isAfter(asOf))
        .toList();
  }

  /** Exposures of a line stopped for "no response to treatment". */
  static List<DrugExposure> noResponse(DerivedLine line) {
    return line.exposures().stream().filter(e -> e.stopReason() == StopReason.NO_RESPONSE).toList();
  }

  /** Earliest date among progression events and no-response stops (their last known day). */
  static Optional<LocalDate> firstEvidenceDate(List<DiseaseStatusEvent> events, List<DrugExposure> stops) {
    List<LocalDate> dates = new ArrayList<>();
    events.forEach(e -> dates.add(e.date()));
    stops.forEach(e -> dates.add(e.lastKnownDay()));
    return dates.stream().min(LocalDate::compareTo);
  }

  /** Sources of lines. */
  static List<ResourceRef> lineEvidence(Collection<DerivedLine> lines) {
    return lines.stream().flatMap(l -> l.line().sources().stream()).distinct().toList();
  }

  static List<ResourceRef> refs(List<DiseaseStatusEvent> events, List<DrugExposure> exposures) {
    List<ResourceRef> out = new ArrayList<>();
    events.stream().map(DiseaseStatusEvent::source).filter(Objects::nonNull).forEach(out::add);
    exposures.stream().map(DrugExposure::resource).filter(Objects::nonNull).forEach(out::add);
    return out;
  }

  /** Severity order used to combine rule results: likely refractory &gt; at risk &gt; not refractory &gt; insufficient. */
  static int severity(RefractoryStatus s) {
    return switch (s) {
      case LIKELY_REFRACTORY -> 3;
      case AT_RISK -> 2;
      case NOT_REFRACTORY -> 1;
      case INSUFFICIENT_DATA -> 0;
    };
  }

  /** Human words for a status, e.g. {@code "likely refractory"}. */
  static String words(RefractoryStatus s) {
    return s.code().replace('-', ' ');
  }

  /**
   * The INSUFFICIENT_DATA outcome of a cancer with no line of therapy.
   *
   * @param subject how the reason names the cancer, e.g. {@code "this cancer"}
   */
  static RuleOutcome noTherapy(RuleInput input, String subject) {
    return new RuleOutcome(RefractoryStatus.INSUFFICIENT_DATA,
        List.of(new Reason("no-antineoplastic-exposure",
            "No dated antineoplastic exposure is attributed to " + subject + ".", List.of(input.cancer().ref()))),
        null, "no antineoplastic therapy recorded", java.util.Set.of());
  }
}
