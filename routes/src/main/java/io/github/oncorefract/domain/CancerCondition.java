package io.github.oncorefract.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * One cancer of a patient, recognised from a Condition resource.
 *
 * @param ref            the Condition
 * @param type           the cancer kind, which selects the rule set (for a secondary Condition: the type its site
 *                       stands for when it is the patient's only cancer Condition, see {@code cancer-codes.csv})
 * @param system         code system URI of the coding that matched, or {@code null} for a text match
 * @param code           the code that matched (e.g. {@code "C34.90"}, {@code "254637007"}), or {@code null}
 * @param display        a short non-identifying label for tables, e.g. {@code "NSCLC (ICD-10-CM C34.90)"}
 * @param matchedBy      how the cancer was recognised
 * @param onset          clinical onset ({@code onsetDateTime} / {@code onsetPeriod.start}, the local day the record
 *                       states); {@code null} when not recorded (issue 8, class 3: a recorded or asserted date is no
 *                       onset)
 * @param secondary      true for a secondary (metastatic) neoplasm: by code, mCODE secondary-cancer-condition profile or
 *                       category, or text ("metastasis to bone"); it marks advanced disease of its primary
 * @param recorded       {@code condition-assertedDate} extension, else {@code recordedDate}: an upper bound of the
 *                       diagnosis date, never its onset; {@code null} when absent
 * @param relatedPrimary the primary cancer Condition a secondary names (mCODE STU1 extension
 *                       {@code mcode-related-primary-cancer-condition}, or core {@code condition-related}), else
 *                       {@code null}
 * @param active         false when {@code clinicalStatus} is inactive/resolved/remission or an abatement is recorded
 * @param abatement      the abatement day ({@code abatementDateTime} / {@code abatementPeriod.end}), or {@code null}
 * @param stages         staging read from the Condition itself ({@code Condition.stage}, its own text), in order
 */
public record CancerCondition(
    ResourceRef ref,
    CancerType type,
    String system,
    String code,
    String display,
    CodeMatch matchedBy,
    LocalDate onset,
    boolean secondary,
    LocalDate recorded,
    ResourceRef relatedPrimary,
    boolean active,
    LocalDate abatement,
    List<StageFinding> stages) {

  public CancerCondition {
    stages = stages == null ? List.of() : List.copyOf(stages);
  }

  /** The 1.x shape: an active Condition with no recorded date, related primary or staging. */
  public CancerCondition(ResourceRef ref, CancerType type, String system, String code, String display,
      CodeMatch matchedBy, LocalDate onset, boolean secondary) {
    this(ref, type, system, code, display, matchedBy, onset, secondary, null, null, true, null, List.of());
  }

  /** The onset, else the recorded date: the date the Condition itself gives for the diagnosis, or {@code null}. */
  public LocalDate statedDate() {
    return onset != null ? onset : recorded;
  }
}
