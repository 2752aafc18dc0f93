package io.github.oncorefract.assessment;

import io.github.oncorefract.profiles.KnowledgeCsv;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.VariantKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The actionable-variant table and the matching of {@link GenomicVariant}s against it.
 *
 * <p>CSV with header {@code gene,alteration,agents,cancer_types,source,evidence_level}; fields may be quoted with
 * {@code "}; agents and cancer types are {@code ;}-separated. Default resource:
 * {@value #DEFAULT_RESOURCE} (module {@code fhir-profiles}).
 *
 * <p>Matching: gene equal (upper case; an empty table gene matches any); alteration equal after normalisation
 * (case, spaces, a missing {@code p.} prefix and 3-letter amino acids are normalised, so {@code p.Leu858Arg} ==
 * {@code L858R} == {@code p.L858R}); classes: {@code fusion} matches {@link VariantKind#FUSION} or a text with
 * "fusion"/"rearrangement"; {@code amplification} matches {@link VariantKind#COPY_NUMBER_GAIN};
 * {@code exon19del} matches "exon 19 deletion" texts and EGFR in-frame deletions starting in codons 729-761;
 * {@code exon14skipping} matches "exon 14 skipping" texts; {@code MSI-H} matches "MSI-H"/"MSI high";
 * {@code pathogenic} matches any present sequence, loss or unspecified variant of the gene (the lab's report of a
 * variant is taken as its pathogenicity call: documented limitation).
 */
public final class ActionableVariantTable {

  /** Classpath location of the default table. */
  public static final String DEFAULT_RESOURCE = "/io/github/oncorefract/knowledge/actionable-variants.csv";

  private static final Map<String, String> AMINO = Map.ofEntries(
      Map.entry("ala", "A"), Map.entry("arg", "R"), Map.entry("asn", "N"), Map.entry("asp", "D"),
      Map.entry("cys", "C"), Map.entry("gln", "Q"), Map.entry("glu", "E"), Map.entry("gly", "G"),
      Map.entry("his", "H"), Map.entry("ile", "I"), Map.entry("leu", "L"), Map.entry("lys", "K"),
      Map.entry("met", "M"), Map.entry("phe", "F"), Map.entry("pro", "P"), Map.entry("ser", "S"),
      Map.entry("thr", "T"), Map.entry("trp", "W"), Map.entry("tyr", "Y"), Map.entry("val", "V"),
      Map.entry("ter", "*"));
  private static final Pattern THREE_LETTER = Pattern.compile(
      "(Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val|Ter)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern THREE_LETTER_START = Pattern.compile(
      "(Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val|Ter)\\d+",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern BARE_PROTEIN = Pattern.compile("^[a-z*]\\d+[a-z*_].*");
  private static final Pattern EGFR_DEL = Pattern.compile("^p\\.[a-z](\\d+)_[a-z]\\d+del.*");

  private final List<ActionableVariant> rows;

  /** A table of these rows. */
  public ActionableVariantTable(List<ActionableVariant> rows) {
    this.rows = List.copyOf(rows);
  }

  /**
   * Loads the default table from the classpath.
   *
   * @throws IllegalStateException if the resource is missing or malformed
   */
  public static ActionableVariantTable loadDefault() {
    return load(DEFAULT_RESOURCE);
  }

  /**
   * Loads a table from a classpath resource.
   *
   * @param resource absolute classpath path
   * @throws IllegalStateException if missing or malformed
   */
  public static ActionableVariantTable load(String resource) {
    try (InputStream in = ActionableVariantTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("actionable-variant table not on the classpath: " + resource);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses CSV text.
   *
   * @throws IllegalStateException on a row with a wrong number of fields
   */
  public static ActionableVariantTable parse(String csv) {
    List<ActionableVariant> out = new ArrayList<>();
    for (Map<String, String> row : KnowledgeCsv.read(csv)) {
      if (row.get("evidence_level") == null) {
        throw new IllegalStateException("actionable-variant table: a row lacks columns (expected gene, alteration, "
            + "agents, cancer_types, source, evidence_level)");
      }
      out.add(new ActionableVariant(row.get("gene").toUpperCase(Locale.ROOT), row.get("alteration"),
          KnowledgeCsv.list(row.get("agents")).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList(),
          new LinkedHashSet<>(KnowledgeCsv.list(row.get("cancer_types"))), row.get("source"),
          row.get("evidence_level")));
    }
    return new ActionableVariantTable(out);
  }

  /** All rows, in file order. */
  public List<ActionableVariant> rows() {
    return rows;
  }

  /** Rows matching a present variant for this cancer type, in file order; empty for absent variants. */
  public List<ActionableVariant> matches(GenomicVariant v, CancerType type) {
    if (v == null || !v.present()) {
      return List.of();
    }
    return rows.stream()
        .filter(row -> row.cancerTypes().contains("*") || (type != null && row.cancerTypes().contains(type.name())))
        .filter(row -> matches(row, v))
        .toList();
  }

  static boolean matches(ActionableVariant row, GenomicVariant v) {
    String gene = v.gene() == null ? "" : v.gene().trim().toUpperCase(Locale.ROOT);
    if (!row.gene().isEmpty() && !row.gene().equals(gene)) {
      return false;
    }
    String alt = normalise(v.alteration());
    String raw = v.rawText() == null ? "" : v.rawText().toLowerCase(Locale.ROOT);
    return switch (row.alteration().toLowerCase(Locale.ROOT)) {
      case "fusion" -> v.kind() == VariantKind.FUSION || alt.contains("fusion") || alt.contains("rearrangement");
      case "amplification" -> v.kind() == VariantKind.COPY_NUMBER_GAIN || alt.equals("amplification");
      case "msi-h" -> alt.equals("msi-h") || alt.equals("msihigh") || alt.equals("microsatelliteinstability-high");
      case "pathogenic" -> v.kind() == VariantKind.SEQUENCE || v.kind() == VariantKind.COPY_NUMBER_LOSS
          || v.kind() == VariantKind.UNSPECIFIED;
      case "exon19del" -> alt.equals("exon19del") || egfrExon19Deletion(gene, alt)
          || (alt.isEmpty() && raw.replace(" ", "").contains("exon19del"));
      case "exon14skipping" -> alt.equals("exon14skipping")
          || (alt.isEmpty() && raw.replace(" ", "").contains("exon14skip"));
      default -> !alt.isEmpty() && alt.equals(normalise(row.alteration()));
    };
  }

  /**
   * Normalises an alteration for comparison: lower case, no spaces, 3-letter amino acids to 1-letter, a {@code p.}
   * prefix added to a bare protein change, and the classes' synonyms mapped to their table names.
   *
   * @return the comparison key; empty for {@code null}
   */
  public static String normalise(String alteration) {
    if (alteration == null) {
      return "";
    }
    String s = alteration.trim();
    if (s.regionMatches(true, 0, "p.", 0, 2) || THREE_LETTER_START.matcher(s).lookingAt()) {
      Matcher m = THREE_LETTER.matcher(s);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(sb, Matcher.quoteReplacement(AMINO.get(m.group(1).toLowerCase(Locale.ROOT))));
      }
      m.appendTail(sb);
      s = sb.toString();
    }
    s = s.toLowerCase(Locale.ROOT).replaceAll("\\s+", "").replace("(", "").replace(")", "");
    if (BARE_PROTEIN.matcher(s).matches()) {
      s = "p." + s;
    }
    return switch (s) {
      case "exon19deletion", "exon19deletions", "ex19del", "exon19del", "exon19indel" -> "exon19del";
      case "exon14skipping", "ex14skipping", "exon14skip", "metexon14skipping", "metex14skipping" -> "exon14skipping";
      case "amp", "amplified", "amplification", "gain" -> "amplification";
      case "msi-high", "msihigh", "msi-h", "msi_h" -> "msi-h";
      default -> s;
    };
  }

  private static boolean egfrExon19Deletion(String gene, String alt) {
    if (!"EGFR".equals(gene)) {
      return false;
    }
    Matcher m = EGFR_DEL.matcher(alt);
    if (!m.matches()) {
      return false;
    }
    int codon = Integer.parseInt(m.group(1));
    return codon >= 729 && codon <= 761;
  }

  /** Unmodifiable set of every agent the table names. */
  public Set<String> allAgents() {
    Set<String> s = new LinkedHashSet<>();
    rows.forEach(r -> s.addAll(r.agents()));
    return java.util.Collections.unmodifiableSet(s);
  }
}
