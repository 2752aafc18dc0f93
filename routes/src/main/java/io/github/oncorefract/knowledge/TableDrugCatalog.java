package io.github.oncorefract.knowledge;

import io.github.oncorefract.profiles.KnowledgeCsv;
import io.github.oncorefract.domain.DrugCatalog;
import io.github.oncorefract.domain.IngredientInfo;
import io.github.oncorefract.domain.MaintenanceRole;
import io.github.oncorefract.knowledge.CodeSystems.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link DrugCatalog} backed by the CSV tables of {@code fhir-profiles}:
 * {@code antineoplastic-ingredients.csv}, {@code drug-codes.csv} and {@code drug-text-synonyms.csv}
 * (columns and sources in the {@code README.md} beside them). Immutable and thread-safe once loaded.
 *
 * <p>Codes are looked up by vocabulary (RxNorm, ATC, NDC, SNOMED CT, UNII; see {@link CodeSystems#vocabulary}), so
 * {@code http://www.whocc.no/atc} and {@code http://fhir.de/CodeSystem/bfarm/atc} are the same table. Texts are
 * matched case-insensitively as whole words, longest synonym first, each span used once.
 */
public final class TableDrugCatalog implements DrugCatalog {

  /** Classpath folder of the tables. */
  public static final String BASE = "/io/github/oncorefract/knowledge/";

  private final Map<String, IngredientInfo> ingredients;
  private final Map<String, List<String>> codes;
  private final List<Synonym> synonyms;

  private record Synonym(String text, Pattern pattern, List<String> ingredients) {}

  private TableDrugCatalog(
      Map<String, IngredientInfo> ingredients, Map<String, List<String>> codes, List<Synonym> synonyms) {
    this.ingredients = ingredients;
    this.codes = codes;
    this.synonyms = synonyms;
  }

  /**
   * Loads the default tables from the classpath.
   *
   * @throws IllegalStateException when a table is missing or a row names an ingredient that is not in the
   *                               ingredient table
   */
  public static TableDrugCatalog loadDefault() {
    return load(
        KnowledgeCsv.readResource(BASE + "antineoplastic-ingredients.csv"),
        KnowledgeCsv.readResource(BASE + "drug-codes.csv"),
        KnowledgeCsv.readResource(BASE + "drug-text-synonyms.csv"));
  }

  static TableDrugCatalog load(
      List<Map<String, String>> ingredientRows,
      List<Map<String, String>> codeRows,
      List<Map<String, String>> synonymRows) {
    Map<String, IngredientInfo> ing = new LinkedHashMap<>();
    for (Map<String, String> r : ingredientRows) {
      String name = r.get("name").toLowerCase(Locale.ROOT);
      ing.put(name, new IngredientInfo(
          name,
          emptyToNull(r.get("rxnorm")),
          r.get("drug_class"),
          emptyToNull(r.get("substitution_group")),
          MaintenanceRole.valueOf(r.getOrDefault("maintenance", "NONE").isEmpty()
              ? "NONE" : r.get("maintenance").toUpperCase(Locale.ROOT)),
          Boolean.parseBoolean(r.get("gap_exempt")),
          Boolean.parseBoolean(r.get("supportive"))));
    }
    Map<String, List<String>> codeMap = new HashMap<>();
    for (Map<String, String> r : codeRows) {
      Vocabulary v = Vocabulary.valueOf(r.get("system").toUpperCase(Locale.ROOT));
      List<String> names = names(r.get("ingredients"), ing, "drug-codes.csv " + r.get("code"));
      codeMap.put(key(v, r.get("code")), names);
    }
    Map<String, List<String>> synMap = new LinkedHashMap<>();
    for (String name : ing.keySet()) {
      synMap.put(name, List.of(name));
    }
    for (Map<String, String> r : synonymRows) {
      String text = r.get("text").toLowerCase(Locale.ROOT);
      synMap.put(text, names(r.get("ingredients"), ing, "drug-text-synonyms.csv " + text));
    }
    List<Synonym> syns = new ArrayList<>();
    synMap.forEach((text, names) -> syns.add(new Synonym(text, wordPattern(text), names)));
    syns.sort(Comparator.comparingInt((Synonym s) -> s.text().length()).reversed());
    return new TableDrugCatalog(
        Collections.unmodifiableMap(ing), Collections.unmodifiableMap(codeMap), List.copyOf(syns));
  }

  private static List<String> names(String cell, Map<String, IngredientInfo> ing, String where) {
    List<String> out = Arrays.stream(cell.split(";"))
        .map(s -> s.strip().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .toList();
    for (String n : out) {
      if (!ing.containsKey(n)) {
        throw new IllegalStateException(where + ": ingredient not in antineoplastic-ingredients.csv: " + n);
      }
    }
    return out;
  }

  private static Pattern wordPattern(String text) {
    return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(text) + "(?![\\p{L}\\p{N}])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  private static String key(Vocabulary v, String code) {
    return v + "|" + normaliseCode(v, code);
  }

  private static String normaliseCode(Vocabulary v, String code) {
    String c = code.strip();
    return switch (v) {
      case ATC, UNII -> c.toUpperCase(Locale.ROOT);
      case NDC -> c.replace(" ", "");
      default -> c;
    };
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  @Override
  public Optional<IngredientInfo> ingredient(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(ingredients.get(name.strip().toLowerCase(Locale.ROOT)));
  }

  /** Every ingredient row, in table order. */
  public List<IngredientInfo> ingredients() {
    return List.copyOf(ingredients.values());
  }

  @Override
  public List<String> ingredientsForCode(String system, String code) {
    if (code == null || code.isBlank()) {
      return List.of();
    }
    Vocabulary v = CodeSystems.vocabulary(system);
    if (v == Vocabulary.OTHER) {
      return List.of();
    }
    return codes.getOrDefault(key(v, code), List.of());
  }

  /**
   * True when a code is an antineoplastic or endocrine-therapy ATC code (L01, L02) that the table does not map: the
   * drug is probably antineoplastic but its ingredient is unknown, which callers report for review.
   */
  public boolean isUnmappedAntineoplasticCode(String system, String code) {
    if (code == null || CodeSystems.vocabulary(system) != Vocabulary.ATC) {
      return false;
    }
    String c = code.strip().toUpperCase(Locale.ROOT);
    return (c.startsWith("L01") || c.startsWith("L02")) && ingredientsForCode(system, code).isEmpty();
  }

  @Override
  public List<String> ingredientsForText(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    boolean[] used = new boolean[text.length()];
    Set<String> found = new LinkedHashSet<>();
    // position -> ingredients, so the result follows the order of the text
    Map<Integer, List<String>> byPos = new java.util.TreeMap<>();
    // cheap pre-filter: a synonym can only match where its lower-case text occurs (the table has ~900 synonyms)
    String lower = text.toLowerCase(Locale.ROOT);
    for (Synonym s : synonyms) {
      if (!lower.contains(s.text())) {
        continue;
      }
      Matcher m = s.pattern().matcher(text);
      while (m.find()) {
        if (free(used, m.start(), m.end())) {
          for (int i = m.start(); i < m.end(); i++) {
            used[i] = true;
          }
          byPos.put(m.start(), s.ingredients());
        }
      }
    }
    byPos.values().forEach(found::addAll);
    return List.copyOf(found);
  }

  private static boolean free(boolean[] used, int from, int to) {
    for (int i = from; i < to; i++) {
      if (used[i]) {
        return false;
      }
    }
    return true;
  }
}
