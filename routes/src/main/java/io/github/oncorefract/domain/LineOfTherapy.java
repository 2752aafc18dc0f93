package io.github.oncorefract.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One line of therapy.
 *
 * @param number          1-based number over all lines of this cancer, in start order
 * @param setting         curative or advanced
 * @param numberInSetting 1-based number within its setting (advanced-setting thresholds count these)
 * @param regimen         ingredient names (lower case), sorted; every ingredient that was part of the line,
 *                        including substitutes and maintenance agents
 * @param start           first day (UTC)
 * @param end             last day on therapy (UTC), or {@code null} when ongoing
 * @param endReason       why the line ended
 * @param sources         resources the line was derived from, sorted, without duplicates
 */
public record LineOfTherapy(
    int number,
    LineSetting setting,
    int numberInSetting,
    SortedSet<String> regimen,
    LocalDate start,
    LocalDate end,
    LineEndReason endReason,
    List<ResourceRef> sources) {

  public LineOfTherapy {
    regimen = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(regimen));
    sources = List.copyOf(new TreeSet<>(sources));
  }

  /** The regimen as {@code "carboplatin + pemetrexed"}. */
  public String regimenLabel() {
    return String.join(" + ", regimen);
  }
}
