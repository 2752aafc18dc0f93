package io.github.oncorefract.knowledge;

import io.github.oncorefract.domain.DrugCatalog;
import io.github.oncorefract.domain.IngredientInfo;
import io.github.oncorefract.profiles.KnowledgeCsv;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Cross-resistance groups of antineoplastic ingredients, read from {@code cross-resistance-groups.csv} (one row per
 * group: display name, whether a failure warns, source) and {@code cross-resistance-members.csv} (ingredients whose
 * group is finer than their drug class, each with its source) in {@link TableDrugCatalog#BASE}. An ingredient's group
 * is its member row's group, else its {@code drug_class}. Used by the CDS Hooks {@code order-select} check: "a drug
 * of this group already failed". Knowledge is data: no ingredient or class list lives in Java. Immutable and
 * thread-safe.
 */
public final class CrossResistanceTable {

  /**
   * One group.
   *
   * @param code    lower-case code, e.g. {@code "anti-pd-1-pd-l1"}, {@code "imid"}
   * @param display the name a clinician reads, e.g. {@code "anti-PD-(L)1"}, {@code "IMiD"}
   * @param warn    false when progression on a drug of the group never makes a class-failure warning (treatment beyond
   *                progression is labelled, e.g. bevacizumab; or a placeholder ingredient)
   * @param source  why the group is drawn so (FDA label, NCCN guideline, trial, or "drug class")
   */
  public record Group(String code, String display, boolean warn, String source) {}

  private final DrugCatalog drugs;
  private final Map<String, Group> groups;
  private final Map<String, String> members;

  private CrossResistanceTable(DrugCatalog drugs, Map<String, Group> groups, Map<String, String> members) {
    this.drugs = drugs;
    this.groups = groups;
    this.members = members;
  }

  /**
   * Loads the default tables from the classpath.
   *
   * @param drugs the ingredient table (for the drug class of an ingredient without a member row)
   * @throws IllegalStateException when a table is missing, a member names an ingredient the drug table does not know
   *                               or a group without a row, or a non-supportive ingredient's group has no row
   */
  public static CrossResistanceTable loadDefault(TableDrugCatalog drugs) {
    CrossResistanceTable t = load(drugs, KnowledgeCsv.readResource(TableDrugCatalog.BASE + "cross-resistance-groups.csv"),
        KnowledgeCsv.readResource(TableDrugCatalog.BASE + "cross-resistance-members.csv"));
    for (IngredientInfo i : drugs.ingredients()) {
      if (!i.supportive() && t.group(i.name()).isEmpty()) {
        throw new IllegalStateException("cross-resistance-groups.csv: no row for the group of " + i.name() + " ("
            + i.drugClass() + ")");
      }
    }
    return t;
  }

  static CrossResistanceTable load(DrugCatalog drugs, List<Map<String, String>> groupRows,
      List<Map<String, String>> memberRows) {
    Map<String, Group> g = new LinkedHashMap<>();
    for (Map<String, String> r : groupRows) {
      String code = r.get("group").strip().toLowerCase(Locale.ROOT);
      if (g.put(code, new Group(code, r.get("display").strip(), !"false".equalsIgnoreCase(r.get("warn").strip()),
          r.get("source"))) != null) {
        throw new IllegalStateException("cross-resistance-groups.csv: duplicate group " + code);
      }
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (Map<String, String> r : memberRows) {
      String name = r.get("ingredient").strip().toLowerCase(Locale.ROOT);
      String group = r.get("group").strip().toLowerCase(Locale.ROOT);
      if (drugs.ingredient(name).isEmpty()) {
        throw new IllegalStateException("cross-resistance-members.csv: ingredient not in "
            + "antineoplastic-ingredients.csv: " + name);
      }
      if (!g.containsKey(group)) {
        throw new IllegalStateException("cross-resistance-members.csv: group without a row in "
            + "cross-resistance-groups.csv: " + group);
      }
      if (m.put(name, group) != null) {
        throw new IllegalStateException("cross-resistance-members.csv: duplicate ingredient " + name);
      }
    }
    return new CrossResistanceTable(Objects.requireNonNull(drugs), Collections.unmodifiableMap(g),
        Collections.unmodifiableMap(m));
  }

  /**
   * The cross-resistance group of an ingredient.
   *
   * @param ingredient lower-case ingredient name
   * @return empty for an unknown or supportive ingredient
   */
  public Optional<Group> group(String ingredient) {
    Optional<IngredientInfo> info = drugs.ingredient(ingredient);
    if (info.isEmpty() || info.get().supportive()) {
      return Optional.empty();
    }
    String code = members.getOrDefault(info.get().name(), info.get().drugClass());
    return Optional.ofNullable(code == null ? null : groups.get(code));
  }

  /** Every group row, in table order. */
  public List<Group> groups() {
    return List.copyOf(groups.values());
  }
}
