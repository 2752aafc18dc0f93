package io.github.oncorefract.normalise;

import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.VariantKind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Observation -> {@link GenomicVariant} for every shape in FINDINGS.md section 9 (HL7 Genomics Reporting IG
 * 2020/2021, mCODE GenomicVariant, MII MolGen/MTB, oBDS, legacy R4 core genetics).
 *
 * <p>Recognised Observations: LOINC 69548-6 (variant assessment), 55233-1 and 59041-4 (legacy R4 genetics),
 * 84413-4 (genotype display name), 94076-7 (TMB), 81695-9 (MSI) and 62862-8 (MSI by immune stain, MII MTB
 * fixture), mismatch-repair protein IHC 81691-8 MLH1, 81692-6 MSH2, 81693-4 MSH6, 81694-2 PMS2 (as the code or as
 * components; source: MII KDS MTB profile {@code mii-pr-mtb-immunohistochemistry-mmr}), HER2 18474-7 (IHC),
 * 85319-2 (IHC, breast), 48676-1 (HER2 interpretation), 85318-4 (FISH, breast), 49683-6 (ERBB2/CEP17 ratio by FISH),
 * 96893-3 (ERBB2 gene duplication by FISH) (displays as in the MII and Synthea-mCODE fixtures), code texts naming
 * TMB or MSI, and a code with text only that names a gene ({@code "EGFR"}, {@code "KRAS G12C"}, {@code "HER2"})
 * with a result-like value ({@code valueString} "L858R", "positive", "not detected"). Therapeutic-implication
 * Observations are not variants (FINDINGS.md 17). Components are
 * found by LOINC code, never by slice name: 48018-6 gene, 48005-3 p.HGVS, 48004-6 c.HGVS, 81290-9 g.HGVS,
 * 48002-0 genomic source class, 82155-3 copy number, 81252-9 discrete variant, 51958-7 transcript,
 * 69547-8 / 69551-0 ref/alt alleles; CNV and fusion components by their custom codes (type, five-/three-prime-*).
 *
 * <p>Order: fusion, explicit CNV type, p.HGVS, c.HGVS, g.HGVS, protein change in any text, exon-level change in
 * text, copy number 82155-3 (&gt;2 gain, &lt;2 loss), transcript + position + ref/alt. Presence: value LA9633-4 Present / SNOMED 10828004 Positive, or interpretation
 * (MII/oBDS M, POS) -> present; oBDS/MII S (other) and U (unknown) -> not present, the raw text says "not a positive
 * result" (issue 8, class 7; never actionable); LA9634-2 Absent, SNOMED 260385009 Negative, interpretation W/N/NEG, or "Wildtyp",
 * "wild type", "keine Mutation" in the text -> absent. The gene may come from a component, the legacy
 * {@code observation-geneticsGene} extension, the note text ("BRCA 1" -> BRCA1; only a symbol of the knowledge table
 * {@code gene-symbols.csv}: another word, "BLUB", gives no finding and an {@code unparsed-variant} quarantine) or a
 * text-only code. A fusion given
 * as two gene components (48018-6) with a DNA change type (48019-4) of gene fusion (Sequence Ontology SO:0001565,
 * or a text saying fusion) yields one finding per partner gene, so the table finds the driver whichever side it
 * is on. A present finding that names a gene but no parseable alteration is a gene-level finding (kind UNSPECIFIED,
 * alteration {@code null}); only one with neither gene nor alteration is quarantined {@code unparsed-variant}
 * (never dropped). A variant given only as SPDI (81252-9, FINDINGS.md 18.13) is kept without gene, its SPDI as the
 * alteration.
 */
final class VariantNormaliser {

