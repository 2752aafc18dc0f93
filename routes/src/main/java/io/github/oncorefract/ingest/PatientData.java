package io.github.oncorefract.ingest;

import io.github.oncorefract.domain.QuarantineEntry;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Everything read for one patient in one pass.
 *
 * @param patientId logical Patient id
 * @param resources the Patient, then every resource of the searched types for that patient, plus Medications brought
 *                  by {@code _include}; no duplicates (by type and id)
 * @param requests  number of HTTP requests it took (searches plus followed {@code next} pages)
 * @param quarantined resources left out because a value in them could not be parsed (type, id, element path; no
 *                  values), and invalid values the reader could not attribute to one resource
 */
public record PatientData(String patientId, List<IBaseResource> resources, int requests,
    List<QuarantineEntry> quarantined) {
  public PatientData {
    resources = List.copyOf(resources);
    quarantined = List.copyOf(quarantined);
  }

  /** Data with nothing quarantined. */
  public PatientData(String patientId, List<IBaseResource> resources, int requests) {
    this(patientId, resources, requests, List.of());
  }
}
