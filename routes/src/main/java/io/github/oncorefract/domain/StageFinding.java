package io.github.oncorefract.domain;

import java.time.LocalDate;

/**
 * One piece of staging or extent-of-disease evidence for a cancer (issue 8, class 2).
 *
 * <p>Read from: {@code Condition.stage.summary} (SNOMED stage qualifiers by display, AJCC {@code http://cancerstaging.org}
 * codes such as {@code c4}, {@code 3C}, {@code p2B}, text such as "stage IVA"); mCODE TNM Observations (stage group LOINC
 * 21908-9 clinical, 21902-2 pathological, 21914-7 other; distant-metastasis category LOINC 21907-1 clinical, 21901-4
 * pathological, values such as SNOMED "M1 category" or AJCC {@code cM1}/{@code pM1}); the cancer Condition's own text
 * ("metastatic", "recurrent", "stage IV"). Stage groups follow AJCC 8th edition (0, I-IV with letter sub-groups); stage IV
 * and M1 are distant (metastatic) disease per AJCC.
 *
 * @param date      the day the finding applies from (Observation effective day; for {@code Condition.stage} and
 *                  Condition text the Condition's onset or recorded day); may be {@code null} when nothing dates it
 * @param kind      where it came from
 * @param value     normalised value: a stage group in Roman numerals with its sub-group ({@code "IIIA"}, {@code "IV"},
 *                  {@code "0"}), {@code "M0"}/{@code "M1"}, or the matched words for text ({@code "metastatic"},
 *                  {@code "recurrent"})
 * @param advanced  true when the finding means distant metastatic or recurrent disease (stage IV, M1, "metastatic",
 *                  "recurrent"); false for stage 0-III and M0
 * @param condition the cancer Condition it is about ({@code focus}, or the Condition itself), or {@code null}
 * @param source    the Observation or Condition it was read from
 */
public record StageFinding(
    LocalDate date, Kind kind, String value, boolean advanced, ResourceRef condition, ResourceRef source) {

  /** The kind of staging evidence. */
  public enum Kind {
    /** A TNM (or other) stage group. */
    STAGE_GROUP,
    /** The TNM distant-metastasis (M) category. */
    M_CATEGORY,
    /** Words of the cancer Condition's own code text or display. */
    TEXT
  }

  /** A copy about another Condition (used when a finding is attributed to a cancer). */
  public StageFinding withCondition(ResourceRef c) {
    return new StageFinding(date, kind, value, advanced, c, source);
  }

  /** How specific a stage group is ({@code "IIIA"} is more specific than {@code "III"}); 0 for other kinds. */
  public int specificity() {
    return kind == Kind.STAGE_GROUP && value != null ? value.length() : 0;
  }

  /** Human label, e.g. {@code "stage IIIA"}, {@code "M1"}, {@code "'metastatic' in the diagnosis text"}. */
  public String label() {
    return switch (kind) {
      case STAGE_GROUP -> "stage " + value;
      case M_CATEGORY -> value;
      case TEXT -> "'" + value + "' in the diagnosis text";
    };
  }
}
