package io.github.oncorefract.normalise;

import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StageFinding;
import io.github.oncorefract.knowledge.CancerCodeTable;
import io.github.oncorefract.knowledge.CancerCodeTable.CancerMatch;
import io.github.oncorefract.knowledge.CancerCodeTable.Coded;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * Condition -> {@link CancerCondition} (clinical-model.md section 1; issue 8, classes 1-3): codes first (SNOMED CT,
 * ICD-10-CM/-GM/WHO, ICD-9-CM), then text, through {@link CancerCodeTable}. Conditions whose {@code verificationStatus}
 * is {@code entered-in-error} or {@code refuted} are ignored. A Condition with an empty {@code code} (absent, or no
 * coding with a code or display and no text) cannot be recognised as anything: it is quarantined as
 * {@code missing-code} at element {@code code} (issue 10: never ignored without a word), and it makes the record
 * partial, so earlier output is not retired meanwhile (it may have been the cancer).
 *
 * <ul>
 *   <li>Onset: {@code onsetDateTime} / {@code onsetPeriod.start} only. The {@code condition-assertedDate} extension
 *       (MII/oBDS) and {@code recordedDate} are kept apart as {@link CancerCondition#recorded()}: they say when the
 *       diagnosis was asserted or entered, an upper bound of the diagnosis date, not its onset (the assessor dates the
 *       diagnosis from the earliest credible evidence).</li>
 *   <li>Secondary (metastatic): a secondary code or text in the table; the mCODE {@code mcode-secondary-cancer-condition}
 *       profile in {@code meta.profile} (any version; also derived profiles whose id ends so, e.g. Onconova's); or a
 *       category coding SNOMED 128462008 "Secondary malignant neoplastic disease" or saying "secondary"/"metasta".
 *       The related primary: the mCODE STU1 extension {@code mcode-related-primary-cancer-condition}, or the core
 *       {@code http://hl7.org/fhir/StructureDefinition/condition-related} used by later mCODE versions.</li>
 *   <li>Activity: not active when {@code clinicalStatus} is inactive, resolved or remission, or an
 *       {@code abatement[x]} is recorded (FINDINGS.md section 14: an AML abated one hour after its onset).</li>
 *   <li>Staging: {@code Condition.stage.summary} (see {@link StageNormaliser}), the stage group the Condition's own
 *       code display or text states ("TNM stage 1", "stage 3A", "stage IV": Synthea's stage Conditions such as SNOMED
 *       424132000) and its advanced words ("metastatic", "recurrent"), dated at the onset, else the recorded
 *       date.</li>
 * </ul>
 */
final class ConditionNormaliser {

  static final String ASSERTED_DATE = "http://hl7.org/fhir/StructureDefinition/condition-assertedDate";
  /** mCODE STU1 related primary (FINDINGS.md section 16). */
  static final String MCODE_RELATED_PRIMARY =
      "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-related-primary-cancer-condition";
  /** Core extension later mCODE versions use for the related primary. */
  static final String CONDITION_RELATED = "http://hl7.org/fhir/StructureDefinition/condition-related";
  /** SNOMED 128462008 "Secondary malignant neoplastic disease (disorder)". */
  static final String SCT_SECONDARY = "128462008";

  private static final Set<String> INACTIVE = Set.of("inactive", "resolved", "remission");

  private final CancerCodeTable table;
  private final ResourceIndex index;

  ConditionNormaliser(CancerCodeTable table) {
    this(table, null);
  }

  /**
   * @param table the cancer code table
   * @param index the patient's resources, to resolve the related-primary reference ({@code urn:uuid:}); may be null
   */
  ConditionNormaliser(CancerCodeTable table, ResourceIndex index) {
    this.table = table;
    this.index = index;
  }

  /** Quarantine reason of a Condition whose {@code code} says nothing. */
  static final String MISSING_CODE = "missing-code";

  /** True when a code has no coding with a code or display and no text (or is absent). */
  static boolean emptyCode(CodeableConcept code) {
    if (code == null || code.isEmpty()) {
      return true;
    }
    if (code.getText() != null && !code.getText().isBlank()) {
      return false;
    }
    return code.getCoding().stream().noneMatch(x -> x.getCode() != null && !x.getCode().isBlank()
        || x.getDisplay() != null && !x.getDisplay().isBlank());
  }

  /** True when the Condition must be ignored (entered-in-error, refuted). */
  static boolean ignored(Condition c) {
    return Codings.has(c.getVerificationStatus(), s -> true, "entered-in-error", "refuted");
  }

  Optional<CancerCondition> normalise(Condition c, Quarantine q) {
    if (ignored(c)) {
      return Optional.empty();
    }
    if (emptyCode(c.getCode())) {
      q.add(c, "code", MISSING_CODE);
      return Optional.empty();
    }
    List<Coded> codings = c.getCode().getCoding().stream()
        .map(x -> new Coded(x.getSystem(), x.getCode(), x.getDisplay()))
        .toList();
    Optional<CancerMatch> m = table.match(codings, c.getCode().getText());
    boolean secondaryByProfile = secondaryByProfileOrCategory(c);
    if (m.isEmpty() && secondaryByProfile && !Codings.texts(c.getCode()).isEmpty()) {
      // Profiled as a secondary cancer but coded with something the table does not know: still a metastasis.
      m = Optional.of(new CancerMatch(io.github.oncorefract.domain.CancerType.OTHER_SOLID, true,
          io.github.oncorefract.domain.CodeMatch.TEXT, null, null, "Secondary malignant neoplasm (profile)"));
    }
    if (m.isEmpty()) {
      return Optional.empty();
    }
    CancerMatch cm = m.get();
    boolean secondary = cm.secondary() || secondaryByProfile;
    String label = cm.label();
    if (secondary && !cm.secondary() && cm.type() == io.github.oncorefract.domain.CancerType.OTHER_SOLID) {
      int paren = label.indexOf(" (");
      label = "Secondary malignant neoplasm" + (paren >= 0 ? label.substring(paren) : "");
    }
    LocalDate onset = onset(c, q);
    LocalDate recorded = recorded(c, q);
    LocalDate abatement = abatement(c, q);
    String status = Codings.codeIn(c.getClinicalStatus(), "condition-clinical");
    if (status == null && c.hasClinicalStatus() && !c.getClinicalStatus().getCoding().isEmpty()) {
      status = c.getClinicalStatus().getCodingFirstRep().getCode();
    }
    boolean active = !(status != null && INACTIVE.contains(status.strip().toLowerCase(Locale.ROOT)))
        && abatement == null && !(c.getAbatement() instanceof BooleanType b && b.booleanValue());
    ResourceRef ref = ResourceIndex.ref(c);
    List<StageFinding> stages = new ArrayList<>();
    LocalDate stageDate = onset != null ? onset : recorded;
    if (!secondary) {
      for (Condition.ConditionStageComponent st : c.getStage()) {
        StageNormaliser.stageGroup(st.getSummary()).ifPresent(g -> stages.add(new StageFinding(stageDate,
            StageFinding.Kind.STAGE_GROUP, g, StageNormaliser.advanced(StageFinding.Kind.STAGE_GROUP, g), ref, ref)));
      }
      List<String> texts = new ArrayList<>(Codings.texts(c.getCode()));
      // Synthea records the stage as a second Condition whose display carries it ("..., TNM stage 1 (disorder)"):
      // read it as a stage group at the Condition's onset (issue 8, class 2).
      String textGroup = StageNormaliser.stageGroupInText(texts);
      if (textGroup != null) {
        stages.add(new StageFinding(stageDate, StageFinding.Kind.STAGE_GROUP, textGroup,
            StageNormaliser.advanced(StageFinding.Kind.STAGE_GROUP, textGroup), ref, ref));
      }
      String words = StageNormaliser.advancedWords(texts);
      if (words != null && !(textGroup != null && words.startsWith("stage"))) {
        stages.add(new StageFinding(stageDate, StageFinding.Kind.TEXT, words, true, ref, ref));
      }
    }
    return Optional.of(new CancerCondition(ref, cm.type(), cm.system(), cm.code(), label,
        cm.matchedBy(), onset, secondary, recorded, secondary ? relatedPrimary(c) : null, active, abatement, stages));
  }

  private static boolean secondaryByProfileOrCategory(Condition c) {
    for (CanonicalType p : c.getMeta().getProfile()) {
      String v = p.getValue();
      if (v != null && v.contains("secondary-cancer-condition")) {
        return true;
      }
    }
    for (CodeableConcept cat : c.getCategory()) {
      if (Codings.hasSnomed(cat, SCT_SECONDARY)) {
        return true;
      }
      for (String t : Codings.texts(cat)) {
        String s = t.toLowerCase(Locale.ROOT);
        if (s.contains("secondary") || s.contains("metasta")) {
          return true;
        }
      }
    }
    return false;
  }

  private ResourceRef relatedPrimary(Condition c) {
    for (Extension e : c.getExtension()) {
      if ((MCODE_RELATED_PRIMARY.equals(e.getUrl()) || CONDITION_RELATED.equals(e.getUrl()))
          && e.getValue() instanceof Reference r) {
        ResourceRef ref = index != null ? index.refTo(r, "Condition") : null;
        if (ref == null && r.getReference() != null && r.getReference().startsWith("Condition/")) {
          try {
            ref = ResourceRef.parse(r.getReference());
          } catch (IllegalArgumentException ex) {
            ref = null;
          }
        }
        if (ref != null) {
          return ref;
        }
      }
    }
    return null;
  }

  /** Clinical onset: {@code onsetDateTime} or {@code onsetPeriod.start}; {@code null} when not recorded. */
  static LocalDate onset(Condition c, Quarantine q) {
    if (c.hasOnsetDateTimeType()) {
      return FhirDates.day(c.getOnsetDateTimeType(), FhirDates.Bound.START, c, "onsetDateTime", q);
    } else if (c.hasOnsetPeriod()) {
      return FhirDates.start(c.getOnsetPeriod(), c, "onsetPeriod", q);
    }
    return null;
  }

  /** The {@code condition-assertedDate} extension, else {@code recordedDate}; {@code null} when neither. */
  static LocalDate recorded(Condition c, Quarantine q) {
    Extension e = c.getExtensionByUrl(ASSERTED_DATE);
    if (e != null && e.getValue() instanceof DateTimeType dt) {
      LocalDate d = FhirDates.day(dt, FhirDates.Bound.START, c, "extension(condition-assertedDate)", q);
      if (d != null) {
        return d;
      }
    }
    if (c.hasRecordedDateElement()) {
      return FhirDates.day(c.getRecordedDateElement(), FhirDates.Bound.START, c, "recordedDate", q);
    }
    return null;
  }

  /** {@code abatementDateTime}, else {@code abatementPeriod} end (or start); {@code null} otherwise. */
  static LocalDate abatement(Condition c, Quarantine q) {
    if (c.getAbatement() instanceof DateTimeType dt) {
      return FhirDates.day(dt, FhirDates.Bound.START, c, "abatementDateTime", q);
    }
    if (c.getAbatement() instanceof Period p) {
      LocalDate end = FhirDates.end(p, c, "abatementPeriod", q);
      return end != null ? end : FhirDates.start(p, c, "abatementPeriod", q);
    }
    return null;
  }
}
