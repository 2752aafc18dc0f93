package io.github.oncorefract.adapter.demo;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;

/** STUB: replaced by the real generator. */
public class DemoCohortGenerator {

  private final FhirContext fhirContext;

  public DemoCohortGenerator(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
  }

  /**
   * Generates {@code size} synthetic patients, one transaction Bundle per patient, the same for the same seed.
   */
  public List<Bundle> generate(int size, long seed) {
    return List.of();
  }
}
