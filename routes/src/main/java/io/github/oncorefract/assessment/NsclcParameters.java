package io.github.oncorefract.assessment;

import java.util.Objects;
import java.util.Set;

/**
 * Parameters of the NSCLC rule set: its own solid-tumour thresholds (configured apart from the default solid-tumour
 * rule set) and the targeted tyrosine-kinase inhibitors whose progression calls for resistance testing.
 *
 * @param solidTumour  thresholds of the solid-tumour rules applied to NSCLC (default: the solid-tumour defaults,
 *                     2 advanced lines, at risk without progression)
 * @param targetedTkis lower-case EGFR/ALK/ROS1 TKI ingredients (default erlotinib, gefitinib, afatinib, dacomitinib,
 *                     osimertinib, lazertinib, crizotinib, ceritinib, alectinib, brigatinib, lorlatinib, ensartinib,
 *                     entrectinib, repotrectinib, taletrectinib: the {@code egfr-tki}, {@code alk-tki} and
 *                     {@code ros1-ntrk-tki} rows of the drug table; a test keeps both in step)
 */
public record NsclcParameters(SolidTumourParameters solidTumour, Set<String> targetedTkis) {

  public NsclcParameters {
    Objects.requireNonNull(solidTumour, "solidTumour");
    targetedTkis = Set.copyOf(Objects.requireNonNull(targetedTkis, "targetedTkis"));
  }

  /** The EGFR/ALK/ROS1 TKIs of the default drug table. */
  public static final Set<String> DEFAULT_TARGETED_TKIS = Set.of("erlotinib", "gefitinib", "afatinib", "dacomitinib",
      "osimertinib", "lazertinib", "crizotinib", "ceritinib", "alectinib", "brigatinib", "lorlatinib", "ensartinib",
      "entrectinib", "repotrectinib", "taletrectinib");

  /** Solid-tumour defaults and {@link #DEFAULT_TARGETED_TKIS}. */
  public static NsclcParameters defaults() {
    return new NsclcParameters(SolidTumourParameters.defaults(), DEFAULT_TARGETED_TKIS);
  }
}
