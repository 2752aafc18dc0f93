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
 * 84413-4 (genotype display name), 94076-7 (TMB), 81695-9 (MSI), and code texts naming TMB or MSI. Components are
 * found by LOINC code, never by slice name: 48018-6 gene, 48005-3 p.HGVS, 48004-6 c.HGVS, 81290-9 g.HGVS,
 * 48002-0 genomic source class, 82155-3 copy number, 81252-9 discrete variant, 51958-7 transcript,
 * 69547-8 / 69551-0 ref/alt alleles; CNV and fusion components by their custom codes (type, five-/three-prime-*).
 *
 * <p>Order: fusion, explicit CNV type, p.HGVS, c.HGVS, g.HGVS, protein change in any text, exon-level change in
 * text, copy number 82155-3 (&gt;2 gain, &lt;2 loss), transcript + position + ref/alt. Presence: value LA9633-4 Present / SNOMED 10828004 Positive, or interpretation
 * (MII/oBDS M, POS) -> present; LA9634-2 Absent, SNOMED 260385009 Negative, interpretation W/N/NEG, or "Wildtyp",
 * "wild type", "keine Mutation" in the text -> absent. The gene may come from a component, the legacy
 * {@code observation-geneticsGene} extension, or the note text ("BRCA 1" -> BRCA1). A present finding with no
 * parseable alteration becomes kind UNSPECIFIED and is quarantined {@code unparsed-variant} (never dropped).
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
  private static final Set<String> NOT_GENES = Set.of("PANEL-BASIERT", "MSI-PANEL", "TUMOR", "MUTATION");

  private final Quarantine q;

  VariantNormaliser(Quarantine q) {
    this.q = q;
  }

  static boolean isVariantObservation(Observation o) {
    CodeableConcept code = o.getCode();
    if (Codings.hasLoinc(code, VARIANT_CODES.toArray(String[]::new)) || Codings.hasLoinc(code, "94076-7", "81695-9")) {
      return true;
    }
    String text = code.getText();
    return code.getCoding().isEmpty() && text != null
        && (TMB_TEXT.matcher(text).find() || MSI_TEXT.matcher(text).find());
  }

  Optional<GenomicVariant> normalise(Observation o) {
    if (!isVariantObservation(o)) {
      return Optional.empty();
    }
    String st = Codings.code(o.getStatusElement(), "");
    if (Set.of("entered-in-error", "cancelled").contains(st)) {
      return Optional.empty();
    }
    LocalDate date = DiseaseStatusNormaliser.date(o, q);
    CodeableConcept code = o.getCode();
    String codeText = code.getText() == null ? "" : code.getText();
    if (Codings.hasLoinc(code, "94076-7") || (code.getCoding().isEmpty() && TMB_TEXT.matcher(codeText).find())) {
      return Optional.of(tmb(o, date));
    }
    if (Codings.hasLoinc(code, "81695-9") || (code.getCoding().isEmpty() && MSI_TEXT.matcher(codeText).find())) {
      return Optional.of(msi(o, date));
    }
    return Optional.of(variant(o, date));
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
    } else if (l.contains("stab") || l.contains("mss")) {
      alt = "MSS";
      present = false;
    } else {
      alt = text;
    }
    return new GenomicVariant(null, alt, VariantKind.MSI, present, null, date, "MSI " + text, ResourceIndex.ref(o));
  }

  private GenomicVariant variant(Observation o, LocalDate date) {
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
    for (CodeableConcept interp : o.getInterpretation()) {
      for (Coding c : interp.getCoding()) {
        String ic = c.getCode() == null ? "" : c.getCode().toUpperCase(Locale.ROOT);
        if (Set.of("M", "POS", "DET", "A").contains(ic)) {
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
    if (gene == null) {
      gene = geneFromTexts(notes.isEmpty() ? texts : notes);
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
    } else {
      kind = VariantKind.UNSPECIFIED;
      alteration = null;
    }
    for (String s : new String[] {pHgvs, cHgvs, gHgvs}) {
      if (s != null) {
        raw.add(s);
      }
    }
    if (kind == VariantKind.UNSPECIFIED && (isPresent || gene == null)) {
      q.add(o, "value[x]", "unparsed-variant");
    }
    String rawText = String.join("; ", raw.stream().filter(s -> s != null && !s.isBlank()).distinct().toList());
    if (rawText.length() > 300) {
      rawText = rawText.substring(0, 300);
    }
    return new GenomicVariant(gene, alteration, kind, isPresent, sourceClass, date, rawText, ResourceIndex.ref(o));
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
    return NOT_GENES.contains(u) ? null : u;
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
