package io.github.oncorefract.adapter.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.BundleBuilder;
import io.github.oncorefract.adapter.demo.DemoScenarios.Cancer;
import io.github.oncorefract.adapter.demo.DemoScenarios.CancerPlan;
import io.github.oncorefract.adapter.demo.DemoScenarios.CodeStyle;
import io.github.oncorefract.adapter.demo.DemoScenarios.Comp;
import io.github.oncorefract.adapter.demo.DemoScenarios.End;
import io.github.oncorefract.adapter.demo.DemoScenarios.Line;
import io.github.oncorefract.adapter.demo.DemoScenarios.Style;
import io.github.oncorefract.adapter.demo.DemoScenarios.Variant;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deterministic, seeded generator of a synthetic oncology cohort: one FHIR R4 transaction Bundle per patient, every
 * entry a {@code PUT Type/id} with a deterministic id ({@code Patient/demo-0001}, {@code Condition/demo-0001-c1},
 * {@code MedicationAdministration/demo-0001-ma-001}, ...), so loading twice is idempotent. Entry fullUrls are
 * {@code urn:uuid:} + the name-based (v3) UUID of {@code Type/id}; references inside resources are relative
 * ({@code Patient/demo-0001}, {@code Medication/demo-0001-med-carboplatin}) or contained ({@code #med1}).
 *
 * <p>Determinism: all randomness comes from {@link SplittableRandom} seeded from {@code seed} and the patient
 * index; no wall clock is read: every date is relative to the fixed anchor {@link #ANCHOR} (2026-06-01, UTC days).
 * The same {@code (size, seed)} gives byte-identical JSON; patient {@code i} does not depend on {@code size}, so a
 * smaller cohort is a prefix of a larger one.
 *
 * <p>Cohort design: patient {@code i} (0-based) has cancer {@code i % 5} (NSCLC, colorectal, breast, ovarian,
 * multiple myeloma: equal shares) and scenario {@code (i / 5 + 3 * (i % 5)) % 10} of {@link DemoScenarios}; 50
 * patients cover every scenario of every cancer exactly once. Scenarios mix just-diagnosed patients (0 lines), one
 * line with progression (at risk), two to four advanced lines with progression on the latest (likely refractory),
 * responding patients, curative (adjuvant) then advanced lines, two cancers in one patient, and the awkward shapes
 * of real data listed in {@code fixtures/public/FINDINGS.md}: contained and separate Medication, RxNorm / ATC /
 * text-only medication codes, month-only dates, open periods, an entered-in-error antineoplastic
 * MedicationStatement, ICD-10-CM-only and SNOMED-only Conditions, MedicationStatement, MedicationRequest and
 * MedicationAdministration, supportive drugs (ondansetron, dexamethasone premedication, zoledronic acid,
 * leucovorin).
 *
 * <p>Codes: mCODE STU4 CancerDiseaseStatus (LOINC 97509-4; SNOMED 271299001 worsened, 359746009 stable, 268910001
 * improved), treatment intent extension {@value #INTENT_URL} (SNOMED 373808002 curative, 363676003 palliative),
 * termination reasons SNOMED 266721009 "No response to treatment" and 407563006 "Treatment not tolerated"; genomic
 * variants after HL7 Genomics Reporting STU2 (LOINC 69548-6, value LA9633-4 Present, components 48018-6 gene (HGNC),
 * 48005-3 p.HGVS, 48004-6 c.HGVS, 48002-0 genomic source class LA6684-0 somatic / LA6683-2 germline). Drug codes:
 * see {@link DemoDrug}. All names are invented; no real person is described.
 *
 * <p>Thread-safe: holds only the (thread-safe) {@link FhirContext}.
 */
public class DemoCohortGenerator {

  private static final Logger LOG = LoggerFactory.getLogger(DemoCohortGenerator.class);

  /** The fixed day all dates are relative to (UTC). */
  public static final LocalDate ANCHOR = LocalDate.of(2026, 6, 1);
  /** Default cohort size. */
  public static final int DEFAULT_SIZE = 50;
  /** Default seed. */
  public static final long DEFAULT_SEED = 20260601L;

  /** Tag system and code carried by every demo resource (used to scope the adapter to the demo cohort). */
  public static final String TAG_SYSTEM = "https://oncorefract.github.io/fhir/CodeSystem/tags";
  public static final String TAG_CODE = "demo-cohort";
  /** Identifier system of the synthetic medical record numbers. */
  public static final String MRN_SYSTEM = "https://oncorefract.github.io/fhir/identifier/demo-mrn";

  static final String INTENT_URL = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-procedure-intent";
  static final String MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition/";
  static final String SNOMED = "http://snomed.info/sct";
  static final String LOINC = "http://loinc.org";
  static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
  static final String HGNC = "http://www.genenames.org/geneId";
  static final String HGVS = "http://varnomen.hgvs.org";

  static final String WORSENED = "271299001";
  static final String STABLE = "359746009";
  static final String IMPROVED = "268910001";
  static final String NO_RESPONSE = "266721009";
  static final String NOT_TOLERATED = "407563006";

  private static final String[] FEMALE = {"Avery", "Mara", "Elin", "Noor", "Ines", "Talia", "Ruth", "Sabine",
      "Greta", "Leona", "Yara", "Odile", "Priya", "Hanne", "Celia", "Maren"};
  private static final String[] MALE = {"Tobin", "Arlo", "Emil", "Jonas", "Rafael", "Idris", "Colm", "Viktor",
      "Anselm", "Bram", "Kenji", "Lucian", "Osric", "Pavel", "Soren", "Dario"};
  private static final String[] FAMILY = {"Quillfeather", "Ambervale", "Thornwick", "Brightwater", "Halloway",
      "Fennimore", "Marrowby", "Duskfield", "Kestrelton", "Larkspurr", "Oakhollow", "Pennyfold", "Rookwood",
      "Silverdale", "Tamsworth", "Wrenfield", "Ashgrove", "Crowhurst", "Elmsbridge", "Gildersleeve"};

  private final FhirContext fhirContext;

  /**
   * @param fhirContext an R4 context (use {@code FhirContext.forR4Cached()})
   * @throws NullPointerException if {@code fhirContext} is null
   */
  public DemoCohortGenerator(FhirContext fhirContext) {
    this.fhirContext = Objects.requireNonNull(fhirContext, "fhirContext");
  }

  /**
   * Generates {@code size} synthetic patients, one transaction Bundle per patient, the same for the same seed.
   *
   * @param size number of patients, at least 1
   * @param seed random seed
   * @return the bundles of {@link #generateWithTruth(int, long)}, in patient order
   * @throws IllegalArgumentException if {@code size < 1}
   */
  public List<Bundle> generate(int size, long seed) {
    return generateWithTruth(size, seed).stream().map(DemoPatient::bundle).toList();
  }

  /**
   * Generates the cohort with the designed truth per patient (see {@link DemoCancer} for the semantics).
   *
   * @param size number of patients, at least 1
   * @param seed random seed
   * @return one {@link DemoPatient} per patient, ids {@code demo-0001} .. in order
   * @throws IllegalArgumentException if {@code size < 1}
   */
  public List<DemoPatient> generateWithTruth(int size, long seed) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, was " + size);
    }
    List<DemoPatient> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new PatientBuilder(i, seed).build());
    }
    LOG.info("Generated demo cohort: {} patients", size);
    return out;
  }

  /** Identifier system of the fictional demo research studies (never a real registry). */
  public static final String STUDY_ID_SYSTEM = "https://oncorefract.github.io/fhir/identifier/demo-study";

  /**
   * The fictional research studies of the demo, as one transaction Bundle of {@code PUT ResearchStudy/<id>} entries
   * (ids {@code demo-study-0001} ..; identifiers {@code DEMO-STUDY-0001} .. in {@value #STUDY_ID_SYSTEM}; never
   * real NCT numbers), tagged like the cohort, for trial matching ({@code clinical-model.md} section 4):
   * <ol>
   *   <li>{@code active}, non-small cell lung cancer (SNOMED 254637007), keyword EGFR (HGNC:3236): the EGFR NSCLC
   *       patients;</li>
   *   <li>{@code active} basket study, condition "Advanced solid tumor", keywords "KRAS G12C" and "NTRK fusion": KRAS
   *       G12C patients of any solid cancer;</li>
   *   <li>{@code active}, multiple myeloma (SNOMED 109989006), no variant: every likely-refractory myeloma;</li>
   *   <li>{@code closed-to-accrual}, NSCLC and EGFR: must never match.</li>
   * </ol>
   * Independent of size and seed, and byte-identical on every call; the patients' bundles do not change.
   *
   * @return the transaction Bundle
   */
  public Bundle studies() {
    BundleBuilder bb = new BundleBuilder(fhirContext);
    bb.setType("transaction");
    String fiction = "Fictional study generated for the OncoRefract demo; not a real clinical trial.";
    ResearchStudy lung = study(1, "DEMO (fictional) study 0001: EGFR-mutant non-small cell lung cancer after an "
        + "EGFR tyrosine kinase inhibitor", ResearchStudy.ResearchStudyStatus.ACTIVE, fiction);
    lung.addCondition(new CodeableConcept(new Coding(SNOMED, "254637007", "Non-small cell lung cancer")));
    lung.addKeyword(new CodeableConcept(new Coding(HGNC, "HGNC:3236", "EGFR")));
    ResearchStudy basket = study(2, "DEMO (fictional) basket study 0002: KRAS G12C or NTRK fusion in advanced solid "
        + "tumours", ResearchStudy.ResearchStudyStatus.ACTIVE, fiction);
    basket.addCondition(new CodeableConcept().setText("Advanced solid tumor"));
    basket.addKeyword(new CodeableConcept().setText("KRAS G12C"));
    basket.addKeyword(new CodeableConcept().setText("NTRK fusion"));
    ResearchStudy myeloma = study(3, "DEMO (fictional) study 0003: relapsed or refractory multiple myeloma",
        ResearchStudy.ResearchStudyStatus.ACTIVE, fiction);
    myeloma.addCondition(new CodeableConcept(new Coding(SNOMED, "109989006", "Multiple myeloma")));
    ResearchStudy closed = study(4, "DEMO (fictional) study 0004 (closed to accrual): EGFR-mutant non-small cell "
        + "lung cancer", ResearchStudy.ResearchStudyStatus.CLOSEDTOACCRUAL, fiction);
    closed.addCondition(new CodeableConcept(new Coding(SNOMED, "254637007", "Non-small cell lung cancer")));
    closed.addKeyword(new CodeableConcept(new Coding(HGNC, "HGNC:3236", "EGFR")));
    for (ResearchStudy rs : List.of(lung, basket, myeloma, closed)) {
      bb.addTransactionUpdateEntry(rs);
    }
    Bundle bundle = (Bundle) bb.getBundle();
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      String typeId = e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart();
      e.setFullUrl("urn:uuid:" + UUID.nameUUIDFromBytes(typeId.getBytes(StandardCharsets.UTF_8)));
    }
    return bundle;
  }

  private static ResearchStudy study(int n, String title, ResearchStudy.ResearchStudyStatus status, String text) {
    ResearchStudy rs = new ResearchStudy();
    String number = String.format("%04d", n);
    rs.setId("demo-study-" + number);
    rs.getMeta().addTag(TAG_SYSTEM, TAG_CODE, "OncoRefract demo cohort (synthetic)");
    rs.addIdentifier().setSystem(STUDY_ID_SYSTEM).setValue("DEMO-STUDY-" + number);
    rs.setTitle(title);
    rs.setStatus(status);
    rs.setDescription(text);
    rs.setPeriod(new Period().setStartElement(new DateTimeType(ANCHOR.minusYears(1).toString())));
    return rs;
  }

  /** Scenario index of patient {@code i}. */
  static int scenarioOf(int i) {
    return (i / 5 + 3 * (i % 5)) % DemoScenarios.PER_CANCER;
  }

  // ------------------------------------------------------------------------------------------------------------

  private enum Shape { RXNORM, ATC, TEXT, CONTAINED, SEPARATE }

  private record Obs(int day, String value) {}

  /** A line placed on the relative timeline (day 0 = first diagnosis). */
  private static final class PlannedLine {
    Line spec;
    int[] cycleStart;
    int progDay = -1;
    /** Last day of continuous drugs; -1 when open (ongoing). */
    int contEnd = -1;
    int lineEnd;
    boolean palliativeIntent;
  }

  private static final class PlannedCancer {
    CancerPlan plan;
    String conditionId;
    int diagDay;
    int variantDay;
    final List<PlannedLine> lines = new ArrayList<>();
    final List<Obs> obs = new ArrayList<>();
    int lastDay;
  }

  /** Builds one patient; holds the per-patient random stream and id counters. */
  private final class PatientBuilder {
    private final int index;
    private final SplittableRandom rng;
    private final String pid;
    private final List<Resource> resources = new ArrayList<>();
    private final Map<String, Medication> separateMeds = new LinkedHashMap<>();
    private final Map<String, Integer> counters = new LinkedHashMap<>();
    private LocalDate base;
    private final int shapeOffset;
    private final int styleOffset;
    private final Cancer primary;

    PatientBuilder(int index, long seed) {
      this.index = index;
      this.rng = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1L)));
      this.pid = String.format("demo-%04d", index + 1);
      this.shapeOffset = rng.nextInt(5);
      this.styleOffset = rng.nextInt(3);
      this.primary = Cancer.values()[index % 5];
    }

    DemoPatient build() {
      List<CancerPlan> plans = DemoScenarios.scenario(index % 5, scenarioOf(index));
      // 1. plan on a relative timeline
      List<PlannedCancer> planned = new ArrayList<>();
      int day = 0;
      for (int c = 0; c < plans.size(); c++) {
        PlannedCancer pc = planCancer(plans.get(c), day, pid + "-c" + (c + 1));
        planned.add(pc);
        day = pc.lastDay + rng.nextInt(200, 501);
      }
      PlannedCancer last = planned.get(planned.size() - 1);
      boolean ongoing = !last.lines.isEmpty() && last.lines.get(last.lines.size() - 1).spec.end.ongoing();
      int tail = ongoing ? rng.nextInt(3, 11) : last.lines.isEmpty() ? rng.nextInt(5, 41) : rng.nextInt(20, 91);
      base = ANCHOR.minusDays(last.lastDay + tail);

      // 2. emit resources
      boolean female = planned.stream().anyMatch(p -> p.plan.cancer.female) || rng.nextBoolean();
      int ageAtAnchor = primary == Cancer.MULTIPLE_MYELOMA ? rng.nextInt(55, 86) : rng.nextInt(42, 85);
      Patient patient = patient(female, ageAtAnchor, planned);
      resources.add(patient);
      for (PlannedCancer pc : planned) {
        resources.add(condition(pc));
      }
      List<DemoCancer> truth = new ArrayList<>();
      for (PlannedCancer pc : planned) {
        emitCancer(pc);
        truth.add(truth(pc));
      }
      BundleBuilder bb = new BundleBuilder(fhirContext);
      bb.setType("transaction");
      for (Resource r : resources) {
        tag(r);
        bb.addTransactionUpdateEntry(r);
      }
      Bundle bundle = (Bundle) bb.getBundle();
      // R4 requires an absolute fullUrl: a name-based (v3) UUID of "Type/id" keeps it deterministic
      for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
        String typeId = e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart();
        e.setFullUrl("urn:uuid:" + UUID.nameUUIDFromBytes(typeId.getBytes(StandardCharsets.UTF_8)));
      }
      return new DemoPatient(pid, bundle, truth);
    }

    // ---------------------------------------------------------------- planning

    private PlannedCancer planCancer(CancerPlan plan, int diagDay, String conditionId) {
      PlannedCancer pc = new PlannedCancer();
      pc.plan = plan;
      pc.conditionId = conditionId;
      pc.diagDay = diagDay;
      pc.variantDay = diagDay + rng.nextInt(7, 22);
      int lastDay = plan.variants.isEmpty() ? diagDay : pc.variantDay;
      PlannedLine prev = null;
      for (Line spec : plan.lines) {
        PlannedLine pl = new PlannedLine();
        pl.spec = spec;
        pl.palliativeIntent = !spec.curative && rng.nextInt(4) != 0;
        int start;
        if (prev == null) {
          start = diagDay + rng.nextInt(21, 43);
        } else {
          int gap = spec.gapMin > 0 ? rng.nextInt(spec.gapMin, spec.gapMax + 1) : rng.nextInt(21, 46);
          if (spec.partialStart) {
            gap = Math.max(gap, 45);
          }
          start = prev.lineEnd + gap;
          if (prev.spec.end == End.COMPLETED && gap > 90) {
            pc.obs.add(new Obs(start - rng.nextInt(10, 21), WORSENED));
          }
        }
        int n = spec.baseCycles + (spec.extraCycles > 0 ? rng.nextInt(spec.extraCycles + 1) : 0);
        pl.cycleStart = new int[n];
        pl.cycleStart[0] = start;
        for (int k = 1; k < n; k++) {
          pl.cycleStart[k] = pl.cycleStart[k - 1] + spec.cycleDays + (rng.nextInt(8) == 0 ? 7 : 0);
        }
        int lastCycle = pl.cycleStart[n - 1];
        boolean hasCont = spec.comps.stream().anyMatch(c -> c.drug().continuous);
        switch (spec.end) {
          case PROGRESSION, NO_RESPONSE -> {
            pl.progDay = lastCycle + Math.max(3, spec.cycleDays - 4);
            pl.contEnd = pl.progDay + 2;
            pc.obs.add(new Obs(pl.progDay, WORSENED));
            // the next line always starts after the progression that ended this one
            pl.lineEnd = hasCont ? pl.contEnd : Math.max(lastCycle, pl.progDay);
          }
          case TOXICITY -> {
            pl.contEnd = lastCycle + spec.cycleDays / 2;
            pc.obs.add(new Obs(lastCycle + 10, STABLE));
            pl.lineEnd = hasCont ? pl.contEnd : lastCycle;
          }
          case COMPLETED -> {
            pl.contEnd = lastCycle + spec.cycleDays - 1;
            pc.obs.add(new Obs(lastCycle + spec.cycleDays + 21, IMPROVED));
            pl.lineEnd = hasCont ? pl.contEnd : lastCycle;
          }
          default -> {
            pl.contEnd = -1;
            pc.obs.add(new Obs(lastCycle + 5, spec.end == End.ONGOING_RESPONSE ? IMPROVED : STABLE));
            pl.lineEnd = lastCycle;
          }
        }
        if (n >= 4) {
          boolean good = spec.end == End.COMPLETED || spec.end == End.ONGOING_RESPONSE;
          pc.obs.add(new Obs(pl.cycleStart[2] + 10, good ? IMPROVED : STABLE));
        }
        pc.lines.add(pl);
        prev = pl;
      }
      for (PlannedLine pl : pc.lines) {
        lastDay = Math.max(lastDay, Math.max(pl.lineEnd, pl.cycleStart[pl.cycleStart.length - 1]));
      }
      for (Obs o : pc.obs) {
        lastDay = Math.max(lastDay, o.day());
      }
      pc.obs.sort(Comparator.comparingInt(Obs::day));
      pc.lastDay = lastDay;
      return pc;
    }

    // ---------------------------------------------------------------- emission

    private LocalDate date(int day) {
      return base.plusDays(day);
    }

    private String nextId(String kind) {
      int n = counters.merge(kind, 1, Integer::sum);
      return String.format("%s-%s-%03d", pid, kind, n);
    }

    private Reference patientRef() {
      return new Reference("Patient/" + pid);
    }

    private void tag(Resource r) {
      r.getMeta().addTag(TAG_SYSTEM, TAG_CODE, "OncoRefract demo cohort (synthetic)");
    }

    private Patient patient(boolean female, int age, List<PlannedCancer> planned) {
      Patient p = new Patient();
      p.setId(pid);
      p.getMeta().addProfile(MCODE + "mcode-cancer-patient");
      p.addIdentifier().setSystem(MRN_SYSTEM).setValue(pid.toUpperCase());
      String given = female ? FEMALE[rng.nextInt(FEMALE.length)] : MALE[rng.nextInt(MALE.length)];
      String family = FAMILY[rng.nextInt(FAMILY.length)];
      p.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(family).addGiven(given)
          .setText(given + " " + family + " (synthetic)");
      p.setGender(female ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
      LocalDate birth = ANCHOR.minusYears(age).minusDays(rng.nextInt(0, 365));
      if (scenarioOf(index) == 7) {
        p.setBirthDateElement(new DateType(String.valueOf(birth.getYear()))); // year-only birthDate, as in real data
      } else {
        p.setBirthDateElement(new DateType(birth.toString()));
      }
      return p;
    }

    private Condition condition(PlannedCancer pc) {
      Cancer c = pc.plan.cancer;
      Condition cond = new Condition();
      cond.setId(pc.conditionId);
      cond.getMeta().addProfile(MCODE + "mcode-primary-cancer-condition");
      String clinical = pc.plan.remission ? "remission" : "active";
      cond.setClinicalStatus(new CodeableConcept(new Coding(
          "http://terminology.hl7.org/CodeSystem/condition-clinical", clinical, null)));
      cond.setVerificationStatus(new CodeableConcept(new Coding(
          "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed")));
      cond.addCategory(new CodeableConcept(new Coding(
          "http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")));
      CodeStyle style = pc.plan.codeStyle;
      if (style == CodeStyle.RANDOM) {
        style = c.snomed == null ? CodeStyle.ICD_ONLY : CodeStyle.values()[rng.nextInt(3)];
      }
      if (c.snomed == null) {
        style = CodeStyle.ICD_ONLY;
      }
      CodeableConcept code = new CodeableConcept();
      if (style != CodeStyle.ICD_ONLY) {
        code.addCoding(new Coding(SNOMED, c.snomed, c.snomedDisplay));
      }
      if (style != CodeStyle.SNOMED_ONLY) {
        code.addCoding(new Coding(ICD10CM, c.icd10cm, c.icdDisplay));
      }
      code.setText(c.text);
      cond.setCode(code);
      cond.setSubject(patientRef());
      cond.setOnset(new DateTimeType(date(pc.diagDay).toString()));
      cond.setRecordedDateElement(new DateTimeType(date(pc.diagDay + 2).toString()));
      return cond;
    }

    private DemoCancer truth(PlannedCancer pc) {
      CancerPlan plan = pc.plan;
      StringBuilder sb = new StringBuilder(plan.note);
      int n = 0;
      for (PlannedLine pl : pc.lines) {
        n++;
        sb.append(n == 1 ? " Lines: " : "; ")
            .append(pl.spec.curative ? "curative " : "advanced ")
            .append(pl.spec.label).append(" from ").append(date(pl.cycleStart[0]))
            .append(", ").append(pl.cycleStart.length).append(" cycles of ").append(pl.spec.cycleDays)
            .append(" days, ").append(pl.spec.end.name().toLowerCase().replace('_', ' '));
      }
      if (n > 0) {
        sb.append('.');
      }
      return new DemoCancer(pc.conditionId, plan.cancer.name(), plan.advancedLines(), plan.curativeLines(),
          plan.progressionOnLatest(), sb.toString().trim());
    }

    private void emitCancer(PlannedCancer pc) {
      for (Variant v : pc.plan.variants) {
        resources.add(variant(pc, v));
      }
      int firstStart = pc.lines.isEmpty() ? -1 : pc.lines.get(0).cycleStart[0];
      for (int li = 0; li < pc.lines.size(); li++) {
        emitLine(pc, li);
      }
      if (pc.plan.enteredInError && !pc.lines.isEmpty()) {
        PlannedLine l1 = pc.lines.get(0);
        int d = l1.cycleStart[Math.min(4, l1.cycleStart.length - 1)] + 3;
        MedicationStatement ms = new MedicationStatement();
        ms.setId(nextId("ms"));
        ms.setStatus(MedicationStatement.MedicationStatementStatus.ENTEREDINERROR);
        ms.setMedication(concept(DemoDrug.GEMCITABINE, Shape.RXNORM));
        ms.setSubject(patientRef());
        ms.setEffective(new Period().setStartElement(dt(d)).setEndElement(dt(d + 21)));
        ms.addReasonReference(new Reference("Condition/" + pc.conditionId));
        ms.addNote().setText("Recorded on the wrong patient chart; entered in error.");
        resources.add(ms);
      }
      if (pc.plan.bone && firstStart >= 0) {
        int d = firstStart + 37;
        for (int k = 0; k < 12 && d <= pc.lastDay; k++, d += 28) {
          MedicationAdministration ma = new MedicationAdministration();
          ma.setId(nextId("ma"));
          ma.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
          setMedication(ma, DemoDrug.ZOLEDRONIC_ACID, shape(k, 7));
          ma.setSubject(patientRef());
          ma.setEffective(dtTime(d));
          dose(ma, DemoDrug.ZOLEDRONIC_ACID, "IV over 15 minutes (bone metastases / myeloma bone disease)");
          resources.add(ma);
        }
      }
      for (int k = 0; k < pc.obs.size(); k++) {
        resources.add(diseaseStatus(pc, pc.obs.get(k)));
      }
    }

    private Shape shape(int lineIdx, int compIdx) {
      return Shape.values()[(shapeOffset + lineIdx + compIdx) % Shape.values().length];
    }

    private void emitLine(PlannedCancer pc, int li) {
      PlannedLine pl = pc.lines.get(li);
      Line spec = pl.spec;
      Style style = spec.style != null ? spec.style : Style.values()[(styleOffset + li + index) % 3];
      if (style == Style.ADMIN && (spec.end == End.TOXICITY || spec.end == End.NO_RESPONSE)) {
        style = Style.REQUEST; // a stop reason needs a Statement or Request to carry it
      }
      int n = pl.cycleStart.length;
      boolean myeloma = pc.plan.cancer == Cancer.MULTIPLE_MYELOMA;
      for (int ci = 0; ci < spec.comps.size(); ci++) {
        Comp comp = spec.comps.get(ci);
        Shape shape = shape(li, ci);
        int from = comp.from();
        int to = comp.end(n);
        if (from >= to) {
          continue;
        }
        boolean runsToEnd = to == n;
        if (style == Style.STATEMENT || (style == Style.ADMIN && comp.drug().continuous)) {
          resources.add(statement(pc, pl, comp.drug(), shape, from, to, runsToEnd));
        } else {
          for (int k = from; k < to; k++) {
            boolean lastOne = runsToEnd && k == n - 1;
            if (style == Style.ADMIN) {
              resources.add(administration(pc, pl, comp.drug(), shape, k));
            } else {
              resources.add(request(pc, pl, comp.drug(), shape, k, lastOne));
            }
          }
        }
      }
      // supportive drugs given with IV chemotherapy cycles (never antineoplastic)
      if (!myeloma) {
        emitSupportive(pc, pl, li, style, DemoDrug.ONDANSETRON,
            d -> !d.continuous && !d.supportive && d != DemoDrug.PEMBROLIZUMAB && d != DemoDrug.BEVACIZUMAB);
        emitSupportive(pc, pl, li, style, DemoDrug.DEXAMETHASONE_PREMED,
            d -> d == DemoDrug.PACLITAXEL || d == DemoDrug.DOCETAXEL);
      }
    }

    private void emitSupportive(PlannedCancer pc, PlannedLine pl, int li, Style style, DemoDrug drug,
        java.util.function.Predicate<DemoDrug> trigger) {
      int n = pl.cycleStart.length;
      List<Integer> cycles = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        final int kk = k;
        boolean given = pl.spec.comps.stream()
            .anyMatch(c -> trigger.test(c.drug()) && kk >= c.from() && kk < c.end(n));
        if (given) {
          cycles.add(k);
        }
      }
      if (cycles.isEmpty()) {
        return;
      }
      Shape shape = shape(li, drug.ordinal());
      if (style == Style.STATEMENT) {
        MedicationStatement ms = new MedicationStatement();
        ms.setId(nextId("ms"));
        boolean open = pl.spec.end.ongoing() && cycles.get(cycles.size() - 1) == n - 1;
        ms.setStatus(open ? MedicationStatement.MedicationStatementStatus.ACTIVE
            : MedicationStatement.MedicationStatementStatus.COMPLETED);
        setMedication(ms, drug, shape);
        ms.setSubject(patientRef());
        Period p = new Period().setStartElement(dt(pl.cycleStart[cycles.get(0)]));
        if (!open) {
          p.setEndElement(dt(pl.cycleStart[cycles.get(cycles.size() - 1)] + 2));
        }
        ms.setEffective(p);
        ms.addDosage().setText(drug == DemoDrug.ONDANSETRON ? "8 mg before chemotherapy, then as needed"
            : "Premedication before taxane infusion");
        resources.add(ms);
        return;
      }
      for (int k : cycles) {
        if (style == Style.ADMIN) {
          MedicationAdministration ma = new MedicationAdministration();
          ma.setId(nextId("ma"));
          ma.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
          setMedication(ma, drug, shape);
          ma.setSubject(patientRef());
          ma.setEffective(dtTime(pl.cycleStart[k]));
          dose(ma, drug, drug == DemoDrug.ONDANSETRON ? "IV before chemotherapy" : "IV premedication");
          resources.add(ma);
        } else {
          MedicationRequest mr = new MedicationRequest();
          mr.setId(nextId("mr"));
          boolean active = pl.spec.end.ongoing() && k == n - 1;
          mr.setStatus(active ? MedicationRequest.MedicationRequestStatus.ACTIVE
              : MedicationRequest.MedicationRequestStatus.COMPLETED);
          mr.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
          setMedication(mr, drug, shape);
          mr.setSubject(patientRef());
          mr.setAuthoredOnElement(dt(pl.cycleStart[k]));
          mr.addDosageInstruction().setText(drug == DemoDrug.ONDANSETRON ? "8 mg before chemotherapy"
              : "Premedication before taxane infusion");
          resources.add(mr);
        }
      }
    }

    private Extension intent(PlannedLine pl, DemoDrug drug) {
      if (drug.supportive) {
        return null;
      }
      if (pl.spec.curative) {
        return new Extension(INTENT_URL, new CodeableConcept(
            new Coding(SNOMED, "373808002", "Curative - procedure intent")));
      }
      if (pl.palliativeIntent) {
        return new Extension(INTENT_URL, new CodeableConcept(
            new Coding(SNOMED, "363676003", "Palliative - procedure intent")));
      }
      return null;
    }

    private CodeableConcept stopReason(PlannedLine pl) {
      return switch (pl.spec.end) {
        case NO_RESPONSE -> new CodeableConcept(new Coding(SNOMED, NO_RESPONSE, "No response to treatment"));
        case TOXICITY -> new CodeableConcept(new Coding(SNOMED, NOT_TOLERATED, "Treatment not tolerated"));
        default -> null;
      };
    }

    private String doseText(DemoDrug drug, Line spec) {
      return drug.continuous
          ? "Oral, daily, " + spec.cycleDays + "-day cycles"
          : "IV on day 1 of a " + spec.cycleDays + "-day cycle";
    }

    private MedicationStatement statement(PlannedCancer pc, PlannedLine pl, DemoDrug drug, Shape shape, int from,
        int to, boolean runsToEnd) {
      MedicationStatement ms = new MedicationStatement();
      ms.setId(nextId("ms"));
      Extension ext = intent(pl, drug);
      if (ext != null) {
        ms.addExtension(ext);
      }
      boolean open = runsToEnd && pl.spec.end.ongoing();
      CodeableConcept reason = runsToEnd ? stopReason(pl) : null;
      if (open) {
        ms.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
      } else if (reason != null) {
        ms.setStatus(MedicationStatement.MedicationStatementStatus.STOPPED);
        ms.addStatusReason(reason);
      } else {
        ms.setStatus(MedicationStatement.MedicationStatementStatus.COMPLETED);
      }
      setMedication(ms, drug, shape);
      ms.setSubject(patientRef());
      int startDay = pl.cycleStart[from];
      Period p = new Period();
      if (pl.spec.partialStart && from == 0) {
        p.setStartElement(new DateTimeType(date(startDay).toString().substring(0, 7))); // "YYYY-MM"
      } else {
        p.setStartElement(dt(startDay));
      }
      if (!open) {
        int end;
        if (drug.continuous) {
          end = runsToEnd ? pl.contEnd : pl.cycleStart[to - 1] + pl.spec.cycleDays - 1;
        } else {
          end = pl.cycleStart[to - 1];
        }
        p.setEndElement(dt(end));
      }
      ms.setEffective(p);
      ms.setDateAssertedElement(dt(open ? pl.cycleStart[pl.cycleStart.length - 1] : pl.lineEnd + 1));
      ms.addReasonReference(new Reference("Condition/" + pc.conditionId));
      ms.addDosage().setText(doseText(drug, pl.spec));
      return ms;
    }

    private MedicationAdministration administration(PlannedCancer pc, PlannedLine pl, DemoDrug drug, Shape shape,
        int k) {
      MedicationAdministration ma = new MedicationAdministration();
      ma.setId(nextId("ma"));
      Extension ext = intent(pl, drug);
      if (ext != null) {
        ma.addExtension(ext);
      }
      ma.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
      setMedication(ma, drug, shape);
      ma.setSubject(patientRef());
      ma.setEffective(dtTime(pl.cycleStart[k]));
      ma.addReasonReference(new Reference("Condition/" + pc.conditionId));
      dose(ma, drug, "Cycle " + (k + 1) + ", day 1");
      return ma;
    }

    private MedicationRequest request(PlannedCancer pc, PlannedLine pl, DemoDrug drug, Shape shape, int k,
        boolean lastOne) {
      MedicationRequest mr = new MedicationRequest();
      mr.setId(nextId("mr"));
      Extension ext = intent(pl, drug);
      if (ext != null) {
        mr.addExtension(ext);
      }
      boolean open = lastOne && pl.spec.end.ongoing();
      CodeableConcept reason = lastOne ? stopReason(pl) : null;
      if (open) {
        mr.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
      } else if (reason != null) {
        mr.setStatus(MedicationRequest.MedicationRequestStatus.STOPPED);
        mr.setStatusReason(reason);
      } else {
        mr.setStatus(MedicationRequest.MedicationRequestStatus.COMPLETED);
      }
      mr.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
      setMedication(mr, drug, shape);
      mr.setSubject(patientRef());
      int start = pl.cycleStart[k];
      mr.setAuthoredOnElement(dt(start));
      mr.addReasonReference(new Reference("Condition/" + pc.conditionId));
      Dosage dosage = mr.addDosageInstruction();
      dosage.setText("Cycle " + (k + 1) + ": " + doseText(drug, pl.spec));
      Period bounds = new Period().setStartElement(dt(start));
      if (!open) {
        int end;
        if (drug.continuous) {
          end = lastOne && pl.contEnd >= 0 ? Math.min(pl.contEnd, start + pl.spec.cycleDays - 1)
              : start + pl.spec.cycleDays - 1;
          if (lastOne && pl.contEnd >= 0) {
            end = Math.max(end, start);
          }
        } else {
          end = start;
        }
        bounds.setEndElement(dt(end));
      }
      dosage.setTiming(new Timing().setRepeat(new Timing.TimingRepeatComponent().setBounds(bounds)));
      return mr;
    }

    private void dose(MedicationAdministration ma, DemoDrug drug, String text) {
      ma.getDosage().setText(text).setDose(new org.hl7.fhir.r4.model.Quantity()
          .setValue(drug.doseMg).setUnit("mg").setSystem("http://unitsofmeasure.org").setCode("mg"));
    }

    private DateTimeType dt(int day) {
      return new DateTimeType(date(day).toString());
    }

    private DateTimeType dtTime(int day) {
      return new DateTimeType(date(day) + "T09:30:00Z");
    }

    // ---------------------------------------------------------------- medication shapes

    private CodeableConcept concept(DemoDrug drug, Shape shape) {
      CodeableConcept cc = new CodeableConcept();
      switch (shape) {
        case RXNORM -> {
          if (drug.rxnorm != null) {
            cc.addCoding(new Coding(DemoDrug.RXNORM, drug.rxnorm, drug.ingredient));
          } else {
            cc.addCoding(new Coding(DemoDrug.ATC, drug.atc, drug.ingredient));
          }
          cc.setText(drug.display);
        }
        case ATC -> cc.addCoding(new Coding(DemoDrug.ATC, drug.atc, drug.ingredient));
        default -> cc.setText(drug.display);
      }
      return cc;
    }

    private void setMedication(DomainResource target, DemoDrug drug, Shape shape) {
      org.hl7.fhir.r4.model.Type value;
      switch (shape) {
        case CONTAINED -> {
          Medication med = medication(drug);
          med.setId("med1");
          target.addContained(med);
          value = new Reference("#med1");
        }
        case SEPARATE -> {
          String id = pid + "-med-" + drug.slug() + (drug.supportive ? "-s" : "");
          if (!separateMeds.containsKey(id)) {
            Medication med = medication(drug);
            med.setId(id);
            separateMeds.put(id, med);
            resources.add(med);
          }
          value = new Reference("Medication/" + id);
        }
        case TEXT -> value = new CodeableConcept().setText(drug.display);
        default -> value = concept(drug, shape);
      }
      if (target instanceof MedicationStatement ms) {
        ms.setMedication(value);
      } else if (target instanceof MedicationRequest mr) {
        mr.setMedication(value);
      } else if (target instanceof MedicationAdministration ma) {
        ma.setMedication(value);
      } else {
        throw new IllegalStateException("not a medication resource: " + target.fhirType());
      }
    }

    private Medication medication(DemoDrug drug) {
      Medication med = new Medication();
      CodeableConcept cc = new CodeableConcept();
      if (drug.rxnorm != null) {
        cc.addCoding(new Coding(DemoDrug.RXNORM, drug.rxnorm, drug.ingredient));
      }
      cc.addCoding(new Coding(DemoDrug.ATC, drug.atc, drug.ingredient));
      cc.setText(drug.display);
      med.setCode(cc);
      return med;
    }

    // ---------------------------------------------------------------- observations

    private Observation diseaseStatus(PlannedCancer pc, Obs o) {
      Observation obs = new Observation();
      obs.setId(nextId("ds"));
      obs.getMeta().addProfile(MCODE + "mcode-cancer-disease-status");
      obs.setStatus(Observation.ObservationStatus.FINAL);
      obs.setCode(new CodeableConcept(new Coding(LOINC, "97509-4", "Cancer disease status")));
      obs.setSubject(patientRef());
      obs.addFocus(new Reference("Condition/" + pc.conditionId));
      obs.setEffective(dt(o.day()));
      String display = switch (o.value()) {
        case WORSENED -> "Patient's condition worsened";
        case IMPROVED -> "Patient's condition improved";
        default -> "Patient's condition stable";
      };
      obs.setValue(new CodeableConcept(new Coding(SNOMED, o.value(), display)));
      return obs;
    }

    private Observation variant(PlannedCancer pc, Variant v) {
      Observation obs = new Observation();
      obs.setId(nextId("gv"));
      obs.setStatus(Observation.ObservationStatus.FINAL);
      obs.addCategory(new CodeableConcept(new Coding(
          "http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory")));
      obs.setSubject(patientRef());
      obs.addFocus(new Reference("Condition/" + pc.conditionId));
      obs.setEffective(dt(pc.variantDay));
      CodeableConcept code = new CodeableConcept(new Coding(LOINC, "69548-6", "Genetic variant assessment"));
      obs.setCode(code);
      switch (v) {
        case EGFR_EX19DEL_GR -> gr(obs, "HGNC:3236", "EGFR", "NM_005228.5:c.2235_2249del",
            "NP_005219.2:p.Glu746_Ala750del", false);
        case EGFR_T790M_GR -> gr(obs, "HGNC:3236", "EGFR", "NM_005228.5:c.2369C>T", "NP_005219.2:p.Thr790Met",
            false);
        case KRAS_G12C_GR -> gr(obs, "HGNC:6407", "KRAS", "NM_004985.5:c.34G>T", "NP_004976.2:p.Gly12Cys", false);
        case BRCA1_GR -> gr(obs, "HGNC:1100", "BRCA1", "NM_007294.4:c.68_69del", "NP_009225.1:p.Glu23ValfsTer17",
            true);
        case BRCA2_GR -> gr(obs, "HGNC:1101", "BRCA2", "NM_000059.4:c.5946del", "NP_000050.3:p.Ser1982ArgfsTer22",
            true);
        case ALK_FUSION_GR -> {
          gr(obs, "HGNC:427", "ALK", null, null, false);
          obs.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "48019-4", "DNA change type")))
              .setValue(new CodeableConcept().setText("Gene fusion"));
          obs.addNote().setText("EML4::ALK fusion detected by RNA-based NGS panel.");
        }
        case EGFR_L858R_STRING -> obs.setValue(new StringType("EGFR p.Leu858Arg"));
        case BRAF_V600E_STRING -> obs.setValue(new StringType("BRAF p.Val600Glu mutation detected"));
        case BRCA2_STRING -> obs.setValue(new StringType("BRCA2 c.5946delT (p.Ser1982Argfs*22), pathogenic"));
        case KRAS_G12C_TEXT -> {
          obs.setCode(new CodeableConcept().setText("KRAS mutation analysis"));
          obs.setValue(new CodeableConcept().setText("KRAS G12C detected"));
        }
        default -> throw new IllegalStateException("unknown variant " + v);
      }
      if (obs.getCode().hasCoding() && obs.getValue() instanceof CodeableConcept cc && cc.hasCoding()) {
        obs.getMeta().addProfile("http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/variant");
      }
      return obs;
    }

    /** Genomics Reporting "variant" shape: value Present and components found by LOINC code. */
    private void gr(Observation obs, String hgncId, String symbol, String cHgvs, String pHgvs, boolean germline) {
      obs.setValue(new CodeableConcept(new Coding(LOINC, "LA9633-4", "Present")));
      obs.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "48018-6", "Gene studied [ID]")))
          .setValue(new CodeableConcept(new Coding(HGNC, hgncId, symbol)));
      if (cHgvs != null) {
        obs.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "48004-6", "DNA change (c.HGVS)")))
            .setValue(new CodeableConcept(new Coding(HGVS, cHgvs, cHgvs)));
      }
      if (pHgvs != null) {
        obs.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "48005-3", "Amino acid change (pHGVS)")))
            .setValue(new CodeableConcept(new Coding(HGVS, pHgvs, pHgvs)));
      }
      obs.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "48002-0", "Genomic source class [Type]")))
          .setValue(new CodeableConcept(germline ? new Coding(LOINC, "LA6683-2", "Germline")
              : new Coding(LOINC, "LA6684-0", "Somatic")));
    }
  }
}
