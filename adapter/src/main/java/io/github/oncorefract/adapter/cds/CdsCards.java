package io.github.oncorefract.adapter.cds;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.assessment.OvarianRuleSet;
import io.github.oncorefract.assessment.PatientAssessor;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.publish.PublishPlan;
import io.github.oncorefract.publish.PlannedWrite;
import io.github.oncorefract.publish.WriteAction;
import io.github.oncorefract.routing.PatientWork;
import io.github.oncorefract.suggest.ProposedResource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Turns one patient's read-only assessment ({@link io.github.oncorefract.routing.AssessmentPipeline#preview}) into
 * {@code patient-view} cards: one per cancer that is likely refractory ({@code warning}) or at risk ({@code info}); none
 * for any other status, and none at all for a patient recorded as deceased ({@code Patient.deceased[x]} true or a
 * date, {@link PatientRecord#deceased()}, or a cancer with reason {@value PatientAssessor#REASON_DECEASED}): a
 * deceased patient's chart needs no "review suggested". Plain Java over the engine's output, testable with
 * {@code new}.
 *
 * <p>The {@code summary} (under 140 characters, no PHI) names the basis: "Platinum-refractory ovarian cancer: review
 * suggested", "Triple-class refractory multiple myeloma: ...", "Multiple myeloma refractory to lenalidomide: ...",
 * "At risk: colorectal cancer progressed on advanced line 1: ...", "Likely refractory NSCLC after 3 advanced lines:
 * ...". The {@code detail} lists the lines, the reasons with their evidence summarised per kind ({@link CdsEvidence}:
 * counts and date ranges, at most three named ids) and the suggestions.
 *
 * <p>A card's {@code suggestions} ({@code selectionBehavior} {@code any}: each can be accepted on its own) are, in
 * this order: "Ask the trial team to review" (the trial-referral ServiceRequest + Task, only when a trial referral is
 * proposed), "Save suggestions as a draft care plan (no orders)" (the draft CarePlan) and "Add chart flag" (the
 * refractory-status Flag). Their {@code create} actions are the resources <i>exactly as the pass would create
 * them</i>: the pipeline's proposals that its plan would {@link WriteAction#CREATE}, with the same deterministic
 * identifiers in {@value Canonical#ID_ASSESSMENT_OUTPUT}. A reference between them (Task.focus, the CarePlan's
 * trial-referral activity) is a conditional reference {@code ServiceRequest?identifier=<system>|<value>}, which the
 * FHIR server resolves when the EHR creates them in the order given (the referral request before what references
 * it; a server that does not resolve it refuses a care plan accepted without the referral); a reference to output
 * already on the server is its {@code Type/id}. So once suggestions are accepted, the next pass finds each resource by
 * its identifier with the content it wants and writes nothing; and output a pass already wrote is never offered again
 * (the card then says so).
 */
public final class CdsCards {

  /** CodeSystem of the override reasons a clinician may give. */
  public static final String OVERRIDE_REASON_SYSTEM = Canonical.BASE + "/CodeSystem/cds-override-reason";

  /**
   * The override reasons of a {@code patient-view} card (code, display), codes of {@link #OVERRIDE_REASON_SYSTEM}:
   * the record is wrong, the cancer is not refractory, goals of care, the line count or setting is wrong, already
   * addressed, not clinically relevant.
   */
  public static final List<CdsJson.Coding> PATIENT_VIEW_OVERRIDE_REASONS = List.of(
      new CdsJson.Coding("record-incorrect", OVERRIDE_REASON_SYSTEM,
          "Record incorrect (drug, date, progression or attribution)"),
      new CdsJson.Coding("not-refractory", OVERRIDE_REASON_SYSTEM,
          "Not refractory: responding, maintenance or planned break"),
      new CdsJson.Coding("goals-of-care", OVERRIDE_REASON_SYSTEM, "Goals of care: hospice or best supportive care"),
      new CdsJson.Coding("disagree-line-count", OVERRIDE_REASON_SYSTEM, "Line count or setting wrong"),
      new CdsJson.Coding("already-addressed", OVERRIDE_REASON_SYSTEM, "Already addressed"),
      new CdsJson.Coding("not-clinically-relevant", OVERRIDE_REASON_SYSTEM, "Not clinically relevant"));

  /** The override reasons of an {@code order-select} card ({@link OrderSelectCards}; code, display). */
  public static final List<CdsJson.Coding> OVERRIDE_REASONS = List.of(
      new CdsJson.Coding("not-clinically-relevant", OVERRIDE_REASON_SYSTEM, "Not clinically relevant"),
      new CdsJson.Coding("already-addressed", OVERRIDE_REASON_SYSTEM, "Already addressed"),
      new CdsJson.Coding("patient-declined", OVERRIDE_REASON_SYSTEM, "Patient declined"),
      new CdsJson.Coding("disagree-line-count", OVERRIDE_REASON_SYSTEM, "Line count or setting wrong"));

  /**
   * True when {@code code} is an override reason a card of this adapter offers ({@link #PATIENT_VIEW_OVERRIDE_REASONS}
   * or {@link #OVERRIDE_REASONS}); feedback counts any other code as {@code other}.
   */
  public static boolean knownOverrideReason(String code) {
    return PATIENT_VIEW_OVERRIDE_REASONS.stream().anyMatch(c -> c.code().equals(code))
        || OVERRIDE_REASONS.stream().anyMatch(c -> c.code().equals(code));
  }

  /** Proposal kinds a card offers, in creation order (the ServiceRequest before what references it). */
  static final List<String> OFFERED_KINDS = List.of("servicerequest", "task", "careplan", "flag");

  private final FhirContext ctx;

  /** @param ctx the application's one FhirContext (to encode the action resources) */
  public CdsCards(FhirContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The patient-view cards.
   *
   * @param work      the filled read-only work of the patient (record, assessment, proposals, plan)
   * @param serviceId the called service, part of each card's uuid
   * @param baseUrl   the adapter's external base URL (no trailing slash), for the links
   * @return cards in the assessment's cancer order; empty when no cancer is likely refractory or at risk, or the
   *     patient is deceased
   */
  public List<CdsJson.Card> patientView(PatientWork work, String serviceId, String baseUrl) {
    return patientView(work.patientId(), work.record(), work.assessment(), work.proposals(), work.plan(), serviceId,
        baseUrl);
  }

  /**
   * The patient-view cards from the engine's parts ({@link #patientView(PatientWork, String, String)}).
   *
   * @param patientId  logical Patient id (part of the uuids and the timeline link; never of a summary)
   * @param record     the normalised record (death, evidence dates), or {@code null}
   * @param assessment the assessment
   * @param proposals  the proposals of {@code SuggestionResourceBuilder}
   * @param plan       the plan a pass would send, or {@code null} (then nothing is offered to create)
   * @param serviceId  the called service
   * @param baseUrl    the adapter's external base URL (no trailing slash)
   * @return the cards
   */
  List<CdsJson.Card> patientView(String patientId, PatientRecord record, PatientAssessment assessment,
      List<ProposedResource> proposals, PublishPlan plan, String serviceId, String baseUrl) {
    List<CdsJson.Card> cards = new ArrayList<>();
    if (record != null && record.deceased()) {
      return cards;
    }
    Map<String, PlannedWrite> writes = new LinkedHashMap<>();
    if (plan != null) {
      plan.writes().forEach(pw -> writes.put(pw.key(), pw));
    }
    Map<String, ProposedResource> byKey = new LinkedHashMap<>();
    proposals.forEach(p -> byKey.put(p.key(), p));
    CdsEvidence evidence = new CdsEvidence(record);
    for (CancerAssessment ca : assessment.cancers()) {
      if (ca.status() != RefractoryStatus.LIKELY_REFRACTORY && ca.status() != RefractoryStatus.AT_RISK
          || ca.reasons().stream().anyMatch(r -> PatientAssessor.REASON_DECEASED.equals(r.code()))) {
        continue;
      }
      String cond = ca.cancer().ref().value();
      boolean likely = ca.status() == RefractoryStatus.LIKELY_REFRACTORY;
      String uuid = uuid(serviceId + "|" + patientId + "|" + cond + "|" + ca.status().code());
      Map<String, CdsJson.Action> actions = new LinkedHashMap<>();
      List<String> alreadyThere = new ArrayList<>();
      for (String kind : OFFERED_KINDS) {
        ProposedResource p = byKey.get(kind + ":" + cond);
        PlannedWrite pw = writes.get(kind + ":" + cond);
        if (p == null || pw == null) {
          continue;
        }
        if (pw.action() == WriteAction.CREATE) {
          actions.put(kind, new CdsJson.Action("create", describe(p), encode(p, byKey, writes)));
        } else if (pw.serverId() != null) {
          alreadyThere.add(p.resourceType() + "/" + pw.serverId());
        }
      }
      List<CdsJson.Suggestion> suggestions = new ArrayList<>();
      List<CdsJson.Action> trial = new ArrayList<>();
      if (actions.containsKey("servicerequest")) {
        trial.add(actions.get("servicerequest"));
      }
      if (actions.containsKey("task")) {
        trial.add(actions.get("task"));
      }
      if (!trial.isEmpty()) {
        suggestions.add(new CdsJson.Suggestion(LABEL_TRIAL, uuid("suggestion|" + uuid + "|trial"), null, trial));
      }
      if (actions.containsKey("careplan")) {
        suggestions.add(new CdsJson.Suggestion(LABEL_CAREPLAN, uuid("suggestion|" + uuid + "|careplan"), null,
            List.of(actions.get("careplan"))));
      }
      if (actions.containsKey("flag")) {
        suggestions.add(new CdsJson.Suggestion(flagLabel(ca), uuid("suggestion|" + uuid + "|flag"), null,
            List.of(actions.get("flag"))));
      }
      cards.add(new CdsJson.Card(uuid, summary(ca), detail(ca, alreadyThere, evidence), likely ? "warning" : "info",
          source(ca), suggestions, suggestions.isEmpty() ? null : "any", PATIENT_VIEW_OVERRIDE_REASONS,
          links(baseUrl, patientId)));
    }
    return cards;
  }

  /** Label of the suggestion creating the trial-referral ServiceRequest and Task. */
  static final String LABEL_TRIAL = "Ask the trial team to review (creates a referral request and task)";
  /** Label of the suggestion creating the draft CarePlan. */
  static final String LABEL_CAREPLAN = "Save suggestions as a draft care plan (no orders)";

  /** "Add chart flag: likely refractory NSCLC (visible in the chart)" or "... at risk ...". */
  static String flagLabel(CancerAssessment ca) {
    return "Add chart flag: " + (ca.status() == RefractoryStatus.LIKELY_REFRACTORY ? "likely refractory " : "at risk ")
        + label(ca.cancer().type()) + " (visible in the chart)";
  }

  /** {@code source}: the rule set and version, with the rule set's canonical URL. */
  static CdsJson.Source source(CancerAssessment ca) {
    return new CdsJson.Source("OncoRefract " + ca.ruleSetId() + " " + ca.ruleSetVersion(),
        Canonical.BASE + "/rule-set/" + ca.ruleSetId() + "/" + ca.ruleSetVersion(), null);
  }

  /** The timeline page ({@code absolute}) and its SMART launch ({@code smart}). */
  static List<CdsJson.Link> links(String baseUrl, String patientId) {
    return List.of(
        new CdsJson.Link("Line-of-therapy timeline", baseUrl + "/patients/" + patientId + "/timeline", "absolute",
            null),
        new CdsJson.Link("Open the timeline in the EHR (SMART app)", baseUrl + "/smart/launch", "smart", null));
  }

  /**
   * A summary under 140 characters without PHI naming the basis: the ovarian rule set's platinum call
   * ("Platinum-refractory ovarian cancer: review suggested"), the myeloma rule set's ("Triple-class refractory
   * multiple myeloma: ...", "Multiple myeloma refractory to lenalidomide: ..."), a progression on an advanced line of
   * a solid tumour at risk ("At risk: colorectal cancer progressed on advanced line 1: ..."), else the line count
   * ("Likely refractory breast cancer after 3 advanced lines: review suggested").
   */
  static String summary(CancerAssessment ca) {
    long advanced = ca.lines().stream().filter(l -> l.setting() == LineSetting.ADVANCED).count();
    long n = advanced > 0 ? advanced : ca.lines().size();
    String lines = n + (advanced > 0 ? " advanced" : "") + (n == 1 ? " line" : " lines");
    String label = label(ca.cancer().type());
    boolean likely = ca.status() == RefractoryStatus.LIKELY_REFRACTORY;
    String basis;
    if (has(ca, OvarianRuleSet.REASON_PLATINUM_REFRACTORY)) {
      basis = "Platinum-refractory " + label;
    } else if (has(ca, OvarianRuleSet.REASON_PLATINUM_RESISTANT) && !likely) {
      basis = "Platinum-resistant " + label;
    } else if (has(ca, "triple-class-refractory")) {
      basis = "Triple-class refractory " + label;
    } else if (has(ca, "refractory-to-latest-line")) {
      String drugs = drugsOf(ca, "refractory-to-latest-line");
      basis = capitalise(label) + " refractory to " + (drugs != null ? drugs : "the latest line");
    } else if (has(ca, "double-class-refractory")) {
      basis = "Double-class refractory " + label;
    } else if (!likely && has(ca, "progression-on-latest-line") && advanced > 0) {
      basis = "At risk: " + label + " progressed on advanced line " + advanced;
    } else if (likely) {
      basis = "Likely refractory " + label + " after " + lines;
    } else {
      basis = "At risk: " + label + " after " + lines;
    }
    String s = basis + ": review suggested";
    if (s.length() >= 140) {
      s = (likely ? "Likely refractory " : "At risk: ") + label + ": review suggested";
    }
    return s.length() < 140 ? s : s.substring(0, 136) + "...";
  }

  private static boolean has(CancerAssessment ca, String code) {
    return ca.reasons().stream().anyMatch(r -> code.equals(r.code()));
  }

  /** The drugs named at the end of a myeloma reason, "... line 3 (lenalidomide, dexamethasone)." */
  private static final Pattern DRUGS = Pattern.compile("\\(([a-z0-9 ,-]+)\\)\\.?$");

  private static String drugsOf(CancerAssessment ca, String code) {
    return ca.reasons().stream().filter(r -> code.equals(r.code())).findFirst().map(r -> {
      Matcher m = DRUGS.matcher(r.text() == null ? "" : r.text().strip());
      return m.find() ? m.group(1).replace(", ", " and ") : null;
    }).orElse(null);
  }

  private static String capitalise(String s) {
    return s.isEmpty() || !Character.isLowerCase(s.charAt(0)) ? s
        : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** A short, non-identifying label of a cancer kind. */
  static String label(CancerType type) {
    return switch (type) {
      case NSCLC -> "NSCLC";
      case LUNG_OTHER -> "lung cancer";
      case COLORECTAL -> "colorectal cancer";
      case BREAST -> "breast cancer";
      case OVARIAN -> "ovarian cancer";
      case PROSTATE -> "prostate cancer";
      case MELANOMA -> "melanoma";
      case MERKEL_CELL -> "Merkel cell carcinoma";
      case OTHER_SOLID -> "solid tumour";
      case MULTIPLE_MYELOMA -> "multiple myeloma";
      case DLBCL -> "DLBCL";
      case LEUKAEMIA -> "leukaemia";
      case OTHER_HAEMATOLOGICAL -> "blood cancer";
    };
  }

  /** The Markdown detail: status, lines, reasons with their evidence summarised, suggestions. */
  static String detail(CancerAssessment ca, List<String> alreadyThere, CdsEvidence evidence) {
    StringBuilder md = new StringBuilder();
    md.append("**").append(ca.status() == RefractoryStatus.LIKELY_REFRACTORY ? "Likely refractory" : "At risk")
        .append("**: ").append(esc(ca.cancer().display())).append(" (rule set `").append(ca.ruleSetId()).append("` ")
        .append(ca.ruleSetVersion());
    if (ca.statusDate() != null) {
      md.append(", since ").append(ca.statusDate());
    }
    md.append(").\n\n");
    md.append(linesTable(ca.lines()));
    md.append("\n**Reasons**\n\n");
    for (Reason r : ca.reasons()) {
      String ev = evidence.summarise(r.evidence());
      md.append("- ").append(esc(r.text())).append(ev.isEmpty() ? "" : " (evidence: " + esc(ev) + ")").append('\n');
    }
    if (!ca.suggestions().isEmpty()) {
      md.append("\n**Suggestions**\n\n");
      for (Suggestion s : ca.suggestions()) {
        md.append("- **").append(esc(s.type().display())).append("**: ").append(esc(s.text()));
        if (!s.trials().isEmpty()) {
          md.append(" Candidate studies on the server: ").append(s.trials().size()).append('.');
        }
        md.append('\n');
      }
    }
    if (!alreadyThere.isEmpty()) {
      md.append("\nAlready on the FHIR server: ").append(String.join(", ", alreadyThere)).append(".\n");
    }
    return md.toString();
  }

  /** The lines as a Markdown table: number, setting, regimen, start, end, end reason. */
  static String linesTable(List<LineOfTherapy> lines) {
    if (lines.isEmpty()) {
      return "No line of therapy recorded.\n";
    }
    StringBuilder md = new StringBuilder("**Lines of therapy**\n\n| # | setting | regimen | start | end | end reason |\n"
        + "|---|---|---|---|---|---|\n");
    for (LineOfTherapy l : lines) {
      md.append("| ").append(l.number()).append(" | ").append(l.setting().name().toLowerCase(Locale.ROOT))
          .append(' ').append(l.numberInSetting()).append(" | ").append(esc(l.regimenLabel())).append(" | ")
          .append(l.start()).append(" | ").append(l.end() == null ? "ongoing" : l.end().toString()).append(" | ")
          .append(l.endReason().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" |\n");
    }
    return md.toString();
  }

  private static String esc(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }

  private static String describe(ProposedResource p) {
    return switch (p.resourceType()) {
      case "ServiceRequest" -> "Referral request to the trial team (ServiceRequest, draft proposal, not an order)";
      case "Task" -> "Task for the trial team to review the referral (Task, requested)";
      case "CarePlan" -> "Draft care plan listing the suggestions (CarePlan, draft proposal, no orders)";
      case "Flag" -> "Chart flag with the refractory status (Flag, visible in the chart)";
      default -> "Create the " + p.resourceType();
    };
  }

  /**
   * The proposal as JSON, its references to other proposals resolved as the pass would: the existing resource's
   * {@code Type/id}, or a conditional reference by identifier to one created alongside.
   */
  private String encode(ProposedResource p, Map<String, ProposedResource> proposals, Map<String, PlannedWrite> writes) {
    Resource r = p.resource().copy();
    for (Reference ref : ctx.newTerser().getAllPopulatedChildElementsOfType(r, Reference.class)) {
      String v = ref.getReference();
      if (v == null || !v.startsWith(ProposedResource.LOCAL_PREFIX)) {
        continue;
      }
      String key = v.substring(ProposedResource.LOCAL_PREFIX.length());
      ProposedResource target = proposals.get(key);
      PlannedWrite pw = writes.get(key);
      if (target == null) {
        throw new IllegalStateException("proposal references a key that is not proposed");
      }
      ref.setReference(pw != null && pw.serverId() != null ? target.resourceType() + "/" + pw.serverId()
          : target.resourceType() + "?identifier=" + Canonical.ID_ASSESSMENT_OUTPUT + "|" + target.identifierValue());
    }
    return ctx.newJsonParser().setPrettyPrint(false).encodeResourceToString(r);
  }

  /** A name-based (v3) UUID of the text: the same input gives the same uuid on every call. */
  static String uuid(String text) {
    return UUID.nameUUIDFromBytes(("oncorefract-cds|" + text).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
