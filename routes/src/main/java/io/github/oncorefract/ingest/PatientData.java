package io.github.oncorefract.ingest;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Everything read for one patient in one pass.
 *
 * @param patientId logical Patient id
 * @param resources the Patient, then every resource of the searched types for that patient, plus Medications brought
 *                  by {@code _include}; no duplicates (by type and id)
 * @param requests  number of HTTP requests it took (searches plus followed {@code next} pages)
 */
public record PatientData(String patientId, List<IBaseResource> resources, int requests) {
  public PatientData {
    resources = List.copyOf(resources);
  }
}
