package io.github.oncorefract.normalise;

import io.github.oncorefract.domain.ResourceRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The resources fetched for one patient, indexed for reference resolution, with the patient scope test.
 *
 * <p>Logical ids: HAPI gives resources parsed from a Bundle the entry's {@code fullUrl} as id, so
 * {@code urn:uuid:X} becomes {@code X} and {@code http://base/Type/X} becomes {@code X}. Resources without any id
 * get {@code "(none)"}. Resolvable references: {@code Type/id} (base URL and {@code _history} ignored) and
 * {@code urn:uuid:X}; conditional references ({@code Type?identifier=...}) and {@code #contained} references are
 * never resolved here (contained ones are resolved by {@link MedicationResolver} inside their container).
 */
final class ResourceIndex {

  static final String NONE = "(none)";

  private final List<Resource> all = new ArrayList<>();
  private final Map<String, Resource> byKey = new HashMap<>();
  private final String patientId;
  private final boolean unscopedAllowed;

  ResourceIndex(String patientId, Collection<? extends IBaseResource> resources) {
    this.patientId = patientId;
    for (IBaseResource r : resources) {
      add(r);
    }
    long patients = all.stream().filter(r -> r instanceof Patient).count();
    boolean onlyThisPatient = all.stream().filter(r -> r instanceof Patient)
        .allMatch(p -> logicalId(p).equals(patientId));
    this.unscopedAllowed = patients <= 1 && onlyThisPatient;
  }

  private void add(IBaseResource r) {
    if (r == null) {
      return;
    }
    if (r instanceof Bundle b) {
      for (Bundle.BundleEntryComponent e : b.getEntry()) {
        if (e.getResource() != null) {
          add(e.getResource());
        }
      }
      return;
    }
    if (!(r instanceof Resource res)) {
      return;
    }
    all.add(res);
    String id = logicalId(res);
    if (!NONE.equals(id)) {
      byKey.putIfAbsent(res.fhirType() + "/" + id, res);
      byKey.putIfAbsent("urn:uuid:" + id, res);
    }
  }

  List<Resource> all() {
    return all;
  }

  String patientId() {
    return patientId;
  }

  /** The logical id: see the class comment. */
  static String logicalId(IBaseResource r) {
    if (r == null || r.getIdElement() == null || r.getIdElement().isEmpty()) {
      return NONE;
    }
    String v = r.getIdElement().getValue();
    if (v.startsWith("urn:uuid:")) {
      return v.substring("urn:uuid:".length());
    }
    if (v.startsWith("urn:oid:")) {
      return v.substring("urn:oid:".length());
    }
    String part = r.getIdElement().getIdPart();
    return part == null || part.isBlank() ? NONE : part;
  }

  static ResourceRef ref(Resource r) {
    return new ResourceRef(r.fhirType(), logicalId(r));
  }

  /** Resolves a literal or {@code urn:uuid:} reference among the given resources. */
  Optional<Resource> resolve(String reference) {
    if (reference == null || reference.isBlank() || reference.startsWith("#") || reference.contains("?")) {
      return Optional.empty();
    }
    String r = reference.strip();
    if (r.startsWith("urn:uuid:")) {
      return Optional.ofNullable(byKey.get(r));
    }
    try {
      ResourceRef rr = ResourceRef.parse(r);
      return Optional.ofNullable(byKey.get(rr.value()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A reference to a resource of the given type as a {@link ResourceRef}: literal {@code Type/id}, or a
   * {@code urn:uuid:} that resolves to a resource of that type here; {@code null} otherwise.
   */
  ResourceRef refTo(Reference reference, String type) {
    if (reference == null || !reference.hasReference()) {
      return null;
    }
    String r = reference.getReference().strip();
    if (r.startsWith("urn:uuid:")) {
      return resolve(r).filter(res -> res.fhirType().equals(type)).map(ResourceIndex::ref).orElse(null);
    }
    try {
      ResourceRef rr = ResourceRef.parse(r);
      return rr.type().equals(type) ? rr : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * True when a subject/patient reference points at this patient. A missing reference counts only when the
   * resources hold no other Patient (single-patient input); multi-patient bundles need explicit subjects.
   */
  boolean isThisPatient(Reference subject) {
    if (subject == null || subject.isEmpty() || !subject.hasReference()) {
      if (subject != null && subject.getResource() instanceof Patient p) {
        return logicalId(p).equals(patientId);
      }
      return unscopedAllowed;
    }
    String r = subject.getReference().strip();
    if (r.startsWith("urn:uuid:")) {
      return r.substring("urn:uuid:".length()).equals(patientId);
    }
    if (r.startsWith("#") || r.contains("?")) {
      return false;
    }
    try {
      ResourceRef rr = ResourceRef.parse(r);
      return rr.type().equals("Patient") && rr.id().equals(patientId);
    } catch (IllegalArgumentException e) {
      return r.equals(patientId);
    }
  }
}
