package io.github.oncorefract.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.CancerCondition;
import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.CodeMatch;
import io.github.oncorefract.domain.DiseaseStatus;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugCatalog;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureSource;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.GenomicVariant;
import io.github.oncorefract.domain.LineEndReason;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.LineSetting;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.ProcedureEvent;
import io.github.oncorefract.domain.ProcedureKind;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.domain.StopReason;
import io.github.oncorefract.domain.Suggestion;
import io.github.oncorefract.domain.SuggestionType;
import io.github.oncorefract.domain.TreatmentIntent;
import io.github.oncorefract.domain.VariantKind;
import io.github.oncorefract.knowledge.TableDrugCatalog;
import io.github.oncorefract.therapy.MapDrugCatalog;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden cases under {@code src/test/resources/fixtures/therapy/<case>/}: {@code input.json} is a PatientRecord-like
 * document (references as {@code "Type/id"} strings, enums by name), {@code expected.json} the lines, status and
 * suggestion types per cancer. Every case has a {@code comment} naming the rule and its source; the index of the
 * cases is {@code fixtures/therapy/README.md}. Drug knowledge is {@link MapDrugCatalog#standard()}, or the
 * product's knowledge tables ({@link TableDrugCatalog#loadDefault()}) when the input says
 * {@code "catalog": "knowledge"}; parameters are {@link AssessmentParameters#defaults()}, except the suggestion
 * switches an input may override ({@code suggestionParameters}). Optional in {@code expected.json}:
 * {@code suggestionDetails} (type, reason codes and candidate agents of every suggestion, in order) and
 * {@code lineSources} (the resources of every line, in order).
 */
class GoldenCaseTest {

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /** {@code stage}: optional stage group at diagnosis ({@code "III"}, {@code "IV"}), dated at the onset. */
  record InCancer(String ref, CancerType type, LocalDate onset, boolean secondary, String stage) {}

  record InExposure(String ref, String ingredient, LocalDate start, LocalDate end, ExposureStatus status,
      StopReason stopReason, TreatmentIntent intent, String reason) {}

  record InEvent(String ref, LocalDate date, DiseaseStatus status, String focus) {}

  record InVariant(String ref, String gene, String alteration, VariantKind kind, boolean present, LocalDate date) {}

  record InProcedure(String ref, ProcedureKind kind, LocalDate start, LocalDate end, TreatmentIntent intent,
      String condition) {}

  /** Overrides of {@link SuggestionParameters#defaults()}; a null field keeps the default. */
  record InSuggestionParameters(Integer genomicLookbackMonths, Boolean trialReferralForAtRisk,
      Boolean strategyReviewForAtRisk, Boolean supportiveCareForAtRisk) {}

  record Input(String comment, LocalDate asOf, LocalDate deathDate, List<InCancer> cancers,
      List<InExposure> exposures, List<InEvent> events, List<InVariant> variants, List<InProcedure> procedures,
      String catalog, InSuggestionParameters suggestionParameters) {}

  record ExpLine(int number, LineSetting setting, int numberInSetting, List<String> regimen, LocalDate start,
      LocalDate end, LineEndReason endReason) {}

  record ExpSuggestion(SuggestionType type, List<String> reasonCodes, List<String> agents) {}

  record ExpCancer(String cancer, String ruleSet, String ruleSetVersion, RefractoryStatus status,
      LocalDate statusDate, List<String> reasonCodes, List<ExpLine> lines, List<SuggestionType> suggestions,
      List<ExpSuggestion> suggestionDetails, List<List<String>> lineSources) {}

  record Expected(String comment, List<ExpCancer> cancers) {}

  static Stream<String> cases() throws IOException, URISyntaxException {
    Path root = Path.of(GoldenCaseTest.class.getResource("/fixtures/therapy").toURI());
    try (Stream<Path> dirs = Files.list(root)) {
      List<String> names = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names).hasSizeGreaterThanOrEqualTo(25);
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void goldenCase(String name) throws Exception {
    Input in = JSON.readValue(GoldenCaseTest.class.getResource("/fixtures/therapy/" + name + "/input.json"),
        Input.class);
    Expected exp = JSON.readValue(GoldenCaseTest.class.getResource("/fixtures/therapy/" + name + "/expected.json"),
        Expected.class);
    assertThat(in.comment()).as("every case names its rule and source").isNotBlank();

    AssessmentParameters params = AssessmentParameters.defaults();
    PatientAssessment pa = new PatientAssessor(params, catalog(in), RuleSetRegistry.defaults(params),
        SuggestionRules.fromClasspath(suggestionParameters(params.suggestions(), in.suggestionParameters())))
        .assess(toRecord(in), in.asOf());

    assertThat(pa.cancers()).extracting(c -> c.cancer().ref().value())
        .containsExactlyElementsOf(exp.cancers().stream().map(ExpCancer::cancer).toList());
    for (int i = 0; i < exp.cancers().size(); i++) {
      ExpCancer e = exp.cancers().get(i);
      CancerAssessment a = pa.cancers().get(i);
      String ctx = name + " " + e.cancer() + ": " + a.narrative();
      assertThat(a.ruleSetId()).as(ctx).isEqualTo(e.ruleSet());
      assertThat(a.ruleSetVersion()).as(ctx).isEqualTo(e.ruleSetVersion());
      assertThat(a.lines()).as(ctx).extracting(GoldenCaseTest::toExpLine).containsExactlyElementsOf(e.lines());
      if (e.lineSources() != null) {
        assertThat(a.lines()).as(ctx)
            .extracting(l -> l.sources().stream().map(ResourceRef::value).toList())
            .containsExactlyElementsOf(e.lineSources());
      }
      assertThat(a.status()).as(ctx).isEqualTo(e.status());
      assertThat(a.statusDate()).as(ctx).isEqualTo(e.statusDate());
      if (e.reasonCodes() != null) {
        assertThat(a.reasons()).as(ctx).extracting(Reason::code).containsExactlyElementsOf(e.reasonCodes());
      }
      assertThat(a.suggestions()).as(ctx).extracting(Suggestion::type)
          .containsExactlyElementsOf(e.suggestions());
      if (e.suggestionDetails() != null) {
        assertThat(a.suggestions()).as(ctx)
            .extracting(s -> new ExpSuggestion(s.type(), s.reasons().stream().map(Reason::code).toList(), s.agents()))
            .containsExactlyElementsOf(e.suggestionDetails());
      }
      assertThat(a.narrative()).as(ctx).isNotBlank().doesNotContain(e.cancer()).doesNotContain("golden");
      org.slf4j.LoggerFactory.getLogger(GoldenCaseTest.class).info("{}: {}", name, a.narrative());
    }
  }

  private static DrugCatalog catalog(Input in) {
    if (in.catalog() == null || in.catalog().equals("test")) {
      return MapDrugCatalog.standard();
    }
    if (in.catalog().equals("knowledge")) {
      return TableDrugCatalog.loadDefault();
    }
    throw new IllegalArgumentException("catalog must be \"test\" or \"knowledge\": " + in.catalog());
  }

  private static SuggestionParameters suggestionParameters(SuggestionParameters s, InSuggestionParameters o) {
    if (o == null) {
      return s;
    }
    return new SuggestionParameters(
        o.genomicLookbackMonths() == null ? s.genomicLookbackMonths() : o.genomicLookbackMonths(),
        o.trialReferralForAtRisk() == null ? s.trialReferralForAtRisk() : o.trialReferralForAtRisk(),
        o.strategyReviewForAtRisk() == null ? s.strategyReviewForAtRisk() : o.strategyReviewForAtRisk(),
        o.supportiveCareForAtRisk() == null ? s.supportiveCareForAtRisk() : o.supportiveCareForAtRisk(),
        s.actionableVariantsResource());
  }

  private static ExpLine toExpLine(LineOfTherapy l) {
    return new ExpLine(l.number(), l.setting(), l.numberInSetting(), List.copyOf(l.regimen()), l.start(), l.end(),
        l.endReason());
  }

  private static PatientRecord toRecord(Input in) {
    List<CancerCondition> cancers = new ArrayList<>();
    for (InCancer c : list(in.cancers())) {
      List<io.github.oncorefract.domain.StageFinding> stages = c.stage() == null ? List.of()
          : List.of(new io.github.oncorefract.domain.StageFinding(c.onset(),
              io.github.oncorefract.domain.StageFinding.Kind.STAGE_GROUP, c.stage(), c.stage().startsWith("IV"),
              ref(c.ref()), ref(c.ref())));
      cancers.add(new CancerCondition(ref(c.ref()), c.type(), null, null, c.type().name(), CodeMatch.ICD10,
          c.onset(), c.secondary(), null, null, true, null, stages));
    }
    List<DrugExposure> exposures = new ArrayList<>();
    for (InExposure e : list(in.exposures())) {
      ResourceRef r = ref(e.ref());
      exposures.add(new DrugExposure(e.ingredient(), e.start(), e.end(), source(r),
          e.status() == null ? ExposureStatus.COMPLETED : e.status(),
          e.stopReason() == null ? StopReason.NONE : e.stopReason(),
          e.intent() == null ? TreatmentIntent.UNKNOWN : e.intent(), ref(e.reason()), r));
    }
    List<DiseaseStatusEvent> events = list(in.events()).stream()
        .map(e -> new DiseaseStatusEvent(e.date(), e.status(), ref(e.focus()), ref(e.ref()))).toList();
    List<GenomicVariant> variants = list(in.variants()).stream()
        .map(v -> new GenomicVariant(v.gene(), v.alteration(), v.kind(), v.present(), "somatic", v.date(),
            (v.gene() == null ? "" : v.gene() + " ") + v.alteration(), ref(v.ref()))).toList();
    List<ProcedureEvent> procedures = list(in.procedures()).stream()
        .map(p -> new ProcedureEvent(p.kind(), p.start(), p.end(),
            p.intent() == null ? TreatmentIntent.UNKNOWN : p.intent(), ref(p.condition()), ref(p.ref()))).toList();
    return new PatientRecord("golden", cancers, exposures, events, variants, procedures, in.deathDate(), List.of());
  }

  private static ExposureSource source(ResourceRef r) {
    return switch (r.type()) {
      case "MedicationStatement" -> ExposureSource.MEDICATION_STATEMENT;
      case "MedicationRequest" -> ExposureSource.MEDICATION_REQUEST;
      case "MedicationAdministration" -> ExposureSource.MEDICATION_ADMINISTRATION;
      case "Procedure" -> ExposureSource.PROCEDURE;
      default -> throw new IllegalArgumentException("not an exposure resource type: " + r.type());
    };
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static ResourceRef ref(String value) {
    return value == null ? null : ResourceRef.parse(value);
  }
}
