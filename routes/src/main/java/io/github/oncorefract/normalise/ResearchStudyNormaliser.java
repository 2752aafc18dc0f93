package io.github.oncorefract.normalise;

import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.TrialCandidate;
import io.github.oncorefract.domain.VariantCriterion;
import io.github.oncorefract.domain.VariantKind;
import io.github.oncorefract.knowledge.CancerCodeTable;
import io.github.oncorefract.knowledge.CodeSystems;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ResearchStudy;

/**
 * Reads an R4 ResearchStudy into a {@link TrialCandidate} for trial matching.
 *
 * <ul>
 *   <li>Status: {@code ResearchStudy.status} as its code; only {@link #OPEN_STATUSES} are ever accepted
 *       (closed-to-accrual, completed, withdrawn... never match).</li>
 *   <li>Conditions ({@code ResearchStudy.condition}): a group first (SNOMED 363346000 "Malignant neoplastic disease"
 *       or a text/display such as "advanced solid tumors", "tumor-agnostic", "pan-tumor": all solid tumours;
 *       "haematological malignancies": all blood cancers), else the cancer-code table (codes, then text; the same
 *       rules as a patient's Condition). For the broad OTHER_SOLID/OTHER_HAEMATOLOGICAL types the code is kept too.
 *       Secondary-neoplasm codes and unrecognised conditions add nothing.</li>
 *   <li>Variant criteria from {@code keyword}, {@code focus} and {@code condition} (HGNC codings' display as the
 *       gene; texts and displays parsed): a gene symbol (upper case in the text; a known symbol, or one followed by
 *       an alteration or by "mutant", "mutation", "fusion", "positive"..., or the whole text; {@code HER2} read as
 *       ERBB2) with the alteration after it: protein change ({@code G12C}, {@code p.Gly12Cys}: {@code p.G12C}), exon
 *       change ({@code exon 20 insertion}), fusion/rearrangement, amplification, c.HGVS; none = gene level. MSI-H,
 *       "microsatellite instability-high" and dMMR give a gene-independent {@code MSI-H} criterion. An HGNC code
 *       without a display is not resolved (documented limitation).</li>
 *   <li>A study with no condition, keyword or focus (the MII MTB "Studie" shape, {@code FINDINGS.md}: identifier and
 *       title only) is read from its title as if the title were its one condition text, e.g. "Phase III NSCLC EGFR
 *       Mutation Study": NSCLC, EGFR.</li>
 *   <li>Registry identifier: an {@code NCT########} value, a clinicaltrials.gov system, or an NCT naming system whose
 *       value is the 8 digits alone (MII {@code mii-ns-mtb-nct}: {@code NCT} is prefixed), else the first
 *       identifier's value.</li>
 * </ul>
 * Thread-safe; reads nothing but the resource.
 */
public final class ResearchStudyNormaliser {

  /** The only statuses a study may be matched in (R4 ResearchStudy.status). */
  public static final Set<String> OPEN_STATUSES = Set.of("active", "approved", "in-review");

