package io.github.oncorefract.domain;

/**
 * The conclusion for one cancer. Codes are those of the project's refractory-status CodeSystem
 * ({@code fhir-profiles}).
 */
public enum RefractoryStatus {
  LIKELY_REFRACTORY("likely-refractory"),
  AT_RISK("at-risk"),
  NOT_REFRACTORY("not-refractory"),
  INSUFFICIENT_DATA("insufficient-data");

  private final String code;

  RefractoryStatus(String code) {
    this.code = code;
  }

  /** The CodeSystem code, e.g. {@code "likely-refractory"}. */
  public String code() {
    return code;
  }
}
