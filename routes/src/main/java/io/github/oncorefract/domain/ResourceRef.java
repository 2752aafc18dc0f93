package io.github.oncorefract.domain;

import java.util.Objects;

/**
 * A reference to a FHIR resource on the source server, by type and logical id only (no version, no base URL).
 * It is the unit of evidence: every line, reason and suggestion points at the resources behind it.
 *
 * @param type FHIR resource type, e.g. {@code "MedicationStatement"}
 * @param id   logical id on the source server, e.g. {@code "123"}
 */
public record ResourceRef(String type, String id) implements Comparable<ResourceRef> {

  public ResourceRef {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
  }

  /**
   * Parses {@code "Type/id"} (a leading base URL or a trailing {@code /_history/n} is dropped).
   *
   * @throws IllegalArgumentException if the value has no {@code Type/id} shape
   */
  public static ResourceRef parse(String reference) {
    if (reference == null) {
      throw new IllegalArgumentException("reference is null");
    }
    String r = reference;
    int hist = r.indexOf("/_history/");
    if (hist >= 0) {
      r = r.substring(0, hist);
    }
    String[] parts = r.split("/");
    if (parts.length < 2 || parts[parts.length - 2].isBlank() || parts[parts.length - 1].isBlank()
        || r.contains("?") || r.startsWith("#") || r.startsWith("urn:")) {
      throw new IllegalArgumentException("not a literal Type/id reference");
    }
    return new ResourceRef(parts[parts.length - 2], parts[parts.length - 1]);
  }

  /** {@code "Type/id"}. */
  public String value() {
    return type + "/" + id;
  }

  @Override
  public String toString() {
    return value();
  }

  @Override
  public int compareTo(ResourceRef o) {
    int c = type.compareTo(o.type);
    return c != 0 ? c : id.compareTo(o.id);
  }
}
