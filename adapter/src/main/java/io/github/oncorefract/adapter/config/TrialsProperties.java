package io.github.oncorefract.adapter.config;

import io.github.oncorefract.normalise.ResearchStudyNormaliser;
import java.util.List;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.trials.*}: matching the server's ResearchStudy resources to trial referrals
 * ({@code clinical-model.md} section 4).
 *
 * @param enabled    match studies (a server without ResearchStudy, or without any, leaves referrals unchanged)
 * @param statuses   {@code ResearchStudy.status} codes a study may be matched in: {@code active} (default),
 *                   {@code approved}, {@code in-review}; closed, completed or withdrawn studies never match
 * @param maxMatches at most this many studies per referral, best first
 */
@ConfigurationProperties("adapter.trials")
public record TrialsProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("active") List<String> statuses,
    @DefaultValue("5") int maxMatches) {

  /**
   * @throws IllegalArgumentException for an empty or unknown status list, or {@code maxMatches < 1}
   */
  public TrialsProperties {
    statuses = List.copyOf(new TreeSet<>(statuses.stream().map(String::strip).toList()));
    if (statuses.isEmpty()) {
      throw new IllegalArgumentException("adapter.trials.statuses needs at least one status");
    }
    for (String s : statuses) {
      if (!ResearchStudyNormaliser.OPEN_STATUSES.contains(s)) {
        throw new IllegalArgumentException("adapter.trials.statuses: '" + s + "' is not one of "
            + new TreeSet<>(ResearchStudyNormaliser.OPEN_STATUSES));
      }
    }
    if (maxMatches < 1) {
      throw new IllegalArgumentException("adapter.trials.max-matches must be at least 1");
    }
  }
}
