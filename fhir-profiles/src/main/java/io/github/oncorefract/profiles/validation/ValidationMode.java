package io.github.oncorefract.profiles.validation;

import java.util.Locale;

/**
 * What the adapter does with the validation of a resource it is about to write ({@code adapter.validation.mode}).
 */
public enum ValidationMode {
  /** Resources are not validated. */
  OFF,
  /** Resources are validated; errors are logged (sanitised) and counted, and the resource is still sent. */
  WARN,
  /** Resources are validated; a resource with an error is never sent and its patient counts as failed. */
  ENFORCE;

  /**
   * @param value {@code off}, {@code warn} or {@code enforce}, any case; {@code null} or blank means {@link #WARN}
   * @return the mode
   * @throws IllegalArgumentException for any other value
   */
  public static ValidationMode parse(String value) {
    if (value == null || value.isBlank()) {
      return WARN;
    }
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
