package io.github.oncorefract.suggest;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.DrugCatalog;
import io.github.oncorefract.domain.IngredientInfo;
import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.profiles.Canonical;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * Builds one line-of-therapy CarePlan per derived line ({@link CancerAssessment#lines()}), conforming to the profile
 * {@link Canonical#SD_LINE_OF_THERAPY_CAREPLAN} of the package (line rules: {@code clinical-model.md} section 2, after
 * Meng et al., J Biomed Inform 2019, and Saini &amp; Twelves, Br J Cancer 2021 for counting per setting). Written
 * only when {@code adapter.write.lines-of-therapy} is on.
 *
 * <p>Shape of each CarePlan (lines are derived data, not proposals):
 * <ul>
 *   <li>{@code meta.profile} names {@link Canonical#SD_LINE_OF_THERAPY_CAREPLAN} (no {@code |version}); {@code meta.tag}
 *       the adapter-output tag.
 *   <li>{@code status} {@code active} for an ongoing line (no end), {@code completed} for an ended one;
 *       {@code intent} {@code plan} (fixed by the profile); category {@code line-of-therapy} of
 *       {@link Canonical#CS_CAREPLAN_CATEGORY}.
 *   <li>Extensions: {@code line-number} = the number within its setting ({@link LineOfTherapy#numberInSetting()}, as
 *       the extension defines it), {@code line-setting} ({@code curative} / {@code advanced}), {@code line-end-reason}
 *       (every line; {@code ongoing} for an ongoing one), {@code rule-set} of the cancer's assessment (names the
 *       configuration that attributed and counted the lines, and keeps the Provenance policy of a transaction that
 *       only retires lines non-empty).
 *   <li>{@code subject} the Patient, {@code addresses} the cancer Condition, {@code period} start / end (UTC days; no
 *       end while ongoing), {@code replaces} the previous line of the same cancer (a placeholder reference the
 *       publisher resolves to the server id or the {@code urn:uuid} of the same transaction), {@code supportingInfo}
 *       the line's source resources.
 *   <li>One activity per regimen ingredient (alphabetical): {@code detail.kind} MedicationRequest, {@code status}
 *       {@code in-progress} (ongoing line) or {@code completed}, {@code productCodeableConcept} coded with
 *       {@link Canonical#CS_ANTINEOPLASTIC_INGREDIENT} plus the RxNorm ingredient code where the drug catalog holds a
 *       verified one, text = the ingredient name.
 * </ul>
 *
 * <p>Identity: {@link Canonical#ID_ASSESSMENT_OUTPUT} (the slice the profile requires, and the system the publisher
 * reads its earlier output by) with value {@code line-<32 hex of SHA-256(patientId|conditionRef|line-<number>)>},
 * number = the line's number over all lines of the cancer. A rerun on unchanged data gives byte-identical resources.
 * A line that is no longer derived is retired by the publisher as {@code entered-in-error} ({@link #retirement}).
 */
public class LineOfTherapyResourceBuilder {

  /** Key prefix of the proposals, e.g. {@code "line:Condition/c1:2"}. */
  public static final String KEY_PREFIX = "line:";
  /** Category code of a line-of-therapy CarePlan in {@link Canonical#CS_CAREPLAN_CATEGORY}. */
  public static final String CATEGORY_CODE = "line-of-therapy";
  /**
   * Statuses the adapter writes on a line CarePlan; any other status (e.g. {@code revoked}, {@code on-hold}) was set
   * by someone else and is never overwritten. {@code entered-in-error} is the adapter's own retirement, so a line that
   * is derived again is brought back.
   */
  public static final Set<String> ADAPTER_STATUSES = Set.of("active", "completed", "entered-in-error");

  private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

  private final DrugCatalog catalog;

  /**
   * @param catalog the drug catalog, for RxNorm ingredient codes ({@link IngredientInfo#rxnorm()})
   */
  public LineOfTherapyResourceBuilder(DrugCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /**
   * @param assessment the patient's assessment
   * @return one proposal per line, per cancer in assessment order and per line in line order; empty when no cancer
   *         has lines
   */
  public List<ProposedResource> build(PatientAssessment assessment) {
    List<ProposedResource> out = new ArrayList<>();
    String patientRef = "Patient/" + assessment.patientId();
    for (CancerAssessment ca : assessment.cancers()) {
      String cond = ca.cancer().ref().value();
      LineOfTherapy previous = null;
      for (LineOfTherapy line : ca.lines()) {
        out.add(line(assessment.patientId(), patientRef, ca, cond, line, previous));
        previous = line;
      }
    }
    return out;
  }

  /** The proposal key of line {@code number} of the cancer {@code conditionRef}. */
  public static String key(String conditionRef, int number) {
    return KEY_PREFIX + conditionRef + ":" + number;
  }

  /**
   * Deterministic identifier value of a line: {@code line-<first 32 hex of SHA-256(patientId|conditionRef|line-N)>}.
   *
   * @param number the line's number over all lines of the cancer (1-based)
   */
  public static String identifierValue(String patientId, String conditionRef, int number) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest((patientId + "|" + conditionRef + "|line-" + number).getBytes(StandardCharsets.UTF_8));
      return "line-" + HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * True for a line-of-therapy CarePlan of the adapter: a CarePlan with intent {@code plan} and the line-number
   * extension (the suggestion CarePlan is a {@code proposal}).
   */
  public static boolean isLine(Resource r) {
    return r instanceof CarePlan cp && cp.getIntent() == CarePlan.CarePlanIntent.PLAN
        && cp.hasExtension(Canonical.EXT_LINE_NUMBER);
  }

  /**
   * The retirement of a line CarePlan that is no longer derived (re-derivation found fewer lines, or its cancer was
   * withdrawn): a copy with status {@code entered-in-error}, since the line as written does not exist in the records
   * ({@code revoked} would say a treatment was stopped, which nobody did). Only an {@code active} or {@code completed}
   * line is retired; anything else (already retired, or a status set by someone else) gives {@code null}.
   *
   * @param existing the line as read from the server
   */
  public static CarePlan retirement(CarePlan existing) {
    if (existing.getStatus() != CarePlan.CarePlanStatus.ACTIVE
        && existing.getStatus() != CarePlan.CarePlanStatus.COMPLETED) {
      return null;
    }
    return existing.copy().setStatus(CarePlan.CarePlanStatus.ENTEREDINERROR);
  }

  /** The source resources of a line CarePlan ({@code supportingInfo}), for the Provenance entities. */
  public static List<ResourceRef> sources(Resource line) {
    List<ResourceRef> out = new ArrayList<>();
    if (line instanceof CarePlan cp) {
      for (Reference r : cp.getSupportingInfo()) {
        try {
          out.add(ResourceRef.parse(r.getReference()));
        } catch (IllegalArgumentException e) {
          // not a literal Type/id reference: nothing to name as an entity
        }
      }
    }
    return out;
  }

  private ProposedResource line(String patientId, String patientRef, CancerAssessment ca, String cond,
      LineOfTherapy line, LineOfTherapy previous) {
    String idValue = identifierValue(patientId, cond, line.number());
    boolean ongoing = line.end() == null;
    CarePlan cp = new CarePlan();
    cp.getMeta().addProfile(Canonical.SD_LINE_OF_THERAPY_CAREPLAN);
    cp.getMeta().addTag(Canonical.CS_TAGS, Canonical.TAG_ADAPTER_OUTPUT, "Written by the OncoRefract adapter");
    cp.addExtension(new Extension(Canonical.EXT_LINE_NUMBER, new PositiveIntType(line.numberInSetting())));
    cp.addExtension(new Extension(Canonical.EXT_LINE_SETTING, new CodeType(settingCode(line.setting()))));
    LineEndReason reason = line.endReason() != null ? line.endReason()
        : ongoing ? LineEndReason.ONGOING : LineEndReason.UNKNOWN;
    cp.addExtension(new Extension(Canonical.EXT_LINE_END_REASON, new CodeType(endReasonCode(reason))));
    Extension rs = new Extension(Canonical.EXT_RULE_SET);
    rs.addExtension("id", new CodeType(ca.ruleSetId()));
    rs.addExtension("version", new StringType(ca.ruleSetVersion()));
    cp.addExtension(rs);
    cp.addIdentifier(SuggestionResourceBuilder.identifier(idValue));
    if (previous != null) {
      cp.addReplaces(new Reference(ProposedResource.localReference(key(cond, previous.number()))));
    }
    cp.setStatus(ongoing ? CarePlan.CarePlanStatus.ACTIVE : CarePlan.CarePlanStatus.COMPLETED);
    cp.setIntent(CarePlan.CarePlanIntent.PLAN);
    cp.addCategory(new CodeableConcept(new Coding(Canonical.CS_CAREPLAN_CATEGORY, CATEGORY_CODE, "Line of therapy"))
        .setText("Line of therapy"));
    String label = "Line " + line.numberInSetting() + " (" + settingCode(line.setting()) + ")";
    cp.setTitle(label + ": " + line.regimenLabel());
    cp.setDescription("Line " + line.number() + " overall of " + ca.cancer().display()
        + ", derived from the medication records by the OncoRefract adapter (decision support; not an order).");
    cp.setSubject(new Reference(patientRef));
    Period p = new Period().setStartElement(SuggestionResourceBuilder.date(line.start()));
    if (!ongoing) {
      p.setEndElement(SuggestionResourceBuilder.date(line.end()));
    }
    cp.setPeriod(p);
    cp.addAddresses(new Reference(cond));
    for (ResourceRef src : line.sources()) {
      cp.addSupportingInfo(new Reference(src.value()));
    }
    for (String ingredient : line.regimen()) {
      CarePlan.CarePlanActivityDetailComponent d = cp.addActivity().getDetail();
      d.setKind(CarePlan.CarePlanActivityKind.MEDICATIONREQUEST);
      d.setStatus(ongoing ? CarePlan.CarePlanActivityStatus.INPROGRESS : CarePlan.CarePlanActivityStatus.COMPLETED);
      d.setProduct(product(ingredient));
    }
    String when = line.start() + (ongoing ? " to present; ongoing." : " to " + line.end() + "; ended by "
        + endReasonText(reason) + ".");
    cp.setText(SuggestionResourceBuilder.narrative(label + ": " + String.join(", ", line.regimen()) + "; " + when));
    return new ProposedResource(key(cond, line.number()), idValue, cp, true, ADAPTER_STATUSES);
  }

  private CodeableConcept product(String ingredient) {
    CodeableConcept cc = new CodeableConcept();
    cc.addCoding().setSystem(Canonical.CS_ANTINEOPLASTIC_INGREDIENT).setCode(ingredient);
    catalog.ingredient(ingredient).map(IngredientInfo::rxnorm).filter(s -> !s.isBlank())
        .ifPresent(rx -> cc.addCoding().setSystem(RXNORM).setCode(rx));
    return cc.setText(ingredient);
  }

  /** Code in {@link Canonical#CS_LINE_SETTING}. */
  static String settingCode(LineSetting s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  /** Code in {@link Canonical#CS_LINE_END_REASON}: the enum name in lower case, {@code _} as {@code -}. */
  static String endReasonCode(LineEndReason r) {
    return r.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String endReasonText(LineEndReason r) {
    return switch (r) {
      case NEW_REGIMEN -> "a new regimen";
      case GAP -> "a treatment gap";
      case COMPLETED -> "completion";
      case UNKNOWN -> "an unrecorded reason";
      default -> endReasonCode(r);
    };
  }
}
