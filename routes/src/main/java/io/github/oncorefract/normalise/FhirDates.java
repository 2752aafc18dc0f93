package io.github.oncorefract.normalise;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Resource;

/**
 * FHIR date/dateTime/instant values to calendar days (clinical-model.md section 1; issue 8, class 10).
 *
 * <ul>
 *   <li>{@code "2023"} and {@code "2023-03"} keep their precision: the earliest day for a start, the latest day for
 *       an end;</li>
 *   <li>a dateTime or instant with a time keeps the local day the record states, whatever its offset
 *       ({@code 2021-03-04T22:30:00-05:00} is 2021-03-04, not the UTC day 2021-03-05; {@code 2021-09-25T01:00:00+02:00}
 *       is 2021-09-25): the clinical day is the day where the event happened, and converting to UTC moved evening
 *       events a day later (and early-morning ones in UTC+ zones a day earlier). The offset and time are still
 *       validated; a dateTime without offset (a data-quality issue) keeps its day too;</li>
 *   <li>a primitive with only extensions (e.g. {@code _start} with a data-absent-reason) is absent;</li>
 *   <li>a string HAPI could not parse (e.g. the placeholder {@code "YYYY-MM-DD"}) is quarantined as
 *       {@code invalid-date} with its element path, and treated as absent.</li>
 * </ul>
 * Parsing uses the lexical form, so the result never depends on the JVM time zone.
 */
final class FhirDates {

  /** Which end of a partial date to take. */
  enum Bound { START, END }

  private static final Pattern LEXICAL = Pattern.compile(
      "^(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(T.*)?)?)?$");

  private FhirDates() {}

  /**
   * The local day (as stated in the record) of a date-like primitive.
   *
   * @param value    the primitive, may be {@code null}
   * @param bound    START or END for partial dates
   * @param resource the containing resource, for the quarantine entry
   * @param path     element path, e.g. {@code "effectivePeriod.start"}
   * @param q        where invalid values are reported
   * @return the day, or {@code null} when absent or invalid
   */
  static LocalDate day(BaseDateTimeType value, Bound bound, Resource resource, String path, Quarantine q) {
    if (value == null) {
      return null;
    }
    String s = value.getValueAsString();
    if (s == null || s.isBlank()) {
      return null; // absent, possibly with a data-absent-reason extension
    }
    LocalDate d = parse(s.strip(), bound);
    if (d == null || value.getValue() == null) {
      q.add(resource, path, "invalid-date");
      return null;
    }
    return d;
  }

  /** Parses a lexical FHIR date/dateTime; {@code null} when invalid. */
  static LocalDate parse(String s, Bound bound) {
    Matcher m = LEXICAL.matcher(s);
    if (!m.matches()) {
      return null;
    }
    try {
      int year = Integer.parseInt(m.group(1));
      if (m.group(2) == null) {
        return bound == Bound.START ? LocalDate.of(year, 1, 1) : LocalDate.of(year, 12, 31);
      }
      int month = Integer.parseInt(m.group(2));
      if (m.group(3) == null) {
        YearMonth ym = YearMonth.of(year, month);
        return bound == Bound.START ? ym.atDay(1) : ym.atEndOfMonth();
      }
      if (m.group(4) == null) {
        return LocalDate.parse(s);
      }
      String t = m.group(4);
      if (t.endsWith("Z") || t.matches(".*[+-]\\d{2}:\\d{2}$")) {
        // Validated as a whole, then the local date the record states (not the UTC day).
        return OffsetDateTime.parse(s).toLocalDate();
      }
      return LocalDateTime.parse(s).toLocalDate();
    } catch (java.time.DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  /** Start (START bound) of a period; {@code null} when absent. */
  static LocalDate start(Period p, Resource r, String path, Quarantine q) {
    return p == null ? null : day(p.getStartElement(), Bound.START, r, path + ".start", q);
  }

  /** End (END bound) of a period; {@code null} when absent or open. */
  static LocalDate end(Period p, Resource r, String path, Quarantine q) {
    return p == null ? null : day(p.getEndElement(), Bound.END, r, path + ".end", q);
  }
}
