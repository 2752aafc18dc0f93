package io.github.oncorefract.domain;

import java.time.LocalDate;

/**
 * One antineoplastic ingredient given over one period, as read from one resource. A combination order yields one
 * exposure per ingredient. Exposures to supportive drugs are kept apart ({@link PatientRecord#supportiveExposures()})
 * and count only as regimen companions where a cancer's therapy parameters include them.
 *
 * @param ingredient       normalised lower-case ingredient name from the drug table, e.g. {@code "carboplatin"}
 * @param start            first day (UTC, earliest day of a partial date); never {@code null}
 * @param end              last day (UTC, latest day of a partial date), or {@code null} when open/ongoing
 * @param source           which kind of resource it came from
 * @param status           normalised status
 * @param stopReason       why it stopped, {@link StopReason#NONE} when not stated
 * @param intent           treatment intent when recorded
 * @param reasonCondition  the Condition the resource names as its reason, or {@code null}
 * @param resource         the resource it was read from
 */
public record DrugExposure(
    String ingredient,
    LocalDate start,
    LocalDate end,
    ExposureSource source,
    ExposureStatus status,
    StopReason stopReason,
    TreatmentIntent intent,
    ResourceRef reasonCondition,
    ResourceRef resource) {

  /** The last day known to be on the drug: {@code end}, or {@code start} when the period is open. */
  public LocalDate lastKnownDay() {
    return end != null ? end : start;
  }
}
