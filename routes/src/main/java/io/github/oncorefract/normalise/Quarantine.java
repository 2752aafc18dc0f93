package io.github.oncorefract.normalise;

import io.github.oncorefract.domain.QuarantineEntry;
import io.github.oncorefract.domain.UnrecognisedMedication;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;

/**
 * Collects, for one patient, quarantine entries (without duplicates and without any values: no PHI) and the
 * medications that look like cancer drugs but are not in the drug table (their codes and text only).
 */
final class Quarantine {

  private final Set<QuarantineEntry> entries = new LinkedHashSet<>();
  private final Set<UnrecognisedMedication> unrecognised = new LinkedHashSet<>();

  void add(Resource resource, String elementPath, String reason) {
    entries.add(new QuarantineEntry(
        resource == null ? "(unknown)" : resource.fhirType(), ResourceIndex.logicalId(resource), elementPath, reason));
  }

  void unrecognised(Resource resource, List<String> codes, String text, String signal) {
    unrecognised.add(new UnrecognisedMedication(resource == null ? "(unknown)" : resource.fhirType(),
        ResourceIndex.logicalId(resource), codes, text, signal));
  }

  List<QuarantineEntry> entries() {
    return new ArrayList<>(entries);
  }

  List<UnrecognisedMedication> unrecognisedMedications() {
    return new ArrayList<>(unrecognised);
  }
}
