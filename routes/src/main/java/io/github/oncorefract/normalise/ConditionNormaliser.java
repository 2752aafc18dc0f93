package io.github.oncorefract.normalise;

import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.knowledge.CancerCodeTable;
import io.github.oncorefract.knowledge.CancerCodeTable.CancerMatch;
import io.github.oncorefract.knowledge.CancerCodeTable.Coded;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;

/**
 * Condition -> {@link CancerCondition} (clinical-model.md section 1): codes first (SNOMED CT, ICD-10-CM/-GM/WHO,
 * ICD-9-CM), then text, through {@link CancerCodeTable}. Conditions whose {@code verificationStatus} is
 * {@code entered-in-error} or {@code refuted} are ignored. Onset: {@code onsetDateTime} / {@code onsetPeriod.start},
 * else the {@code condition-assertedDate} extension (MII/oBDS diagnosis date), else {@code recordedDate}.
 */
final class ConditionNormaliser {

  static final String ASSERTED_DATE = "http://hl7.org/fhir/StructureDefinition/condition-assertedDate";

  private final CancerCodeTable table;

  ConditionNormaliser(CancerCodeTable table) {
    this.table = table;
  }

  /** True when the Condition must be ignored (entered-in-error, refuted). */
  static boolean ignored(Condition c) {
    return Codings.has(c.getVerificationStatus(), s -> true, "entered-in-error", "refuted");
  }

  Optional<CancerCondition> normalise(Condition c, Quarantine q) {
    if (ignored(c)) {
      return Optional.empty();
    }
    List<Coded> codings = c.getCode().getCoding().stream()
        .map(x -> new Coded(x.getSystem(), x.getCode(), x.getDisplay()))
        .toList();
    Optional<CancerMatch> m = table.match(codings, c.getCode().getText());
    if (m.isEmpty()) {
      return Optional.empty();
    }
    CancerMatch cm = m.get();
    return Optional.of(new CancerCondition(ResourceIndex.ref(c), cm.type(), cm.system(), cm.code(), cm.label(),
        cm.matchedBy(), onset(c, q), cm.secondary()));
  }

  static LocalDate onset(Condition c, Quarantine q) {
    LocalDate d = null;
    if (c.hasOnsetDateTimeType()) {
      d = FhirDates.day(c.getOnsetDateTimeType(), FhirDates.Bound.START, c, "onsetDateTime", q);
    } else if (c.hasOnsetPeriod()) {
      d = FhirDates.start(c.getOnsetPeriod(), c, "onsetPeriod", q);
    }
    if (d == null) {
      Extension e = c.getExtensionByUrl(ASSERTED_DATE);
      if (e != null && e.getValue() instanceof DateTimeType dt) {
        d = FhirDates.day(dt, FhirDates.Bound.START, c, "extension(condition-assertedDate)", q);
      }
    }
    if (d == null && c.hasRecordedDateElement()) {
      d = FhirDates.day(c.getRecordedDateElement(), FhirDates.Bound.START, c, "recordedDate", q);
    }
    return d;
  }
}
