package io.github.oncorefract.assessment;

import java.util.Set;

/**
 * Parameters of the multiple-myeloma rule set. Sources: IMWG consensus (Rajkumar SV et al., Blood
 * 2011;117(18):4691-4695: refractory = non-responsive while on therapy or progression within 60 days of the last
 * dose; Kumar S et al., Lancet Oncol 2016;17(8):e328-e346, IMWG response criteria), applied per drug; triple-class
 * refractory = IMiD + proteasome inhibitor + anti-CD38 antibody ({@code clinical-model.md} section 3).
 *
 * @param refractoryWindowDays progression no more than this many days after a drug's last dose makes that drug
 *                             refractory (default 60)
 * @param imids                immunomodulatory drugs (lenalidomide, pomalidomide, thalidomide)
 * @param proteasomeInhibitors bortezomib, carfilzomib, ixazomib
 * @param antiCd38             daratumumab, isatuximab
 */
public record MyelomaParameters(
    int refractoryWindowDays, Set<String> imids, Set<String> proteasomeInhibitors, Set<String> antiCd38) {

  public MyelomaParameters {
    if (refractoryWindowDays < 0) {
      throw new IllegalArgumentException("refractoryWindowDays must be >= 0");
    }
    imids = Set.copyOf(imids);
    proteasomeInhibitors = Set.copyOf(proteasomeInhibitors);
    antiCd38 = Set.copyOf(antiCd38);
  }

  /** IMWG defaults. */
  public static MyelomaParameters defaults() {
    return new MyelomaParameters(60,
        Set.of("lenalidomide", "pomalidomide", "thalidomide"),
        Set.of("bortezomib", "carfilzomib", "ixazomib"),
        Set.of("daratumumab", "isatuximab"));
  }
}
