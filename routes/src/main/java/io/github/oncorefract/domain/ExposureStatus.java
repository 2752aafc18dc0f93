package io.github.oncorefract.domain;

/**
 * Normalised status of an exposure. {@code entered-in-error}, {@code not-taken}, {@code cancelled} and
 * {@code draft} resources never become exposures at all.
 */
public enum ExposureStatus {
  ACTIVE,
  COMPLETED,
  STOPPED,
  ON_HOLD,
  UNKNOWN
}
