package io.github.oncorefract.domain;

import java.util.List;

/**
 * One reason behind a status or a suggestion, with the resources that are its evidence.
 *
 * @param code     stable machine code, e.g. {@code "advanced-lines-threshold"}, {@code "progression-on-latest-line"}
 * @param text     one sentence a clinician reads, no PHI
 * @param evidence resources behind it
 */
public record Reason(String code, String text, List<ResourceRef> evidence) {
  public Reason {
    evidence = List.copyOf(new java.util.TreeSet<>(evidence));
  }
}
