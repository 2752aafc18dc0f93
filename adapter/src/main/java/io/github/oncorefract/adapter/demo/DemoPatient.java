package io.github.oncorefract.adapter.demo;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;

/**
 * One generated demo patient with the truth it was designed to show.
 *
 * @param patientId logical id of the Patient, e.g. {@code "demo-0001"} (no resource type prefix); also the export
 *                  file name without {@code .json}
 * @param bundle    the FHIR R4 transaction Bundle holding every resource of this patient, each entry a
 *                  {@code PUT Type/id}
 * @param cancers   the designed truth, one entry per cancer Condition, in the order the Conditions appear
 */
public record DemoPatient(String patientId, Bundle bundle, List<DemoCancer> cancers) {

  public DemoPatient {
    cancers = List.copyOf(cancers);
  }
}
