package io.github.oncorefract.normalise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.QuarantineEntry;
import io.github.oncorefract.domain.VariantKind;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, class 7: the variant shapes of real data the reader must take (FINDINGS.md 7, 9, 17, 18 and the MII,
 * Synthea-mCODE, mCODE STU1 and FHIR Genomics Operations fixtures), and hand-built shapes the fixtures lack (a gene
 * in {@code code.text}, a two-gene fusion, MMR protein IHC).
 */
@DisplayName("issue 8, class 7: variant shapes")
class VariantShapesClass7Test {

  private static final String LOINC = "http://loinc.org";

  private static List<GenomicVariant> read(Observation o, Quarantine q) {
    return new VariantNormaliser(q).normaliseAll(o);
  }

  private static Observation textCoded(String codeText, String valueString) {
    Observation o = new Observation();
    o.setId("t1");
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.setSubject(new Reference("Patient/p"));
    o.getCode().setText(codeText);
    if (valueString != null) {
      o.setValue(new StringType(valueString));
    }
    return o;
  }

  private static GenomicVariant only(Observation o) {
    Quarantine q = new Quarantine();
    List<GenomicVariant> v = read(o, q);
    assertThat(v).hasSize(1);
    assertThat(q.entries()).isEmpty();
    return v.get(0);
  }

  @Test
  @DisplayName("issue 8, class 7: a gene in code.text with the HGVS or 'positive' in valueString")
  void geneInCodeText() {
    assertThat(only(textCoded("EGFR", "L858R"))).extracting(GenomicVariant::gene, GenomicVariant::alteration,
        GenomicVariant::kind, GenomicVariant::present).containsExactly("EGFR", "p.L858R", VariantKind.SEQUENCE, true);
    assertThat(only(textCoded("KRAS mutation", "p.Gly12Cys"))).extracting(GenomicVariant::gene,
        GenomicVariant::alteration).containsExactly("KRAS", "p.G12C");
    assertThat(only(textCoded("ALK", "positive"))).extracting(GenomicVariant::gene, GenomicVariant::alteration,
        GenomicVariant::kind, GenomicVariant::present).containsExactly("ALK", null, VariantKind.UNSPECIFIED, true);
    assertThat(only(textCoded("EGFR", "exon 19 deletion"))).extracting(GenomicVariant::alteration)
        .isEqualTo("exon 19 deletion");
    assertThat(only(textCoded("BRAF", "not detected"))).extracting(GenomicVariant::gene, GenomicVariant::present)
        .containsExactly("BRAF", false);
    // the protein name reports protein status: HER2 positive -> ERBB2 overexpression
    assertThat(only(textCoded("HER2", "positive"))).extracting(GenomicVariant::gene, GenomicVariant::alteration,
        GenomicVariant::kind).containsExactly("ERBB2", "overexpression", VariantKind.EXPRESSION);
    assertThat(only(textCoded("HER2", "IHC 3+"))).extracting(GenomicVariant::alteration).isEqualTo("IHC 3+");
    // texts that are not genes: a stage system with a stage value, a validation step
    Observation ajcc = textCoded("AJCC", null);
    ajcc.setValue(new CodeableConcept().addCoding(new Coding("http://cancerstaging.org", "IIIA", null)));
    assertThat(VariantNormaliser.isVariantObservation(ajcc)).isFalse();
    assertThat(VariantNormaliser.isVariantObservation(textCoded("PCR validation", "Negative"))).isFalse();
    assertThat(VariantNormaliser.isVariantObservation(textCoded("Urea Nitrogen", "12"))).isFalse();
  }

  @Test
  @DisplayName("issue 8, class 7: a fusion as two gene-studied components with DNA change type gene fusion")
  void twoGeneFusion() {
    Observation o = new Observation();
    o.setId("f1");
    o.getCode().addCoding(new Coding(LOINC, "69548-6", "Genetic variant assessment"));
    o.setValue(new CodeableConcept().addCoding(new Coding(LOINC, "LA9633-4", "Present")));
    o.addComponent().setCode(new CodeableConcept().addCoding(new Coding(LOINC, "48018-6", null)))
        .setValue(new CodeableConcept().addCoding(new Coding("http://www.genenames.org/geneId", "HGNC:3326", "EML4")));
    o.addComponent().setCode(new CodeableConcept().addCoding(new Coding(LOINC, "48018-6", null)))
        .setValue(new CodeableConcept().addCoding(new Coding("http://www.genenames.org/geneId", "HGNC:427", "ALK")));
    o.addComponent().setCode(new CodeableConcept().addCoding(new Coding(LOINC, "48019-4", null)))
        .setValue(new CodeableConcept().addCoding(new Coding("http://sequenceontology.org", "SO:0001565",
            "gene_fusion")));
    List<GenomicVariant> v = read(o, new Quarantine());
    assertThat(v).extracting(GenomicVariant::gene, GenomicVariant::kind, GenomicVariant::present)
        .containsExactly(tuple("EML4", VariantKind.FUSION, true), tuple("ALK", VariantKind.FUSION, true));
    assertThat(v.get(1).rawText()).contains("EML4-ALK fusion");
    // two genes without a fusion type (a pharmacogenomic genotype, cgexample) stay one finding
    PatientRecord cg = Fixtures.NORMALISER.normalise("patient",
        Fixtures.load("hl7-genomics-reporting/build-input-examples-2020-11-30/Bundle-diagnosticreport-cgexample.json"));
    assertThat(cg.variants()).noneMatch(x -> x.kind() == VariantKind.FUSION);
  }

