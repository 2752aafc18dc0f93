package io.github.oncorefract.therapy;

import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.CodeMatch;
import io.github.oncorefract.domain.DiseaseStatus;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureSource;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StopReason;
import io.github.oncorefract.domain.TreatmentIntent;
import io.github.oncorefract.domain.VariantKind;
import java.time.LocalDate;

/** Terse builders for scenario tests ("given these exposures and events"). */
public final class TestData {

  private TestData() {}

  public static LocalDate d(String iso) {
    return iso == null ? null : LocalDate.parse(iso);
  }

  public static ResourceRef ref(String value) {
    return value == null ? null : ResourceRef.parse(value);
  }

  /** An exposure builder; defaults: administration, completed, no stop reason, no intent, no reason condition. */
  public static Ex ex(String ingredient, String start) {
    return new Ex(ingredient, start);
  }

  public static DiseaseStatusEvent progression(String date, String id) {
    return new DiseaseStatusEvent(d(date), DiseaseStatus.PROGRESSION, null, ref("Observation/" + id));
  }

  public static DiseaseStatusEvent event(DiseaseStatus status, String date, String focus, String id) {
    return new DiseaseStatusEvent(d(date), status, ref(focus), ref("Observation/" + id));
  }

  public static CancerCondition cancer(String id, CancerType type, String onset, boolean secondary) {
    return new CancerCondition(ref("Condition/" + id), type, null, null, type.name(), CodeMatch.ICD10, d(onset),
        secondary);
  }

  public static GenomicVariant variant(String gene, String alteration, VariantKind kind, boolean present,
      String date, String id) {
    return new GenomicVariant(gene, alteration, kind, present, "somatic", d(date), gene + " " + alteration,
        ref("Observation/" + id));
  }

  /** Mutable exposure builder. */
  public static final class Ex {
    private final String ingredient;
    private final String start;
    private String end;
    private ExposureSource source = ExposureSource.MEDICATION_ADMINISTRATION;
    private ExposureStatus status = ExposureStatus.COMPLETED;
    private StopReason stop = StopReason.NONE;
    private TreatmentIntent intent = TreatmentIntent.UNKNOWN;
    private String reason;
    private String id;

    Ex(String ingredient, String start) {
      this.ingredient = ingredient;
      this.start = start;
    }

    public Ex to(String e) {
      this.end = e;
      return this;
    }

    public Ex source(ExposureSource s) {
      this.source = s;
      return this;
    }

    public Ex status(ExposureStatus s) {
      this.status = s;
      return this;
    }

    public Ex stop(StopReason s) {
      this.stop = s;
      return this;
    }

    public Ex intent(TreatmentIntent i) {
      this.intent = i;
      return this;
    }

    public Ex reason(String conditionId) {
      this.reason = conditionId;
      return this;
    }

    public Ex id(String id) {
      this.id = id;
      return this;
    }

    public DrugExposure build() {
      String type = switch (source) {
        case MEDICATION_STATEMENT -> "MedicationStatement";
        case MEDICATION_REQUEST -> "MedicationRequest";
        case MEDICATION_ADMINISTRATION -> "MedicationAdministration";
        case PROCEDURE -> "Procedure";
      };
      String rid = id != null ? id : ingredient + "-" + start;
      return new DrugExposure(ingredient, d(start), d(end), source, status, stop, intent,
          reason == null ? null : ref("Condition/" + reason), new ResourceRef(type, rid));
    }
  }
}
