package io.github.oncorefract.ingest;

import io.github.oncorefract.domain.QuarantineEntry;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Everything read for one patient in one pass.
 *
 * @param patientId logical Patient id
 * @param resources the Patient, then every resource of the searched types for that patient, plus Medications brought
 *                  by {@code _include}; no duplicates (by type and id). Never the adapter's own output.
 * @param requests  number of HTTP requests it took (searches plus followed {@code next} pages; a {@code batch} counts
 *                  as one)
 * @param quarantined resources left out because a value in them could not be parsed (type, id, element path; no
 *                  values), and invalid values the reader could not attribute to one resource
 * @param earlierOutput the adapter's earlier output for the patient (its Flag, CarePlan, ServiceRequest and Task
 *                  resources with an identifier in the adapter's system, as
 *                  {@link io.github.oncorefract.publish.TransactionPublisher} searches them), when the reader read it
 *                  in the same round trip ({@link BatchPatientDataSource}); {@code null} when it was not read, and the
 *                  planner reads it itself. Kept apart from {@code resources}: the normaliser never sees it.
 */
public record PatientData(String patientId, List<IBaseResource> resources, int requests,
    List<QuarantineEntry> quarantined, List<IBaseResource> earlierOutput) {
  public PatientData {
    resources = List.copyOf(resources);
    quarantined = List.copyOf(quarantined);
    earlierOutput = earlierOutput == null ? null : List.copyOf(earlierOutput);
  }

  /** Data without the adapter's earlier output (the planner reads it). */
  public PatientData(String patientId, List<IBaseResource> resources, int requests,
      List<QuarantineEntry> quarantined) {
    this(patientId, resources, requests, quarantined, null);
  }

  /** Data with nothing quarantined. */
  public PatientData(String patientId, List<IBaseResource> resources, int requests) {
    this(patientId, resources, requests, List.of());
  }

  /** The same data without the earlier output (so a second plan of the patient reads it afresh). */
  public PatientData withoutEarlierOutput() {
    return earlierOutput == null ? this : new PatientData(patientId, resources, requests, quarantined, null);
  }
}
