package io.github.oncorefract.adapter.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.oncorefract.assessment.MultipleMyelomaRuleSet;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.DrugCatalog;
import io.github.oncorefract.domain.IngredientInfo;
import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.routing.PatientWork;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code order-select} cards: for each antineoplastic MedicationRequest among the EHR's draft orders
 * ({@code context.draftOrders}; only the {@code context.selections} when given), a {@code warning} "likely refractory
 * to this class" when a cancer of the patient already has a line with an ingredient of the same drug class that ended
 * in progression, or a line the multiple-myeloma rule set calls refractory (its refractory reasons cite the line's
 * sources). The ordered drug is mapped to its ingredients and class with the drug table ({@link DrugCatalog}, the one
 * the normaliser uses: codes first, RxNorm/ATC/NDC/SNOMED/UNII, then the text; a referenced Medication contained in
 * the order or carried in the draft-orders Bundle or the patient's data); supportive or unknown drugs get no card.
 */
public final class OrderSelectCards {

  /** Myeloma reasons that name refractory lines. */
  static final Set<String> MYELOMA_REFRACTORY_REASONS =
      Set.of("triple-class-refractory", "refractory-to-latest-line", "double-class-refractory");

  private final FhirContext ctx;
  private final DrugCatalog drugs;

  /**
   * @param ctx   the application's one FhirContext (to read the draft orders)
   * @param drugs the drug table
   */
  public OrderSelectCards(FhirContext ctx, DrugCatalog drugs) {
    this.ctx = ctx;
    this.drugs = drugs;
  }

  /**
   * @param work      the filled read-only work of the patient
   * @param context   the request's {@code context} ({@code draftOrders}, {@code selections})
   * @param serviceId the called service
   * @param baseUrl   the adapter's external base URL, for the links
   * @return one card per ordered drug class with an earlier failure; empty otherwise
   * @throws CdsRequest.Invalid when {@code draftOrders} is present but not a FHIR Bundle
   */
  public List<CdsJson.Card> orderSelect(PatientWork work, JsonNode context, String serviceId, String baseUrl) {
    JsonNode draft = context.get("draftOrders");
    if (draft == null || draft.isNull()) {
      return List.of();
    }
    Bundle orders;
    try {
      orders = (Bundle) ctx.newJsonParser().parseResource(draft.toString());
    } catch (DataFormatException | ClassCastException e) {
      throw new CdsRequest.Invalid("'context.draftOrders' must be a FHIR Bundle of draft orders");
    }
    Set<String> selections = new HashSet<>();
    JsonNode sel = context.get("selections");
    if (sel != null && sel.isArray()) {
      sel.forEach(s -> selections.add(s.asText()));
    }
    Map<String, Medication> medications = new LinkedHashMap<>();
    for (Bundle.BundleEntryComponent e : orders.getEntry()) {
      if (e.getResource() instanceof Medication m && m.getIdElement().hasIdPart()) {
        medications.put("Medication/" + m.getIdElement().getIdPart(), m);
      }
    }
    if (work.data() != null) {
      work.data().resources().stream().filter(r -> r instanceof Medication).map(r -> (Medication) r)
          .forEach(m -> medications.putIfAbsent("Medication/" + m.getIdElement().getIdPart(), m));
    }
    List<CdsJson.Card> cards = new ArrayList<>();
    for (Bundle.BundleEntryComponent e : orders.getEntry()) {
      if (!(e.getResource() instanceof MedicationRequest order)) {
        continue;
      }
      String orderRef = "MedicationRequest/" + order.getIdElement().getIdPart();
      if (!selections.isEmpty() && !selections.contains(orderRef)) {
        continue;
      }
      Map<String, String> classes = new LinkedHashMap<>(); // class -> ordered ingredient
      for (String ingredient : ingredients(order, medications)) {
        Optional<IngredientInfo> info = drugs.ingredient(ingredient);
        if (info.isPresent() && !info.get().supportive() && info.get().drugClass() != null) {
          classes.putIfAbsent(info.get().drugClass(), ingredient);
        }
      }
      for (Map.Entry<String, String> cls : classes.entrySet()) {
        for (CancerAssessment ca : work.assessment().cancers()) {
          failedLine(ca, cls.getKey()).ifPresent(line -> cards.add(card(work.patientId(), ca, line, cls.getKey(),
              cls.getValue(), serviceId, baseUrl)));
        }
      }
    }
    return cards;
  }

  /** The latest line of the cancer with an ingredient of the class that failed (progression, or myeloma-refractory). */
  Optional<LineOfTherapy> failedLine(CancerAssessment ca, String drugClass) {
    Set<ResourceRef> refractoryEvidence = new HashSet<>();
    if (MultipleMyelomaRuleSet.ID.equals(ca.ruleSetId())) {
      for (Reason r : ca.reasons()) {
        if (MYELOMA_REFRACTORY_REASONS.contains(r.code())) {
          refractoryEvidence.addAll(r.evidence());
        }
      }
    }
    LineOfTherapy found = null;
    for (LineOfTherapy l : ca.lines()) {
      boolean sameClass = l.regimen().stream().map(drugs::ingredient).flatMap(Optional::stream)
          .anyMatch(i -> drugClass.equals(i.drugClass()) && !i.supportive());
      boolean failed = l.endReason() == LineEndReason.PROGRESSION
          || l.sources().stream().anyMatch(refractoryEvidence::contains);
      if (sameClass && failed) {
        found = l;
      }
    }
    return Optional.ofNullable(found);
  }

  private CdsJson.Card card(String patientId, CancerAssessment ca, LineOfTherapy line, String drugClass,
      String ordered, String serviceId, String baseUrl) {
    String cls = drugClass.replace('-', ' ');
    String summary = "Likely refractory to this class: " + cls + " failed in line " + line.number() + " ("
        + CdsCards.label(ca.cancer().type()) + ")";
    if (summary.length() >= 140) {
      summary = summary.substring(0, 136) + "...";
    }
    String why = line.endReason() == LineEndReason.PROGRESSION ? "ended in progression"
        : "is refractory by the " + ca.ruleSetId() + " rule set (IMWG)";
    StringBuilder md = new StringBuilder();
    md.append("The ordered drug **").append(ordered).append("** is of class **").append(cls).append("**. Line ")
        .append(line.number()).append(" (").append(line.setting().name().toLowerCase(Locale.ROOT)).append(", ")
        .append(line.regimenLabel()).append(", ").append(line.start()).append(" to ")
        .append(line.end() == null ? "ongoing" : line.end().toString()).append(") contained a drug of this class and ")
        .append(why).append(".\n\n");
    md.append(CdsCards.linesTable(ca.lines()));
    md.append("\nSources of line ").append(line.number()).append(": ")
        .append(String.join(", ", line.sources().stream().limit(8).map(r -> "`" + r.value() + "`").toList()))
        .append(".\n");
    String uuid = CdsCards.uuid(serviceId + "|" + patientId + "|" + ca.cancer().ref().value() + "|" + drugClass
        + "|line-" + line.number());
    return new CdsJson.Card(uuid, summary, md.toString(), "warning", CdsCards.source(ca), List.of(), null,
        CdsCards.OVERRIDE_REASONS, CdsCards.links(baseUrl, patientId));
  }

  /** Ingredient names of an order: its code (or its Medication's), codes first, then the text. */
  private Set<String> ingredients(MedicationRequest order, Map<String, Medication> medications) {
    Set<String> out = new LinkedHashSet<>();
    CodeableConcept code = null;
    if (order.hasMedicationCodeableConcept()) {
      code = order.getMedicationCodeableConcept();
    } else if (order.hasMedicationReference()) {
      String ref = order.getMedicationReference().getReference();
      Medication m = null;
      if (ref != null && ref.startsWith("#")) {
        for (Resource c : order.getContained()) {
          if (c instanceof Medication cm && ref.substring(1).equals(cm.getIdElement().getIdPart())) {
            m = cm;
          }
        }
      } else if (ref != null) {
        m = medications.get(ref.replaceFirst("^.*?(Medication/[^/]+)(/_history/.*)?$", "$1"));
      }
      code = m != null ? m.getCode() : new CodeableConcept().setText(order.getMedicationReference().getDisplay());
    }
    if (code == null) {
      return out;
    }
    for (Coding c : code.getCoding()) {
      if (c.hasSystem() && c.hasCode()) {
        out.addAll(drugs.ingredientsForCode(c.getSystem(), c.getCode()));
      }
    }
    if (out.isEmpty()) {
      if (code.hasText()) {
        out.addAll(drugs.ingredientsForText(code.getText()));
      }
      for (Coding c : code.getCoding()) {
        if (out.isEmpty() && c.hasDisplay()) {
          out.addAll(drugs.ingredientsForText(c.getDisplay()));
        }
      }
    }
    return out;
  }
}
