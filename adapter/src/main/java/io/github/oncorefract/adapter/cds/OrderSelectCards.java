package io.github.oncorefract.adapter.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.oncorefract.assessment.MultipleMyelomaRuleSet;
import io.github.oncorefract.assessment.OvarianRuleSet;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.DrugCatalog;
import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.knowledge.CancerDrugSignals;
import io.github.oncorefract.knowledge.CrossResistanceTable;
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
 * ({@code context.draftOrders}; only the {@code context.selections} when given), whether a drug of the ordered drug's
 * <i>cross-resistance group</i> ({@link CrossResistanceTable}: data in {@code cross-resistance-groups.csv} and
 * {@code cross-resistance-members.csv}, finer than the drug class where a label or trial says so: first/second- vs
 * third-generation EGFR TKI, fluoropyrimidine vs trifluridine/tipiracil vs antifolate vs nucleoside analogue,
 * non-steroidal vs steroidal aromatase inhibitor, one anti-PD-(L)1 group; anti-VEGF continued beyond progression never
 * warns) already failed in a line of one of the patient's cancers:
 * <ul>
 *   <li>a cancer assessed by the {@code multiple-myeloma} rule set: {@code warning} only when the rule set marks a
 *       drug of the group refractory (IMWG, per drug: its {@value MultipleMyelomaRuleSet#REASON_REFRACTORY_DRUG}
 *       reasons), naming that drug and its line (the ordered drug itself when it was refractory, else the latest);
 *       a drug merely given in a line that progressed gives no card;</li>
 *   <li>a cancer assessed by the {@code ovarian-platinum} rule set and a platinum order: {@code warning} only when the
 *       rule set calls the disease platinum-refractory or platinum-resistant, with the platinum-free interval in days
 *       and months (a platinum-sensitive relapse is re-treated with platinum: no card); other orders as below;</li>
 *   <li>any other cancer: the latest line with a drug of the group that ended in progression: {@code warning} when
 *       the group's drugs were the line's only antineoplastic drugs, {@code info} "part of a failed combination" when
 *       other drugs were given with them (the failure cannot be attributed to this group).</li>
 * </ul>
 * An order whose drug the table cannot map but which looks like a cancer drug ({@link CancerDrugSignals}: ATC L01/L02,
 * an INN stem such as -mab or -nib) gets an {@code info} card saying that no check was made, so silence never means
 * "checked". Supportive drugs and unknown non-cancer drugs get no card. The ordered drug is mapped with the drug table
 * ({@link DrugCatalog}, the one the normaliser uses: codes first, RxNorm/ATC/NDC/SNOMED/UNII, then the text; a
 * referenced Medication contained in the order or carried in the draft-orders Bundle or the patient's data).
 */
public final class OrderSelectCards {

  /**
   * The override reasons of an order-select card (CodeSystem {@value CdsCards#OVERRIDE_REASON_SYSTEM}).
   */
  public static final List<CdsJson.Coding> OVERRIDE_REASONS = List.of(
      new CdsJson.Coding("intentional-rechallenge", CdsCards.OVERRIDE_REASON_SYSTEM, "Intentional re-challenge"),
      new CdsJson.Coding("prior-exposure-not-refractory", CdsCards.OVERRIDE_REASON_SYSTEM,
          "Prior exposure not refractory (toxicity, completed course, combination partner)"),
      new CdsJson.Coding("different-mechanism-within-class", CdsCards.OVERRIDE_REASON_SYSTEM,
          "Different mechanism within class"),
      new CdsJson.Coding("record-incorrect", CdsCards.OVERRIDE_REASON_SYSTEM,
          "Record incorrect (drug, date, progression or attribution)"));

  /** The group code of platinum agents (the ovarian rule set's platinum-free interval applies to them). */
  static final String PLATINUM_GROUP = "platinum";

  private final FhirContext ctx;
  private final DrugCatalog drugs;
  private final CrossResistanceTable groups;
  private final CancerDrugSignals signals;

  /**
   * @param ctx     the application's one FhirContext (to read the draft orders)
   * @param drugs   the drug table
   * @param groups  the cross-resistance groups
   * @param signals the signals that an unmapped drug is probably antineoplastic
   */
  public OrderSelectCards(FhirContext ctx, DrugCatalog drugs, CrossResistanceTable groups, CancerDrugSignals signals) {
    this.ctx = ctx;
    this.drugs = drugs;
    this.groups = groups;
    this.signals = signals;
  }

  /**
   * @param work      the filled read-only work of the patient
   * @param context   the request's {@code context} ({@code draftOrders}, {@code selections})
   * @param serviceId the called service
   * @param baseUrl   the adapter's external base URL, for the links
   * @return the cards of the selected orders, in order; empty when none has an earlier failure or is unrecognised
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
      cards.addAll(cardsFor(work.patientId(), work.assessment().cancers(), order, medications, serviceId, baseUrl));
    }
    return cards;
  }

  /**
   * The cards of one draft order.
   *
   * @param patientId   logical Patient id (part of each card's uuid and the links)
   * @param cancers     the patient's assessed cancers
   * @param order       the draft MedicationRequest
   * @param medications Medications a {@code medicationReference} may name, by {@code Medication/id}
   * @param serviceId   the called service
   * @param baseUrl     the adapter's external base URL, for the links
   * @return at most one card per ordered group and cancer, or one "not recognised" card
   */
  public List<CdsJson.Card> cardsFor(String patientId, List<CancerAssessment> cancers, MedicationRequest order,
      Map<String, Medication> medications, String serviceId, String baseUrl) {
    CodeableConcept code = medicationCode(order, medications);
    Set<String> ingredients = ingredients(code);
    List<CdsJson.Card> cards = new ArrayList<>();
    if (ingredients.isEmpty()) {
      signal(code).ifPresent(sig -> cards.add(unrecognised(patientId, order, sig, serviceId, baseUrl)));
      return cards;
    }
    Map<CrossResistanceTable.Group, String> ordered = new LinkedHashMap<>(); // group -> ordered ingredient
    for (String ingredient : ingredients) {
      groups.group(ingredient).ifPresent(g -> ordered.putIfAbsent(g, ingredient));
    }
    for (Map.Entry<CrossResistanceTable.Group, String> o : ordered.entrySet()) {
      if (!o.getKey().warn()) {
        continue;
      }
      for (CancerAssessment ca : cancers) {
        finding(ca, o.getKey(), o.getValue())
            .ifPresent(f -> cards.add(card(patientId, ca, f, o.getKey(), o.getValue(), serviceId, baseUrl)));
      }
    }
    return cards;
  }

  /**
   * Why an order of this group is flagged for this cancer.
   *
   * @param line     the line the prior drug failed in
   * @param prior    the prior drug of the group
   * @param indicator {@code warning} or {@code info} (only a combination partner)
   * @param why      one sentence on the failure (the rule set's reason text where there is one)
   * @param pfiDays  the platinum-free interval in days, or {@code null}
   */
  record Finding(LineOfTherapy line, String prior, String indicator, String why, Long pfiDays) {}

  /** The finding of one cancer for one ordered group, empty when nothing of the group failed. */
  Optional<Finding> finding(CancerAssessment ca, CrossResistanceTable.Group group, String ordered) {
    if (MultipleMyelomaRuleSet.ID.equals(ca.ruleSetId())) {
      return myeloma(ca, group, ordered);
    }
    if (OvarianRuleSet.ID.equals(ca.ruleSetId()) && PLATINUM_GROUP.equals(group.code())) {
      return ovarianPlatinum(ca, group, ordered);
    }
    Finding alone = null;
    Finding partner = null;
    for (LineOfTherapy l : ca.lines()) {
      if (l.endReason() != LineEndReason.PROGRESSION) {
        continue;
      }
      List<String> inGroup = new ArrayList<>();
      boolean others = false;
      for (String i : l.regimen()) {
        Optional<CrossResistanceTable.Group> g = groups.group(i);
        if (g.isEmpty()) {
          continue; // supportive or unknown
        }
        if (g.get().equals(group)) {
          inGroup.add(i);
        } else {
          others = true;
        }
      }
      if (inGroup.isEmpty()) {
        continue;
      }
      String prior = inGroup.contains(ordered) ? ordered : inGroup.get(0);
      if (others) {
        partner = new Finding(l, prior, "info", "It was part of a failed combination: line " + l.number()
            + " ended in progression with other drugs, so the failure cannot be attributed to " + prior + ".", null);
      } else {
        alone = new Finding(l, prior, "warning", "Line " + l.number() + " ended in progression, and its anticancer "
            + "drugs were all of this group.", null);
      }
    }
    // a failure of the group alone outweighs a failed combination it was part of
    return Optional.ofNullable(alone != null ? alone : partner);
  }

  /** Myeloma: only a drug the rule set marks refractory (IMWG, per drug) counts. */
  private Optional<Finding> myeloma(CancerAssessment ca, CrossResistanceTable.Group group, String ordered) {
    Reason chosen = null;
    MultipleMyelomaRuleSet.RefractoryDrug drug = null;
    for (Reason r : ca.reasons()) {
      Optional<MultipleMyelomaRuleSet.RefractoryDrug> d = MultipleMyelomaRuleSet.refractoryDrug(r);
      if (d.isEmpty() || !groups.group(d.get().ingredient()).map(group::equals).orElse(false)) {
        continue;
      }
      boolean same = d.get().ingredient().equals(ordered);
      boolean chosenSame = drug != null && drug.ingredient().equals(ordered);
      // the ordered drug itself wins; among equals, the latest line
      if (drug == null || (same && !chosenSame) || (same == chosenSame && d.get().line() >= drug.line())) {
        drug = d.get();
        chosen = r;
      }
    }
    if (drug == null) {
      return Optional.empty();
    }
    int n = drug.line();
    LineOfTherapy line = ca.lines().stream().filter(l -> l.number() == n).findFirst().orElse(null);
    if (line == null) {
      return Optional.empty();
    }
    return Optional.of(new Finding(line, drug.ingredient(), "warning", chosen.text(), null));
  }

  /** Ovarian platinum order: warns only for platinum-refractory or platinum-resistant disease. */
  private Optional<Finding> ovarianPlatinum(CancerAssessment ca, CrossResistanceTable.Group group, String ordered) {
    for (Reason r : ca.reasons()) {
      if (!OvarianRuleSet.REASON_PLATINUM_REFRACTORY.equals(r.code())
          && !OvarianRuleSet.REASON_PLATINUM_RESISTANT.equals(r.code())) {
        continue;
      }
      LineOfTherapy line = null;
      for (LineOfTherapy l : ca.lines()) {
        boolean platinum = l.regimen().stream().anyMatch(i -> groups.group(i).map(group::equals).orElse(false));
        if (platinum && l.sources().stream().anyMatch(r.evidence()::contains)) {
          line = l;
        }
      }
      if (line == null) {
        continue;
      }
      String prior = line.regimen().contains(ordered) ? ordered : line.regimen().stream()
          .filter(i -> groups.group(i).map(group::equals).orElse(false)).findFirst().orElse(ordered);
      java.util.OptionalLong pfi = OvarianRuleSet.platinumFreeDays(r);
      String status = OvarianRuleSet.REASON_PLATINUM_REFRACTORY.equals(r.code()) ? "Platinum-refractory"
          : "Platinum-resistant";
      return Optional.of(new Finding(line, prior, "warning", status + " by the " + ca.ruleSetId() + " rule set: "
          + r.text(), pfi.isPresent() ? pfi.getAsLong() : null));
    }
    return Optional.empty();
  }

  private CdsJson.Card card(String patientId, CancerAssessment ca, Finding f, CrossResistanceTable.Group group,
      String ordered, String serviceId, String baseUrl) {
    LineOfTherapy line = f.line();
    String ended = line.end() == null ? "ongoing" : "ended " + line.end();
    boolean partner = "info".equals(f.indicator());
    String head = (partner ? "Part of a failed combination: " : "Prior progression on ") + f.prior() + " ("
        + group.display() + "), line " + line.number();
    String tail = f.pfiDays() != null ? ", platinum-free interval " + months(f.pfiDays()) : ", " + ended;
    String summary = head + " (" + line.regimenLabel() + ")" + tail;
    if (summary.length() >= 140) {
      summary = head + tail;
    }
    if (summary.length() >= 140) {
      summary = summary.substring(0, 136) + "...";
    }
    StringBuilder md = new StringBuilder();
    md.append("The ordered drug **").append(ordered).append("** is in the cross-resistance group **")
        .append(group.display()).append("** (").append(group.source()).append("). ");
    md.append("Line ").append(line.number()).append(" (").append(line.setting().name().toLowerCase(Locale.ROOT))
        .append(", ").append(line.regimenLabel()).append(", ").append(line.start()).append(" to ")
        .append(line.end() == null ? "ongoing" : line.end().toString()).append(", end reason ")
        .append(line.endReason().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(") contained **")
        .append(f.prior()).append("**.\n\n");
    md.append(f.why());
    if (f.pfiDays() != null) {
      md.append(" Platinum-free interval: ").append(months(f.pfiDays())).append('.');
    }
    md.append("\n\n").append(CdsCards.linesTable(ca.lines()));
    md.append("\nSources of line ").append(line.number()).append(": ")
        .append(String.join(", ", line.sources().stream().limit(8).map(r -> "`" + r.value() + "`").toList()))
        .append(".\n");
    String uuid = CdsCards.uuid(serviceId + "|" + patientId + "|" + ca.cancer().ref().value() + "|" + group.code()
        + "|line-" + line.number() + "|" + f.indicator());
    return new CdsJson.Card(uuid, summary, md.toString(), f.indicator(), CdsCards.source(ca), List.of(), null,
        OVERRIDE_REASONS, CdsCards.links(baseUrl, patientId));
  }

  /** "45 days (1.5 months)". */
  static String months(long days) {
    return days + " days (" + String.format(Locale.ROOT, "%.1f", days / 30.4375) + " months)";
  }

  private CdsJson.Card unrecognised(String patientId, MedicationRequest order, String signal, String serviceId,
      String baseUrl) {
    String md = "OncoRefract could not map the ordered drug to an ingredient of its drug table, but it looks like a "
        + "cancer drug (" + signal + "). **No check against the patient's prior lines was made** for this order. "
        + "Check the prior lines yourself (timeline link below); the drug table is extended from the "
        + "`unrecognised-medication` reports.\n";
    String uuid = CdsCards.uuid(serviceId + "|" + patientId + "|unrecognised|MedicationRequest/"
        + order.getIdElement().getIdPart());
    return new CdsJson.Card(uuid, "Drug not recognised by OncoRefract: no check against prior lines was made", md,
        "info", new CdsJson.Source("OncoRefract drug table", null, null), List.of(), null, OVERRIDE_REASONS,
        CdsCards.links(baseUrl, patientId));
  }

  /** The first cancer-drug signal of an unmapped drug's codes or texts. */
  private Optional<String> signal(CodeableConcept code) {
    if (code == null) {
      return Optional.empty();
    }
    for (Coding c : code.getCoding()) {
      Optional<String> s = signals.code(c.getSystem(), c.getCode());
      if (s.isPresent()) {
        return s;
      }
    }
    Optional<String> s = signals.text(code.getText());
    for (Coding c : code.getCoding()) {
      if (s.isEmpty()) {
        s = signals.text(c.getDisplay());
      }
    }
    return s;
  }

  /** The order's drug: its code, or its referenced Medication's code (a display-only reference as text). */
  private static CodeableConcept medicationCode(MedicationRequest order, Map<String, Medication> medications) {
    if (order.hasMedicationCodeableConcept()) {
      return order.getMedicationCodeableConcept();
    }
    if (!order.hasMedicationReference()) {
      return null;
    }
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
    return m != null ? m.getCode() : new CodeableConcept().setText(order.getMedicationReference().getDisplay());
  }

  /** Ingredient names of a drug code: codes first, then the text. */
  private Set<String> ingredients(CodeableConcept code) {
    Set<String> out = new LinkedHashSet<>();
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
