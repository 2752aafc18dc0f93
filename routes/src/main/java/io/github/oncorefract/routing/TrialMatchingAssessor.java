package io.github.oncorefract.routing;

import io.github.oncorefract.assessment.TrialMatcher;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.SuggestionType;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A {@link RecordAssessor} that adds the server's matching research studies to every trial-referral suggestion of
 * the assessment its delegate makes ({@link TrialMatcher#enrich}); studies come from the {@link TrialCatalogue}, read
 * once per pass. Without a trial referral the catalogue is not consulted.
 */
public class TrialMatchingAssessor implements RecordAssessor {

  private final RecordAssessor delegate;
  private final TrialCatalogue catalogue;
  private final TrialMatcher matcher;

  /**
   * @param delegate  makes the assessment
   * @param catalogue the server's open studies
   * @param matcher   the matching rules
   */
  public TrialMatchingAssessor(RecordAssessor delegate, TrialCatalogue catalogue, TrialMatcher matcher) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    this.matcher = Objects.requireNonNull(matcher, "matcher");
  }

  @Override
  public PatientAssessment assess(PatientRecord record, LocalDate asOf) {
    PatientAssessment pa = delegate.assess(record, asOf);
    boolean referral = pa.cancers().stream().flatMap(c -> c.suggestions().stream())
        .anyMatch(s -> s.type() == SuggestionType.TRIAL_REFERRAL);
    return referral ? matcher.enrich(pa, record.variants(), catalogue.current()) : pa;
  }
}