  private static final Set<String> VARIANT_CODES = Set.of("69548-6", "55233-1", "59041-4", "84413-4");
  private static final Pattern TMB_TEXT = Pattern.compile("tumou?r mutation(al)? (burden|load)|\\btmb\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern MSI_TEXT = Pattern.compile("microsatellite|\\bmsi\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern SYMBOL = Pattern.compile("^[A-Za-z][A-Za-z0-9-]{1,14}$");
  private static final Pattern NOTE_GENE = Pattern.compile(
      "^\\s*([A-Za-z][A-Za-z0-9-]{1,14})(?:\\s+(\\d{1,2}))?(?=$|[\\s,.;:(])");
  private static final Pattern ABSENT_TEXT = Pattern.compile(
      "wild ?typ|wildtype|keine mutation|no mutation|not detected|nicht nachgewiesen|negativ",
      Pattern.CASE_INSENSITIVE);
  /**
   * System suffix of the oBDS / MII Onkologie variant result codes ({@code mii-cs-onko-genetische-variante-auspraegung}:
   * M mutated, W wild type, S other, U unknown; FINDINGS.md sections 3 and 9). Only M is a present variant.
   */
  static final String OBDS_VARIANT_RESULT = "mii-cs-onko-genetische-variante-auspraegung";
  /** Classpath location of the gene symbols a free-text gene must be one of. */
  static final String GENE_SYMBOLS = "/io/github/oncorefract/knowledge/gene-symbols.csv";
  /** HGNC symbols accepted from free text (knowledge table {@value #GENE_SYMBOLS}). */
  static final Set<String> KNOWN_GENES = io.github.oncorefract.profiles.KnowledgeCsv.readResource(GENE_SYMBOLS)
      .stream().map(r -> r.get("symbol").strip().toUpperCase(Locale.ROOT)).collect(java.util.stream.Collectors
          .toUnmodifiableSet());
  private static final Set<String> NOT_GENES = Set.of("PANEL-BASIERT", "MSI-PANEL", "TUMOR", "MUTATION");
  /** MSI: 81695-9 (qualitative), 62862-8 (by immune stain; MII MTB fixture display). */
  private static final String[] MSI_CODES = {"81695-9", "62862-8"};
  /** Mismatch-repair protein IHC (MII KDS MTB profile mii-pr-mtb-immunohistochemistry-mmr). */
  private static final String[] MMR_IHC_CODES = {"81691-8", "81692-6", "81693-4", "81694-2"};
  /** HER2 protein by IHC (18474-7; 85319-2 breast) and the overall HER2 interpretation (48676-1). */
  private static final String[] HER2_IHC_CODES = {"18474-7", "85319-2", "48676-1"};
  /** ERBB2 by in-situ hybridisation: 85318-4 (FISH, breast), 49683-6 (ERBB2/CEP17 ratio), 96893-3 (duplication). */
  private static final String[] HER2_ISH_CODES = {"85318-4", "49683-6", "96893-3"};
  /**
   * Protein-name aliases of gene symbols (HGNC: ERBB2 alias HER2, NEU; MET alias c-Met). A result named by the
   * protein ("HER2 positive") reports protein status, read as expression rather than a gene-level mutation.
   */
  private static final java.util.Map<String, String> PROTEIN_ALIASES = java.util.Map.of(
      "HER2", "ERBB2", "HER-2", "ERBB2", "HER2/NEU", "ERBB2", "NEU", "ERBB2", "C-MET", "MET", "CMET", "MET");
  /** A text-only code naming a gene, optionally followed by words that describe a test of it or an alteration. */
  private static final Pattern TEXT_GENE = Pattern.compile(
      "^\\s*([A-Z][A-Z0-9]{1,9}(?:-?[0-9])?|HER2/neu|c-MET|c-Met)(?:[\\s:,-]+(.*))?$");
  private static final Pattern TEXT_GENE_TAIL = Pattern.compile(
      "^(?:(?:gene|genes|mutation|mutations|mutated|variant|variants|status|fusion|rearrangement|amplification|"
          + "alteration|alterations|analysis|test|result|expression|overexpression|protein|receptor|positive|"
          + "negative|by|ngs|ihc|fish|ish|pcr|sequencing|exon|\\d{1,2}|deletion|insertion|skipping|del|ins|"
          + "[a-z]\\d{1,4}[a-z*]?|p\\.\\S+|c\\.\\S+)[\\s,;:()/-]*)*$", Pattern.CASE_INSENSITIVE);
  /** A value text that states a result: an HGVS or protein change, an event, or a presence/absence word. */
  private static final Pattern RESULT_TEXT = Pattern.compile(
      "\\b(p\\.|c\\.|g\\.)|\\b[A-Z]\\d{1,4}[A-Z*]\\b|exon|fusion|rearrang|amplif|overexpress|positiv|negativ|"
          + "present|absent|detected|nachgewiesen|mutat|wild|\\b[0-3]\\+", Pattern.CASE_INSENSITIVE);
  private static final Pattern IHC_SCORE = Pattern.compile("(?<![0-9])([0-3])\\s?\\+");
  private static final Pattern SPDI = Pattern.compile("^N[CGMTW]_\\d+(?:\\.\\d+)?:\\d+:[ACGTN]*:[ACGTN]*$");
  private static final Pattern MMR_LOSS = Pattern.compile(
      "loss|lost|absent|negativ|not detected|deficien|verlust|ausfall|dmmr", Pattern.CASE_INSENSITIVE);
  private static final Pattern MMR_KEPT = Pattern.compile(
      "intact|retained|present|positiv|erhalten|proficien|pmmr|normal", Pattern.CASE_INSENSITIVE);

  private final Quarantine q;

  VariantNormaliser(Quarantine q) {
    this.q = q;
  }

  /**
   * True for the Observations this reader turns into genomic findings (see the class comment); never for
   * therapeutic- or diagnostic-implication Observations, which name drugs or diseases, not variants.
   */
  static boolean isVariantObservation(Observation o) {
    CodeableConcept code = o.getCode();
    if (Codings.hasLoinc(code, VARIANT_CODES.toArray(String[]::new)) || Codings.hasLoinc(code, "94076-7")
        || Codings.hasLoinc(code, MSI_CODES) || Codings.hasLoinc(code, MMR_IHC_CODES)
        || Codings.hasLoinc(code, HER2_IHC_CODES) || Codings.hasLoinc(code, HER2_ISH_CODES) || hasMmrComponents(o)) {
      return true;
    }
    String text = code.getText();
    return code.getCoding().isEmpty() && text != null
        && (TMB_TEXT.matcher(text).find() || MSI_TEXT.matcher(text).find() || textGene(o) != null);
  }

  private static boolean hasMmrComponents(Observation o) {
    return o.getComponent().stream().anyMatch(c -> Codings.hasLoinc(c.getCode(), MMR_IHC_CODES));
  }

  /**
   * The gene named by a text-only code ({@code "EGFR"}, {@code "KRAS mutation"}, {@code "HER2"}) whose value states a
   * result, or {@code null}: the first word must be symbol-shaped (upper case) and the rest only words describing a
   * test or alteration, so texts such as "AJCC", "FIGO" (a stage value) or "PCR validation" are not genes.
   */
  static String textGene(Observation o) {
    CodeableConcept code = o.getCode();
    if (!code.getCoding().isEmpty() || code.getText() == null) {
      return null;
    }
    Matcher m = TEXT_GENE.matcher(code.getText());
    if (!m.matches() || (m.group(2) != null && !TEXT_GENE_TAIL.matcher(m.group(2).strip()).matches())) {
      return null;
    }
    String valueText = o.getValue() instanceof StringType s ? s.getValue()
        : o.getValue() instanceof CodeableConcept cc ? String.join(" ", Codings.texts(cc)) : null;
    String tail = m.group(2) == null ? "" : m.group(2);
    boolean resultLike = (valueText != null && RESULT_TEXT.matcher(valueText).find())
        || (o.getValue() instanceof CodeableConcept vcc && (Codings.hasLoinc(vcc, "LA9633-4", "LA9634-2",
            "LA6576-8", "LA6577-6") || Codings.hasSnomed(vcc, "10828004", "260385009")))
        || (o.getValue() == null && RESULT_TEXT.matcher(tail).find());
    if (!resultLike) {
      return null;
    }
    String token = m.group(1).toUpperCase(Locale.ROOT);
    return PROTEIN_ALIASES.getOrDefault(token, NOT_GENES.contains(token) ? null : token);
  }

  /** The first finding of the Observation (see {@link #normaliseAll}). */
  Optional<GenomicVariant> normalise(Observation o) {
    return normaliseAll(o).stream().findFirst();
  }

  /**
   * Every genomic finding of one Observation: usually one; one per partner gene of a two-gene fusion; HER2
   * Observations may give an IHC and an ISH finding. Empty for an Observation this reader does not handle or one
   * entered in error / cancelled. An undated Observation gives undated findings (still results).
   */
  List<GenomicVariant> normaliseAll(Observation o) {
    if (!isVariantObservation(o)) {
      return List.of();
    }
    String st = Codings.code(o.getStatusElement(), "");
    if (Set.of("entered-in-error", "cancelled").contains(st)) {
      return List.of();
    }
    LocalDate date = DiseaseStatusNormaliser.date(o, q);
    CodeableConcept code = o.getCode();
    String codeText = code.getText() == null ? "" : code.getText();
    if (Codings.hasLoinc(code, "94076-7") || (code.getCoding().isEmpty() && TMB_TEXT.matcher(codeText).find())) {
      return List.of(tmb(o, date));
    }
    if (Codings.hasLoinc(code, MMR_IHC_CODES) || hasMmrComponents(o)) {
      return List.of(mmr(o, date));
    }
    if (Codings.hasLoinc(code, MSI_CODES) || (code.getCoding().isEmpty() && MSI_TEXT.matcher(codeText).find())) {
      return List.of(msi(o, date));
    }
    if (Codings.hasLoinc(code, HER2_IHC_CODES) || Codings.hasLoinc(code, HER2_ISH_CODES)) {
      return her2(o, date);
    }
    return variants(o, date);
  }

  private GenomicVariant tmb(Observation o, LocalDate date) {
    String alteration = null;
    if (o.getValue() instanceof Quantity qty && qty.hasValue()) {
      String unit = qty.hasUnit() ? qty.getUnit() : qty.getCode();
      alteration = qty.getValue().stripTrailingZeros().toPlainString() + (unit == null ? "" : " " + unit);
    } else if (o.getValue() instanceof StringType s) {
      alteration = s.getValue();
    }
    if (alteration == null) {
      q.add(o, "value[x]", "unparsed-variant");
      return new GenomicVariant(null, null, VariantKind.UNSPECIFIED, true, null, date, "TMB without value",
          ResourceIndex.ref(o));
    }
    return new GenomicVariant(null, alteration, VariantKind.TMB, true, null, date, "TMB " + alteration,
        ResourceIndex.ref(o));
  }

  private GenomicVariant msi(Observation o, LocalDate date) {
    String text = null;
    if (o.getValue() instanceof CodeableConcept cc) {
      List<String> t = Codings.texts(cc);
      text = t.isEmpty() ? Codings.codings(cc).stream().map(Coding::getCode).findFirst().orElse(null) : t.get(0);
    } else if (o.getValue() instanceof StringType s) {
      text = s.getValue();
    } else if (o.getValue() instanceof Quantity qty && qty.hasValue()) {
      String v = "score " + qty.getValue().stripTrailingZeros().toPlainString();
      return new GenomicVariant(null, v, VariantKind.MSI, true, null, date, "MSI " + v, ResourceIndex.ref(o));
    }
    if (text == null) {
      Boolean pos = interpretation(o.getInterpretation());
      if (pos != null) {
        return new GenomicVariant(null, pos ? "MSI-H" : "MSS", VariantKind.MSI, pos, null, date,
            "MSI interpretation " + (pos ? "positive" : "negative"), ResourceIndex.ref(o));
      }
      q.add(o, "value[x]", "unparsed-variant");
      return new GenomicVariant(null, null, VariantKind.UNSPECIFIED, true, null, date, "MSI without value",
          ResourceIndex.ref(o));
    }
    String l = text.toLowerCase(Locale.ROOT);
    String alt;
    boolean present = true;
    if (l.contains("msi-h") || l.contains("high") || l.contains("hoch")) {
      alt = "MSI-H";
    } else if (l.contains("msi-l") || l.contains("low") || l.contains("niedrig")) {
      alt = "MSI-L";
    } else if (l.contains("instab") || l.contains("unstable") || l.contains("positiv")) {
      // MSI "positive" / "instabil" is reported for MSI-high (the MSI-L category is not reported as positive)
      alt = "MSI-H";
    } else if (l.contains("stab") || l.contains("mss") || l.contains("negativ")) {
      alt = "MSS";
      present = false;
    } else {
      alt = text;
    }
    return new GenomicVariant(null, alt, VariantKind.MSI, present, null, date, "MSI " + text, ResourceIndex.ref(o));
  }

  /** LOINC code -> protein of the mismatch-repair IHC codes. */
  private static final java.util.Map<String, String> MMR_PROTEIN = java.util.Map.of(
      "81691-8", "MLH1", "81692-6", "MSH2", "81693-4", "MSH6", "81694-2", "PMS2");

  /**
   * Mismatch-repair status by IHC: loss of any of MLH1, MSH2, MSH6, PMS2 (or an overall "deficient" value) is dMMR
   * (present); all retained, or "proficient", is pMMR (absent). Source of the reading: the pembrolizumab and
   * dostarlimab labels define dMMR by IHC loss of a mismatch-repair protein.
   */
  private GenomicVariant mmr(Observation o, LocalDate date) {
    List<String> lost = new ArrayList<>();
    boolean kept = false;
    List<String[]> results = new ArrayList<>();
    String own = MMR_PROTEIN.entrySet().stream().filter(e -> Codings.hasLoinc(o.getCode(), e.getKey()))
        .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
    String overall = valueText(o.getValue());
    if (own != null) {
      results.add(new String[] {own, overall});
      overall = null;
    }
    for (ObservationComponentComponent c : o.getComponent()) {
      MMR_PROTEIN.entrySet().stream().filter(e -> Codings.hasLoinc(c.getCode(), e.getKey())).findFirst()
          .ifPresent(e -> results.add(new String[] {e.getValue(), valueText(c.getValue())}));
    }
    for (String[] r : results) {
      if (r[1] == null) {
        continue;
      }
      if (MMR_LOSS.matcher(r[1]).find()) {
        lost.add(r[0]);
      } else if (MMR_KEPT.matcher(r[1]).find()) {
        kept = true;
      }
    }
    boolean deficient = !lost.isEmpty() || (overall != null && MMR_LOSS.matcher(overall).find());
    if (deficient) {
      String what = lost.isEmpty() ? "MMR deficient" : "MMR IHC loss of " + String.join(", ", lost);
      return new GenomicVariant(null, "dMMR", VariantKind.MSI, true, null, date, what, ResourceIndex.ref(o));
    }
    if (kept || (overall != null && MMR_KEPT.matcher(overall).find())) {
      return new GenomicVariant(null, "pMMR", VariantKind.MSI, false, null, date, "MMR proteins retained",
          ResourceIndex.ref(o));
    }
    q.add(o, "value[x]", "unparsed-variant");
    return new GenomicVariant(null, null, VariantKind.UNSPECIFIED, true, null, date, "MMR IHC without result",
        ResourceIndex.ref(o));
  }

  /**
   * HER2 (ERBB2) by IHC and ISH. IHC: a stated score ("3+", LOINC answer LA11843-2) gives EXPRESSION
   * {@code "IHC n+"} (present unless 0), else a positive/negative result EXPRESSION {@code "overexpression"} /
   * {@code "negative"}. ISH (the Observation's own code or a component): positive -> COPY_NUMBER_GAIN
   * {@code "amplification"}, negative or "less than ..." -> absent; with no stated result an ERBB2/CEP17 ratio of at
   * least 2.0 with (where given) an average ERBB2 copy number of at least 4.0 is amplified, below 2.0 not (ASCO/CAP
   * HER2 testing guideline, Wolff AC et al., J Clin Oncol 2018;36:2105-2122, ISH group 1 / group 5). A result that
   * states nothing readable is kept absent and quarantined {@code unparsed-variant}.
   */
  private List<GenomicVariant> her2(Observation o, LocalDate date) {
    List<GenomicVariant> out = new ArrayList<>();
    String ref = "HER2";
    boolean ishCode = Codings.hasLoinc(o.getCode(), HER2_ISH_CODES);
    if (ishCode) {
      Boolean pos = positivity(o.getValue(), o.getInterpretation());
      if (pos == null) {
        pos = ratioAmplified(o);
      }
      if (pos != null) {
        out.add(new GenomicVariant("ERBB2", "amplification", VariantKind.COPY_NUMBER_GAIN, pos, null, date,
            "ERBB2 ISH " + (pos ? "amplified" : "not amplified"), ResourceIndex.ref(o)));
      }
    } else {
      Integer score = ihcScore(o.getValue());
      Boolean pos = positivity(o.getValue(), o.getInterpretation());
      for (ObservationComponentComponent c : o.getComponent()) {
        if (Codings.hasLoinc(c.getCode(), "85319-2", "18474-7") && score == null) {
          score = ihcScore(c.getValue());
        }
      }
      if (score != null) {
        out.add(new GenomicVariant("ERBB2", "IHC " + score + "+", VariantKind.EXPRESSION, score > 0, null, date,
            ref + " IHC " + score + "+", ResourceIndex.ref(o)));
      } else if (pos != null) {
        out.add(new GenomicVariant("ERBB2", pos ? "overexpression" : "negative", VariantKind.EXPRESSION, pos, null,
            date, ref + (pos ? " positive" : " negative"), ResourceIndex.ref(o)));
      }
    }
    for (ObservationComponentComponent c : o.getComponent()) {
      if (Codings.hasLoinc(c.getCode(), HER2_ISH_CODES)) {
        Boolean pos = positivity(c.getValue(), List.of());
        if (pos != null) {
          out.add(new GenomicVariant("ERBB2", "amplification", VariantKind.COPY_NUMBER_GAIN, pos, null, date,
              "ERBB2 ISH " + (pos ? "amplified" : "not amplified"), ResourceIndex.ref(o)));
        }
      }
    }
    if (out.isEmpty()) {
      q.add(o, "value[x]", "unparsed-variant");
      out.add(new GenomicVariant("ERBB2", "HER2 result unreadable", VariantKind.UNSPECIFIED, false, null, date,
          ref + " result without a readable value", ResourceIndex.ref(o)));
    }
    return out;
  }

  /** ERBB2/CEP17 ratio (valueRatio or valueQuantity) read by ASCO/CAP 2018 when no result is stated; else null. */
  private static Boolean ratioAmplified(Observation o) {
    Double ratio = null;
    if (o.getValue() instanceof org.hl7.fhir.r4.model.Ratio r && r.getNumerator().hasValue()) {
      double den = r.getDenominator().hasValue() ? r.getDenominator().getValue().doubleValue() : 1.0;
      ratio = den == 0 ? null : r.getNumerator().getValue().doubleValue() / den;
    } else if (o.getValue() instanceof Quantity qty && qty.hasValue()) {
      ratio = qty.getValue().doubleValue();
    }
    if (ratio == null) {
      return null;
    }
    Double copies = o.getComponent().stream().filter(c -> Codings.hasLoinc(c.getCode(), "74860-8"))
        .map(Observation.ObservationComponentComponent::getValue).filter(v -> v instanceof Quantity qv && qv.hasValue())
        .map(v -> ((Quantity) v).getValue().doubleValue()).findFirst().orElse(null);
    if (ratio >= 2.0) {
      return copies == null || copies >= 4.0 ? Boolean.TRUE : null;
    }
    return Boolean.FALSE;
  }

  /** An IHC score 0-3 stated in a value ("3+", "IHC 2+", LOINC answer display "3+"), or null. */
  private static Integer ihcScore(Type v) {
    String t = valueText(v);
    if (t == null) {
      return null;
    }
    Matcher m = IHC_SCORE.matcher(t);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  /**
   * Positive/negative from a value (LOINC LA6576-8 / LA6577-6, LA9633-4 / LA9634-2, SNOMED 10828004 / 260385009, or
   * text "positive", "amplified", "negative", "not amplified", "less than") or else the interpretation; null when it
   * says neither.
   */
  private static Boolean positivity(Type v, List<CodeableConcept> interpretation) {
    if (v instanceof CodeableConcept cc) {
      if (Codings.hasLoinc(cc, "LA6576-8", "LA9633-4") || Codings.hasSnomed(cc, "10828004")) {
        return true;
      }
      if (Codings.hasLoinc(cc, "LA6577-6", "LA9634-2") || Codings.hasSnomed(cc, "260385009")) {
        return false;
      }
    }
    String t = valueText(v);
    if (t != null) {
      String l = t.toLowerCase(Locale.ROOT);
      if (l.contains("negativ") || l.contains("not amplified") || l.contains("nicht amplifiziert")
          || l.contains("less than") || l.startsWith("<") || l.contains("not detected")) {
        return false;
      }
      if (l.contains("positiv") || l.contains("amplified") || l.contains("amplifiziert") || l.contains("detected")) {
        return true;
      }
    }
    return interpretation(interpretation);
  }

  /** Positive (POS, H, A, DET, SNOMED 10828004) / negative (NEG, N, ND, SNOMED 260385009) interpretation, or null. */
  private static Boolean interpretation(List<CodeableConcept> interpretation) {
    for (CodeableConcept cc : interpretation) {
      if (Codings.hasSnomed(cc, "10828004")) {
        return true;
      }
      if (Codings.hasSnomed(cc, "260385009")) {
        return false;
      }
      for (Coding c : cc.getCoding()) {
        String ic = c.getCode() == null ? "" : c.getCode().toUpperCase(Locale.ROOT);
        if (Set.of("POS", "H", "A", "DET").contains(ic)) {
          return true;
        }
        if (Set.of("NEG", "N", "ND").contains(ic)) {
          return false;
        }
      }
    }
    return null;
  }

  /** A value's text: a string, or a concept's text and displays and first code joined; null for other types. */
  private static String valueText(Type v) {
    if (v instanceof StringType s) {
      return s.getValue();
    }
    if (v instanceof CodeableConcept cc) {
      List<String> parts = new ArrayList<>(Codings.texts(cc));
      cc.getCoding().stream().map(Coding::getCode).filter(c -> c != null && !c.isBlank()).forEach(parts::add);
      return parts.isEmpty() ? null : String.join(" ", parts);
    }
    return null;
  }

  private List<GenomicVariant> variants(Observation o, LocalDate date) {
    List<String> raw = new ArrayList<>();
    String gene = null;
    String pHgvs = null;
    String cHgvs = null;
    String gHgvs = null;
    String sourceClass = null;
    String transcript = null;
    String ref = null;
    String alt = null;
    Long position = null;
    boolean fusion = false;
    Boolean gain = null;
    Boolean copyNumberGain = null;
    List<String> texts = new ArrayList<>();
    String fivePrime = null;
    String threePrime = null;
    String spdi = null;
    List<String> geneList = new ArrayList<>();

    for (ObservationComponentComponent c : o.getComponent()) {
      CodeableConcept cc = c.getCode();
      String componentCode = cc.getCodingFirstRep().getCode() == null ? "" : cc.getCodingFirstRep().getCode();
      Type v = c.getValue();
      String vText = firstText(v);
      if (Codings.hasLoinc(cc, "48018-6")) {
        String g = gene(v);
        if (g != null) {
          gene = g;
          raw.add(g);
          if (!geneList.contains(g)) {
            geneList.add(g);
          }
        }
      } else if (Codings.hasLoinc(cc, "48019-4")) {
        // DNA change type: Sequence Ontology SO:0001565 gene_fusion (or a text saying fusion) marks a fusion
        if (v instanceof CodeableConcept vcc && (Codings.codings(vcc).stream()
            .anyMatch(x -> "SO:0001565".equalsIgnoreCase(x.getCode()))
            || Codings.texts(vcc).stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains("fusion")))) {
          fusion = true;
        }
      } else if (Codings.hasLoinc(cc, "48005-3")) {
        pHgvs = vText;
      } else if (Codings.hasLoinc(cc, "48004-6")) {
        cHgvs = vText;
      } else if (Codings.hasLoinc(cc, "81290-9")) {
        gHgvs = vText;
      } else if (Codings.hasLoinc(cc, "48002-0")) {
        sourceClass = sourceClass(v);
      } else if (Codings.hasLoinc(cc, "51958-7")) {
        transcript = vText;
      } else if (Codings.hasLoinc(cc, "69547-8")) {
        ref = vText;
      } else if (Codings.hasLoinc(cc, "69551-0")) {
        alt = vText;
      } else if (componentCode.equals("exact-start-end") && v instanceof Range r && r.hasLow()
          && r.getLow().hasValue()) {
        position = r.getLow().getValue().longValue();
      } else if (Codings.hasLoinc(cc, "82155-3") && v instanceof Quantity qty && qty.hasValue()) {
        copyNumberGain = qty.getValue().doubleValue() > 2.0 ? Boolean.TRUE
            : qty.getValue().doubleValue() < 2.0 ? Boolean.FALSE : null;
      } else if (componentCode.contains("five-prime") || componentCode.contains("three-prime")
          || componentCode.contains("fusion")) {
        fusion = true;
        String g = componentCode.endsWith("-gene") ? gene(v) : null;
        if (g != null && componentCode.startsWith("five")) {
          fivePrime = g;
        } else if (g != null) {
          threePrime = g;
        }
      } else if (componentCode.equals("type") || componentCode.contains("copy-number")) {
        String l = vText == null ? "" : vText.toLowerCase(Locale.ROOT);
        if (l.contains("gain") || l.contains("amplif")) {
          gain = Boolean.TRUE;
        } else if (l.contains("loss") || l.contains("deletion")) {
          gain = Boolean.FALSE;
        }
      } else if (Codings.hasLoinc(cc, "81252-9") && v instanceof CodeableConcept vcc) {
        texts.addAll(Codings.texts(vcc));
        for (Coding sc : vcc.getCoding()) {
          if (sc.getCode() != null && SPDI.matcher(sc.getCode().strip()).matches()) {
            spdi = sc.getCode().strip();
          }
        }
      } else if (v instanceof StringType s && componentCode.contains("conclusion")) {
        texts.add(s.getValue());
      }
    }
    // legacy R4 core genetics extensions
    for (Extension e : o.getExtension()) {
      String url = e.getUrl() == null ? "" : e.getUrl();
      if (url.endsWith("observation-geneticsGene") && gene == null) {
        gene = gene(e.getValue());
      } else if (url.endsWith("observation-geneticsGenomicSourceClass") && sourceClass == null) {
        sourceClass = sourceClass(e.getValue());
      } else if (url.contains("observation-genetics") && url.contains("AminoAcidChange")) {
        String t = firstText(e.getValue());
        if (t != null && pHgvs == null) {
          pHgvs = t;
        }
      } else if (url.contains("observation-genetics") && url.contains("DNA")) {
        String t = firstText(e.getValue());
        if (t != null && cHgvs == null) {
          cHgvs = t;
        }
      }
    }
    // value and note texts
    Boolean present = null;
    Type value = o.getValue();
    if (value instanceof CodeableConcept vcc) {
      if (Codings.hasLoinc(vcc, "LA9633-4") || Codings.hasSnomed(vcc, "10828004")) {
        present = true;
      } else if (Codings.hasLoinc(vcc, "LA9634-2") || Codings.hasSnomed(vcc, "260385009")) {
        present = false;
      } else {
        texts.addAll(Codings.texts(vcc));
      }
    } else if (value instanceof StringType s) {
      texts.add(s.getValue());
    }
    String notPositive = null;
    for (CodeableConcept interp : o.getInterpretation()) {
      for (Coding c : interp.getCoding()) {
        String ic = c.getCode() == null ? "" : c.getCode().toUpperCase(Locale.ROOT);
        if (c.getSystem() != null && c.getSystem().endsWith(OBDS_VARIANT_RESULT)) {
          // oBDS / MII Onkologie: only M (mutated) is a present variant; W wild type, S other, U unknown are not
          if (ic.equals("M")) {
            present = present == null ? Boolean.TRUE : present;
          } else {
            present = Boolean.FALSE;
            if (!ic.equals("W")) {
              notPositive = "interpretation " + ic + " (" + (ic.equals("S") ? "other" : ic.equals("U") ? "unknown"
                  : "unrecognised") + "): not a positive result";
            }
          }
        } else if (Set.of("M", "POS", "DET", "A").contains(ic)) {
          present = present == null ? Boolean.TRUE : present;
        } else if (Set.of("W", "N", "NEG", "ND").contains(ic)) {
          present = Boolean.FALSE;
        }
      }
    }
    List<String> notes = o.getNote().stream().map(Annotation::getText).filter(t -> t != null && !t.isBlank())
        .toList();
    texts.addAll(notes);
    if (o.getCode().hasText()) {
      texts.add(o.getCode().getText());
    }
    String textGene = textGene(o);
    boolean proteinNamed = false;
    if (gene == null && textGene != null) {
      gene = textGene;
      Matcher tm = TEXT_GENE.matcher(o.getCode().getText());
      proteinNamed = tm.matches() && PROTEIN_ALIASES.containsKey(tm.group(1).toUpperCase(Locale.ROOT));
    }
    if (gene == null) {
      gene = geneFromTexts(notes.isEmpty() ? texts : notes);
      if (gene != null && !KNOWN_GENES.contains(gene) && !fusion && o.getComponent().isEmpty()) {
        // a free-text word that is no gene symbol (oBDS test data "BLUB"): no finding, reported
        q.add(o, notes.isEmpty() ? "value[x]" : "note.text", "unparsed-variant");
        return List.of();
      }
    }
    if (gene == null && fusion) {
      gene = threePrime != null ? threePrime : fivePrime;
    }
    for (String t : texts) {
      if (t != null && ABSENT_TEXT.matcher(t).find() && !Boolean.TRUE.equals(present)) {
        present = false;
      }
    }
    boolean isPresent = present == null || present;
    if (notPositive != null) {
      raw.add(notPositive);
    }
    raw.addAll(texts);

    VariantKind kind;
    String alteration;
    String p = Hgvs.protein(pHgvs);
    String cdna = Hgvs.cdna(cHgvs);
    String textProtein = texts.stream().map(Hgvs::proteinInText).filter(x -> x != null).findFirst().orElse(null);
    String exon = texts.stream().map(Hgvs::exonChange).filter(x -> x != null).findFirst().orElse(null);
    if (fusion || texts.stream().anyMatch(t -> t != null && t.toLowerCase(Locale.ROOT).contains("fusion"))) {
      kind = VariantKind.FUSION;
      alteration = "fusion";
    } else if (gain != null) {
      kind = gain ? VariantKind.COPY_NUMBER_GAIN : VariantKind.COPY_NUMBER_LOSS;
      alteration = gain ? "amplification" : "deletion";
    } else if (p != null) {
      kind = VariantKind.SEQUENCE;
      alteration = p;
    } else if (cdna != null) {
      kind = VariantKind.SEQUENCE;
      alteration = cdna;
    } else if (gHgvs != null && gHgvs.contains("g.")) {
      kind = VariantKind.SEQUENCE;
      alteration = gHgvs.strip();
    } else if (textProtein != null) {
      kind = VariantKind.SEQUENCE;
      alteration = textProtein;
    } else if (exon != null) {
      kind = VariantKind.SEQUENCE;
      alteration = exon;
    } else if (copyNumberGain != null) {
      kind = copyNumberGain ? VariantKind.COPY_NUMBER_GAIN : VariantKind.COPY_NUMBER_LOSS;
      alteration = copyNumberGain ? "amplification" : "deletion";
    } else if (transcript != null && transcript.startsWith("NM_") && position != null && ref != null
        && alt != null) {
      kind = VariantKind.SEQUENCE;
      alteration = "c." + position + ref + ">" + alt;
    } else if (texts.stream().anyMatch(t -> t != null && t.toLowerCase(Locale.ROOT).matches(".*amplif.*"))) {
      kind = VariantKind.COPY_NUMBER_GAIN;
      alteration = "amplification";
    } else if (texts.stream().anyMatch(t -> t != null && IHC_SCORE.matcher(t).find())) {
      kind = VariantKind.EXPRESSION;
      Matcher sm = texts.stream().filter(t -> t != null).map(IHC_SCORE::matcher).filter(Matcher::find).findFirst()
          .orElseThrow();
      alteration = "IHC " + sm.group(1) + "+";
      isPresent = isPresent && !sm.group(1).equals("0");
    } else if (proteinNamed
        || texts.stream().anyMatch(t -> t != null && t.toLowerCase(Locale.ROOT).contains("overexpress"))) {
      // "HER2 positive", "c-Met overexpression": protein status, not a gene-level mutation
      kind = VariantKind.EXPRESSION;
      alteration = isPresent ? "overexpression" : "negative";
    } else if (spdi != null) {
      kind = VariantKind.SEQUENCE;
      alteration = spdi;
    } else {
      kind = VariantKind.UNSPECIFIED;
      alteration = null;
    }
    for (String s : new String[] {pHgvs, cHgvs, gHgvs}) {
      if (s != null) {
        raw.add(s);
      }
    }
    if (kind == VariantKind.UNSPECIFIED && gene == null) {
      // neither gene nor alteration: nothing to match, reported (a gene-level finding is kept unreported)
      q.add(o, "value[x]", "unparsed-variant");
    }
    String rawText = String.join("; ", raw.stream().filter(s -> s != null && !s.isBlank()).distinct().toList());
    if (rawText.length() > 300) {
      rawText = rawText.substring(0, 300);
    }
    if (kind == VariantKind.FUSION && geneList.size() >= 2) {
      // one finding per partner: EML4-ALK is an ALK fusion, FGFR2-BICC1 an FGFR2 fusion
      List<GenomicVariant> out = new ArrayList<>();
      for (String g : geneList) {
        out.add(new GenomicVariant(g, alteration, kind, isPresent, sourceClass, date,
            String.join("-", geneList) + " fusion; " + rawText, ResourceIndex.ref(o)));
      }
      return out;
    }
    return List.of(new GenomicVariant(gene, alteration, kind, isPresent, sourceClass, date, rawText,
        ResourceIndex.ref(o)));
  }

  private static String firstText(Type v) {
    if (v instanceof CodeableConcept cc) {
      for (Coding c : cc.getCoding()) {
        if (c.getCode() != null && !c.getCode().isBlank()) {
          return c.getCode().strip();
        }
      }
      return cc.hasText() ? cc.getText().strip() : null;
    }
    if (v instanceof StringType s) {
      return s.getValue() == null ? null : s.getValue().strip();
    }
    return null;
  }

  /** An HGNC symbol from a gene CodeableConcept: display, else code, else text, when symbol-shaped. */
  static String gene(Type v) {
    if (v instanceof CodeableConcept cc) {
      for (Coding c : cc.getCoding()) {
        if (symbol(c.getDisplay()) != null) {
          return symbol(c.getDisplay());
        }
        if (c.getCode() != null && !c.getCode().toUpperCase(Locale.ROOT).startsWith("HGNC")
            && !c.getCode().chars().allMatch(Character::isDigit) && symbol(c.getCode()) != null) {
          return symbol(c.getCode());
        }
      }
      return symbol(cc.getText());
    }
    if (v instanceof StringType s) {
      return symbol(s.getValue());
    }
    return null;
  }

  private static String symbol(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    if (!SYMBOL.matcher(t).matches()) {
      return null;
    }
    String u = t.toUpperCase(Locale.ROOT);
    return NOT_GENES.contains(u) ? null : PROTEIN_ALIASES.getOrDefault(u, u);
  }

  /** Gene named at the start of a note: "BRCA 1" -> BRCA1, "KRAS Wildtyp" -> KRAS. */
  static String geneFromTexts(List<String> texts) {
    for (String t : texts) {
      if (t == null) {
        continue;
      }
      Matcher m = NOTE_GENE.matcher(t);
      if (m.find()) {
        String g = m.group(1) + (m.group(2) == null ? "" : m.group(2));
        String s = symbol(g);
        if (s != null && s.chars().anyMatch(Character::isUpperCase) && g.equals(g.toUpperCase(Locale.ROOT))) {
          return s;
        }
      }
    }
    return null;
  }

  private static String sourceClass(Type v) {
    if (v instanceof CodeableConcept cc) {
      if (Codings.hasLoinc(cc, "LA6684-0")) {
        return "somatic";
      }
      if (Codings.hasLoinc(cc, "LA6683-2")) {
        return "germline";
      }
      List<String> t = Codings.texts(cc);
      return t.isEmpty() ? null : t.get(0).toLowerCase(Locale.ROOT);
    }
    return null;
  }
}
