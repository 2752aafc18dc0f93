package io.github.oncorefract.adapter.ops;

import io.github.oncorefract.routing.PassSummary;
import io.github.oncorefract.routing.PatientRow;

/**
 * Formats a pass as a plain-text table a person can read: patient id, cancer, number of lines, status, suggestions.
 * No names or other identifiers than the logical Patient id.
 */
public final class PassReport {

  private PassReport() {}

  /** The table, with a header line and a closing totals line. */
  public static String table(PassSummary s) {
    int idW = Math.max(10, s.rows().stream().mapToInt(r -> r.patientId().length()).max().orElse(0));
    int cW = Math.max(6, Math.min(48, s.rows().stream().mapToInt(r -> r.cancer().length()).max().orElse(0)));
    String fmt = "%-" + idW + "s  %-" + cW + "s  %5s  %-17s  %s%n";
    StringBuilder b = new StringBuilder();
    b.append(String.format(fmt, "patient", "cancer", "lines", "status", "suggestions"));
    b.append("-".repeat(idW + cW + 5 + 17 + 20)).append('\n');
    for (PatientRow r : s.rows()) {
      String cancer = r.cancer().length() > cW ? r.cancer().substring(0, cW - 1) + "…" : r.cancer();
      b.append(String.format(fmt, r.patientId(), cancer, r.lines(), r.status(),
          r.suggestions().isEmpty() ? "-" : String.join(", ", r.suggestions())));
    }
    b.append(String.format(
        "%d patient(s) assessed, %d likely refractory, %d at risk; created %d, updated %d, unchanged %d, preserved %d;"
            + " quarantined %d, unrecognised medications %d, failed %d; %s in %d ms%n",
        s.patientsAssessed(), s.likelyRefractory(), s.atRisk(), s.created(), s.updated(), s.unchanged(),
        s.preserved(), s.quarantined(), s.unrecognisedMedications(), s.failed(), s.writeMode(), s.durationMs()));
    if (s.committedAfterTimeout() > 0) {
      b.append(String.format("%d transaction(s) timed out but the server had committed them: counted as written%n",
          s.committedAfterTimeout()));
    }
    return b.toString();
  }
}
