package io.github.oncorefract.adapter.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoCohortGeneratorTest {

  private static final FhirContext CTX = FhirContext.forR4Cached();
  private static List<DemoPatient> cohort;

  @BeforeAll
  static void generate() {
    cohort = new DemoCohortGenerator(CTX).generateWithTruth(50, DemoCohortGenerator.DEFAULT_SEED);
  }

  private static List<Resource> resources(Bundle b) {
    return b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
  }

  private static List<Resource> all() {
    return cohort.stream().flatMap(p -> resources(p.bundle()).stream()).toList();
  }

  private static String json(List<Bundle> bundles) {
    IParser p = CTX.newJsonParser().setPrettyPrint(true);
    return bundles.stream().map(p::encodeResourceToString).collect(Collectors.joining("\n"));
  }

  @Test
  void sameSeedGivesIdenticalJsonAndOtherSeedDiffers() {
    String a = json(new DemoCohortGenerator(CTX).generate(50, 42L));
    String b = json(new DemoCohortGenerator(FhirContext.forR4Cached()).generate(50, 42L));
    String c = json(new DemoCohortGenerator(CTX).generate(50, 43L));
    assertThat(a).isEqualTo(b);
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void smallerCohortIsAPrefix() {
    String small = json(new DemoCohortGenerator(CTX).generate(7, DemoCohortGenerator.DEFAULT_SEED));
    String big = json(cohort.subList(0, 7).stream().map(DemoPatient::bundle).toList());
    assertThat(small).isEqualTo(big);
  }

  @Test
  void generateReturnsTheBundlesOfGenerateWithTruth() {
    List<Bundle> bundles = new DemoCohortGenerator(CTX).generate(50, DemoCohortGenerator.DEFAULT_SEED);
    assertThat(json(bundles)).isEqualTo(json(cohort.stream().map(DemoPatient::bundle).toList()));
  }

  @Test
  void sizeIsHonoured() {
    DemoCohortGenerator g = new DemoCohortGenerator(CTX);
    assertThat(g.generate(1, 5L)).hasSize(1);
    assertThat(g.generate(13, 5L)).hasSize(13);
    assertThat(cohort).hasSize(50);
    assertThat(cohort).extracting(DemoPatient::patientId).doesNotHaveDuplicates()
        .startsWith("demo-0001", "demo-0002").endsWith("demo-0050");
    assertThatThrownBy(() -> g.generate(0, 1L)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyEntryIsAPutWithADeterministicIdAndEveryPatientIsTagged() {
    Set<String> ids = new HashSet<>();
    for (DemoPatient p : cohort) {
      Bundle b = p.bundle();
      assertThat(b.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
      for (Bundle.BundleEntryComponent e : b.getEntry()) {
        Resource r = e.getResource();
        String typeId = r.fhirType() + "/" + r.getIdElement().getIdPart();
        assertThat(e.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
        assertThat(e.getRequest().getUrl()).isEqualTo(typeId);
        assertThat(e.getFullUrl()).startsWith("urn:uuid:").hasSize(45);
        assertThat(r.getIdElement().getIdPart()).startsWith(p.patientId()).matches("[A-Za-z0-9\\-.]{1,64}");
        assertThat(ids.add(typeId)).as("unique %s", typeId).isTrue();
      }
      Patient patient = (Patient) b.getEntryFirstRep().getResource();
      assertThat(patient.getIdElement().getIdPart()).isEqualTo(p.patientId());
      assertThat(patient.getMeta().getTag(DemoCohortGenerator.TAG_SYSTEM, DemoCohortGenerator.TAG_CODE)).isNotNull();
      assertThat(patient.getNameFirstRep().getText()).endsWith("(synthetic)");
    }
  }

  @Test
  void everyBundleParsesAndEveryReferenceResolvesInsideItsBundle() {
    IParser parser = CTX.newJsonParser();
    FhirTerser terser = CTX.newTerser();
    int refs = 0;
    for (DemoPatient p : cohort) {
      Bundle parsed = parser.parseResource(Bundle.class, parser.encodeResourceToString(p.bundle()));
      assertThat(parsed.getEntry()).hasSameSizeAs(p.bundle().getEntry());
      Set<String> present = resources(parsed).stream()
          .map(r -> r.fhirType() + "/" + r.getIdElement().getIdPart()).collect(Collectors.toSet());
      for (Resource r : resources(parsed)) {
        Set<String> contained = ((DomainResource) r).getContained().stream()
            .map(c -> "#" + c.getIdElement().getIdPart()).collect(Collectors.toSet());
        for (Reference ref : terser.getAllPopulatedChildElementsOfType(r, Reference.class)) {
          String v = ref.getReferenceElement().getValue();
          if (v == null) {
            continue;
          }
          refs++;
          if (v.startsWith("#")) {
            assertThat(contained).as("contained %s in %s", v, r.getIdElement().getIdPart()).contains(v);
          } else {
            assertThat(present).as("%s from %s", v, r.getIdElement().getIdPart()).contains(v);
          }
        }
      }
    }
    assertThat(refs).isGreaterThan(1000);
  }

  @Test
  void sampleOfBundlesValidatesStructurally() {
    ValidationSupportChain chain = new ValidationSupportChain(
        new DefaultProfileValidationSupport(CTX),
        new CommonCodeSystemsTerminologyService(CTX),
        new InMemoryTerminologyServerValidationSupport(CTX),
        new SnapshotGeneratingValidationSupport(CTX));
    FhirInstanceValidator module = new FhirInstanceValidator(chain);
    module.setAnyExtensionsAllowed(true);
    module.setErrorForUnknownProfiles(false);
    FhirValidator validator = CTX.newValidator().registerValidatorModule(module);
    List<String> errors = new ArrayList<>();
    // the first five patients cover every cancer, each medication shape and resource type (the validator is slow)
    for (DemoPatient p : cohort.subList(0, 5)) {
      ValidationResult result = validator.validateWithResult(p.bundle());
      for (SingleValidationMessage m : result.getMessages()) {
        if (m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
          errors.add(p.patientId() + " " + m.getLocationString() + ": " + m.getMessage());
        }
      }
    }
    assertThat(errors).isEmpty();
  }

  @Test
  void allFiveCancersArePresentInRoughlyEqualShares() {
    Map<String, Long> byCancer = cohort.stream().flatMap(p -> p.cancers().stream())
        .collect(Collectors.groupingBy(DemoCancer::cancer, Collectors.counting()));
    assertThat(byCancer.keySet())
        .containsExactlyInAnyOrder("NSCLC", "COLORECTAL", "BREAST", "OVARIAN", "MULTIPLE_MYELOMA");
    // primary cancer of patient i is i % 5: 10 each, plus second cancers
    for (String c : byCancer.keySet()) {
      assertThat(byCancer.get(c)).isBetween(10L, 14L);
    }
    assertThat(cohort.stream().filter(p -> p.cancers().size() == 2).count()).isGreaterThanOrEqualTo(5);
    assertThat(new DemoCohortGenerator(CTX).generateWithTruth(5, 9L).stream()
        .flatMap(p -> p.cancers().stream()).map(DemoCancer::cancer).distinct().count()).isEqualTo(5);
  }

  @Test
  void mixOfOutcomes() {
    List<DemoCancer> cancers = cohort.stream().flatMap(p -> p.cancers().stream()).toList();
    assertThat(cancers).anyMatch(c -> c.expectedAdvancedLines() == 0 && c.expectedCurativeLines() == 0);
    assertThat(cancers).anyMatch(c -> c.expectedAdvancedLines() == 1 && c.expectedProgressionOnLatest());
    assertThat(cancers.stream().filter(c -> c.expectedAdvancedLines() >= 2 && c.expectedProgressionOnLatest())
        .count()).isGreaterThanOrEqualTo(15);
    assertThat(cancers).anyMatch(c -> c.expectedAdvancedLines() >= 1 && !c.expectedProgressionOnLatest());
    assertThat(cancers).anyMatch(c -> c.expectedAdvancedLines() == 4);
    assertThat(cancers).anyMatch(c -> c.expectedCurativeLines() >= 1 && c.expectedAdvancedLines() >= 2);
    assertThat(cancers).allMatch(c -> !c.note().isBlank());
  }

  @Test
  void eachAwkwardShapeIsPresent() {
    List<Resource> all = all();
    List<Type> meds = new ArrayList<>();
    for (Resource r : all) {
      if (r instanceof MedicationStatement ms) {
        meds.add(ms.getMedication());
      } else if (r instanceof MedicationRequest mr) {
        meds.add(mr.getMedication());
      } else if (r instanceof MedicationAdministration ma) {
        meds.add(ma.getMedication());
      }
    }
    // medication shapes
    assertThat(meds).anyMatch(m -> m instanceof Reference r && r.getReference().equals("#med1"));
    assertThat(meds).anyMatch(m -> m instanceof Reference r && r.getReference().startsWith("Medication/"));
    assertThat(all).anyMatch(r -> r instanceof Medication);
    assertThat(meds).anyMatch(m -> m instanceof CodeableConcept cc
        && cc.getCodingFirstRep().getSystem() != null && cc.getCodingFirstRep().getSystem().equals(DemoDrug.RXNORM));
    assertThat(meds).anyMatch(m -> m instanceof CodeableConcept cc && cc.getCoding().size() == 1
        && cc.getCodingFirstRep().getSystem().equals(DemoDrug.ATC) && !cc.hasText());
    assertThat(meds).anyMatch(m -> m instanceof CodeableConcept cc && !cc.hasCoding() && cc.hasText());
    // all three medication resource types
    assertThat(all).anyMatch(r -> r instanceof MedicationStatement);
    assertThat(all).anyMatch(r -> r instanceof MedicationRequest);
    assertThat(all).anyMatch(r -> r instanceof MedicationAdministration);
    // partial date, open period, entered-in-error antineoplastic statement
    List<MedicationStatement> statements = all.stream().filter(r -> r instanceof MedicationStatement)
        .map(r -> (MedicationStatement) r).toList();
    assertThat(statements).anyMatch(ms -> ms.getEffectivePeriod().getStartElement().getValueAsString()
        .matches("\\d{4}-\\d{2}"));
    assertThat(statements).anyMatch(ms -> ms.getEffectivePeriod().hasStart() && !ms.getEffectivePeriod().hasEnd());
    assertThat(statements).anyMatch(ms -> ms.getStatus() == MedicationStatement.MedicationStatementStatus.ENTEREDINERROR
        && ms.getMedicationCodeableConcept().getText().equals("Gemcitabine"));
    // stops with both termination reasons
    List<String> reasons = new ArrayList<>();
    statements.forEach(ms -> ms.getStatusReason().forEach(cc -> reasons.add(cc.getCodingFirstRep().getCode())));
    all.stream().filter(r -> r instanceof MedicationRequest).map(r -> (MedicationRequest) r)
        .filter(MedicationRequest::hasStatusReason)
        .forEach(mr -> reasons.add(mr.getStatusReason().getCodingFirstRep().getCode()));
    assertThat(reasons).contains(DemoCohortGenerator.NO_RESPONSE, DemoCohortGenerator.NOT_TOLERATED);
    // conditions: ICD-10-CM only and SNOMED only
    List<Condition> conditions = all.stream().filter(r -> r instanceof Condition).map(r -> (Condition) r).toList();
    assertThat(conditions).anyMatch(c -> c.getCode().getCoding().size() == 1
        && c.getCode().getCodingFirstRep().getSystem().equals(DemoCohortGenerator.ICD10CM));
    assertThat(conditions).anyMatch(c -> c.getCode().getCoding().size() == 1
        && c.getCode().getCodingFirstRep().getSystem().equals(DemoCohortGenerator.SNOMED));
    assertThat(conditions).anyMatch(c -> c.getCode().getCoding().size() == 2);
    // supportive drugs
    String everything = json(cohort.stream().map(DemoPatient::bundle).toList());
    assertThat(everything).contains("\"Ondansetron\"", "\"Dexamethasone (premedication)\"", "\"Zoledronic acid\"",
        "\"Leucovorin (folinic acid)\"");
    // intent extension, both values
    assertThat(everything).contains(DemoCohortGenerator.INTENT_URL, "\"373808002\"", "\"363676003\"");
    // disease status values
    assertThat(everything).contains("\"97509-4\"", "\"271299001\"", "\"359746009\"", "\"268910001\"");
    // variants: Genomics Reporting shape, valueString, code.text only
    List<Observation> variants = all.stream().filter(r -> r instanceof Observation)
        .map(r -> (Observation) r).filter(o -> !o.getCode().getCodingFirstRep().hasCode()
            || o.getCode().getCodingFirstRep().getCode().equals("69548-6")).toList();
    assertThat(variants).anyMatch(o -> o.getValue() instanceof CodeableConcept cc
        && "LA9633-4".equals(cc.getCodingFirstRep().getCode())
        && o.getComponent().stream().anyMatch(c -> c.getCode().getCodingFirstRep().getCode().equals("48018-6")
            && c.getValueCodeableConcept().getCodingFirstRep().getCode().equals("HGNC:3236")));
    assertThat(variants).anyMatch(o -> o.getValue() instanceof StringType s && s.getValue().contains("p.Leu858Arg"));
    assertThat(variants).anyMatch(o -> !o.getCode().hasCoding() && o.getCode().hasText());
    assertThat(everything).contains("p.Thr790Met", "p.Gly12Cys", "\"ALK\"", "p.Val600Glu", "\"BRCA1\"",
        "\"BRCA2\"", "\"LA6684-0\"");
    // substitution cisplatin -> carboplatin, year-only birthDate
    assertThat(everything).contains("\"2555\"", "\"40048\"");
    assertThat(all).anyMatch(r -> r instanceof Patient p && p.getBirthDateElement().getValueAsString().length() == 4);
  }

  @Test
  void truthMatchesTheGeneratedExposures() {
    checkTruth(cohort);
    checkTruth(new DemoCohortGenerator(CTX).generateWithTruth(50, 7L));
    checkTruth(new DemoCohortGenerator(CTX).generateWithTruth(50, -123456789L));
  }

  private static void checkTruth(List<DemoPatient> patients) {
    for (DemoPatient p : patients) {
      Set<String> myeloma = p.cancers().stream().filter(c -> c.cancer().equals("MULTIPLE_MYELOMA"))
          .map(DemoCancer::conditionId).collect(Collectors.toSet());
      Map<String, List<DemoLineCounter.Exposure>> byCondition = DemoLineCounter.exposures(p.bundle(), myeloma);
      assertThat(p.cancers()).extracting(DemoCancer::conditionId).containsAll(byCondition.keySet());
      for (DemoCancer c : p.cancers()) {
        DemoLineCounter.Result r = DemoLineCounter.count(byCondition.getOrDefault(c.conditionId(), List.of()),
            c.cancer().equals("NSCLC"));
        String what = p.patientId() + " " + c.note();
        assertThat(r.advanced()).as("advanced lines of %s", what).isEqualTo(c.expectedAdvancedLines());
        assertThat(r.curative()).as("curative lines of %s", what).isEqualTo(c.expectedCurativeLines());
        assertThat(DemoLineCounter.progressionSince(p.bundle(), c.conditionId(), r.latestAdvancedStart()))
            .as("progression on latest of %s", what).isEqualTo(c.expectedProgressionOnLatest());
      }
    }
  }

  @Test
  void noDateIsAfterTheAnchor() {
    String everything = json(cohort.stream().map(DemoPatient::bundle).toList());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(\\d{4}-\\d{2}-\\d{2})").matcher(everything);
    int n = 0;
    while (m.find()) {
      n++;
      assertThat(java.time.LocalDate.parse(m.group(1))).isBeforeOrEqualTo(DemoCohortGenerator.ANCHOR);
    }
    assertThat(n).isGreaterThan(1000);
  }
}
