package io.github.oncorefract.adapter.seed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a seed load did (issue 8, class 9: the loader loses nothing and says so). Every entry read ends in exactly one
 * of: loaded, merged into another copy of the same {@code Type/id}, refused, or skipped:
 * {@code entriesRead == resourcesLoaded + duplicatesMerged + refusedEntries() + entriesSkipped}
 * ({@link #accountsForEveryEntry()}).
 *
 * <p>An <b>entry</b> is one Bundle entry (with or without a resource), one resource inside a {@code Parameters}
 * resource ({@code parameter[i].resource}, also in {@code part}), one element of a bare JSON array, one non-blank
 * NDJSON line, or one file holding a single resource. A file that cannot be read or parsed at all counts as one entry,
 * refused. Bundles and {@code Parameters} themselves are containers, not entries.
 *
 * <p>Nothing here carries a file name or path in its {@code toString()} or {@link #summary()}: Synthea names files
 * after the patient ({@code Given_Family_uuid.json}), so sources are named by position ({@code file 12 of 109}); the
 * relative path is kept only in {@link Refusal#path()} and {@link Merge#keptPath()} for a caller that logs at DEBUG
 * (issue 8, class 12).
 *
 * @param filesRead        JSON / NDJSON files opened (other files in the folder are ignored and not counted)
 * @param filesRefused     files that could not be read or parsed at all (each also has a {@link Refusal})
 * @param entriesRead      entries found (see above)
 * @param resourcesLoaded  resources the server accepted (created or updated), one per {@code Type/id}
 * @param duplicatesMerged copies of a {@code Type/id} that were not loaded because another copy was (see
 *                         {@link #merges()} for which copy was kept and why)
 * @param entriesSkipped   entries with nothing to load, counted per reason in {@code skippedByReason}
 * @param skippedByReason  {@code no-resource} (an entry without a resource, e.g. a {@code DELETE}),
 *                         {@code not-a-write} (a {@code GET}, {@code PATCH}... entry of a transaction or batch),
 *                         {@code search-outcome} (an OperationOutcome of a searchset); sorted by reason
 * @param repairs          dangling references repaired in the resources that were loaded, counted per
 *                         {@code "<repair> <Type>.<element path>"}, e.g. {@code "dropped Observation.encounter"}; repairs
 *                         are {@code dropped} (the reference removed, its display and identifier kept),
 *                         {@code placeholder} (a required element pointed at {@code Type/<id>}, which the server
 *                         creates as a placeholder) and {@code identifier} (a required element of no known target
 *                         type kept as a logical reference, {@code identifier} = the original {@code urn:uuid:});
 *                         never values
 * @param merges           one per {@code Type/id} read more than once: which copy was loaded, and the rule
 * @param refused          what was refused and why; never contains resource bodies or names
 * @param elapsed          wall-clock time of the load
 */
public record SeedReport(
    int filesRead,
    int filesRefused,
    int entriesRead,
    int resourcesLoaded,
    int duplicatesMerged,
    int entriesSkipped,
    Map<String, Long> skippedByReason,
    Map<String, Long> repairs,
    List<Merge> merges,
    List<Refusal> refused,
    Duration elapsed) {

  /**
   * One refused file, entry or resource.
   *
   * @param source       position of the file and of the entry in it, e.g. {@code file 12 of 109, entry 34},
   *                     {@code file 3 of 5, line 7}, or a label such as {@code demo#2}; never a file name
   * @param resourceType resource type, or null when the file/line could not be parsed
   * @param id           the id the loader used ({@code Type/id}'s id part), or null when unparsed
   * @param code         HAPI error code ({@code HAPI-1094}), else {@code HTTP-<status>}, {@code PARSE}, {@code IO}...
   * @param message      short reason (at most 200 characters; quoted values redacted to {@code "…"})
   * @param path         the file's path relative to the seed folder, or null; it may carry a patient's name, so it is
   *                     left out of {@link #toString()} and must be logged at DEBUG only
   */
  public record Refusal(String source, String resourceType, String id, String code, String message, String path) {
    public Refusal {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(code, "code");
    }

    /** A refusal with no file path (e.g. of a demo transaction). */
    public Refusal(String source, String resourceType, String id, String code, String message) {
      this(source, resourceType, id, code, message, null);
    }

    /** Source, type/id, code and message; never the path. */
    @Override
    public String toString() {
      return source + " " + resourceType + "/" + id + ": " + code + " " + message;
    }
  }

  /**
   * Which copy of a {@code Type/id} found several times was loaded.
   *
   * @param resourceType resource type
   * @param id           the id
   * @param copies       copies read (all but the kept one count as merged)
   * @param kept         position of the loaded copy ({@code file 7 of 109, entry 3}), or null when every copy was
   *                     refused
   * @param rule         why that copy: {@code latest-last-updated} (the latest {@code meta.lastUpdated}),
   *                     {@code most-content} (the longest JSON after reference repair), {@code fewest-repairs} (as
   *                     long, but fewer dangling references repaired), {@code latest-file} (otherwise equal: the copy
   *                     read last), or
   *                     {@code <rule>+fallback} when the server refused the preferred copy and the next one was
   *                     loaded, or {@code all-refused}
   * @param keptPath     the kept copy's file path relative to the seed folder, or null; DEBUG only, left out of
   *                     {@link #toString()}
   */
  public record Merge(String resourceType, String id, int copies, String kept, String rule, String keptPath) {
    /** Type/id, copies, kept position and rule; never the path. */
    @Override
    public String toString() {
      return resourceType + "/" + id + ": " + copies + " copies, kept " + kept + " (" + rule + ")";
    }
  }

  public SeedReport {
    skippedByReason = Map.copyOf(skippedByReason);
    repairs = Map.copyOf(repairs);
    merges = List.copyOf(merges);
    refused = List.copyOf(refused);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** A report of nothing. */
  public static SeedReport empty() {
    return new SeedReport(0, 0, 0, 0, 0, 0, Map.of(), Map.of(), List.of(), List.of(), Duration.ZERO);
  }

  /** Refused entries: every refusal (resources, unparseable lines, unreadable files). */
  public int refusedEntries() {
    return refused.size();
  }

  /** Refused resources (refusals with a resource type, i.e. not whole files or unparseable lines). */
  public int refusedResources() {
    return (int) refused.stream().filter(r -> r.resourceType() != null).count();
  }

  /** True when every entry read is loaded, merged, refused or skipped: the identity in the class comment. */
  public boolean accountsForEveryEntry() {
    return entriesRead == resourcesLoaded + duplicatesMerged + refusedEntries() + entriesSkipped;
  }

  /** Number of refusals per code, sorted by code. */
  public Map<String, Long> refusedByReason() {
    return refused.stream().collect(Collectors.groupingBy(Refusal::code, TreeMap::new, Collectors.counting()));
  }

  /** Number of reference repairs per kind ({@code dropped}, {@code placeholder}, {@code identifier}), sorted. */
  public Map<String, Long> repairsByKind() {
    Map<String, Long> byKind = new TreeMap<>();
    repairs.forEach((key, n) -> byKind.merge(key.substring(0, key.indexOf(' ') < 0 ? key.length() : key.indexOf(' ')),
        n, Long::sum));
    return byKind;
  }

  /** Number of merged {@code Type/id}s per rule that chose the kept copy, sorted. */
  public Map<String, Long> mergesByRule() {
    return merges.stream().collect(Collectors.groupingBy(Merge::rule, TreeMap::new, Collectors.counting()));
  }

  /** The sum of two reports (e.g. demo cohort, then seed folder). */
  public SeedReport plus(SeedReport other) {
    List<Refusal> all = new ArrayList<>(refused);
    all.addAll(other.refused);
    List<Merge> allMerges = new ArrayList<>(merges);
    allMerges.addAll(other.merges);
    return new SeedReport(
        filesRead + other.filesRead,
        filesRefused + other.filesRefused,
        entriesRead + other.entriesRead,
        resourcesLoaded + other.resourcesLoaded,
        duplicatesMerged + other.duplicatesMerged,
        entriesSkipped + other.entriesSkipped,
        sum(skippedByReason, other.skippedByReason),
        sum(repairs, other.repairs),
        allMerges,
        all,
        elapsed.plus(other.elapsed));
  }

  private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> out = new TreeMap<>(a);
    b.forEach((k, v) -> out.merge(k, v, Long::sum));
    return out;
  }

  /** One line for the log: counts only, no identifiers, no file names. */
  public String summary() {
    return "files read " + filesRead + " (refused " + filesRefused + "), entries read " + entriesRead
        + " = loaded " + resourcesLoaded + " + merged " + duplicatesMerged + " + refused " + refusedEntries()
        + " + skipped " + entriesSkipped + (accountsForEveryEntry() ? "" : " (DOES NOT ADD UP)")
        + "; refusals by reason " + refusedByReason() + ", skipped by reason " + new TreeMap<>(skippedByReason)
        + ", duplicates kept by rule " + mergesByRule() + ", dangling references repaired " + repairsByKind()
        + ", in " + elapsed.toMillis() + " ms";
  }
}
