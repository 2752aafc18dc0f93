package io.github.oncorefract.normalise;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Substance;
import org.hl7.fhir.r4.model.Type;

/**
 * Resolves {@code medication[x]} of a MedicationStatement / MedicationRequest / MedicationAdministration to the
 * codings and texts that name the drug (clinical-model.md section 1; FINDINGS.md section 10):
 *
 * <ol>
 *   <li>{@code medicationCodeableConcept}: its codings and text;</li>
 *   <li>{@code medicationReference} {@code #id}: the Medication contained in the SAME resource (contained ids are
 *       reused with different meanings across resources, e.g. {@code #med0303}; HAPI's resolved
 *       {@code Reference.getResource()} is not trusted);</li>
 *   <li>{@code Medication/id} or {@code urn:uuid:}: a Medication among the given resources ({@code _include});</li>
 *   <li>otherwise only {@code Reference.display} (dangling reference), or nothing.</li>
 * </ol>
 * The choice type is inspected with {@code instanceof}; the accessor of the other type is never called.
 * Codings of a Medication are {@code code.coding} plus every {@code ingredient.itemCodeableConcept.coding} and the
 * {@code code.coding} of a Substance that an {@code ingredient.itemReference "#id"} names among the contained
 * resources (of the Medication, else of the owner).
 */
final class MedicationResolver {

  /** How the medication was found. */
  enum Origin { CODEABLE_CONCEPT, CONTAINED, REFERENCED, DISPLAY_ONLY, UNRESOLVED, ABSENT }

  /**
   * The drug naming of one resource.
   *
   * @param codings codings with a code (DAR-only codings dropped)
   * @param texts   texts and displays, most specific first
   * @param origin  how it was found
   * @param path    element path for quarantine entries
   */
  record Resolved(List<Coding> codings, List<String> texts, Origin origin, String path) {}

  private final ResourceIndex index;

  MedicationResolver(ResourceIndex index) {
    this.index = index;
  }

  Resolved resolve(DomainResource owner, Type medication) {
    if (medication instanceof CodeableConcept cc) {
      return new Resolved(coded(cc), Codings.texts(cc), Origin.CODEABLE_CONCEPT, "medicationCodeableConcept");
    }
    if (medication instanceof Reference ref) {
      String path = "medicationReference";
      String display = ref.hasDisplay() ? ref.getDisplay() : null;
      String r = ref.hasReference() ? ref.getReference().strip() : null;
      Optional<Medication> med = Optional.empty();
      Origin origin = Origin.UNRESOLVED;
      if (r != null && r.startsWith("#")) {
        med = contained(owner, r.substring(1));
        origin = Origin.CONTAINED;
      } else if (r != null) {
        med = index.resolve(r).filter(x -> x instanceof Medication).map(x -> (Medication) x);
        origin = Origin.REFERENCED;
      }
      if (med.isPresent()) {
        List<Coding> codings = new ArrayList<>(coded(med.get().getCode()));
        List<String> texts = new ArrayList<>(Codings.texts(med.get().getCode()));
        for (Medication.MedicationIngredientComponent ing : med.get().getIngredient()) {
          if (ing.getItem() instanceof CodeableConcept icc) {
            codings.addAll(coded(icc));
            texts.addAll(Codings.texts(icc));
          } else if (ing.getItem() instanceof Reference item && item.hasReference()
              && item.getReference().startsWith("#")) {
            // R4 medicationexample0321: ingredient.itemReference "#sub03" -> Substance contained in the Medication
            Optional<Substance> sub = containedSubstance(med.get(), item.getReference().substring(1))
                .or(() -> containedSubstance(owner, item.getReference().substring(1)));
            sub.ifPresent(s -> {
              codings.addAll(coded(s.getCode()));
              texts.addAll(Codings.texts(s.getCode()));
            });
          }
        }
        if (display != null) {
          texts.add(display);
        }
        return new Resolved(codings, texts, origin, path);
      }
      if (display != null && !display.isBlank()) {
        return new Resolved(List.of(), List.of(display), Origin.DISPLAY_ONLY, path);
      }
      return new Resolved(List.of(), List.of(), Origin.UNRESOLVED, path);
    }
    return new Resolved(List.of(), List.of(), Origin.ABSENT, "medication[x]");
  }

  private static Optional<Medication> contained(DomainResource owner, String localId) {
    for (Resource c : owner.getContained()) {
      String id = c.getIdElement().getIdPart();
      if (id == null) {
        id = c.getId();
      }
      if (id != null && id.startsWith("#")) {
        id = id.substring(1);
      }
      if (localId.equals(id) && c instanceof Medication m) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private static Optional<Substance> containedSubstance(DomainResource holder, String localId) {
    for (Resource c : holder.getContained()) {
      String id = c.getIdElement().getIdPart();
      if (id == null) {
        id = c.getId();
      }
      if (id != null && id.startsWith("#")) {
        id = id.substring(1);
      }
      if (localId.equals(id) && c instanceof Substance s) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  private static List<Coding> coded(CodeableConcept cc) {
    if (cc == null) {
      return List.of();
    }
    return cc.getCoding().stream().filter(c -> c.getCode() != null && !c.getCode().isBlank()).toList();
  }
}
