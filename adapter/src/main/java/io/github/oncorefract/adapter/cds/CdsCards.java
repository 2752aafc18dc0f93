package io.github.oncorefract.adapter.cds;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.profiles.Canonical;
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
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Turns one patient's read-only assessment ({@link io.github.oncorefract.routing.AssessmentPipeline#preview}) into
 * {@code patient-view} cards: one per cancer that is likely refractory ({@code warning}) or at risk ({@code info}); none
 * for any other status. Plain Java over the engine's output, testable with {@code new}.
 *
 * <p>A card's {@code suggestions} hold one suggestion whose {@code create} actions are the cancer's Flag, draft
 * CarePlan and trial-referral ServiceRequest + Task <i>exactly as the pass would create them</i>: the pipeline's
 * proposals that its plan would {@link WriteAction#CREATE}, with the same deterministic identifiers in
 * {@value Canonical#ID_ASSESSMENT_OUTPUT}. A reference between them (Task.focus, the CarePlan activity) is a
 * conditional reference {@code ServiceRequest?identifier=<system>|<value>}, which the FHIR server resolves when the
 * EHR creates them in the order given (or in one transaction whose entries are conditional creates,
 * {@code ifNoneExist} on that identifier, as a pass sends them); a reference to output already on the server is its
 * {@code Type/id}. So once a card is accepted, the next pass finds each resource by its identifier with the content
 * it wants and writes nothing; and output a pass already wrote is never offered again (the card then says so).
 */
public final class CdsCards {

  /** CodeSystem of the override reasons a clinician may give. */
  public static final String OVERRIDE_REASON_SYSTEM = Canonical.BASE + "/CodeSystem/cds-override-reason";

  /** The override reasons (code, display). */
  public static final List<CdsJson.Coding> OVERRIDE_REASONS = List.of(
      new CdsJson.Coding("not-clinically-relevant", OVERRIDE_REASON_SYSTEM, "Not clinically relevant"),
      new CdsJson.Coding("already-addressed", OVERRIDE_REASON_SYSTEM, "Already addressed"),
      new CdsJson.Coding("patient-declined", OVERRIDE_REASON_SYSTEM, "Patient declined"),
      new CdsJson.Coding("disagree-line-count", OVERRIDE_REASON_SYSTEM, "Disagree with the line count"));

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
   * @param work      the filled read-only work of the patient (assessment, proposals, plan)
   * @param serviceId the called service, part of each card's uuid
   * @param baseUrl   the adapter's external base URL (no trailing slash), for the links
   * @return cards in the assessment's cancer order; empty when no cancer is likely refractory or at risk
   */
  public List<CdsJson.Card> patientView(PatientWork work, String serviceId, String baseUrl) {
    List<CdsJson.Card> cards = new ArrayList<>();
    Map<String, PlannedWrite> writes = new LinkedHashMap<>();
    if (work.plan() != null) {
      work.plan().writes().forEach(pw -> writes.put(pw.key(), pw));
    }
    Map<String, ProposedResource> proposals = new LinkedHashMap<>();
    work.proposals().forEach(p -> proposals.put(p.key(), p));
    for (CancerAssessment ca : work.assessment().cancers()) {
      if (ca.status() != RefractoryStatus.LIKELY_REFRACTORY && ca.status() != RefractoryStatus.AT_RISK) {
        continue;
      }
      String cond = ca.cancer().ref().value();
      boolean likely = ca.status() == RefractoryStatus.LIKELY_REFRACTORY;
      String uuid = uuid(serviceId + "|" + work.patientId() + "|" + cond + "|" + ca.status().code());
      List<CdsJson.Action> actions = new ArrayList<>();
      List<String> alreadyThere = new ArrayList<>();
      for (String kind : OFFERED_KINDS) {
        ProposedResource p = proposals.get(kind + ":" + cond);
        PlannedWrite pw = writes.get(kind + ":" + cond);
        if (p == null || pw == null) {
          continue;
        }
        if (pw.action() == WriteAction.CREATE) {
          actions.add(new CdsJson.Action("create", describe(p), encode(p, proposals, writes)));
        } else if (pw.serverId() != null) {
          alreadyThere.add(p.resourceType() + "/" + pw.serverId());
        }
      }
      List<CdsJson.Suggestion> suggestions = actions.isEmpty() ? List.of()
          : List.of(new CdsJson.Suggestion("Record the draft proposals for review ("
              + String.join(", ", actions.stream().map(a -> a.description().replace("Create the ", "")).toList())
              + ")", uuid("suggestion|" + uuid), null, actions));
      cards.add(new CdsJson.Card(uuid, summary(ca), detail(ca, alreadyThere), likely ? "warning" : "info",
          source(ca), suggestions, suggestions.isEmpty() ? null : "at-most-one", OVERRIDE_REASONS,
          links(baseUrl, work.patientId())));
    }
    return cards;
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
   * A summary under 140 characters without PHI, e.g. "Likely refractory breast cancer after 3 advanced lines: review
   * suggested".
   */
  static String summary(CancerAssessment ca) {
    long advanced = ca.lines().stream().filter(l -> l.setting() == LineSetting.ADVANCED).count();
    long n = advanced > 0 ? advanced : ca.lines().size();
    String lines = n + (advanced > 0 ? " advanced" : "") + (n == 1 ? " line" : " lines");
    String label = label(ca.cancer().type());
    String s = ca.status() == RefractoryStatus.LIKELY_REFRACTORY
        ? "Likely refractory " + label + " after " + lines + ": review suggested"
        : "At risk: " + label + " may become refractory after " + lines + ": review suggested";
    return s.length() < 140 ? s : s.substring(0, 136) + "...";
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

  /** The Markdown detail: status, lines, reasons with evidence, suggestions. */
  static String detail(CancerAssessment ca, List<String> alreadyThere) {
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
      md.append("- ").append(esc(r.text())).append(evidence(r.evidence())).append('\n');
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

  private static String evidence(List<ResourceRef> refs) {
    if (refs.isEmpty()) {
      return "";
    }
    List<String> shown = refs.stream().limit(8).map(r -> "`" + r.value() + "`").toList();
    return " (evidence: " + String.join(", ", shown) + (refs.size() > 8 ? ", +" + (refs.size() - 8) + " more" : "")
        + ")";
  }

  private static String esc(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }

  private static String describe(ProposedResource p) {
    return switch (p.resourceType()) {
      case "ServiceRequest" -> "Create the trial-referral ServiceRequest (draft proposal)";
      case "Task" -> "Create the trial-referral Task (requested)";
      case "CarePlan" -> "Create the draft CarePlan of suggestions";
      case "Flag" -> "Create the refractory-status Flag";
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
