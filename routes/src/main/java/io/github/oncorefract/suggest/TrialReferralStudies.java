package io.github.oncorefract.suggest;

import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.TrialMatch;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * Puts a trial referral's matched research studies ({@link Suggestion#trials()}, best first) into its resources:
 *
 * <ul>
 *   <li>ServiceRequest: every study is already in {@code supportingInfo} (it is evidence of the suggestion's
 *       {@code matching-research-studies} reason); those references get the study's title as display, and a
 *       {@code note} lists "Candidate studies on this server: title (identifier); ...".</li>
 *   <li>Task: one {@code input} per study, type text {@value #INPUT_TYPE}, value a reference to the ResearchStudy
 *       with its title and identifier as display.</li>
 * </ul>
 * Without matches nothing changes. Deterministic: the matches' order is the matcher's (stable).
 */
public final class TrialReferralStudies {

  /** {@code Task.input.type} text of a matched study. */
  public static final String INPUT_TYPE = "candidate study";

  private TrialReferralStudies() {}

  /** Adds the studies to a trial-referral ServiceRequest (see the class comment). */
  public static void annotate(ServiceRequest sr, Suggestion s) {
    List<TrialMatch> matches = s.trials();
    if (matches.isEmpty()) {
      return;
    }
    for (Reference ref : sr.getSupportingInfo()) {
      matches.stream().filter(m -> m.study().study().value().equals(ref.getReference())).findFirst()
          .ifPresent(m -> ref.setDisplay(display(m)));
    }
    sr.addNote().setText(line(matches));
  }

  /** Adds the studies to a trial-referral Task as inputs (see the class comment). */
  public static void annotate(Task t, Suggestion s) {
    for (TrialMatch m : s.trials()) {
      t.addInput()
          .setType(new CodeableConcept().setText(INPUT_TYPE))
          .setValue(new Reference(m.study().study().value()).setDisplay(display(m)));
    }
  }

  /** {@code "Candidate studies on this server: Title (DEMO-1); Other title (NCT01234567)."} */
  static String line(List<TrialMatch> matches) {
    return "Candidate studies on this server: "
        + String.join("; ", matches.stream().map(TrialReferralStudies::display).toList()) + ".";
  }

  /** {@code "Title (identifier)"}, the title alone, or the study's label when it has no title. */
  static String display(TrialMatch m) {
    String title = m.study().title();
    if (title == null || title.isBlank()) {
      return m.study().label();
    }
    return m.study().registryId() == null ? title : title + " (" + m.study().registryId() + ")";
  }
}
