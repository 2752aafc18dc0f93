package io.github.oncorefract.domain;

/**
 * A resource, or one element of it, that could not be used. Reported and counted, never silently dropped. Holds no
 * PHI: no names, identifiers, values or bodies.
 *
 * @param resourceType FHIR type, e.g. {@code "MedicationAdministration"}
 * @param resourceId   logical id, or {@code "(none)"}
 * @param elementPath  FHIRPath-like path of the offending element, e.g. {@code "effectivePeriod.start"}
 * @param reason       short machine-readable reason, e.g. {@code "invalid-date"}, {@code "unparsed-variant"}
 */
public record QuarantineEntry(String resourceType, String resourceId, String elementPath, String reason) {}
