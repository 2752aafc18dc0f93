package io.github.oncorefract.assessment;

import io.github.oncorefract.profiles.KnowledgeCsv;
import io.github.oncorefract.domain.CancerCondition;
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
 * <p>CSV with header {@code gene,alteration,agents,cancer_types,source,evidence_level[,origin][,code]}; fields may be
 * quoted with {@code "}; agents and cancer types are {@code ;}-separated. Default resource:
 * {@value #DEFAULT_RESOURCE} (module {@code fhir-profiles}); label diseases from {@value #DEFAULT_DISEASES}.
 *
 * <p>Matching: gene equal (upper case; an empty table gene matches any); the variant's source class allowed by the
 * row's origin (a germline result matches only {@code germline}/{@code any} rows, a somatic one only
 * {@code somatic}/{@code any} rows); the cancer covered ({@code *}, its {@code CancerType} name, or a label disease
 * whose ICD-10 prefix, SNOMED code or text the cancer matches; {@code NSCLC} also a lung cancer of unrecorded
 * histology that is not small-cell, see {@link #histologyUnrecordedLung}; {@code !NAME} excludes); and one of the row's {@code |}-separated
 * alterations, after normalisation (case, spaces, a missing {@code p.} prefix and 3-letter amino acids, so
 * {@code p.Leu858Arg} == {@code L858R} == {@code p.L858R}; a final {@code X} in the table, {@code p.G719X}, stands
 * for any substitution at that codon). Classes:
 * <ul>
 *   <li>{@code fusion}: {@link VariantKind#FUSION}, a text with "fusion"/"rearrangement", or a gene-level positive
 *       finding (ALK-positive, ROS1-positive are the clinical shorthand for the rearrangement);</li>
 *   <li>{@code amplification}: {@link VariantKind#COPY_NUMBER_GAIN};</li>
 *   <li>{@code overexpression}: {@link VariantKind#EXPRESSION} "overexpression" or "IHC 3+" (HER2-positive by IHC,
 *       c-Met overexpression); {@code ihc3+}: an IHC score of 3+ stated; {@code low-expression}: IHC 1+ or 2+;</li>
 *   <li>{@code exon19del}: "exon 19 deletion" texts and EGFR in-frame deletions starting in codons 729-761;
 *       {@code exon20ins}: "exon 20 insertion" texts and EGFR insertions or duplications starting in codons 762-823
 *       (exon 20, e.g. p.A767_V769dup); {@code exon14skipping}: "exon 14 skipping" texts;</li>
 *   <li>{@code mutation}: any present sequence variant or gene-level finding of the gene; {@code alteration}: also
 *       fusions and copy-number changes; {@code pathogenic}: sequence variant, loss or gene-level finding (the lab's
 *       report of a variant is taken as its pathogenicity call: documented limitation);</li>
 *   <li>{@code MSI-H}: "MSI-H"/"MSI high"; {@code dMMR}: mismatch-repair deficiency (loss of MLH1, MSH2, MSH6 or
 *       PMS2 by IHC); {@code TMB>=N}: a {@link VariantKind#TMB} value of at least N mutations/megabase, or a TMB
 *       reported "high".</li>
 * </ul>
 */
public final class ActionableVariantTable {

  /** Classpath location of the default table. */
  public static final String DEFAULT_RESOURCE = "/io/github/oncorefract/knowledge/actionable-variants.csv";

  /** Classpath location of the label diseases (diseases FDA labels name more narrowly than {@code CancerType}). */
  public static final String DEFAULT_DISEASES = "/io/github/oncorefract/knowledge/label-diseases.csv";

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
  private static final Pattern EGFR_INS = Pattern.compile("^p\\.[a-z](\\d+)_[a-z]\\d+(ins|dup|delins).*");
  private static final Pattern TMB_ROW = Pattern.compile("^tmb>=(\\d+(?:\\.\\d+)?)$");
  private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)");
  private static final Pattern WILDCARD_PROTEIN = Pattern.compile("^(p\\.[a-z*]\\d+)x$");

  /** One label disease definition: a cancer of {@code type} whose ICD-10 code starts with a prefix or text matches. */
  record Disease(String name, String cancerType, String vocabulary, String value) {}

  private final List<ActionableVariant> rows;
  private final List<Disease> diseases;

  /** A table of these rows, without label diseases (disease tokens in cancer types then never match). */
  public ActionableVariantTable(List<ActionableVariant> rows) {
    this(rows, List.of());
  }

  private ActionableVariantTable(List<ActionableVariant> rows, List<Disease> diseases) {
    this.rows = List.copyOf(rows);
    this.diseases = List.copyOf(diseases);
  }

  /** This table with the label diseases of a CSV text ({@code disease,cancer_type,vocabulary,value,note}). */
  public ActionableVariantTable withDiseases(String csv) {
    List<Disease> d = new ArrayList<>();
    for (Map<String, String> row : KnowledgeCsv.read(csv)) {
      if (row.get("value") == null || row.get("disease").isEmpty()) {
        throw new IllegalStateException("label-disease table: a row lacks columns (expected disease, cancer_type, "
            + "vocabulary, value, note)");
      }
      d.add(new Disease(row.get("disease").toUpperCase(Locale.ROOT), row.get("cancer_type"),
          row.get("vocabulary").toUpperCase(Locale.ROOT), row.get("value")));
    }
    return new ActionableVariantTable(rows, d);
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
    ActionableVariantTable t = parse(read(resource, "actionable-variant table"));
    return ActionableVariantTable.class.getResource(DEFAULT_DISEASES) == null ? t
        : t.withDiseases(read(DEFAULT_DISEASES, "label-disease table"));
  }

  private static String read(String resource, String what) {
    try (InputStream in = ActionableVariantTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(what + " not on the classpath: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
          row.get("evidence_level"), row.get("origin"), row.get("requires")));
    }
    return new ActionableVariantTable(out);
  }

  /** All rows, in file order. */
  public List<ActionableVariant> rows() {
    return rows;
  }

  /**
   * Rows matching a present variant for this cancer type, in file order; empty for absent variants. Label-disease
   * tokens never match here (they need the cancer's code): use {@link #matches(GenomicVariant, CancerCondition)}.
   */
  public List<ActionableVariant> matches(GenomicVariant v, CancerType type) {
    return matches(v, type, null);
  }

  /** Rows matching a present variant for this cancer (its type and, for label diseases, its code), in file order. */
  public List<ActionableVariant> matches(GenomicVariant v, CancerCondition cancer) {
    return matches(v, cancer == null ? null : cancer.type(), cancer);
  }

  private List<ActionableVariant> matches(GenomicVariant v, CancerType type, CancerCondition cancer) {
    if (v == null || !v.present()) {
      return List.of();
    }
    return rows.stream()
        .filter(row -> covers(row, type, cancer))
        .filter(row -> originMatches(row, v))
        .filter(row -> matches(row, v))
        .toList();
  }

  /** True when the row's cancer types cover this cancer ({@code *}, its type, a label disease; {@code !} excludes). */
  boolean covers(ActionableVariant row, CancerType type, CancerCondition cancer) {
    boolean covered = false;
    for (String t : row.cancerTypes()) {
      if (t.startsWith("!")) {
        if (is(t.substring(1), type, cancer)) {
          return false;
        }
      } else if (t.equals("*") || is(t, type, cancer)) {
        covered = true;
      }
    }
    return covered;
  }

  private boolean is(String token, CancerType type, CancerCondition cancer) {
    if (type != null && token.equals(type.name())) {
      return true;
    }
    if (cancer == null || type == null) {
      return false;
    }
    if (token.equals(CancerType.NSCLC.name()) && histologyUnrecordedLung(cancer)) {
      return true;
    }
    String code = cancer.code() == null ? "" : cancer.code().replace(".", "").toUpperCase(Locale.ROOT);
    boolean icd = cancer.system() != null && cancer.system().toLowerCase(Locale.ROOT).contains("icd-10");
    String label = cancer.display() == null ? "" : cancer.display();
    for (Disease d : diseases) {
      if (!d.name().equals(token) || !d.cancerType().equals(type.name())) {
        continue;
      }
      if (d.vocabulary().equals("ICD10") && icd && code.startsWith(d.value().replace(".", "")
          .toUpperCase(Locale.ROOT))) {
        return true;
      }
      if (d.vocabulary().equals("SNOMED") && cancer.system() != null
          && cancer.system().toLowerCase(Locale.ROOT).contains("snomed") && d.value().equals(cancer.code())) {
        return true;
      }
      if (d.vocabulary().equals("TEXT")
          && Pattern.compile(d.value(), Pattern.CASE_INSENSITIVE).matcher(label).find()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A lung cancer of unrecorded histology ({@link CancerType#LUNG_OTHER}, e.g. ICD-10 C34 without morphology) that
   * is not recognisably small-cell (label disease {@code SCLC} of {@value #DEFAULT_DISEASES}: its SNOMED codes or
   * a small-cell text). NSCLC label rows cover it: about 85% of lung cancers are NSCLC, and the driver alterations of
   * those rows (EGFR, ALK, ROS1, RET, MET exon 14, BRAF V600E, KRAS G12C) occur almost only in NSCLC (NCCN NSCLC
   * guidelines, biomarker testing); the suggestion asks to confirm the histology.
   */
  public boolean histologyUnrecordedLung(CancerCondition cancer) {
    return cancer != null && cancer.type() == CancerType.LUNG_OTHER && !is("SCLC", CancerType.LUNG_OTHER, cancer);
  }

  /** The row's origin admits the variant's source class (a variant without one matches every row). */
  static boolean originMatches(ActionableVariant row, GenomicVariant v) {
    String sc = v.sourceClass() == null ? "" : v.sourceClass().toLowerCase(Locale.ROOT);
    boolean germline = sc.contains("germline") || sc.contains("keimbahn");
    boolean somatic = !germline && sc.contains("somatic");
    return switch (row.origin()) {
      case "any" -> true;
      case "germline" -> !somatic;
      default -> !germline;
    };
  }

  static boolean matches(ActionableVariant row, GenomicVariant v) {
    String gene = v.gene() == null ? "" : v.gene().trim().toUpperCase(Locale.ROOT);
    if (!row.gene().isEmpty() && !row.gene().equals(gene)) {
      return false;
    }
    for (String alternative : row.alteration().split("\\|")) {
      if (!alternative.isBlank() && matchesAlteration(alternative.strip(), gene, v)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesAlteration(String rowAlteration, String gene, GenomicVariant v) {
    String alt = normalise(v.alteration());
    String raw = v.rawText() == null ? "" : v.rawText().toLowerCase(Locale.ROOT);
    VariantKind k = v.kind();
    boolean geneLevel = k == VariantKind.UNSPECIFIED && v.alteration() == null && !gene.isEmpty();
    String r = rowAlteration.toLowerCase(Locale.ROOT);
    Matcher tmb = TMB_ROW.matcher(r);
    if (tmb.matches()) {
      return k == VariantKind.TMB && tmbAtLeast(v.alteration(), raw, Double.parseDouble(tmb.group(1)));
    }
    return switch (r) {
      case "fusion" -> k == VariantKind.FUSION || alt.contains("fusion") || alt.contains("rearrangement")
          || geneLevel;
      case "amplification" -> k == VariantKind.COPY_NUMBER_GAIN || alt.equals("amplification");
      case "overexpression" -> k == VariantKind.EXPRESSION && (alt.equals("overexpression") || alt.equals("ihc3+"));
      case "ihc3+" -> k == VariantKind.EXPRESSION && alt.equals("ihc3+");
      case "low-expression" -> k == VariantKind.EXPRESSION && (alt.equals("ihc1+") || alt.equals("ihc2+")
          || alt.equals("low-expression"));
      case "msi-h" -> alt.equals("msi-h") || alt.equals("msihigh") || alt.equals("microsatelliteinstability-high");
      case "dmmr" -> alt.equals("dmmr");
      case "mutation" -> k == VariantKind.SEQUENCE || geneLevel;
      case "alteration" -> k == VariantKind.SEQUENCE || k == VariantKind.FUSION || k == VariantKind.COPY_NUMBER_GAIN
          || k == VariantKind.COPY_NUMBER_LOSS || geneLevel;
      case "pathogenic" -> k == VariantKind.SEQUENCE || k == VariantKind.COPY_NUMBER_LOSS
          || k == VariantKind.UNSPECIFIED;
      case "exon19del" -> alt.equals("exon19del") || egfrCodonChange(gene, alt, EGFR_DEL, 729, 761)
          || (alt.isEmpty() && raw.replace(" ", "").contains("exon19del"));
      case "exon20ins" -> alt.equals("exon20ins") || egfrCodonChange(gene, alt, EGFR_INS, 762, 823)
          || (alt.isEmpty() && raw.replace(" ", "").contains("exon20ins"));
      case "exon14skipping" -> alt.equals("exon14skipping")
          || (alt.isEmpty() && raw.replace(" ", "").contains("exon14skip"));
      default -> {
        String key = normalise(rowAlteration);
        Matcher w = WILDCARD_PROTEIN.matcher(key);
        if (w.matches() && k == VariantKind.SEQUENCE) {
          yield alt.matches(Pattern.quote(w.group(1)) + "[a-z]");
        }
        yield !alt.isEmpty() && alt.equals(key);
      }
    };
  }

  /** A TMB value (leading number of the alteration, mutations/megabase) of at least {@code min}, or "high". */
  private static boolean tmbAtLeast(String alteration, String raw, double min) {
    if (alteration != null) {
      Matcher m = LEADING_NUMBER.matcher(alteration);
      if (m.find()) {
        return Double.parseDouble(m.group(1)) >= min;
      }
      String a = alteration.toLowerCase(Locale.ROOT);
      return a.contains("high") || a.equals("tmb-h");
    }
    return raw.contains("high");
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
      case "exon20insertion", "exon20insertions", "ex20ins", "exon20ins" -> "exon20ins";
      case "dmmr", "mmr-deficient", "mmrdeficient", "deficientmismatchrepair", "mismatchrepairdeficient" -> "dmmr";
      case "ihc3+", "3+", "her2ihc3+" -> "ihc3+";
      case "ihc2+", "2+" -> "ihc2+";
      case "ihc1+", "1+" -> "ihc1+";
      default -> s;
    };
  }

  /** An EGFR change of this shape starting in codons {@code from}-{@code to} (exon 19: 729-761; exon 20: 762-823). */
  private static boolean egfrCodonChange(String gene, String alt, Pattern shape, int from, int to) {
    if (!"EGFR".equals(gene)) {
      return false;
    }
    Matcher m = shape.matcher(alt);
    if (!m.matches()) {
      return false;
    }
    int codon = Integer.parseInt(m.group(1));
    return codon >= from && codon <= to;
  }

  /** Unmodifiable set of every agent the table names. */
  public Set<String> allAgents() {
    Set<String> s = new LinkedHashSet<>();
    rows.forEach(r -> s.addAll(r.agents()));
    return java.util.Collections.unmodifiableSet(s);
  }
}
