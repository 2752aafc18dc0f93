package io.github.oncorefract.suggest;

import io.github.oncorefract.assessment.PatientAssessor;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.profiles.Canonical;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * Builds the proposed resources for one patient assessment ({@code clinical-model.md} section 5):
 *
 * <ul>
 *   <li><b>Flag</b> per cancer that is likely refractory or at risk: status {@code active}, category {@code clinical},
 *       code from the refractory-status CodeSystem, {@code flag-detail} extension pointing at the Condition, period
 *       start = the day the status became true; for any other status an {@code inactive} Flag that is written only
 *       when an earlier Flag exists (retirement).
 *   <li><b>CarePlan</b> per cancer with suggestions: status {@code draft}, intent {@code proposal}, {@code addresses}
 *       the Condition, {@code supportingInfo} every evidence resource, one activity per suggestion (pattern of
 *       clinical-reasoning's {@code $apply} output).
 *   <li><b>ServiceRequest + Task</b> for a trial referral: ServiceRequest {@code draft}/{@code proposal}; Task
 *       {@code requested}, {@code focus} the ServiceRequest, {@code for} the patient (SDOH Clinical Care referral
 *       pattern).
 * </ul>
 *
 * Every resource names its profile in {@code meta.profile} (the canonical URL without {@code |version}:
 * {@link Canonical#SD_REFRACTORY_FLAG}, {@link Canonical#SD_SUGGESTION_CAREPLAN},
 * {@link Canonical#SD_TRIAL_REFERRAL_SERVICEREQUEST}, {@link Canonical#SD_TRIAL_REFERRAL_TASK}) and carries the
 * rule-set extension (id and version), the adapter-output tag and a deterministic identifier: SHA-256 of patient, Condition and kind. Nothing depends on the wall clock.
 */
public class SuggestionResourceBuilder {

  static final String FLAG_DETAIL = "http://hl7.org/fhir/StructureDefinition/flag-detail";
  /** Target types R4 allows in {@code CarePlan.activity.detail.reasonReference}. */
  static final Set<String> REASON_REFERENCE_TYPES =
      Set.of("Condition", "Observation", "DiagnosticReport", "DocumentReference");

  /**
   * @param assessment the patient's assessment
   * @return proposed resources, in a stable order (per cancer: Flag, ServiceRequest, Task, CarePlan)
   */
  public List<ProposedResource> build(PatientAssessment assessment) {
    List<ProposedResource> out = new ArrayList<>();
    String patientRef = "Patient/" + assessment.patientId();
    for (CancerAssessment ca : assessment.cancers()) {
      String cond = ca.cancer().ref().value();
      out.add(flag(assessment, ca, patientRef, cond));
      if (ca.suggestions().isEmpty()) {
        continue;
      }
      boolean trial = ca.suggestions().stream().anyMatch(s -> s.type() == SuggestionType.TRIAL_REFERRAL);
      if (trial) {
        Suggestion s = ca.suggestions().stream().filter(x -> x.type() == SuggestionType.TRIAL_REFERRAL).findFirst()
            .orElseThrow();
        out.add(serviceRequest(assessment, ca, s, patientRef, cond));
        out.add(task(assessment, ca, s, patientRef, cond));
      }
      out.add(carePlan(assessment, ca, patientRef, cond));
    }
    return out;
  }

  private ProposedResource flag(PatientAssessment pa, CancerAssessment ca, String patientRef, String cond) {
    String key = "flag:" + cond;
    // Not shown for a patient who has died (reason patient-deceased): an active one is retired.
    boolean flagged = (ca.status() == RefractoryStatus.LIKELY_REFRACTORY || ca.status() == RefractoryStatus.AT_RISK)
        && ca.reasons().stream().noneMatch(r -> PatientAssessor.REASON_DECEASED.equals(r.code()));
    Flag f = new Flag();
    String idValue = identifierValue(pa.patientId(), cond, "flag");
    f.addIdentifier(identifier(idValue));
    tagAndRuleSet(f.getMeta(), f, ca, Canonical.SD_REFRACTORY_FLAG);
    f.addExtension(new Extension(FLAG_DETAIL, new Reference(cond)));
    f.setStatus(flagged ? Flag.FlagStatus.ACTIVE : Flag.FlagStatus.INACTIVE);
    f.addCategory(new CodeableConcept(
        new Coding("http://terminology.hl7.org/CodeSystem/flag-category", "clinical", "Clinical")));
    RefractoryStatus shown = flagged ? ca.status() : RefractoryStatus.LIKELY_REFRACTORY;
    f.setCode(new CodeableConcept(new Coding(Canonical.CS_REFRACTORY_STATUS, shown.code(), statusDisplay(shown)))
        .setText(statusDisplay(shown) + ": " + ca.cancer().display()));
    f.setSubject(new Reference(patientRef));
    Period p = new Period();
    if (ca.statusDate() != null) {
      p.setStartElement(date(ca.statusDate()));
    }
    if (!flagged) {
      p.setEndElement(date(pa.asOf()));
    }
    f.setPeriod(p);
    f.setText(narrative(statusDisplay(ca.status()) + " (" + ca.ruleSetId() + " " + ca.ruleSetVersion() + "). "
        + ca.narrative()));
    return new ProposedResource(key, idValue, f, flagged, Set.of("active", "inactive"));
  }

  private ProposedResource carePlan(PatientAssessment pa, CancerAssessment ca, String patientRef, String cond) {
    String idValue = identifierValue(pa.patientId(), cond, "careplan");
    CarePlan cp = new CarePlan();
    cp.addIdentifier(identifier(idValue));
    tagAndRuleSet(cp.getMeta(), cp, ca, Canonical.SD_SUGGESTION_CAREPLAN);
    cp.setStatus(CarePlan.CarePlanStatus.DRAFT);
    cp.setIntent(CarePlan.CarePlanIntent.PROPOSAL);
    cp.addCategory(new CodeableConcept().setText("Oncology decision support: suggestions for clinician review"));
    cp.setTitle("Suggestions for review: " + ca.cancer().display() + " (" + statusDisplay(ca.status()) + ")");
    cp.setDescription(ca.narrative());
    cp.setSubject(new Reference(patientRef));
    cp.addAddresses(new Reference(cond));
    for (ResourceRef ev : ca.evidence()) {
      cp.addSupportingInfo(new Reference(ev.value()));
    }
    StringBuilder html = new StringBuilder(escape(ca.narrative())).append("<ul>");
    for (Suggestion s : ca.suggestions()) {
      CarePlan.CarePlanActivityComponent act = cp.addActivity();
      html.append("<li><b>").append(escape(s.type().display())).append("</b>: ").append(escape(s.text()))
          .append("</li>");
      if (s.type() == SuggestionType.TRIAL_REFERRAL) {
        act.setReference(new Reference(ProposedResource.localReference("servicerequest:" + cond)));
        act.addOutcomeCodeableConcept(suggestionCode(s.type()));
        continue;
      }
      CarePlan.CarePlanActivityDetailComponent d = act.getDetail();
      if (s.type() == SuggestionType.GENOMIC_PROFILING) {
        d.setKind(CarePlan.CarePlanActivityKind.SERVICEREQUEST);
      }
      d.setCode(suggestionCode(s.type()));
      d.setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED);
      d.setDoNotPerform(false);
      d.setDescription(s.text() + (s.agents().isEmpty() ? "" : " Candidate agents: " + String.join(", ", s.agents())
          + "."));
      for (Reason r : s.reasons()) {
        d.addReasonCode(new CodeableConcept().setText(r.text()));
        for (ResourceRef ev : r.evidence()) {
          // R4 allows only these types in activity.detail.reasonReference; all evidence is in supportingInfo.
          if (REASON_REFERENCE_TYPES.contains(ev.type())) {
            d.addReasonReference(new Reference(ev.value()));
          }
        }
      }
    }
    html.append("</ul>");
    cp.setText(narrativeHtml(html.toString()));
    return new ProposedResource("careplan:" + cond, idValue, cp, true, Set.of("draft"));
  }

  private ProposedResource serviceRequest(
      PatientAssessment pa, CancerAssessment ca, Suggestion s, String patientRef, String cond) {
    String idValue = identifierValue(pa.patientId(), cond, "servicerequest");
    ServiceRequest sr = new ServiceRequest();
    sr.addIdentifier(identifier(idValue));
    tagAndRuleSet(sr.getMeta(), sr, ca, Canonical.SD_TRIAL_REFERRAL_SERVICEREQUEST);
    sr.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
    sr.setIntent(ServiceRequest.ServiceRequestIntent.PROPOSAL);
    sr.setCode(suggestionCode(SuggestionType.TRIAL_REFERRAL));
    sr.setSubject(new Reference(patientRef));
    sr.addReasonReference(new Reference(cond));
    for (ResourceRef ev : s.evidence()) {
      sr.addSupportingInfo(new Reference(ev.value()));
    }
    if (ca.statusDate() != null) {
      sr.setAuthoredOnElement(date(ca.statusDate()));
    }
    sr.addNote().setText(s.text());
    TrialReferralStudies.annotate(sr, s);
    sr.setText(narrative(SuggestionType.TRIAL_REFERRAL.display() + ": " + s.text()));
    return new ProposedResource("servicerequest:" + cond, idValue, sr, true, Set.of("draft"));
  }

  private ProposedResource task(
      PatientAssessment pa, CancerAssessment ca, Suggestion s, String patientRef, String cond) {
    String idValue = identifierValue(pa.patientId(), cond, "task");
    Task t = new Task();
    t.addIdentifier(identifier(idValue));
    tagAndRuleSet(t.getMeta(), t, ca, Canonical.SD_TRIAL_REFERRAL_TASK);
    t.setStatus(Task.TaskStatus.REQUESTED);
    t.setIntent(Task.TaskIntent.PROPOSAL);
    t.setCode(suggestionCode(SuggestionType.TRIAL_REFERRAL));
    t.setDescription("Evaluate this patient for clinical trials. " + s.text());
    t.setFocus(new Reference(ProposedResource.localReference("servicerequest:" + cond)));
    t.setFor(new Reference(patientRef));
    t.setReasonReference(new Reference(cond));
    if (ca.statusDate() != null) {
      t.setAuthoredOnElement(date(ca.statusDate()));
    }
    t.setText(narrative("Trial team: evaluate for clinical trials. " + s.text()));
    TrialReferralStudies.annotate(t, s);
    return new ProposedResource("task:" + cond, idValue, t, true, Set.of("requested"));
  }

  /** Names the resource's profile (issue 8, class 11), tags it as adapter output and adds the rule-set extension. */
  private static void tagAndRuleSet(org.hl7.fhir.r4.model.Meta meta, org.hl7.fhir.r4.model.DomainResource r,
      CancerAssessment ca, String profile) {
    meta.addProfile(profile);
    meta.addTag(Canonical.CS_TAGS, Canonical.TAG_ADAPTER_OUTPUT, "Written by the OncoRefract adapter");
    Extension rs = new Extension(Canonical.EXT_RULE_SET);
    rs.addExtension("id", new org.hl7.fhir.r4.model.CodeType(ca.ruleSetId()));
    rs.addExtension("version", new StringType(ca.ruleSetVersion()));
    r.addExtension(rs);
  }

  static CodeableConcept suggestionCode(SuggestionType type) {
    return new CodeableConcept(new Coding(Canonical.CS_SUGGESTION_TYPE, type.code(), type.display()))
        .setText(type.display());
  }

  static String statusDisplay(RefractoryStatus s) {
    return switch (s) {
      case LIKELY_REFRACTORY -> "Likely refractory cancer";
      case AT_RISK -> "At risk of refractory cancer";
      case NOT_REFRACTORY -> "Not refractory";
      case INSUFFICIENT_DATA -> "Insufficient data to assess";
    };
  }

  static Identifier identifier(String value) {
    return new Identifier().setSystem(Canonical.ID_ASSESSMENT_OUTPUT).setValue(value);
  }

  /**
   * Deterministic identifier value: {@code <kind>-<first 32 hex of SHA-256(patientId|conditionRef|kind)>}. Hashing
   * keeps source ids out of identifiers other systems may index.
   */
  public static String identifierValue(String patientId, String conditionRef, String kind) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest((patientId + "|" + conditionRef + "|" + kind).getBytes(StandardCharsets.UTF_8));
      return kind + "-" + HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static DateTimeType date(LocalDate d) {
    DateTimeType t = new DateTimeType(Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant()),
        ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY, java.util.TimeZone.getTimeZone("UTC"));
    return t;
  }

  static Narrative narrative(String text) {
    return narrativeHtml(escape(text));
  }

  static Narrative narrativeHtml(String innerHtml) {
    Narrative n = new Narrative();
    n.setStatus(Narrative.NarrativeStatus.GENERATED);
    XhtmlNode div = new XhtmlNode();
    div.setValueAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + innerHtml + "</div>");
    n.setDiv(div);
    return n;
  }

  static String escape(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
