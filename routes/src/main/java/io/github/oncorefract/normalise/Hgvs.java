package io.github.oncorefract.normalise;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HGVS normalisation for matching (HGVS Nomenclature, varnomen.hgvs.org): accession prefixes
 * ({@code NP_005219.2:}, {@code NM_004333.4:}) are stripped, predicted changes lose their parentheses
 * ({@code p.(Ala412Val)} -> {@code p.A412V}), and 3-letter amino acids become 1-letter ({@code Ter} -> {@code *}).
 */
final class Hgvs {

  private static final Map<String, String> AA = Map.ofEntries(
      Map.entry("Ala", "A"), Map.entry("Arg", "R"), Map.entry("Asn", "N"), Map.entry("Asp", "D"),
      Map.entry("Cys", "C"), Map.entry("Gln", "Q"), Map.entry("Glu", "E"), Map.entry("Gly", "G"),
      Map.entry("His", "H"), Map.entry("Ile", "I"), Map.entry("Leu", "L"), Map.entry("Lys", "K"),
      Map.entry("Met", "M"), Map.entry("Phe", "F"), Map.entry("Pro", "P"), Map.entry("Ser", "S"),
      Map.entry("Thr", "T"), Map.entry("Trp", "W"), Map.entry("Tyr", "Y"), Map.entry("Val", "V"),
      Map.entry("Ter", "*"), Map.entry("Sec", "U"), Map.entry("Pyl", "O"), Map.entry("Xaa", "X"));

  private static final Pattern THREE = Pattern.compile(
      "Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val|Ter|Sec|Pyl|Xaa");
  private static final Pattern P_SHAPE = Pattern.compile("^p\\.[A-Za-z0-9_*=?>\\-+]+$");
  /** 1- or 3-letter protein change in free text: V600E, p.V600E, p.Val600Glu, Leu858Arg. */
  private static final Pattern P_IN_TEXT = Pattern.compile(
      "(?<![A-Za-z0-9])(?:p\\.\\(?)?((?:" + THREE.pattern() + ")\\d{1,5}(?:" + THREE.pattern()
          + "|fs|del|dup)|[ACDEFGHIKLMNPQRSTVWY]\\d{1,5}(?:[ACDEFGHIKLMNPQRSTVWY*]|fs|del|dup))\\)?(?![A-Za-z0-9])");
  private static final Pattern EXON = Pattern.compile(
      "exon\\s*(\\d{1,2})\\s*(deletion|del|insertion|ins|skipping|skip)", Pattern.CASE_INSENSITIVE);

  private Hgvs() {}

  /** Strips an accession prefix ({@code NP_005219.2:p.X} -> {@code p.X}; {@code 9:g.X} kept for g.). */
  static String stripAccession(String s) {
    int colon = s.lastIndexOf(':');
    return colon >= 0 ? s.substring(colon + 1).strip() : s.strip();
  }

  /**
   * Normalised protein change, e.g. {@code "p.L858R"}, or {@code null} when the text is not a p. expression.
   */
  static String protein(String raw) {
    if (raw == null) {
      return null;
    }
    String s = stripAccession(raw).replace("(", "").replace(")", "").replace(" ", "");
    if (!s.startsWith("p.")) {
      return null;
    }
    if (!P_SHAPE.matcher(s).matches()) {
      return null;
    }
    return "p." + oneLetter(s.substring(2));
  }

  static String oneLetter(String s) {
    Matcher m = THREE.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(AA.get(m.group())));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Normalised coding DNA change ({@code NM_004333.4:c.1799T>A} -> {@code c.1799T>A}), or {@code null}. */
  static String cdna(String raw) {
    if (raw == null) {
      return null;
    }
    String s = stripAccession(raw);
    return s.startsWith("c.") ? s : null;
  }

  /** A protein change found in free text ("BRAF V600E Mutation" -> {@code p.V600E}), or {@code null}. */
  static String proteinInText(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = P_IN_TEXT.matcher(text);
    return m.find() ? "p." + oneLetter(m.group(1)) : null;
  }

  /** An exon-level change ("exon 19 deletion", "Exon 14 skipping"), normalised, or {@code null}. */
  static String exonChange(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = EXON.matcher(text);
    if (!m.find()) {
      return null;
    }
    String kind = m.group(2).toLowerCase(java.util.Locale.ROOT);
    kind = kind.startsWith("del") ? "deletion" : kind.startsWith("ins") ? "insertion" : "skipping";
    return "exon " + m.group(1) + " " + kind;
  }
}
