package io.github.oncorefract.knowledge;

import io.github.oncorefract.knowledge.CodeSystems.Vocabulary;
import io.github.oncorefract.profiles.KnowledgeCsv;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signals that a drug the ingredient table does not know is probably an antineoplastic, read from
 * {@code cancer-drug-signals.csv} of {@code fhir-profiles} (columns and sources in the file and the README beside it):
 * ATC prefixes L01/L02 (WHO ATC/DDD index), INN suffix stems such as {@code -mab}, {@code -nib}, {@code -lisib},
 * {@code -ciclib}, {@code -parib}, {@code -vedotin} (WHO, "The use of stems in the selection of International
 * Nonproprietary Names (INN) for pharmaceutical substances"), mCODE / MII oncology profiles and extensions, and
 * oncology order-set or category texts.
 *
 * <p>A signal only makes a drug REPORTED for review ({@code unrecognised-medication}); it never names an ingredient
 * and never makes an exposure. Each method answers a short, PHI-free label of the signal that matched, e.g.
 * {@code "atc-prefix L01"}, {@code "inn-stem -lisib"}, {@code "profile mcode-cancer-related-medication"}.
 * Immutable and thread-safe.
 */
public final class CancerDrugSignals {

  private record Stem(String stem, boolean report) {}

  private final List<String> atcPrefixes;
  private final List<Stem> stems;
  private final List<String> profiles;
  private final List<String> extensions;
  private final List<Pattern> orderTexts;

  private static final Pattern WORD = Pattern.compile("\\p{L}+");

  private CancerDrugSignals(List<String> atcPrefixes, List<Stem> stems, List<String> profiles,
      List<String> extensions, List<Pattern> orderTexts) {
    this.atcPrefixes = List.copyOf(atcPrefixes);
    this.stems = List.copyOf(stems);
    this.profiles = List.copyOf(profiles);
    this.extensions = List.copyOf(extensions);
    this.orderTexts = List.copyOf(orderTexts);
  }

  /**
   * Loads {@code cancer-drug-signals.csv} from the classpath folder {@link TableDrugCatalog#BASE}.
   *
   * @throws IllegalStateException when the table is missing or a row has an unknown kind or an invalid regex
   */
  public static CancerDrugSignals loadDefault() {
    return load(KnowledgeCsv.readResource(TableDrugCatalog.BASE + "cancer-drug-signals.csv"));
  }

  /** Signals that never match (a normaliser that reports nothing). */
  public static CancerDrugSignals none() {
    return new CancerDrugSignals(List.of(), List.of(), List.of(), List.of(), List.of());
  }

  static CancerDrugSignals load(List<Map<String, String>> rows) {
    List<String> atc = new ArrayList<>();
    List<Stem> stems = new ArrayList<>();
    List<String> profiles = new ArrayList<>();
    List<String> extensions = new ArrayList<>();
    List<Pattern> order = new ArrayList<>();
    for (Map<String, String> r : rows) {
      String kind = r.get("kind").strip().toLowerCase(Locale.ROOT);
      String value = r.get("value").strip();
      boolean report = !"false".equalsIgnoreCase(r.getOrDefault("report", "true").strip());
      switch (kind) {
        case "atc-prefix" -> atc.add(value.toUpperCase(Locale.ROOT));
        case "inn-stem" -> stems.add(new Stem(value.toLowerCase(Locale.ROOT).replaceFirst("^-", ""), report));
        case "profile" -> profiles.add(value.toLowerCase(Locale.ROOT));
        case "extension" -> extensions.add(value.toLowerCase(Locale.ROOT));
        case "order-text" -> {
          try {
            order.add(Pattern.compile(value, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
          } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalStateException("cancer-drug-signals.csv: invalid order-text regex: " + value, e);
          }
        }
        default -> throw new IllegalStateException("cancer-drug-signals.csv: unknown kind " + kind);
      }
    }
    // longest stem first: a word is decided by its longest matching stem (an exclusion such as -citinib beats -nib)
    stems.sort(Comparator.comparingInt((Stem s) -> s.stem().length()).reversed());
    return new CancerDrugSignals(atc, stems, profiles, extensions, order);
  }

  /**
   * The ATC signal of a coding: an ATC code (any ATC system URI, {@link CodeSystems#vocabulary}) under a listed
   * prefix (L01, L02).
   *
   * @return e.g. {@code "atc-prefix L01"}, empty for other systems and codes
   */
  public Optional<String> code(String system, String code) {
    if (code == null || CodeSystems.vocabulary(system) != Vocabulary.ATC) {
      return Optional.empty();
    }
    String c = code.strip().toUpperCase(Locale.ROOT);
    return atcPrefixes.stream().filter(c::startsWith).findFirst().map(p -> "atc-prefix " + p);
  }

  /**
   * The INN-stem signal of a drug text: a word that ends with a reporting stem and is at least three letters longer
   * than it, unless a longer excluding stem also ends it.
   *
   * @param text code.text, a coding display or a reference display; may be {@code null}
   * @return e.g. {@code "inn-stem -lisib"}, empty when no word matches
   */
  public Optional<String> text(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      String word = m.group();
      for (Stem s : stems) {
        if (word.length() >= s.stem().length() + 3 && word.endsWith(s.stem())) {
          if (s.report()) {
            return Optional.of("inn-stem -" + s.stem());
          }
          break; // an exclusion decides this word
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The profile signal of a {@code meta.profile} canonical (mCODE cancer-related medication, MII oncology therapy).
   *
   * @return e.g. {@code "profile mcode-cancer-related-medication"}, empty when none matches
   */
  public Optional<String> profile(String canonical) {
    return contained(canonical, profiles).map(p -> "profile " + p);
  }

  /**
   * The extension signal of an extension url (mCODE treatment intent).
   *
   * @return e.g. {@code "extension mcode-treatment-intent"}, empty when none matches
   */
  public Optional<String> extension(String url) {
    return contained(url, extensions).map(p -> "extension " + p);
  }

  /**
   * The order-set signal of a category text, code or display, or an {@code instantiates} canonical/URI.
   *
   * @return {@code "order-text"}, empty when no pattern finds a match
   */
  public Optional<String> orderText(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    return orderTexts.stream().anyMatch(p -> p.matcher(text).find()) ? Optional.of("order-text") : Optional.empty();
  }

  private static Optional<String> contained(String value, List<String> needles) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.toLowerCase(Locale.ROOT);
    return needles.stream().filter(v::contains).findFirst();
  }
}
