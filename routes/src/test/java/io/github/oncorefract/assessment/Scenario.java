package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.ProcedureEvent;
import io.github.oncorefract.therapy.MapDrugCatalog;
import io.github.oncorefract.therapy.TestData;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Given/when helper: collect a patient's data, then assess it with default parameters. */
final class Scenario {
  final List<CancerCondition> cancers = new ArrayList<>();
  final List<DrugExposure> exposures = new ArrayList<>();
  final List<DiseaseStatusEvent> events = new ArrayList<>();
  final List<GenomicVariant> variants = new ArrayList<>();
  final List<ProcedureEvent> procedures = new ArrayList<>();
  LocalDate death;

  static Scenario given() {
    return new Scenario();
  }

  Scenario cancer(CancerCondition c) {
    cancers.add(c);
    return this;
  }

  Scenario exposure(TestData.Ex... ex) {
    for (TestData.Ex e : ex) {
      exposures.add(e.build());
    }
    return this;
  }

  Scenario event(DiseaseStatusEvent... e) {
    events.addAll(List.of(e));
    return this;
  }

  Scenario variant(GenomicVariant... v) {
    variants.addAll(List.of(v));
    return this;
  }

  Scenario procedure(ProcedureEvent p) {
    procedures.add(p);
    return this;
  }

  PatientRecord record() {
    return new PatientRecord("p1", cancers, exposures, events, variants, procedures, death, List.of());
  }

  PatientAssessment assess(String asOf) {
    return new PatientAssessor(AssessmentParameters.defaults(), MapDrugCatalog.standard())
        .assess(record(), LocalDate.parse(asOf));
  }

  CancerAssessment assessOnly(String asOf) {
    PatientAssessment pa = assess(asOf);
    if (pa.cancers().size() != 1) {
      throw new AssertionError("expected one cancer, got " + pa.cancers().size());
    }
    return pa.cancers().get(0);
  }
}
