package io.github.oncorefract.adapter.cds;

import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.ProcedureEvent;
import io.github.oncorefract.domain.ResourceRef;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A short, readable summary of a reason's evidence for a card's Markdown detail, instead of a wall of
 * {@code Type/id} references: per kind of evidence the count and the date range (months, UTC days of the record), e.g.
 * "42 MedicationAdministrations 2024-08 to 2026-04; disease status Observation 2026-04-07 (progression)". A kind
 * with at most {@value #NAMED_PER_KIND} references lists each with its day (and its status or finding), and at most
 * {@value #MAX_NAMED_IDS} logical ids are named per reason; the full list stays in the assessment JSON and on the
 * timeline page. Plain Java over the normalised record, testable with {@code new}.
 */
final class CdsEvidence {

  /** References of one kind listed one by one (more are counted with their date range). */
  static final int NAMED_PER_KIND = 3;
  /** Logical ids named per reason at most. */
  static final int MAX_NAMED_IDS = 3;

  /** What the record says about one referenced resource. */
  private record Fact(String kind, LocalDate from, LocalDate to, String note) {}

  private final Map<ResourceRef, Fact> facts = new HashMap<>();

  /**
   * @param record the normalised record of the patient, or {@code null} (then only types and counts are shown)
   */
  CdsEvidence(PatientRecord record) {
    if (record == null) {
      return;
    }
    Stream.concat(record.exposures().stream(), record.supportiveExposures().stream())
        .filter(e -> e.resource() != null)
        .forEach(e -> merge(e.resource(), new Fact(e.resource().type(), e.start(), lastDay(e), e.ingredient())));
    for (DiseaseStatusEvent e : record.statusEvents()) {
      if (e.source() != null) {
        merge(e.source(), new Fact("disease status " + e.source().type(), e.date(), e.date(),
            e.status() == null ? null : e.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
      }
    }
    for (GenomicVariant v : record.variants()) {
      if (v.source() != null) {
        String finding = ((v.gene() == null ? "" : v.gene()) + " " + (v.alteration() == null ? "" : v.alteration()))
            .trim();
        merge(v.source(), new Fact("genomic result " + v.source().type(), v.date(), v.date(),
            (finding.isEmpty() ? "result" : finding) + (v.present() ? "" : ": not detected")));
      }
    }
    for (ProcedureEvent p : record.procedures()) {
      if (p.source() != null && p.kind() != null) {
        merge(p.source(), new Fact(p.source().type(), p.start(), p.end() == null ? p.start() : p.end(),
            p.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
      }
    }
    for (CancerCondition c : record.cancers()) {
      merge(c.ref(), new Fact("cancer " + c.ref().type(), c.onset(), c.onset(), null));
    }
  }

  private static LocalDate lastDay(DrugExposure e) {
    return e.lastKnownDay();
  }

  private void merge(ResourceRef ref, Fact f) {
    facts.merge(ref, f, (a, b) -> new Fact(a.kind(), min(a.from(), b.from()), max(a.to(), b.to()),
        a.note() == null ? b.note() : a.note()));
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  /**
   * The summary of one reason's evidence.
   *
   * @param refs the reason's evidence (any order)
   * @return e.g. "3 MedicationStatements 2024-01 to 2024-06; disease status Observation 2024-07-02 (progression,
   *     {@code Observation/p1})"; empty for no evidence
   */
  String summarise(List<ResourceRef> refs) {
    Map<String, List<ResourceRef>> byKind = new LinkedHashMap<>();
    for (ResourceRef r : refs) {
      Fact f = facts.get(r);
      byKind.computeIfAbsent(f == null ? r.type() : f.kind(), k -> new ArrayList<>()).add(r);
    }
    List<String> parts = new ArrayList<>();
    int named = 0;
    for (Map.Entry<String, List<ResourceRef>> kind : byKind.entrySet()) {
      List<ResourceRef> rs = kind.getValue();
      if (rs.size() <= NAMED_PER_KIND) {
        for (ResourceRef r : rs) {
          Fact f = facts.get(r);
          StringBuilder s = new StringBuilder(kind.getKey());
          if (f != null && f.from() != null) {
            s.append(' ').append(f.from());
            if (f.to() != null && !f.to().equals(f.from())) {
              s.append(" to ").append(f.to());
            }
          }
          List<String> notes = new ArrayList<>();
          if (f != null && f.note() != null && !f.note().isBlank()) {
            notes.add(f.note());
          }
          if (named < MAX_NAMED_IDS) {
            notes.add("`" + r.value() + "`");
            named++;
          }
          if (!notes.isEmpty()) {
            s.append(" (").append(String.join(", ", notes)).append(')');
          }
          parts.add(s.toString());
        }
      } else {
        LocalDate from = null;
        LocalDate to = null;
        for (ResourceRef r : rs) {
          Fact f = facts.get(r);
          if (f != null) {
            from = min(from, f.from());
            to = max(to, f.to());
          }
        }
        String range = from == null ? "" : " " + YearMonth.from(from)
            + (to == null || YearMonth.from(to).equals(YearMonth.from(from)) ? "" : " to " + YearMonth.from(to));
        parts.add(rs.size() + " " + plural(kind.getKey()) + range);
      }
    }
    return String.join("; ", parts);
  }

  private static String plural(String kind) {
    return kind.endsWith("s") ? kind : kind + "s";
  }
}
