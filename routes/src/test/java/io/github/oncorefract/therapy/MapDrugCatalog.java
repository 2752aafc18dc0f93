package io.github.oncorefract.therapy;

import io.github.oncorefract.domain.DrugCatalog;
import io.github.oncorefract.domain.IngredientInfo;
import io.github.oncorefract.domain.MaintenanceRole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A small in-test {@link DrugCatalog} backed by a map (a real implementation, not a mock). Roles follow
 * {@code clinical-model.md} section 2.
 */
public final class MapDrugCatalog implements DrugCatalog {

  private final Map<String, IngredientInfo> ingredients = new LinkedHashMap<>();

  /** Adds an ingredient. */
  public MapDrugCatalog add(String name, String drugClass, String substitutionGroup, MaintenanceRole role,
      boolean gapExempt, boolean supportive) {
    ingredients.put(name, new IngredientInfo(name, null, drugClass, substitutionGroup, role, gapExempt, supportive));
    return this;
  }

  private MapDrugCatalog drug(String name, String drugClass) {
    return add(name, drugClass, null, MaintenanceRole.NONE, false, false);
  }

  /** The catalog the tests and golden cases use. */
  public static MapDrugCatalog standard() {
    MapDrugCatalog c = new MapDrugCatalog();
    c.add("cisplatin", "platinum", "platinum", MaintenanceRole.NONE, false, false);
    c.add("carboplatin", "platinum", "platinum", MaintenanceRole.NONE, false, false);
    c.add("paclitaxel", "taxane", "paclitaxel", MaintenanceRole.NONE, false, false);
    c.add("nab-paclitaxel", "taxane", "paclitaxel", MaintenanceRole.NONE, false, false);
    c.add("pemetrexed", "antimetabolite", null, MaintenanceRole.CONTINUATION_OR_SWITCH, false, false);
    c.add("docetaxel", "taxane", null, MaintenanceRole.SWITCH, false, false);
    c.add("gemcitabine", "antimetabolite", null, MaintenanceRole.CONTINUATION, false, false);
    c.add("bevacizumab", "anti-vegf", null, MaintenanceRole.CONTINUATION, false, false);
    c.add("atezolizumab", "anti-pd-l1", null, MaintenanceRole.CONTINUATION, false, false);
    c.drug("pembrolizumab", "anti-pd-1");
    c.drug("vinorelbine", "vinca");
    c.drug("etoposide", "topoisomerase");
    for (String tki : List.of("erlotinib", "gefitinib", "afatinib", "osimertinib")) {
      c.add(tki, "egfr-tki", null, MaintenanceRole.NONE, true, false);
    }
    for (String tki : List.of("crizotinib", "ceritinib", "alectinib", "brigatinib")) {
      c.add(tki, "alk-tki", null, MaintenanceRole.NONE, true, false);
    }
    c.drug("lorlatinib", "alk-tki");
    c.drug("sotorasib", "kras-g12c");
    c.drug("adagrasib", "kras-g12c");
    c.drug("dabrafenib", "braf");
    c.drug("trametinib", "mek");
    c.drug("olaparib", "parp");
    c.drug("doxorubicin", "anthracycline");
    c.drug("cyclophosphamide", "alkylator");
    c.drug("rituximab", "anti-cd20");
    c.drug("vincristine", "vinca");
    c.drug("oxaliplatin", "platinum");
    c.drug("cytarabine", "antimetabolite");
    c.drug("bendamustine", "alkylator");
    c.drug("polatuzumab vedotin", "anti-cd79b-adc");
    c.drug("axicabtagene ciloleucel", "car-t-cd19");
    c.drug("tamoxifen", "endocrine");
    c.drug("lenalidomide", "imid");
    c.drug("pomalidomide", "imid");
    c.drug("bortezomib", "proteasome-inhibitor");
    c.drug("carfilzomib", "proteasome-inhibitor");
    c.drug("daratumumab", "anti-cd38");
    c.add("dexamethasone", "steroid", null, MaintenanceRole.NONE, false, true);
    // supportive as in the real table; DLBCL lines count them (AssessmentParameters.DLBCL_INCLUDED_SUPPORTIVE)
    c.add("prednisone", "steroid", null, MaintenanceRole.NONE, false, true);
    c.add("prednisolone", "steroid", null, MaintenanceRole.NONE, false, true);
    c.add("ondansetron", "antiemetic", null, MaintenanceRole.NONE, false, true);
    c.add("filgrastim", "g-csf", null, MaintenanceRole.NONE, false, true);
    return c;
  }

  @Override
  public Optional<IngredientInfo> ingredient(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(ingredients.get(name.toLowerCase(Locale.ROOT)));
  }

  @Override
  public List<String> ingredientsForCode(String system, String code) {
    return List.of();
  }

  @Override
  public List<String> ingredientsForText(String text) {
    if (text == null) {
      return List.of();
    }
    String t = text.toLowerCase(Locale.ROOT);
    return ingredients.keySet().stream().filter(t::contains).toList();
  }
}