  @Test
  @DisplayName("issue 8, class 7: MII MTB bundle - gene-level Present, MSI by IHC, HER2 IHC/ISH, undated TMB")
  void miiMtbBundle() {
    PatientRecord r = Fixtures.NORMALISER.normalise("mii-exa-test-data-mtb-patient-1",
        Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-mtb-1.json"));
    assertThat(r.variants()).filteredOn(v -> v.source().id().equals("mii-exa-test-data-mtb-ihc-msi-1"))
        .extracting(GenomicVariant::kind, GenomicVariant::alteration, GenomicVariant::present)
        .containsExactly(tuple(VariantKind.MSI, "MSS", false));
    assertThat(r.variants()).filteredOn(v -> v.source().id().equals("mii-exa-test-data-mtb-immunohistochemistry-her2-1"))
        .extracting(GenomicVariant::gene, GenomicVariant::kind, GenomicVariant::alteration, GenomicVariant::present)
        .containsExactly(tuple("ERBB2", VariantKind.EXPRESSION, "overexpression", true));
    assertThat(r.variants()).filteredOn(v -> v.source().id().equals("mii-exa-test-data-mtb-insituhybridization-her2-1"))
        .extracting(GenomicVariant::gene, GenomicVariant::kind, GenomicVariant::present)
        .containsExactly(tuple("ERBB2", VariantKind.COPY_NUMBER_GAIN, false));
    // undated TMB 14.2: a result without a date is still a result
    assertThat(r.variants()).filteredOn(v -> v.source().id().equals("mii-exa-test-data-mtb-mutationslast-1"))
        .singleElement().satisfies(v -> {
          assertThat(v.kind()).isEqualTo(VariantKind.TMB);
          assertThat(v.alteration()).startsWith("14.2");
          assertThat(v.date()).isNull();
        });
    // therapeutic implications (gefitinib for EGFR L858R) are neither variants nor therapy
    assertThat(r.variants()).noneMatch(v -> v.source().id().contains("therapeutische-implikation"));
    assertThat(r.exposures()).noneMatch(e -> e.resource() != null && e.resource().id().contains("implikation"));
    // PD-L1 and phospho-EGFR IHC are not genomic findings
    assertThat(r.variants()).noneMatch(v -> v.source().id().contains("pdl1") || v.source().id().contains("phospho"));
  }

  @Test
  @DisplayName("issue 8, class 7: MII Onkologie HER2 status with IHC score and FISH components")
  void miiHer2Status() {
    PatientRecord r = Fixtures.NORMALISER.normalise("mii-exa-test-data-onko-patient-1",
        Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-onkologie-1.json"));
    assertThat(r.variants()).filteredOn(v -> v.source().id().equals("mii-exa-test-data-onko-mamma-her2neu-status-2"))
        .extracting(GenomicVariant::gene, GenomicVariant::kind, GenomicVariant::alteration, GenomicVariant::present)
        .containsExactlyInAnyOrder(tuple("ERBB2", VariantKind.EXPRESSION, "IHC 3+", true),
            tuple("ERBB2", VariantKind.COPY_NUMBER_GAIN, "amplification", true));
    assertThat(r.variants()).filteredOn(v -> v.source().id().equals("mii-exa-test-data-onko-mamma-her2neu-status-1"))
        .extracting(GenomicVariant::present).containsOnly(false);
    // the bzkf/MII gene-in-note BRCA1 finding is kept without an unparsed-variant quarantine
    assertThat(r.quarantined()).extracting(QuarantineEntry::reason).doesNotContain("unparsed-variant");
  }

  @Test
  @DisplayName("issue 8, class 7: Synthea-mCODE HER2 receptor (LOINC 48676-1/85319-2) and FISH 'less than 1.8'")
  void syntheaMcodeHer2() {
    PatientRecord pos = Fixtures.NORMALISER.normalise("ac24f7c1-dd07-8abd-1f3b-2a3179beafd1", Fixtures.load(
        "hadleylab-mcode-translator-synthea/10YearsMcodeBreast/Lasonya941_Carroll471_ac24f7c1-dd07-8abd-1f3b-2a3179beafd1.json"));
    assertThat(pos.variants()).extracting(GenomicVariant::gene, GenomicVariant::kind, GenomicVariant::present)
        .contains(tuple("ERBB2", VariantKind.EXPRESSION, true), tuple("ERBB2", VariantKind.COPY_NUMBER_GAIN, true));
    PatientRecord neg = Fixtures.NORMALISER.normalise("4181a2c7-7342-42c7-aecb-422306501708",
        Fixtures.load("mcode-pathways-synthea/triple_negative.json"));
    assertThat(neg.variants()).filteredOn(v -> "ERBB2".equals(v.gene())).isNotEmpty()
        .allMatch(v -> !v.present());
  }

  @Test
  @DisplayName("issue 8, class 7: MSI 'positive' and 'high', MMR protein loss by IHC")
  void msiAndMmr() {
    Observation msi = new Observation();
    msi.getCode().addCoding(new Coding(LOINC, "81695-9", null));
    msi.setValue(new StringType("positive"));
    assertThat(only(msi)).extracting(GenomicVariant::alteration, GenomicVariant::present)
        .containsExactly("MSI-H", true);
    msi.setValue(new StringType("MSI-high"));
    assertThat(only(msi).alteration()).isEqualTo("MSI-H");

    Observation mmr = new Observation();
    mmr.getCode().addCoding(new Coding("http://snomed.info/sct", "1234806008", null));
    String[][] proteins = {{"81691-8", "loss"}, {"81692-6", "intact"}, {"81693-4", "intact"}, {"81694-2", "loss"}};
    for (String[] p : proteins) {
      mmr.addComponent().setCode(new CodeableConcept().addCoding(new Coding(LOINC, p[0], null)))
          .setValue(new CodeableConcept().setText(p[1]));
    }
    assertThat(VariantNormaliser.isVariantObservation(mmr)).isTrue();
    GenomicVariant d = only(mmr);
    assertThat(d).extracting(GenomicVariant::kind, GenomicVariant::alteration, GenomicVariant::present)
        .containsExactly(VariantKind.MSI, "dMMR", true);
    assertThat(d.rawText()).contains("MLH1").contains("PMS2");

    Observation pmmr = new Observation();
    pmmr.getCode().addCoding(new Coding(LOINC, "81691-8", "MLH-1 Ag [Presence] in Cancer specimen by Immune stain"));
    pmmr.setValue(new CodeableConcept().setText("retained"));
    assertThat(only(pmmr)).extracting(GenomicVariant::alteration, GenomicVariant::present)
        .containsExactly("pMMR", false);
  }

  @Test
  @DisplayName("issue 8, class 7: germline BRCA1 (mCODE STU1) and SPDI-only variant without gene (GO/1)")
  void germlineAndSpdi() {
    PatientRecord m = Fixtures.NORMALISER.normalise("mCODEPatientExample01",
        Fixtures.load("hl7-mcode-ig-stu1-examples/Observation-mCODECancerGeneticVariantExample02.json"));
    assertThat(m.variants()).singleElement().extracting(GenomicVariant::gene, GenomicVariant::kind,
        GenomicVariant::sourceClass).containsExactly("BRCA1", VariantKind.SEQUENCE, "germline");

    Parameters go = (Parameters) Fixtures.raw("fhir-genomics-operations/find_subject_tx_implications/1.json");
    List<Resource> resources = new ArrayList<>();
    go.getParameter().forEach(p -> {
      if (p.getResource() != null) {
        resources.add(p.getResource());
      }
    });
    Quarantine q = new Quarantine();
    List<GenomicVariant> found = new ArrayList<>();
    for (Resource r : resources) {
      if (r instanceof Observation o) {
        found.addAll(read(o, q));
      }
    }
    // three therapeutic implications are not variants; the SPDI-only BRAF V600E is a finding without gene
    assertThat(found).singleElement().satisfies(v -> {
      assertThat(v.gene()).isNull();
      assertThat(v.kind()).isEqualTo(VariantKind.SEQUENCE);
      assertThat(v.alteration()).isEqualTo("NC_000007.14:140753335:A:T");
      assertThat(v.present()).isTrue();
    });
    PatientRecord rec = Fixtures.NORMALISER.normalise("CA12345", resources);
    assertThat(rec.exposures()).isEmpty();
  }
  private static final String GV = "bzkf-obds-to-fhir/GenetischeVarianteMapperTest/GenetischeVarianteMapperTest."
      + "map_withGivenMengeGenetik_shouldCreateValidObservation.";

  private static List<GenomicVariant> obds(String file, Quarantine q) {
    return read((Observation) Fixtures.load(GV + file).get(0), q);
  }

  @Test
  @DisplayName("issue 8, class 7: oBDS genetische Variante: only M is present; S (other) and W are not (real files)")
  void obdsInterpretationCodes() {
    Quarantine q = new Quarantine();
    assertThat(obds("Testpatient_Patho.xml.index_0.approved.fhir.json", q)).singleElement()
        .extracting(GenomicVariant::gene, GenomicVariant::present).containsExactly("BRCA1", true);
    // BRCA2 "S Sonstiges / Translation": a result, but not a positive one (review D1)
    GenomicVariant brca2 = obds("Testpatient_Patho.xml.index_1.approved.fhir.json", q).get(0);
    assertThat(brca2.gene()).isEqualTo("BRCA2");
    assertThat(brca2.present()).isFalse();
    assertThat(brca2.rawText()).contains("interpretation S (other): not a positive result");
    assertThat(obds("Testpatient_Patho.xml.index_2.approved.fhir.json", q)).singleElement()
        .extracting(GenomicVariant::gene, GenomicVariant::present).containsExactly("KRAS", false);
    assertThat(obds("Testpatient_Patho.xml.index_3.approved.fhir.json", q)).singleElement()
        .extracting(GenomicVariant::gene, GenomicVariant::present).containsExactly("NRAS", false);
    assertThat(q.entries()).isEmpty();
  }

  @Test
  @DisplayName("issue 8, class 7: oBDS gene text that is no gene ('BLUB') gives no finding, quarantined (real file)")
  void obdsTextThatIsNoGene() {
    Quarantine q = new Quarantine();
    assertThat(obds("Testpatient_1.xml.index_2.approved.fhir.json", q)).isEmpty();
    assertThat(q.entries()).singleElement().extracting(QuarantineEntry::elementPath, QuarantineEntry::reason)
        .containsExactly("note.text", "unparsed-variant");
    // the same patient's BRCA1 M and BRCA2 S keep their genes
    assertThat(obds("Testpatient_1.xml.index_1.approved.fhir.json", q)).singleElement()
        .extracting(GenomicVariant::gene, GenomicVariant::present).containsExactly("BRCA2", false);
  }
  private static java.util.List<io.github.oncorefract.domain.Suggestion> suggestions(String patient, String file,
      String condition) {
    PatientRecord r = Fixtures.NORMALISER.normalise(patient, Fixtures.load(file));
    io.github.oncorefract.domain.PatientAssessment pa = new io.github.oncorefract.assessment.PatientAssessor(
        io.github.oncorefract.assessment.AssessmentParameters.defaults(), Fixtures.CATALOG)
        .assess(r, java.time.LocalDate.parse("2026-12-05"));
    return pa.cancers().stream().filter(c -> c.cancer().ref().id().equals(condition)).findFirst().orElseThrow()
        .suggestions();
  }

  @Test
  @DisplayName("issue 8, class 7 (review D1): oBDS BRCA2 'S' gives no PARP-inhibitor review; BRCA1 'M' does (Patho)")
  void obdsSonstigesIsNotActionable() {
    var s = suggestions("17fd07c897c1b71242be625380c0f570dd1262c3e8e6716c09819705494d65b5",
        Fixtures.OBDS + "Testpatient_Patho.xml.0.approved.fhir.json",
        "be44412f1e27ee788b86a224fbefd661ea0390a10df305b58eebc0d25acc696c");
    assertThat(s).filteredOn(x -> x.type() == io.github.oncorefract.domain.SuggestionType.TARGETED_THERAPY_REVIEW)
        .singleElement().satisfies(x -> assertThat(x.text()).contains("BRCA1").doesNotContain("BRCA2"));
  }

  @Test
  @DisplayName("issue 8, class 7 (review D2, D7): MII MTB lung cancer: ALK fusion review with caveats; no TMB "
      + "pembrolizumab for curative-setting disease")
  void mtbAlkFusionAndTmb() {
    var s = suggestions("mii-exa-test-data-mtb-patient-1", "mii-kds-testdata/Bundle-mii-exa-test-data-bundle-mtb-1.json",
        "mii-exa-test-data-mtb-diagnose-primaertumor-1");
    var targeted = s.stream()
        .filter(x -> x.type() == io.github.oncorefract.domain.SuggestionType.TARGETED_THERAPY_REVIEW).toList();
    assertThat(targeted).singleElement().satisfies(x -> {
      assertThat(x.text()).contains("ALK fusion", "alectinib", "Fusion partner not reported: confirm",
          "Histology not recorded; these labels are for NSCLC: confirm");
      assertThat(x.text()).doesNotContain("pembrolizumab");
    });
  }
}
