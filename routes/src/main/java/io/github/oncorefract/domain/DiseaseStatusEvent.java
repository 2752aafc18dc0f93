package io.github.oncorefract.domain;

import java.time.LocalDate;

/**
 * A dated disease-status or response assessment.
 *
 * @param date   effective day (UTC)
 * @param status normalised status
 * @param focus  the Condition it is about ({@code focus}, or a reference in an extension), or {@code null}
 * @param source the Observation (or Condition, for a new metastasis) it came from
 */
public record DiseaseStatusEvent(LocalDate date, DiseaseStatus status, ResourceRef focus, ResourceRef source) {}
