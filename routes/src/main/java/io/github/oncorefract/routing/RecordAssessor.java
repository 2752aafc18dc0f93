package io.github.oncorefract.routing;

import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import java.time.LocalDate;

/** Lines of therapy, rule sets and suggestions; implemented by {@code io.github.oncorefract.assessment.PatientAssessor}. */
@FunctionalInterface
public interface RecordAssessor {
  /**
   * @param record the normalised patient
   * @param asOf   assessment day (UTC)
   */
  PatientAssessment assess(PatientRecord record, LocalDate asOf);
}
