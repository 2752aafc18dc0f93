package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ProcedureEvent;
import io.github.oncorefract.therapy.DerivedLine;
import java.time.LocalDate;
import java.util.List;

/**
 * What a rule set sees about one cancer.
 *
 * @param cancer              the cancer
 * @param lines               its lines of therapy with their exposures, in order (may be empty)
 * @param exposures           the antineoplastic exposures attributed to it (including ones the engine ignored)
 * @param events              its disease-status events dated on or before {@code asOf}, in date order
 * @param procedures          its procedures
 * @param advancedDiseaseDate first day of advanced disease, or {@code null}
 * @param asOf                assessment day (UTC)
 */
public record RuleInput(
    CancerCondition cancer,
    List<DerivedLine> lines,
    List<DrugExposure> exposures,
    List<DiseaseStatusEvent> events,
    List<ProcedureEvent> procedures,
    LocalDate advancedDiseaseDate,
    LocalDate asOf) {

  public RuleInput {
    lines = List.copyOf(lines);
    exposures = List.copyOf(exposures);
    events = List.copyOf(events);
    procedures = List.copyOf(procedures);
  }
}
