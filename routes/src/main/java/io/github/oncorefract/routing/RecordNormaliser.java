package io.github.oncorefract.routing;

import io.github.oncorefract.domain.PatientRecord;
import java.util.Collection;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** FHIR to domain for one patient; implemented by {@code io.github.oncorefract.normalise.PatientNormaliser}. */
@FunctionalInterface
public interface RecordNormaliser {
  /**
   * @param patientId logical Patient id
   * @param resources everything read for the patient
   * @return the normalised record; malformed input is quarantined inside it, never thrown
   */
  PatientRecord normalise(String patientId, Collection<? extends IBaseResource> resources);
}