  private static final Pattern SOLID_GROUP = Pattern.compile(
      "solid[- ]?(tumou?rs?|malignan|neoplasm|cancers?)|tumou?r[- ]agnostic|pan[- ]tumou?r|tissue[- ]agnostic"
          + "|any (advanced )?(solid )?(cancer|tumou?r)", Pattern.CASE_INSENSITIVE);
  private static final Pattern HAEM_GROUP = Pattern.compile(
      "ha?ematolog(ic|ical) (malignan|cancer|neoplasm)|blood cancers?", Pattern.CASE_INSENSITIVE);
  private static final String SNOMED_MALIGNANT_NEOPLASTIC_DISEASE = "363346000";
  private static final Pattern MSI = Pattern.compile(
      "\\bMSI[- ]?H(igh)?\\b|microsatellite[- ]instability[- ]high|high[- ]microsatellite[- ]instability|\\bdMMR\\b"
          + "|mismatch[- ]repair[- ]deficien", Pattern.CASE_INSENSITIVE);
  private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9])([A-Z][A-Z0-9]{1,9})(?![a-z0-9])");
  private static final Pattern NOT_GENE_SHAPE = Pattern.compile("^[A-Z]\\d{1,5}[A-Z*]?$|^[IVX]+$|^NCT\\d*$");
  private static final Set<String> NOT_GENES = Set.of("NSCLC", "SCLC", "CRC", "MSI", "MSS", "TMB", "DNA", "RNA",
      "HGVS", "NOS", "AML", "CLL", "CML", "ALL", "DLBCL", "MM", "PD", "TKI", "ADC", "CAR", "FDA", "ECOG", "RECIST",
      "AND", "OR", "NOT", "WITH", "FOR", "THE", "OF", "IN", "AT", "TO", "ER", "PR", "HR", "DEMO", "STUDY", "TRIAL",
      "PHASE", "CNS", "HNSCC", "MMR", "DMMR");
  /** Gene symbols accepted without a following alteration word. */
  private static final Set<String> KNOWN_GENES = Set.of("EGFR", "KRAS", "NRAS", "HRAS", "BRAF", "ALK", "ROS1", "RET",
      "MET", "NTRK", "NTRK1", "NTRK2", "NTRK3", "ERBB2", "BRCA1", "BRCA2", "PIK3CA", "IDH1", "IDH2", "FGFR1",
      "FGFR2", "FGFR3", "KIT", "PDGFRA", "ESR1", "FLT3", "NPM1", "TP53", "PTEN", "ATM", "PALB2", "BCL2", "KMT2A");
  private static final Pattern VARIANT_WORD = Pattern.compile(
      "^[\\s-]*(mutant|mutation|mutated|fusion|rearrang|positive|altered|alteration|amplif|variant|exon|insertion"
          + "|deletion|\\(?p\\.|c\\.)", Pattern.CASE_INSENSITIVE);
  /**
   * Wording that names a gene to EXCLUDE ("KRAS wild-type", "EGFR-negative", "without EGFR or ALK alterations", "no
   * actionable mutation"): such a text yields no variant criterion, so the study never requires the variant it
   * excludes; the trial team checks exclusions.
   */
  private static final Pattern NEGATION = Pattern.compile(
      "wild[- ]?type|(?<![A-Za-z])wt(?![A-Za-z])|negative|without|(?<![A-Za-z])(no|not)(?![A-Za-z])|absence",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern FUSION = Pattern.compile("fusion|rearrang|translocat", Pattern.CASE_INSENSITIVE);
  private static final Pattern AMPLIFICATION = Pattern.compile("amplif", Pattern.CASE_INSENSITIVE);
  private static final Pattern CDNA = Pattern.compile("(?<![A-Za-z0-9])c\\.[0-9_+*\\-]+[A-Za-z>]+[A-Za-z]*");
  private static final Pattern NCT = Pattern.compile("^NCT\\d{8}$");
  private static final Pattern NCT_SYSTEM = Pattern.compile("(^|[^a-z])nct([^a-z]|$)");

  private final CancerCodeTable cancers;

  /** @param cancers the cancer-code table that recognises patients' Conditions */
  public ResearchStudyNormaliser(CancerCodeTable cancers) {
    this.cancers = Objects.requireNonNull(cancers, "cancers");
  }

  /**
   * Reads one study.
   *
   * @param rs the ResearchStudy, with a logical id
   * @return the candidate; empty when it has no id, is not in an {@link #OPEN_STATUSES open status}, or names neither
   *         a recognised condition nor a variant criterion
   */
  public Optional<TrialCandidate> normalise(ResearchStudy rs) {
    if (rs == null || !rs.getIdElement().hasIdPart() || !rs.hasStatus()) {
      return Optional.empty();
    }
    String status = rs.getStatus().toCode();
    if (!OPEN_STATUSES.contains(status)) {
      return Optional.empty();
    }
    Set<CancerType> types = EnumSet.noneOf(CancerType.class);
    Set<String> codes = new TreeSet<>();
    boolean allSolid = false;
    boolean allHaem = false;
    Set<VariantCriterion> criteria = new LinkedHashSet<>();
    List<CodeableConcept> conditions = rs.getCondition();
    if (conditions.isEmpty() && rs.getKeyword().isEmpty() && rs.getFocus().isEmpty() && rs.hasTitle()) {
      conditions = List.of(new CodeableConcept().setText(rs.getTitle()));
    }
    for (CodeableConcept cc : rs.getKeyword()) {
      criteria.addAll(criteria(cc));
    }
    for (CodeableConcept cc : rs.getFocus()) {
      criteria.addAll(criteria(cc));
    }
    for (CodeableConcept cond : conditions) {
      criteria.addAll(criteria(cond));
      List<String> texts = Codings.texts(cond);
      boolean snomedGroup = Codings.hasSnomed(cond, SNOMED_MALIGNANT_NEOPLASTIC_DISEASE);
      if (snomedGroup || texts.stream().anyMatch(t -> SOLID_GROUP.matcher(t).find())) {
        allSolid = true;
        continue;
      }
      if (texts.stream().anyMatch(t -> HAEM_GROUP.matcher(t).find())) {
        allHaem = true;
        continue;
      }
      List<CancerCodeTable.Coded> coded = cond.getCoding().stream()
          .map(c -> new CancerCodeTable.Coded(c.getSystem(), c.getCode(), c.getDisplay())).toList();
      Optional<CancerCodeTable.CancerMatch> m = cancers.match(coded, cond.getText());
      if (m.isEmpty() || m.get().secondary()) {
        continue;
      }
      CancerType t = m.get().type();
      types.add(t);
      if ((t == CancerType.OTHER_SOLID || t == CancerType.OTHER_HAEMATOLOGICAL) && m.get().code() != null) {
        codes.add(TrialCandidate.codeKey(CodeSystems.vocabulary(m.get().system()).name(), m.get().code()));
      }
    }
    boolean unrestricted = conditions.isEmpty();
    if (types.isEmpty() && !allSolid && !allHaem && (criteria.isEmpty() || !unrestricted)) {
      return Optional.empty();
    }
    LocalDate end = null;
    if (rs.hasPeriod() && rs.getPeriod().hasEnd()) {
      end = FhirDates.parse(rs.getPeriod().getEndElement().getValueAsString(), FhirDates.Bound.END);
    }
    return Optional.of(new TrialCandidate(new ResourceRef("ResearchStudy", rs.getIdElement().getIdPart()),
        rs.hasTitle() ? rs.getTitle().strip() : null, registryId(rs.getIdentifier()), status, types, codes, allSolid,
        allHaem, unrestricted, new ArrayList<>(criteria), end));
  }

  static String registryId(List<Identifier> identifiers) {
    for (Identifier i : identifiers) {
      String v = i.getValue() == null ? "" : i.getValue().strip();
      String system = i.hasSystem() ? i.getSystem().toLowerCase(Locale.ROOT) : "";
      if (NCT.matcher(v).matches() || (system.contains("clinicaltrials.gov") && !v.isEmpty())) {
        return v;
      }
      if (NCT_SYSTEM.matcher(system).find() && v.matches("\\d{8}")) {
        return "NCT" + v;
      }
    }
    return identifiers.stream().map(Identifier::getValue).filter(v -> v != null && !v.isBlank()).map(String::strip)
        .findFirst().orElse(null);
  }

  /** Criteria of one keyword, focus or condition: HGNC codings by display, then every text and display. */
  static List<VariantCriterion> criteria(CodeableConcept cc) {
    List<VariantCriterion> out = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    if (cc.hasText()) {
      texts.add(cc.getText());
    }
    for (Coding c : cc.getCoding()) {
      boolean hgnc = c.hasSystem() && c.getSystem().toLowerCase(Locale.ROOT).contains("genenames");
      if (hgnc && c.hasDisplay() && TOKEN.matcher(c.getDisplay().strip()).matches()) {
        String gene = alias(c.getDisplay().strip().toUpperCase(Locale.ROOT));
        // the gene alone unless a text names its alteration
        boolean altInText = texts.stream().flatMap(t -> criteria(t).stream())
            .anyMatch(v -> gene.equals(v.gene()) && v.alterationSpecific());
        if (!altInText) {
          out.add(new VariantCriterion(gene, null, VariantKind.UNSPECIFIED));
        }
      } else if (c.hasDisplay()) {
        texts.add(c.getDisplay());
      }
    }
    for (String t : texts) {
      out.addAll(criteria(t));
    }
    return out.stream().distinct().toList();
  }

  /** Criteria named in one text (see the class comment). */
  static List<VariantCriterion> criteria(String text) {
    List<VariantCriterion> out = new ArrayList<>();
    if (text == null || text.isBlank() || NEGATION.matcher(text).find()) {
      return out;
    }
    if (MSI.matcher(text).find()) {
      out.add(new VariantCriterion(null, "MSI-H", VariantKind.MSI));
    }
    record Token(String gene, int start, int end) {}
    List<Token> genes = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      String tok = m.group(1);
      if (NOT_GENE_SHAPE.matcher(tok).matches() || NOT_GENES.contains(tok)) {
        continue;
      }
      boolean whole = text.strip().equals(tok);
      boolean followed = VARIANT_WORD.matcher(text.substring(m.end())).find()
          || Hgvs.proteinInText(firstWords(text.substring(m.end()), 2)) != null;
      if (KNOWN_GENES.contains(alias(tok)) || whole || followed) {
        genes.add(new Token(alias(tok), m.start(), m.end()));
      }
    }
    for (int i = 0; i < genes.size(); i++) {
      Token g = genes.get(i);
      int stop = i + 1 < genes.size() ? genes.get(i + 1).start() : text.length();
      String seg = text.substring(g.end(), stop);
      out.add(alteration(g.gene(), seg));
    }
    return out.stream().distinct().toList();
  }

  private static VariantCriterion alteration(String gene, String seg) {
    String p = Hgvs.proteinInText(seg);
    if (p != null) {
      return new VariantCriterion(gene, p, VariantKind.SEQUENCE);
    }
    String exon = Hgvs.exonChange(seg);
    if (exon != null) {
      return new VariantCriterion(gene, exon, VariantKind.SEQUENCE);
    }
    if (FUSION.matcher(seg).find()) {
      return new VariantCriterion(gene, "fusion", VariantKind.FUSION);
    }
    if (AMPLIFICATION.matcher(seg).find()) {
      return new VariantCriterion(gene, "amplification", VariantKind.COPY_NUMBER_GAIN);
    }
    Matcher c = CDNA.matcher(seg);
    if (c.find()) {
      return new VariantCriterion(gene, Hgvs.cdna(c.group()), VariantKind.SEQUENCE);
    }
    return new VariantCriterion(gene, null, VariantKind.UNSPECIFIED);
  }

  private static String firstWords(String s, int n) {
    String[] w = s.strip().split("\\s+");
    return String.join(" ", java.util.Arrays.copyOf(w, Math.min(n, w.length)));
  }

  private static String alias(String symbol) {
    return symbol.equals("HER2") ? "ERBB2" : symbol;
  }
}
