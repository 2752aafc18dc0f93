package io.github.oncorefract.domain;

import java.util.List;
import java.util.Optional;

/**
 * Drug knowledge the engine and normalisers need: ingredient facts, and codes and texts mapped to ingredients.
 * Implemented from the tables in {@code fhir-profiles}.
 */
public interface DrugCatalog {

  /** Facts about an ingredient by its lower-case name; empty when unknown. */
  Optional<IngredientInfo> ingredient(String name);

  /**
   * Ingredients of a coded drug: RxNorm IN/SCD/SBD, ATC, NDC, SNOMED product, UNII.
   *
   * @param system code system URI, e.g. {@code "http://www.nlm.nih.gov/research/umls/rxnorm"}
   * @param code   the code
   * @return ingredient names, empty when unknown
   */
  List<String> ingredientsForCode(String system, String code);

  /** Ingredients named in free text (brands, salts, known misspellings); empty when none recognised. */
  List<String> ingredientsForText(String text);
}
