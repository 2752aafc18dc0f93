package io.github.oncorefract.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.QuarantineEntry;
import io.github.oncorefract.domain.VariantKind;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each genomic-variant shape of FINDINGS.md section 9, on the fixture Observations: components by LOINC (gene as
 * symbol, HGNC id, or bare number of an example system), HGVS in components or strings, 1- and 3-letter protein
 * notation, fusions, copy-number changes, MSI and TMB (coded or code text only), gene only in note text, and
 * unparseable results reported (quarantined) rather than dropped.
 */
class VariantNormaliserTest {

  private static GenomicVariant variant(PatientRecord r, String idFragment) {
    return r.variants().stream().filter(v -> v.source().id().contains(idFragment)).findFirst()
        .orElseThrow(() -> new AssertionError("no variant " + idFragment));
  }

  @Test
  void shape1ComponentsAndShape9GenotypeText() {
    PatientRecord r = Fixtures.NORMALISER.normalise("mii-exa-test-data-molgen-patient-1",
        Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-molgen-1.json"));
    GenomicVariant braf = variant(r, "patient-3-molgen-variante-1");
    assertThat(braf).extracting(GenomicVariant::gene, GenomicVariant::alteration, GenomicVariant::kind,
        GenomicVariant::present, GenomicVariant::sourceClass, GenomicVariant::date)
        .containsExactly("BRAF", "p.V600E", VariantKind.SEQUENCE, true, "somatic", LocalDate.of(2022, 4, 7));
    // genotype 84413-4 "BRAF rs113488022 T>A"; the protein change comes from its conclusion string
    GenomicVariant genotype = variant(r, "genotyp-1");
    assertThat(genotype.gene()).isEqualTo("BRAF");
    assertThat(genotype.alteration()).isEqualTo("p.V600E");
    assertThat(genotype.rawText()).contains("BRAF rs113488022 T>A");
    // MSI "Stable" -> MSS, absent; TMB with unit
    assertThat(variant(r, "msi-1")).extracting(GenomicVariant::kind, GenomicVariant::alteration,
        GenomicVariant::present).containsExactly(VariantKind.MSI, "MSS", false);
    assertThat(variant(r, "mutationslast-1")).extracting(GenomicVariant::kind, GenomicVariant::alteration)
        .containsExactly(VariantKind.TMB, "12 Mutations/Megabase");
    // predicted 3-letter frameshift / duplication
    assertThat(r.variants()).extracting(GenomicVariant::alteration).contains("p.A767_V769dup");
    PatientRecord p2 = Fixtures.NORMALISER.normalise("mii-exa-test-data-molgen-patient-2",
        Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-molgen-1.json"));
    assertThat(p2.variants()).extracting(GenomicVariant::gene, GenomicVariant::alteration)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("CTNNA1", "p.L344Cfs*25"));
  }

  @Test
  void shapes6To8ProteinAccessionCnvFusions() {
    PatientRecord r = Fixtures.NORMALISER.normalise("mii-exa-test-data-mtb-patient-1",
        Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-mtb-1.json"));
    assertThat(variant(r, "einfache-variante-1")).extracting(GenomicVariant::gene, GenomicVariant::alteration)
        .containsExactly("EGFR", "p.L858R");
    assertThat(variant(r, "copy-number-variant-1")).extracting(GenomicVariant::gene, GenomicVariant::kind,
        GenomicVariant::alteration).containsExactly("ERBB2", VariantKind.COPY_NUMBER_GAIN, "amplification");
    assertThat(variant(r, "dna-fusion-1")).extracting(GenomicVariant::gene, GenomicVariant::kind)
        .containsExactly("ALK", VariantKind.FUSION);
    assertThat(variant(r, "rna-fusion-1").kind()).isEqualTo(VariantKind.FUSION);
    // gene-only RNA-seq result: a gene-level finding, kept and not quarantined (issue 8, class 7); the empty
    // "molekularer-biomarker" (no gene, no alteration) is kept, UNSPECIFIED, and quarantined
    assertThat(variant(r, "rna-seq-1")).extracting(GenomicVariant::gene, GenomicVariant::kind,
        GenomicVariant::alteration, GenomicVariant::present).containsExactly("NRAS", VariantKind.UNSPECIFIED, null, true);
    assertThat(r.quarantined()).filteredOn(q -> q.reason().equals("unparsed-variant"))
        .extracting(QuarantineEntry::resourceId).contains("mii-exa-test-data-mtb-molekularer-biomarker-1")
        .doesNotContain("mii-exa-test-data-mtb-rna-seq-1");
    assertThat(variant(r, "mikrosatelliteninstabilitaet-1").kind()).isEqualTo(VariantKind.MSI);
  }

  @Test
  void shapes2And3GenomicHgvsAndNonHgvs() {
    PatientRecord r = Fixtures.NORMALISER.normalise("d0b4affa-91d6-46d1-af01-b30d9f16ef6d",
        Fixtures.load("hl7-genomics-reporting/build-input-examples-2020-11-30/Bundle-oncologyexamples-r4.json"));
    assertThat(r.variants()).extracting(GenomicVariant::gene, GenomicVariant::alteration).contains(
        org.assertj.core.groups.Tuple.tuple("JAK2", "p.V617F"),
        org.assertj.core.groups.Tuple.tuple("ERBB4", "2:g.212578380del"),
        org.assertj.core.groups.Tuple.tuple(null, "MSI-H"));
    PatientRecord c = Fixtures.NORMALISER.normalise("any",
        Fixtures.load("hl7-genomics-reporting/build-input-examples-2020-11-30/Bundle-complexVariant-nonHGVS.json"));
    assertThat(c.variants()).extracting(GenomicVariant::alteration).contains("c.769G>A", "c.53A>G");
    PatientRecord snv = Fixtures.NORMALISER.normalise("any",
        Fixtures.load("hl7-genomics-reporting/build-input-examples-2020-11-30/Observation-SNVexample.json"));
    assertThat(snv.variants()).singleElement().extracting(GenomicVariant::gene, GenomicVariant::alteration)
        .containsExactly("AR", "p.A412V");
  }

  @Test
  void shape10InterpretationAndGeneInNote() {
    PatientRecord r = Fixtures.NORMALISER.normalise("mii-exa-test-data-onko-patient-1",
        Fixtures.load("mii-kds-testdata/Bundle-mii-exa-test-data-bundle-onkologie-1.json"));
    assertThat(variant(r, "genetische-variante-1")).extracting(GenomicVariant::gene, GenomicVariant::present)
        .containsExactly("BRCA1", true);
    assertThat(variant(r, "genetische-variante-2")).extracting(GenomicVariant::gene, GenomicVariant::present)
        .containsExactly("KRAS", false);
    PatientRecord patho = Fixtures.NORMALISER.normalise("17fd07c897c1b71242be625380c0f570dd1262c3e8e6716c09819705494d65b5",
        Fixtures.load(Fixtures.OBDS + "Testpatient_Patho.xml.0.approved.fhir.json"));
    assertThat(patho.variants()).extracting(GenomicVariant::gene, GenomicVariant::present).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("BRCA1", true), org.assertj.core.groups.Tuple.tuple("BRCA2", false),
        org.assertj.core.groups.Tuple.tuple("KRAS", false), org.assertj.core.groups.Tuple.tuple("NRAS", false));
    assertThat(patho.variants()).allMatch(v -> v.kind() == VariantKind.UNSPECIFIED && v.rawText() != null);
  }

  @Test
  void shape11LegacyR4Genetics() {
    PatientRecord r = Fixtures.NORMALISER.normalise("example",
        Fixtures.load("hl7-fhir-r4-spec-examples/observation-example-genetics-1.json"));
    assertThat(r.variants()).singleElement().extracting(GenomicVariant::gene, GenomicVariant::present,
        GenomicVariant::sourceClass).containsExactly("EGFR", true, "somatic");
    // gene-level "Positive" with no HGVS: a finding, not an unparsed-variant quarantine (issue 8, class 7)
    assertThat(r.quarantined()).extracting(QuarantineEntry::reason).doesNotContain("unparsed-variant");
  }

  @Test
  void hgvsNormalisation() {
    assertThat(Hgvs.protein("NP_005219.2:p.Leu858Arg")).isEqualTo("p.L858R");
    assertThat(Hgvs.protein("p.(Ala412Val)")).isEqualTo("p.A412V");
    assertThat(Hgvs.protein("p.Gln2634AlafsTer20")).isEqualTo("p.Q2634Afs*20");
    assertThat(Hgvs.protein("p.=")).isEqualTo("p.=");
    assertThat(Hgvs.protein("c.2573T>G")).isNull();
    assertThat(Hgvs.cdna("NM_004333.4:c.1799T>A")).isEqualTo("c.1799T>A");
    assertThat(Hgvs.proteinInText("EGFR T790M nachgewiesen")).isEqualTo("p.T790M");
    assertThat(Hgvs.proteinInText("BRAF rs113488022 T>A")).isNull();
    assertThat(Hgvs.exonChange("EGFR Exon 19 Deletion")).isEqualTo("exon 19 deletion");
    assertThat(VariantNormaliser.geneFromTexts(List.of("BRCA 2"))).isEqualTo("BRCA2");
  }

  private static final String GR = "hl7-genomics-reporting/";

  @Test
  void shape1GeneAsHgncIdAndOneLetterProteinAcrossIgVersions() {
    // oncology-report example: gene "HGNC:8975" display PIK3CA, pHGVS 1-letter "p.H1047R", frameshift
    // "p.Q2634Afs*20", cHGVS without transcript; 2020 build uses component "functional-annotation", the 2021 file
    // "molecular-consequence" - the variants read the same
    PatientRecord v2020 = Fixtures.NORMALISER.normalise("f7a438e6-f484-453d-97e8-aa4d51008648",
        Fixtures.load(GR + "build-input-examples-2020-11-30/Bundle-oncology-report-example.json"));
    assertThat(v2020.variants()).extracting(GenomicVariant::gene, GenomicVariant::alteration).contains(
        org.assertj.core.groups.Tuple.tuple("PIK3CA", "p.H1047R"),
        org.assertj.core.groups.Tuple.tuple("NRAS", "p.G12C"),
        org.assertj.core.groups.Tuple.tuple("KMT2D", "p.Q2634Afs*20"));
    assertThat(v2020.variants()).filteredOn(v -> "PIK3CA".equals(v.gene()) && "p.H1047R".equals(v.alteration()))
        .singleElement().extracting(GenomicVariant::kind, GenomicVariant::present, GenomicVariant::sourceClass)
        .containsExactly(VariantKind.SEQUENCE, true, "somatic");
    PatientRecord v2021 = Fixtures.NORMALISER.normalise("f7a438e6-f484-453d-97e8-aa4d51008648",
        Fixtures.load(GR + "input-examples-2021-09-15/oncology-report-example.json"));
    assertThat(v2021.variants()).extracting(GenomicVariant::gene, GenomicVariant::alteration)
        .contains(org.assertj.core.groups.Tuple.tuple("SMARCA4", "p.A791V"),
            org.assertj.core.groups.Tuple.tuple("PIK3CA", "p.H1047R"));
    assertThat(v2021.variants().stream().filter(v -> v.kind() == VariantKind.SEQUENCE)
        .map(v -> v.gene() + " " + v.alteration()).sorted().toList())
        .isEqualTo(v2020.variants().stream().filter(v -> v.kind() == VariantKind.SEQUENCE)
            .map(v -> v.gene() + " " + v.alteration()).sorted().toList());
  }

  @Test
  void shape2ThreeLetterProteinAndTmbWithCodeTextOnly() {
    PatientRecord r = Fixtures.NORMALISER.normalise("d0b4affa-91d6-46d1-af01-b30d9f16ef6d",
        Fixtures.load(GR + "build-input-examples-2020-11-30/Bundle-oncologyexamples-r4.json"));
    // 3-letter "p.Gln472His" (KDR) -> 1-letter
    assertThat(r.variants()).extracting(GenomicVariant::gene, GenomicVariant::alteration)
        .contains(org.assertj.core.groups.Tuple.tuple("KDR", "p.Q472H"));
    // $.entry[3]: code only {text "Tumor Mutational Burden"}, valueQuantity 25 "somatic variants per megabase..."
    assertThat(r.variants()).filteredOn(v -> v.kind() == VariantKind.TMB).singleElement()
        .extracting(GenomicVariant::alteration).asString().startsWith("25 ");
    // $.entry[4]: "MSI status" valueString "High"
    assertThat(r.variants()).filteredOn(v -> v.kind() == VariantKind.MSI).singleElement()
        .extracting(GenomicVariant::alteration, GenomicVariant::present).containsExactly("MSI-H", true);
  }

  @Test
  void geneAsBareNumberOfAnExampleSystemAndYearOnlyDate() {
    // cgexample discrete-variant: gene {system http://example.org/hgnc, code "21497", display "ACAD9"},
    // pHGVS "p.Arg417Cys" in an example.org system, effectiveDateTime "2016"
    PatientRecord r = Fixtures.NORMALISER.normalise("patient",
        Fixtures.load(GR + "build-input-examples-2020-11-30/Bundle-diagnosticreport-cgexample.json"));
    GenomicVariant acad9 = variant(r, "discrete-variant");
    assertThat(acad9).extracting(GenomicVariant::gene, GenomicVariant::alteration, GenomicVariant::sourceClass)
        .containsExactly("ACAD9", "p.R417C", "germline");
    assertThat(acad9.date()).isEqualTo(LocalDate.of(2016, 1, 1));
  }

  @Test
  void compoundHeterozygoteCdnaWithTranscriptPrefix() {
    // two 69548-6 Observations with only cHGVS "NM_022787.3:c.769G>A" / "NM_022787.3:c.53A>G" and no gene
    PatientRecord r = Fixtures.NORMALISER.normalise("any",
        Fixtures.load(GR + "build-input-examples-2020-11-30/Bundle-compound-heterozygote.json"));
    assertThat(r.variants()).extracting(GenomicVariant::alteration).contains("c.769G>A", "c.53A>G");
  }
}
