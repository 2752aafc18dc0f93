package io.github.oncorefract.assessment;

import io.github.oncorefract.domain.CancerType;
import io.github.oncorefract.domain.DiseaseStatusEvent;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.ExposureStatus;
import io.github.oncorefract.domain.Reason;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.therapy.DerivedLine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Multiple-myeloma rule set, id {@code multiple-myeloma}, version {@code 1.1.0} (IMWG; see {@link MyelomaParameters}).
 *
 * <p>Refractoriness is decided <b>per drug</b> (IMWG: Rajkumar SV et al., Blood 2011;117(18):4691-4695; Kumar S et
 * al., Lancet Oncol 2016;17(8):e328-e346): within a line, a drug is refractory when
 * <ul>
 *   <li>a progression event is dated after the drug's first day in the line, no later than the next line's start, and
 *       while the drug is still given (an {@code ACTIVE} exposure of it with no end or an end after the assessment
 *       day) or no more than {@code refractoryWindowDays} (60) after <i>that drug's</i> last known day in the line;
 *       or</li>
 *   <li>an exposure of the line was stopped for no response (SNOMED 266721009) while the drug was given or within the
 *       same window of its last day.</li>
 * </ul>
 * A drug dropped from a combination long before the progression is therefore not refractory (1.0.0 marked the whole
 * regimen). A drug class (IMiD, proteasome inhibitor, anti-CD38 antibody) is refractory once one of its drugs is.
 * Then:
 * <ul>
 *   <li>INSUFFICIENT_DATA: no line;</li>
 *   <li>LIKELY_REFRACTORY: refractory to an IMiD, a proteasome inhibitor and an anti-CD38 antibody (triple-class
 *       refractory);</li>
 *   <li>AT_RISK: a drug of the latest line is refractory, or two of the three classes are (double-class refractory,
 *       a documented project choice: not an IMWG category, but close to triple-class refractory);</li>
 *   <li>NOT_REFRACTORY: otherwise.</li>
 * </ul>
 * Line settings are not used: myeloma lines are counted over all lines.
 *
 * <p>Besides the status reasons, each drug found refractory in a line gets its own reason
 * {@value #REASON_REFRACTORY_DRUG} (after the status reasons, in line then drug order), whose text names the drug and
 * the line ({@link #refractoryDrug(Reason)} reads them back) and whose evidence is that drug's exposures and the
 * progression or no-response stop behind it. A CDS order-select check uses them to warn only for a drug class that
 * really failed (IMWG per drug), never for a drug merely given in a line that progressed.
 */
public final class MultipleMyelomaRuleSet extends BaseRuleSet {

  public static final String ID = "multiple-myeloma";
  public static final String VERSION = "1.1.0";

  /** Reason code of one drug refractory in one line (IMWG, per drug). */
  public static final String REASON_REFRACTORY_DRUG = "refractory-drug";

  private static final java.util.regex.Pattern REFRACTORY_DRUG_TEXT =
      java.util.regex.Pattern.compile("^Refractory \\(IMWG\\) to (.+?) in line (\\d+): ");

  /**
   * A drug the rule set found refractory, read from a {@value #REASON_REFRACTORY_DRUG} reason.
   *
   * @param ingredient lower-case ingredient name
   * @param line       the 1-based line number (over all lines of the cancer)
   */
  public record RefractoryDrug(String ingredient, int line) {}

  /**
   * The drug and line of a {@value #REASON_REFRACTORY_DRUG} reason this rule set wrote.
   *
   * @return empty for any other reason
   */
  public static java.util.Optional<RefractoryDrug> refractoryDrug(Reason r) {
    if (r == null || !REASON_REFRACTORY_DRUG.equals(r.code())) {
      return java.util.Optional.empty();
    }
    java.util.regex.Matcher m = REFRACTORY_DRUG_TEXT.matcher(r.text());
    return m.find() ? java.util.Optional.of(new RefractoryDrug(m.group(1), Integer.parseInt(m.group(2))))
        : java.util.Optional.empty();
  }

  private final MyelomaParameters params;

  public MultipleMyelomaRuleSet(MyelomaParameters params) {
    super(ID, VERSION, Set.of(CancerType.MULTIPLE_MYELOMA));
    this.params = Objects.requireNonNull(params, "params");
  }

  @Override
  public RuleOutcome evaluate(RuleInput input) {
    List<DerivedLine> lines = input.lines();
    if (lines.isEmpty()) {
      return RuleSupport.noTherapy(input, "this myeloma");
    }
    Map<String, LocalDate> classSince = new LinkedHashMap<>();
    List<ResourceRef> classEvidence = new ArrayList<>();
    Set<String> refractoryIngredients = new TreeSet<>();
    boolean latestRefractory = false;
    LocalDate latestDate = null;
    List<ResourceRef> latestEvidence = List.of();
    Set<String> latestDrugs = Set.of();
    List<Reason> drugReasons = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      DerivedLine l = lines.get(i);
      LocalDate nextStart = i + 1 < lines.size() ? lines.get(i + 1).line().start() : null;
      List<DrugExposure> stops = RuleSupport.noResponse(l);
      Map<String, List<DrugExposure>> byDrug = new TreeMap<>();
      l.exposures().forEach(e -> byDrug.computeIfAbsent(e.ingredient(), k -> new ArrayList<>()).add(e));
      LocalDate lineFirst = null;
      Set<String> lineDrugs = new TreeSet<>();
      List<ResourceRef> lineEvidence = new ArrayList<>(l.line().sources());
      for (var drug : byDrug.entrySet()) {
        LocalDate first = drug.getValue().stream().map(DrugExposure::start).min(LocalDate::compareTo).orElseThrow();
        LocalDate last = drug.getValue().stream().map(DrugExposure::lastKnownDay).max(LocalDate::compareTo)
            .orElseThrow();
        boolean ongoing = drug.getValue().stream().anyMatch(e -> e.status() == ExposureStatus.ACTIVE
            && (e.end() == null || e.end().isAfter(input.asOf())));
        LocalDate limit = ongoing ? input.asOf() : last.plusDays(params.refractoryWindowDays());
        List<DiseaseStatusEvent> prog = RuleSupport.progressionsAfter(input.events(), first, input.asOf()).stream()
            .filter(e -> !e.date().isAfter(limit) && (nextStart == null || !e.date().isAfter(nextStart)))
            .toList();
        List<DrugExposure> drugStops = stops.stream()
            .filter(e -> !e.lastKnownDay().isBefore(first) && !e.lastKnownDay().isAfter(limit)).toList();
        if (prog.isEmpty() && drugStops.isEmpty()) {
          continue;
        }
        LocalDate when = RuleSupport.firstEvidenceDate(prog, drugStops).orElse(first);
        List<ResourceRef> evidence = new ArrayList<>(l.line().sources());
        evidence.addAll(RuleSupport.refs(prog, drugStops));
        lineEvidence.addAll(RuleSupport.refs(prog, drugStops));
        refractoryIngredients.add(drug.getKey());
        List<ResourceRef> drugEvidence = new ArrayList<>();
        drug.getValue().stream().map(DrugExposure::resource).filter(Objects::nonNull).forEach(drugEvidence::add);
        drugEvidence.addAll(RuleSupport.refs(prog, drugStops));
        drugReasons.add(new Reason(REASON_REFRACTORY_DRUG, "Refractory (IMWG) to " + drug.getKey() + " in line "
            + l.line().number() + ": " + (prog.isEmpty() ? "stopped for no response"
                : "progression on " + prog.get(0).date() + (ongoing ? " while it was given"
                    : ", within " + params.refractoryWindowDays() + " days of its last day (" + last + ")"))
            + ".", drugEvidence));
        lineDrugs.add(drug.getKey());
        lineFirst = lineFirst == null || when.isBefore(lineFirst) ? when : lineFirst;
        String cls = drugClass(drug.getKey());
        if (cls != null) {
          LocalDate since = classSince.get(cls);
          if (since == null || when.isBefore(since)) {
            classSince.put(cls, when);
          }
          classEvidence.addAll(evidence);
        }
      }
      if (i == lines.size() - 1 && lineFirst != null) {
        latestRefractory = true;
        latestDate = lineFirst;
        latestEvidence = lineEvidence;
        latestDrugs = lineDrugs;
      }
    }
    List<Reason> reasons = new ArrayList<>();
    if (classSince.size() == 3) {
      LocalDate date = classSince.values().stream().max(LocalDate::compareTo).orElseThrow();
      reasons.add(new Reason("triple-class-refractory",
          "Refractory (IMWG: no response, or progression within " + params.refractoryWindowDays()
              + " days of that drug's last dose) to an IMiD, a proteasome inhibitor and an anti-CD38 antibody.",
          classEvidence));
      reasons.addAll(drugReasons);
      return new RuleOutcome(RefractoryStatus.LIKELY_REFRACTORY, reasons, date, "triple-class refractory",
          refractoryIngredients);
    }
    if (latestRefractory) {
      reasons.add(new Reason("refractory-to-latest-line",
          "Refractory (IMWG) to a drug of the latest line, line " + lines.size() + " ("
              + String.join(", ", latestDrugs) + ").",
          latestEvidence));
    }
    if (classSince.size() == 2) {
      reasons.add(new Reason("double-class-refractory",
          "Refractory to two drug classes: " + String.join(" and ", classSince.keySet())
              + " (at risk of triple-class refractoriness; a project choice).", classEvidence));
    }
    if (!reasons.isEmpty()) {
      LocalDate date = classSince.size() == 2
          ? classSince.values().stream().max(LocalDate::compareTo).orElseThrow() : latestDate;
      if (latestDate != null && date != null && latestDate.isBefore(date)) {
        date = latestDate;
      }
      reasons.addAll(drugReasons);
      String summary = latestRefractory ? "refractory to line " + lines.size() : "double-class refractory";
      return new RuleOutcome(RefractoryStatus.AT_RISK, reasons, date, summary, refractoryIngredients);
    }
    DerivedLine last = lines.get(lines.size() - 1);
    reasons.add(new Reason("not-refractory-to-latest-line",
        "No progression or non-response recorded on the latest line.", last.line().sources()));
    reasons.addAll(drugReasons);
    return new RuleOutcome(RefractoryStatus.NOT_REFRACTORY, reasons,
        last.line().start(), "not refractory to the latest line", refractoryIngredients);
  }

  private String drugClass(String ingredient) {
    return params.imids().contains(ingredient) ? "IMiD"
        : params.proteasomeInhibitors().contains(ingredient) ? "proteasome inhibitor"
        : params.antiCd38().contains(ingredient) ? "anti-CD38 antibody" : null;
  }
}
