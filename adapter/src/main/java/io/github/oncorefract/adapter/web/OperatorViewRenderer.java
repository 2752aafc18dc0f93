package io.github.oncorefract.adapter.web;

import io.github.oncorefract.routing.PassSummary;
import io.github.oncorefract.routing.PatientFailure;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Renders the operator view ({@code GET /}) as one self-contained HTML page: inline CSS, no scripts, no external
 * fonts or images. Plain Java, constructed with {@code new}; every value is HTML-escaped. Times are UTC.
 */
public class OperatorViewRenderer {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);
  private static final List<String> STATUS_ORDER = List.of("likely-refractory", "at-risk");

  /**
   * @param m what to show
   * @return the HTML document
   */
  public String render(OperatorViewModel m) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>OncoRefract adapter</title><style>")
        .append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:1.5rem;color:#1d2433}")
        .append("h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.6rem 0 .5rem}")
        .append("table{border-collapse:collapse;font-size:.85rem}th,td{border:1px solid #c9ced8;padding:.25rem .5rem;")
        .append("text-align:right}th{background:#eef1f6}td.l,th.l{text-align:left}")
        .append(".up{color:#17693a;font-weight:600}.down{color:#b3261e;font-weight:600}")
        .append(".muted{color:#5f6b7a}ul{margin:.2rem 0}li{margin:.1rem 0}")
        .append("</style></head><body>\n");
    h.append("<h1>OncoRefract adapter</h1><p class=\"muted\">Generated ").append(esc(TIME.format(m.generatedAt())))
        .append(". Logical ids only; no names or identifiers.</p>\n");

    h.append("<h2>Health</h2><table id=\"health\"><tr><th class=\"l\">FHIR server</th><td class=\"l\">")
        .append(status(m.fhirServer())).append("</td></tr><tr><th class=\"l\">Readiness</th><td class=\"l\">")
        .append(status(m.readiness())).append("</td></tr><tr><th class=\"l\">Dead letters</th><td class=\"l\">")
        .append(deadLetters(m.deadLetters())).append("</td></tr></table>\n");

    PassSummary last = m.passes().isEmpty() ? null : m.passes().get(0);
    h.append("<h2>Last pass</h2>");
    if (last == null) {
      h.append("<p class=\"muted\">No pass has completed since the adapter started.</p>\n");
    } else {
      h.append("<table id=\"last-pass\"><tr><th class=\"l\">Quarantined resources or elements</th><td>")
          .append(last.quarantined()).append("</td></tr><tr><th class=\"l\">Unrecognised medications</th><td>")
          .append(last.unrecognisedMedications())
          .append("</td></tr><tr><th class=\"l\">Transactions committed after a timeout</th><td>")
          .append(last.committedAfterTimeout()).append("</td></tr><tr><th class=\"l\">Failed patients</th><td>")
          .append(last.failed()).append("</td></tr></table>\n");
    }

    h.append("<h2>Passes</h2>");
    if (m.passes().isEmpty()) {
      h.append("<p class=\"muted\">None yet.</p>\n");
    } else {
      h.append("<table id=\"passes\"><tr><th class=\"l\">Started</th><th class=\"l\">Trigger</th>")
          .append("<th class=\"l\">Mode</th><th class=\"l\">Kind</th><th>ms</th><th>Assessed</th>")
          .append("<th>Likely refractory</th><th>At risk</th><th>Created</th><th>Updated</th><th>Unchanged</th>")
          .append("<th>Preserved</th><th>Quarantined</th><th>Unrecognised meds</th><th>Failed</th>")
          .append("<th class=\"l\">Failures</th></tr>\n");
      for (PassSummary s : m.passes()) {
        h.append("<tr class=\"pass\"><td class=\"l\">").append(esc(TIME.format(s.startedAt())))
            .append("</td><td class=\"l\">").append(esc(s.trigger())).append("</td><td class=\"l\">")
            .append(esc(s.writeMode())).append("</td><td class=\"l\">").append(s.incremental() ? "incremental" : "full")
            .append("</td>");
        for (long n : new long[] {s.durationMs(), s.patientsAssessed(), s.likelyRefractory(), s.atRisk(),
            s.created(), s.updated(), s.unchanged(), s.preserved(), s.quarantined(), s.unrecognisedMedications(),
            s.failed()}) {
          h.append("<td>").append(n).append("</td>");
        }
        h.append("<td class=\"l\">").append(failures(s.failures())).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    if (!m.failedPasses().isEmpty()) {
      h.append("<h2>Passes that could not run</h2><table id=\"failed-passes\"><tr><th class=\"l\">When</th>")
          .append("<th class=\"l\">Trigger</th><th class=\"l\">Reason</th></tr>\n");
      for (OperatorPassHistory.FailedPass f : m.failedPasses()) {
        h.append("<tr><td class=\"l\">").append(esc(TIME.format(f.at()))).append("</td><td class=\"l\">")
            .append(esc(f.trigger())).append("</td><td class=\"l\">").append(esc(f.reason())).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }

    h.append("<h2>Current flags</h2>");
    if (m.flagsError() != null) {
      h.append("<p class=\"down\">Flags could not be read: ").append(esc(m.flagsError())).append("</p>\n");
    } else if (m.flags().isEmpty()) {
      h.append("<p class=\"muted\">No active Flag written by the adapter.</p>\n");
    } else {
      for (String status : orderedStatuses(m.flags())) {
        List<String> patients = m.flags().get(status);
        h.append("<h3 id=\"flags-").append(esc(status)).append("\">").append(esc(status)).append(" (")
            .append(patients.size()).append(")</h3><ul>");
        for (String p : patients) {
          h.append("<li><a class=\"patient\" href=\"/patients/").append(esc(p)).append("/timeline\">Patient/")
              .append(esc(p)).append("</a></li>");
        }
        h.append("</ul>\n");
      }
    }
    h.append("<p class=\"muted\">JSON: <a href=\"/api/metadata\">/api/metadata</a> · ")
        .append("<a href=\"/actuator/health\">/actuator/health</a> · ")
        .append("<a href=\"/actuator/prometheus\">/actuator/prometheus</a></p>\n</body></html>\n");
    return h.toString();
  }

  private static String deadLetters(int n) {
    if (n < 0) {
      return "<span class=\"muted\" id=\"dead-letters\">unknown</span>";
    }
    return "<a id=\"dead-letters\" class=\"" + (n == 0 ? "up" : "down") + "\" href=\"/api/dead-letters\">" + n
        + "</a>";
  }

  private static List<String> orderedStatuses(Map<String, List<String>> flags) {
    List<String> keys = new java.util.ArrayList<>();
    STATUS_ORDER.stream().filter(flags::containsKey).forEach(keys::add);
    flags.keySet().stream().filter(k -> !STATUS_ORDER.contains(k)).sorted().forEach(keys::add);
    return keys;
  }

  private static String failures(List<PatientFailure> failures) {
    if (failures.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (PatientFailure f : failures) {
      b.append(b.length() == 0 ? "" : "<br>").append("Patient/").append(esc(f.patientId())).append(" at ")
          .append(esc(f.stage())).append(": ").append(esc(f.reason()));
    }
    return b.toString();
  }

  private static String status(String s) {
    String v = s == null ? "UNKNOWN" : s;
    boolean good = v.startsWith("UP") || v.startsWith("ACCEPTING_TRAFFIC");
    return "<span class=\"" + (good ? "up" : "down") + "\">" + esc(v) + "</span>";
  }

  /** HTML-escapes text and attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
