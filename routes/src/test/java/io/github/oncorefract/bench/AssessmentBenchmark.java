package io.github.oncorefract.bench;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.assessment.AssessmentParameters;
import io.github.oncorefract.assessment.PatientAssessor;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.knowledge.CancerCodeTable;
import io.github.oncorefract.knowledge.TableDrugCatalog;
import io.github.oncorefract.normalise.PatientNormaliser;
import io.github.oncorefract.suggest.ProposedResource;
import io.github.oncorefract.suggest.SuggestionResourceBuilder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH benchmark of the per-patient CPU work between the FHIR read and the write, without I/O: normalise (FHIR to
 * domain), assess (lines of therapy, rule set, suggestions) and build (the FHIR resources to write). Each patient is
 * an advanced NSCLC with {@code lines} lines of 2-3 ingredients recorded as MedicationStatements with RxNorm-less
 * text and period, a progression (mCODE CancerDiseaseStatus, LOINC 97509-4 / SNOMED 271299001) after each line, and
 * an EGFR L858R variant (LOINC 69548-6); the data are generated, so the benchmark needs nothing from {@code ../shared}.
 *
 * <p>Run (README "Benchmark"): {@code mvn -B -q -pl routes -am test-compile} then
 * {@code java -cp "routes/target/test-classes:routes/target/classes:$(cat routes/target/bench.cp)"
 * io.github.oncorefract.bench.AssessmentBenchmark}. Figures are average microseconds per patient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AssessmentBenchmark {

  private static final String[][] REGIMENS = {
      {"carboplatin", "pemetrexed", "pembrolizumab"}, {"docetaxel", "ramucirumab"}, {"gemcitabine", "vinorelbine"},
      {"paclitaxel", "carboplatin"}, {"osimertinib"}, {"atezolizumab"}};
  private static final LocalDate ASSESSED = LocalDate.of(2026, 11, 1);

  /** Lines of therapy per patient. */
  @Param({"1", "4"})
  public int lines;

  private PatientNormaliser normaliser;
  private PatientAssessor assessor;
  private SuggestionResourceBuilder builder;
  private List<Resource> resources;
  private PatientRecord record;
  private PatientAssessment assessment;

  /** Builds the patient once per trial and checks that the pipeline really derives its lines. */
  @Setup(Level.Trial)
  public void setUp() {
    FhirContext ctx = FhirContext.forR4Cached();
    TableDrugCatalog catalog = TableDrugCatalog.loadDefault();
    normaliser = new PatientNormaliser(ctx, catalog, CancerCodeTable.loadDefault());
    assessor = new PatientAssessor(AssessmentParameters.defaults(), catalog);
    builder = new SuggestionResourceBuilder();
    resources = patient("bench-1", lines);
    record = normaliser.normalise("bench-1", resources);
    assessment = assessor.assess(record, ASSESSED);
    int derived = assessment.cancers().get(0).lines().size();
    if (derived != lines) {
      throw new IllegalStateException("benchmark patient derived " + derived + " lines, expected " + lines);
    }
  }

  /** FHIR resources to the domain record. */
  @Benchmark
  public PatientRecord normalise() {
    return normaliser.normalise("bench-1", resources);
  }

  /** Lines of therapy, rule set and suggestions. */
  @Benchmark
  public PatientAssessment assess() {
    return assessor.assess(record, ASSESSED);
  }

  /** Flag, CarePlan, ServiceRequest and Task to write. */
  @Benchmark
  public List<ProposedResource> build() {
    return builder.build(assessment);
  }

  /** The three together: the per-patient CPU cost of a pass without I/O. */
  @Benchmark
  public List<ProposedResource> wholePatient() {
    return builder.build(assessor.assess(normaliser.normalise("bench-1", resources), ASSESSED));
  }

  static List<Resource> patient(String id, int lineCount) {
    List<Resource> out = new ArrayList<>();
    Patient p = new Patient();
    p.setId(id);
    out.add(p);
    Reference subject = new Reference("Patient/" + id);
    Condition c = new Condition();
    c.setId("c-" + id);
    c.setSubject(subject);
    c.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "254637007",
        "Non-small cell lung cancer")));
    c.setOnset(new DateTimeType("2020-01-10"));
    out.add(c);
    LocalDate start = LocalDate.of(2020, 2, 1);
    for (int l = 0; l < lineCount; l++) {
      LocalDate end = start.plusDays(120);
      for (String drug : REGIMENS[l % REGIMENS.length]) {
        MedicationStatement ms = new MedicationStatement();
        ms.setId("ms-" + id + "-" + l + "-" + drug);
        ms.setStatus(MedicationStatement.MedicationStatementStatus.COMPLETED);
        ms.setSubject(subject);
        ms.setMedication(new CodeableConcept().setText(drug));
        ms.setEffective(new Period().setStartElement(new DateTimeType(start.toString()))
            .setEndElement(new DateTimeType(end.toString())));
        ms.addReasonReference(new Reference("Condition/c-" + id));
        out.add(ms);
      }
      Observation status = new Observation();
      status.setId("ds-" + id + "-" + l);
      status.setStatus(Observation.ObservationStatus.FINAL);
      status.setSubject(subject);
      status.addFocus(new Reference("Condition/c-" + id));
      status.setCode(new CodeableConcept(new Coding("http://loinc.org", "97509-4", "Cancer disease status")));
      status.setValue(new CodeableConcept(new Coding("http://snomed.info/sct", "271299001", "Worsened")));
      status.setEffective(new DateTimeType(end.plusDays(10).toString()));
      out.add(status);
      start = end.plusDays(30);
    }
    Observation variant = new Observation();
    variant.setId("gv-" + id);
    variant.setStatus(Observation.ObservationStatus.FINAL);
    variant.setSubject(subject);
    variant.setCode(new CodeableConcept(new Coding("http://loinc.org", "69548-6", "Genetic variant assessment")));
    variant.setValue(new CodeableConcept(new Coding("http://loinc.org", "LA9633-4", "Present")));
    variant.setEffective(new DateTimeType("2020-01-20"));
    variant.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "48018-6", "Gene studied")))
        .setValue(new CodeableConcept(new Coding("http://www.genenames.org", "HGNC:3236", "EGFR")));
    variant.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "48005-3",
            "Amino acid change")))
        .setValue(new CodeableConcept(new Coding("http://varnomen.hgvs.org", "p.Leu858Arg", "p.Leu858Arg")));
    out.add(variant);
    return out;
  }

  /** Runs every benchmark of this class and prints JMH's table. */
  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(AssessmentBenchmark.class.getSimpleName()).build()).run();
  }
}
