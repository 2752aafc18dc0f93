package io.github.oncorefract.domain;

/** The FHIR resource type an exposure was read from. One line recorded several ways counts once. */
public enum ExposureSource {
  MEDICATION_STATEMENT,
  MEDICATION_REQUEST,
  MEDICATION_ADMINISTRATION,
  PROCEDURE
}
