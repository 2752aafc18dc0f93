package io.github.oncorefract.normalise;

import java.math.BigDecimal;
import java.util.Locale;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;

/**
 * How long a MedicationRequest's course runs when it states no period, read from its dosage timing and dispense
 * request (issue 8, class 6: "an oral endocrine or targeted drug ordered once with a repeat or a days-supply is a
 * course, not one day"). First that applies:
 * <ol>
 *   <li>{@code dosageInstruction.timing.repeat.boundsDuration} (e.g. 21 days);</li>
 *   <li>{@code timing.repeat.count} doses at {@code frequency} per {@code period} {@code periodUnit}: the day of the
 *       last dose (16 doses every 3 weeks = day 316);</li>
 *   <li>{@code dispenseRequest.expectedSupplyDuration} x (1 + {@code numberOfRepeatsAllowed}) (the days supply of
 *       each fill, times the fills);</li>
 *   <li>{@code dispenseRequest.quantity} / the daily dose ({@code doseQuantity} x {@code frequency} /
 *       {@code period}) x (1 + repeats), when quantity and dose have the same unit (or both none).</li>
 * </ol>
 * Units: UCUM {@code s, min, h, d, wk, mo, a} (or their English words); a month is 30.4375 days, a year 365.25 (UCUM).
 * An unparseable or non-positive value is ignored (the next rule applies). Courses are capped at 100 years.
 *
 * @param days      course length in days counting the first day, or {@code null} when nothing states it
 * @param repeating true when a dosage repeats ({@code timing.repeat} with a frequency or period, or a
 *                  {@code timing.code}): the order is a course even when its length is not stated
 * @param fills     1 + {@code dispenseRequest.numberOfRepeatsAllowed} (at least 1)
 */
record RequestCourse(Integer days, boolean repeating, int fills) {

  private static final int MAX_DAYS = 36_525;

  static RequestCourse of(MedicationRequest mr) {
    int fills = 1;
    if (mr.hasDispenseRequest() && mr.getDispenseRequest().hasNumberOfRepeatsAllowed()) {
      fills += Math.max(0, mr.getDispenseRequest().getNumberOfRepeatsAllowed());
    }
    boolean repeating = false;
    Double boundsDays = null;
    Double countDays = null;
    Double dailyDose = null;
    String doseUnit = null;
    for (Dosage d : mr.getDosageInstruction()) {
      if (!d.hasTiming()) {
        continue;
      }
      Timing t = d.getTiming();
      if (t.hasCode()) {
        repeating = true;
      }
      if (!t.hasRepeat()) {
        continue;
      }
      Timing.TimingRepeatComponent r = t.getRepeat();
      Double periodDays = r.hasPeriod() && r.hasPeriodUnit()
          ? positive(r.getPeriod(), unitDays(r.getPeriodUnit().toCode())) : null;
      int frequency = r.hasFrequency() && r.getFrequency() > 0 ? r.getFrequency() : 1;
      if (periodDays != null || r.hasFrequency()) {
        repeating = true;
      }
      if (boundsDays == null && r.getBounds() instanceof Duration bd) {
        boundsDays = quantityDays(bd);
      }
      if (countDays == null && r.hasCount() && r.getCount() > 0 && periodDays != null) {
        int periods = (r.getCount() + frequency - 1) / frequency;
        countDays = (periods - 1) * periodDays + 1;
      }
      if (dailyDose == null && periodDays != null && d.hasDoseAndRate()
          && d.getDoseAndRateFirstRep().getDose() instanceof Quantity dose && dose.hasValue()
          && dose.getValue().signum() > 0) {
        dailyDose = dose.getValue().doubleValue() * frequency / periodDays;
        doseUnit = unit(dose);
      }
    }
    Double days = boundsDays != null ? boundsDays : countDays;
    if (days == null && mr.hasDispenseRequest()) {
      MedicationRequest.MedicationRequestDispenseRequestComponent dr = mr.getDispenseRequest();
      Double supply = dr.hasExpectedSupplyDuration() ? quantityDays(dr.getExpectedSupplyDuration()) : null;
      if (supply == null && dailyDose != null && dr.hasQuantity() && dr.getQuantity().hasValue()
          && dr.getQuantity().getValue().signum() > 0 && sameUnit(unit(dr.getQuantity()), doseUnit)) {
        supply = Math.floor(dr.getQuantity().getValue().doubleValue() / dailyDose);
      }
      if (supply != null && supply >= 1) {
        days = supply * fills;
      }
    }
    Integer whole = days == null || days < 1 ? null : (int) Math.min(MAX_DAYS, Math.round(days));
    return new RequestCourse(whole, repeating, fills);
  }

  /** Days in one {@code unit} (UCUM code or English word), or {@code null} when unknown. */
  static Double unitDays(String unit) {
    if (unit == null) {
      return null;
    }
    return switch (unit.strip().toLowerCase(Locale.ROOT)) {
      case "s", "sec", "second", "seconds" -> 1.0 / 86_400;
      case "min", "minute", "minutes" -> 1.0 / 1_440;
      case "h", "hr", "hour", "hours" -> 1.0 / 24;
      case "d", "day", "days" -> 1.0;
      case "wk", "week", "weeks" -> 7.0;
      case "mo", "month", "months" -> 30.4375;
      case "a", "yr", "year", "years" -> 365.25;
      default -> null;
    };
  }

  private static Double quantityDays(Quantity q) {
    if (q == null || !q.hasValue()) {
      return null;
    }
    Double per = unitDays(q.hasCode() ? q.getCode() : q.getUnit());
    if (per == null && q.hasCode()) {
      per = unitDays(q.getUnit());
    }
    return positive(q.getValue(), per);
  }

  private static Double positive(BigDecimal value, Double unitDays) {
    if (value == null || unitDays == null || value.signum() <= 0) {
      return null;
    }
    return value.doubleValue() * unitDays;
  }

  private static String unit(Quantity q) {
    String u = q.hasCode() ? q.getCode() : q.getUnit();
    return u == null || u.isBlank() ? null : u.strip().toLowerCase(Locale.ROOT);
  }

  private static boolean sameUnit(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }
}
