package io.github.oncorefract.adapter.seed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a seed load did. Every resource read ends in exactly one of: loaded, refused, merged into a later duplicate
 * (same {@code Type/id}), or skipped (a Bundle entry that is not a write, e.g. {@code DELETE} or {@code GET}):
 * {@code resourcesRead == resourcesLoaded + refusedResources() + duplicatesMerged + entriesSkipped}.
 *
 * @param filesRead        JSON / NDJSON files opened (other files in the folder are ignored and not counted)
 * @param filesRefused     files that could not be read or parsed at all (each also has a {@link Refusal})
 * @param resourcesRead    resources found in the files and bundles (Bundle entries and NDJSON lines, not the Bundles)
 * @param resourcesLoaded  resources the server accepted (created or updated)
 * @param duplicatesMerged resources dropped because a later one had the same {@code Type/id} (the later one is loaded)
 * @param entriesSkipped   transaction/batch entries that are not writes ({@code DELETE}, {@code GET}, {@code PATCH}...)
 * @param refused          what was refused and why; never contains resource bodies or names
 * @param elapsed          wall-clock time of the load
 */
public record SeedReport(
    int filesRead,
    int filesRefused,
    int resourcesRead,
    int resourcesLoaded,
    int duplicatesMerged,
    int entriesSkipped,
    List<Refusal> refused,
    Duration elapsed) {

  /**
   * One refused file, NDJSON line or resource.
   *
   * @param source       file path relative to the seed folder (with {@code :line} for an NDJSON line), or a label
   *                     such as {@code demo}
   * @param resourceType resource type, or null when the file/line could not be parsed
   * @param id           the id the loader used ({@code Type/id}'s id part), or null when unparsed
   * @param code         HAPI error code ({@code HAPI-1094}), else {@code HTTP-<status>}, {@code PARSE}, {@code IO}...
   * @param message      short reason (at most 200 characters; quoted values redacted to {@code "…"})
   */
  public record Refusal(String source, String resourceType, String id, String code, String message) {
    public Refusal {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(code, "code");
    }
  }

  public SeedReport {
    refused = List.copyOf(refused);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** A report of nothing. */
  public static SeedReport empty() {
    return new SeedReport(0, 0, 0, 0, 0, 0, List.of(), Duration.ZERO);
  }

  /** Refused resources (refusals with a resource type, i.e. not whole files or unparseable lines). */
  public int refusedResources() {
    return (int) refused.stream().filter(r -> r.resourceType() != null).count();
  }

  /** Number of refusals per code, sorted by code. */
  public Map<String, Long> refusedByReason() {
    return refused.stream().collect(Collectors.groupingBy(Refusal::code, TreeMap::new, Collectors.counting()));
  }

  /** The sum of two reports (e.g. demo cohort, then seed folder). */
  public SeedReport plus(SeedReport other) {
    List<Refusal> all = new ArrayList<>(refused);
    all.addAll(other.refused);
    return new SeedReport(
        filesRead + other.filesRead,
        filesRefused + other.filesRefused,
        resourcesRead + other.resourcesRead,
        resourcesLoaded + other.resourcesLoaded,
        duplicatesMerged + other.duplicatesMerged,
        entriesSkipped + other.entriesSkipped,
        all,
        elapsed.plus(other.elapsed));
  }

  /** One line for the log: counts only, no identifiers. */
  public String summary() {
    return "files read " + filesRead + " (refused " + filesRefused + "), resources read " + resourcesRead
        + ", loaded " + resourcesLoaded + ", refused " + refusedResources() + ", duplicates merged "
        + duplicatesMerged + ", entries skipped " + entriesSkipped + ", refusals by reason " + refusedByReason()
        + ", in " + elapsed.toMillis() + " ms";
  }
}
