package io.github.oncorefract.normalise;

import io.github.oncorefract.domain.QuarantineEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;

/** Collects quarantine entries for one patient, without duplicates and without any values (no PHI). */
final class Quarantine {

  private final Set<QuarantineEntry> entries = new LinkedHashSet<>();

  void add(Resource resource, String elementPath, String reason) {
    entries.add(new QuarantineEntry(
        resource == null ? "(unknown)" : resource.fhirType(), ResourceIndex.logicalId(resource), elementPath, reason));
  }

  List<QuarantineEntry> entries() {
    return new ArrayList<>(entries);
  }
}
