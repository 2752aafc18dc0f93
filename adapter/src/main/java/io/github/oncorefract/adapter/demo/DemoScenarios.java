package io.github.oncorefract.adapter.demo;

import static io.github.oncorefract.adapter.demo.DemoDrug.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The designed clinical courses of the demo cohort: ten scenarios per cancer, each a list of lines of therapy with
 * real regimens. Regimens follow common practice (NCCN-style standard regimens; e.g. KEYNOTE-189 carboplatin +
 * pemetrexed + pembrolizumab with pemetrexed maintenance, FLAURA osimertinib, ALEX alectinib, FOLFOX/FOLFIRI with
 * bevacizumab, AC followed by paclitaxel, PALOMA-2 letrozole + palbociclib, SOLO-1 olaparib maintenance, VRd with
 * lenalidomide maintenance, daratumumab-based second line), but are synthetic teaching courses, not treatment advice.
 */
final class DemoScenarios {

  private DemoScenarios() {}

  /** Number of scenarios per cancer. */
  static final int PER_CANCER = 10;

  /** The five demo cancers, with the codes written on their Conditions. */
  enum Cancer {
    NSCLC("C34.90", "Malignant neoplasm of unspecified part of unspecified bronchus or lung",
        "254637007", "Non-small cell lung cancer", "Non-small cell lung cancer", false),
    COLORECTAL("C18.9", "Malignant neoplasm of colon, unspecified",
        "363406005", "Malignant tumor of colon", "Adenocarcinoma of colon", false),
    BREAST("C50.911", "Malignant neoplasm of unspecified site of right female breast",
        "254837009", "Malignant neoplasm of breast", "Invasive ductal carcinoma of right breast", true),
    // SNOMED codes for ovarian cancer and myeloma are unverified (clinical-model.md section 1): ICD-10-CM only.
    OVARIAN("C56.9", "Malignant neoplasm of unspecified ovary", null, null,
        "High-grade serous carcinoma of ovary", true),
    MULTIPLE_MYELOMA("C90.00", "Multiple myeloma not having achieved remission", null, null,
        "Multiple myeloma", false);

    final String icd10cm;
    final String icdDisplay;
    final String snomed;
    final String snomedDisplay;
    final String text;
    final boolean female;

    Cancer(String icd10cm, String icdDisplay, String snomed, String snomedDisplay, String text, boolean female) {
      this.icd10cm = icd10cm;
      this.icdDisplay = icdDisplay;
      this.snomed = snomed;
      this.snomedDisplay = snomedDisplay;
      this.text = text;
      this.female = female;
    }
  }

  /** Which codes the Condition carries. */
  enum CodeStyle { BOTH, ICD_ONLY, SNOMED_ONLY, RANDOM }

  /** Which resource type records the line's drugs. */
  enum Style { ADMIN, REQUEST, STATEMENT }

  /** How a line ends. */
  enum End { PROGRESSION, NO_RESPONSE, TOXICITY, COMPLETED, ONGOING_RESPONSE, ONGOING_STABLE;

    boolean ongoing() {
      return this == ONGOING_RESPONSE || this == ONGOING_STABLE;
    }

    boolean progression() {
      return this == PROGRESSION || this == NO_RESPONSE;
    }
  }

  /** Genomic results, each in one of the shapes real data has. */
  enum Variant {
    EGFR_EX19DEL_GR, EGFR_L858R_STRING, EGFR_T790M_GR, ALK_FUSION_GR, KRAS_G12C_GR, KRAS_G12C_TEXT,
    BRAF_V600E_STRING, BRCA1_GR, BRCA2_GR, BRCA2_STRING
  }

  /**
   * One drug of a line, given in cycles {@code from} (inclusive) to {@code to} (exclusive; -1 = to the last cycle).
   */
  record Comp(DemoDrug drug, int from, int to) {
    int end(int cycles) {
      return to < 0 ? cycles : Math.min(to, cycles);
    }
  }

  /** One designed line of therapy. */
  static final class Line {
    final String label;
    final List<Comp> comps;
    boolean curative;
    int baseCycles = 4;
    int extraCycles = 2;
    int cycleDays = 21;
    End end = End.PROGRESSION;
    Style style;
    int gapMin;
    int gapMax;
    boolean partialStart;

    Line(String label, Comp... comps) {
      this.label = label;
      this.comps = List.of(comps);
    }

    Line cycles(int base, int extra, int days) {
      this.baseCycles = base;
      this.extraCycles = extra;
      this.cycleDays = days;
      return this;
    }

    Line end(End e) {
      this.end = e;
      return this;
    }

    Line style(Style s) {
      this.style = s;
      return this;
    }

    Line curative() {
      this.curative = true;
      return this;
    }

    Line gap(int min, int max) {
      this.gapMin = min;
      this.gapMax = max;
      return this;
    }

    Line partial() {
      this.partialStart = true;
      return this;
    }

    /** Copy, so the static templates are never mutated. */
    Line copy() {
      Line l = new Line(label, comps.toArray(new Comp[0]));
      l.curative = curative;
      l.baseCycles = baseCycles;
      l.extraCycles = extraCycles;
      l.cycleDays = cycleDays;
      l.end = end;
      l.style = style;
      l.gapMin = gapMin;
      l.gapMax = gapMax;
      l.partialStart = partialStart;
      return l;
    }
  }

  /** One cancer of a scenario. */
  static final class CancerPlan {
    final Cancer cancer;
    CodeStyle codeStyle = CodeStyle.RANDOM;
    final List<Line> lines = new ArrayList<>();
    final List<Variant> variants = new ArrayList<>();
    boolean bone;
    boolean enteredInError;
    boolean remission;
    String note = "";

    CancerPlan(Cancer cancer) {
      this.cancer = cancer;
    }

    CancerPlan lines(Line... ls) {
      for (Line l : ls) {
        lines.add(l.copy());
      }
      return this;
    }

    CancerPlan variants(Variant... vs) {
      variants.addAll(Arrays.asList(vs));
      return this;
    }

    CancerPlan codes(CodeStyle s) {
      this.codeStyle = s;
      return this;
    }

    CancerPlan bone() {
      this.bone = true;
      return this;
    }

    CancerPlan enteredInError() {
      this.enteredInError = true;
      return this;
    }

    CancerPlan remission() {
      this.remission = true;
      return this;
    }

    CancerPlan note(String n) {
      this.note = n;
      return this;
    }

    int advancedLines() {
      return (int) lines.stream().filter(l -> !l.curative).count();
    }

    int curativeLines() {
      return (int) lines.stream().filter(l -> l.curative).count();
    }

    boolean progressionOnLatest() {
      Line latest = null;
      for (Line l : lines) {
        if (!l.curative) {
          latest = l;
        }
      }
      return latest != null && latest.end.progression();
    }
  }

  private static Comp all(DemoDrug d) {
    return new Comp(d, 0, -1);
  }

  private static Comp cycles(DemoDrug d, int from, int to) {
    return new Comp(d, from, to);
  }

  // ---- regimen templates (cycles in days; extra cycles are added at random, to the "all" drugs only) ----

  private static Line carboPemPembro() {
    return new Line("carboplatin + pemetrexed + pembrolizumab, then pemetrexed + pembrolizumab maintenance",
        cycles(CARBOPLATIN, 0, 4), all(PEMETREXED), all(PEMBROLIZUMAB)).cycles(6, 4, 21);
  }

  private static Line carboPem() {
    return new Line("carboplatin + pemetrexed, then pemetrexed maintenance",
        cycles(CARBOPLATIN, 0, 4), all(PEMETREXED)).cycles(5, 3, 21);
  }

  private static Line docetaxel() {
    return new Line("docetaxel", all(DOCETAXEL)).cycles(3, 3, 21);
  }

  private static Line folfoxBev() {
    return new Line("FOLFOX + bevacizumab", all(FLUOROURACIL), all(OXALIPLATIN), all(LEUCOVORIN),
        all(BEVACIZUMAB)).cycles(8, 4, 14);
  }

  private static Line folfiriBev() {
    return new Line("FOLFIRI + bevacizumab", all(FLUOROURACIL), all(IRINOTECAN), all(LEUCOVORIN),
        all(BEVACIZUMAB)).cycles(6, 4, 14);
  }

  private static Line regorafenib() {
    return new Line("regorafenib", all(REGORAFENIB)).cycles(2, 2, 28);
  }

  private static Line tas102() {
    return new Line("trifluridine/tipiracil", all(TRIFLURIDINE_TIPIRACIL)).cycles(2, 2, 28);
  }

  private static Line ac() {
    return new Line("AC (doxorubicin + cyclophosphamide), adjuvant", all(DOXORUBICIN), all(CYCLOPHOSPHAMIDE))
        .cycles(4, 0, 21).curative().end(End.COMPLETED);
  }

  private static Line weeklyPaclitaxelAdjuvant() {
    return new Line("weekly paclitaxel after AC, adjuvant", all(PACLITAXEL)).cycles(12, 0, 7).curative()
        .end(End.COMPLETED).gap(14, 21);
  }

  private static Line letrozolePalbo() {
    return new Line("letrozole + palbociclib", all(LETROZOLE), all(PALBOCICLIB)).cycles(6, 8, 28);
  }

  private static Line capecitabine() {
    return new Line("capecitabine", all(CAPECITABINE)).cycles(4, 3, 21);
  }

  private static Line tdxd() {
    return new Line("trastuzumab deruxtecan", all(TRASTUZUMAB_DERUXTECAN)).cycles(4, 4, 21);
  }

  private static Line carboPacli() {
    return new Line("carboplatin + paclitaxel", all(CARBOPLATIN), all(PACLITAXEL)).cycles(6, 0, 21);
  }

  private static Line pld() {
    return new Line("pegylated liposomal doxorubicin", all(PEGYLATED_LIPOSOMAL_DOXORUBICIN)).cycles(4, 2, 28);
  }

  private static Line gemcitabine() {
    return new Line("gemcitabine", all(GEMCITABINE)).cycles(3, 3, 21);
  }

  private static Line vrdLenMaintenance() {
    return new Line("VRd (bortezomib + lenalidomide + dexamethasone), then lenalidomide maintenance",
        cycles(BORTEZOMIB, 0, 8), all(LENALIDOMIDE), cycles(DEXAMETHASONE, 0, 8)).cycles(14, 8, 21);
  }

  private static Line vrd() {
    return new Line("VRd (bortezomib + lenalidomide + dexamethasone)", all(BORTEZOMIB), all(LENALIDOMIDE),
        all(DEXAMETHASONE)).cycles(8, 0, 21);
  }

  private static Line dpd() {
    return new Line("daratumumab + pomalidomide + dexamethasone", all(DARATUMUMAB), all(POMALIDOMIDE),
        all(DEXAMETHASONE)).cycles(4, 6, 28);
  }

  private static Line kd() {
    return new Line("carfilzomib + dexamethasone", all(CARFILZOMIB), all(DEXAMETHASONE)).cycles(3, 3, 28);
  }

  /**
   * The cancers of scenario {@code scenario} (0..9) for cancer {@code cancer} (0..4, in {@link Cancer} order).
   */
  static List<CancerPlan> scenario(int cancer, int scenario) {
    return switch (Cancer.values()[cancer]) {
      case NSCLC -> nsclc(scenario);
      case COLORECTAL -> colorectal(scenario);
      case BREAST -> breast(scenario);
      case OVARIAN -> ovarian(scenario);
      case MULTIPLE_MYELOMA -> myeloma(scenario);
    };
  }

  private static CancerPlan plan(Cancer c) {
    return new CancerPlan(c);
  }

  private static List<CancerPlan> nsclc(int s) {
    Cancer c = Cancer.NSCLC;
    return switch (s) {
      case 0 -> List.of(plan(c).codes(CodeStyle.SNOMED_ONLY).variants(Variant.EGFR_EX19DEL_GR)
          .note("Just diagnosed; EGFR exon 19 deletion not yet treated."));
      case 1 -> List.of(plan(c).codes(CodeStyle.BOTH).variants(Variant.KRAS_G12C_TEXT).lines(carboPemPembro())
          .note("At risk: one line (carboplatin dropped after 4 cycles, pemetrexed continuation maintenance) "
              + "with progression; KRAS G12C untreated."));
      case 2 -> List.of(plan(c).codes(CodeStyle.ICD_ONLY).lines(
              new Line("cisplatin + pemetrexed, cisplatin substituted by carboplatin, then pemetrexed maintenance",
                  cycles(CISPLATIN, 0, 2), cycles(CARBOPLATIN, 2, 4), all(PEMETREXED)).cycles(6, 3, 21),
              docetaxel().end(End.NO_RESPONSE).style(Style.STATEMENT))
          .note("Likely refractory: the cisplatin->carboplatin substitution and pemetrexed maintenance keep line 1; "
              + "docetaxel after documented progression is line 2 (not switch maintenance), stopped for no response."));
      case 3 -> List.of(plan(c).variants(Variant.EGFR_EX19DEL_GR).lines(
              new Line("osimertinib", all(OSIMERTINIB)).cycles(10, 8, 28).style(Style.STATEMENT),
              carboPem(), docetaxel().end(End.NO_RESPONSE).style(Style.REQUEST))
          .note("EGFR exon 19 deletion: osimertinib, then platinum doublet, then docetaxel; progression on each."));
      case 4 -> List.of(plan(c).variants(Variant.ALK_FUSION_GR).lines(
              new Line("alectinib", all(ALECTINIB)).cycles(8, 10, 28).style(Style.STATEMENT)
                  .end(End.ONGOING_RESPONSE))
          .note("ALK fusion on alectinib, responding; MedicationStatement with an open period."));
      case 5 -> List.of(plan(c).variants(Variant.EGFR_L858R_STRING, Variant.EGFR_T790M_GR).lines(
              new Line("osimertinib", all(OSIMERTINIB)).cycles(8, 8, 28).style(Style.STATEMENT).partial(),
              carboPemPembro())
          .note("EGFR L858R (valueString, 3-letter notation) and T790M: osimertinib recorded with a month-only "
              + "start date, then chemo-immunotherapy; progression on both."));
      case 6 -> List.of(plan(c).lines(
              new Line("cisplatin + pemetrexed, adjuvant", all(CISPLATIN), all(PEMETREXED)).cycles(4, 0, 21)
                  .curative().end(End.COMPLETED),
              carboPemPembro().gap(420, 640), docetaxel().end(End.ONGOING_RESPONSE))
          .note("Adjuvant (curative) cisplatin + pemetrexed, recurrence, then two advanced lines; improving on "
              + "docetaxel."));
      case 7 -> List.of(plan(c).enteredInError().lines(carboPemPembro().end(End.ONGOING_RESPONSE))
          .note("Responding on pemetrexed + pembrolizumab maintenance; a gemcitabine MedicationStatement marked "
              + "entered-in-error must not count as a line."));
      case 8 -> List.of(plan(c).lines(
              new Line("carboplatin + paclitaxel + pembrolizumab", all(CARBOPLATIN), all(PACLITAXEL),
                  all(PEMBROLIZUMAB)).cycles(4, 0, 21),
              docetaxel().cycles(2, 0, 21).end(End.TOXICITY).style(Style.REQUEST),
              gemcitabine(),
              new Line("vinorelbine", all(VINORELBINE)).cycles(3, 2, 21))
          .note("Four advanced lines: chemo-immunotherapy, docetaxel stopped for toxicity, gemcitabine, "
              + "vinorelbine; progression on the latest."));
      default -> List.of(
          plan(Cancer.COLORECTAL).codes(CodeStyle.ICD_ONLY).remission().lines(
              new Line("FOLFOX, adjuvant", all(FLUOROURACIL), all(OXALIPLATIN), all(LEUCOVORIN))
                  .cycles(12, 0, 14).curative().end(End.COMPLETED))
              .note("Earlier colon cancer treated with adjuvant FOLFOX; in remission."),
          plan(c).lines(carboPemPembro(), docetaxel())
              .note("Second cancer: NSCLC with two advanced lines and progression on docetaxel."));
    };
  }

  private static List<CancerPlan> colorectal(int s) {
    Cancer c = Cancer.COLORECTAL;
    return switch (s) {
      case 0 -> List.of(plan(c).codes(CodeStyle.SNOMED_ONLY).variants(Variant.BRAF_V600E_STRING)
          .note("Just diagnosed; BRAF V600E reported as free text."));
      case 1 -> List.of(plan(c).codes(CodeStyle.ICD_ONLY).lines(folfoxBev())
          .note("At risk: FOLFOX + bevacizumab with progression (leucovorin is a modulator, not a line drug)."));
      case 2 -> List.of(plan(c).lines(folfoxBev(), folfiriBev())
          .note("Likely refractory: FOLFOX + bevacizumab, then FOLFIRI + bevacizumab (bevacizumab continued "
              + "beyond progression; irinotecan makes the new line)."));
      case 3 -> List.of(plan(c).variants(Variant.KRAS_G12C_GR).lines(folfoxBev(), folfiriBev(),
              regorafenib().style(Style.STATEMENT), tas102().end(End.NO_RESPONSE).style(Style.REQUEST))
          .note("Four advanced lines; KRAS G12C untreated."));
      case 4 -> List.of(plan(c).lines(
              new Line("FOLFOX, adjuvant, oxaliplatin dropped after 8 cycles", all(FLUOROURACIL),
                  cycles(OXALIPLATIN, 0, 8), all(LEUCOVORIN)).cycles(12, 0, 14).curative().end(End.COMPLETED),
              folfiriBev().gap(500, 800), regorafenib())
          .note("Adjuvant FOLFOX (oxaliplatin dropped: same line), relapse, two advanced lines."));
      case 5 -> List.of(plan(c).lines(
              new Line("FOLFOX + bevacizumab, then fluorouracil/leucovorin + bevacizumab maintenance",
                  all(FLUOROURACIL), cycles(OXALIPLATIN, 0, 6), all(LEUCOVORIN), all(BEVACIZUMAB))
                  .cycles(10, 6, 14).end(End.ONGOING_RESPONSE))
          .note("Responding; oxaliplatin dropped, maintenance keeps the line."));
      case 6 -> List.of(plan(c).lines(
              new Line("FOLFOX", all(FLUOROURACIL), all(OXALIPLATIN), all(LEUCOVORIN)).cycles(8, 4, 14)
                  .end(End.COMPLETED),
              new Line("FOLFOX reintroduced", all(FLUOROURACIL), all(OXALIPLATIN), all(LEUCOVORIN))
                  .cycles(6, 2, 14).gap(230, 320))
          .note("FOLFOX stopped, restarted after more than 180 days: a new line by the gap rule."));
      case 7 -> List.of(plan(c).lines(
              new Line("CAPOX (capecitabine + oxaliplatin)", all(CAPECITABINE), all(OXALIPLATIN)).cycles(6, 2, 21),
              folfiriBev().end(End.ONGOING_RESPONSE))
          .note("CAPOX then FOLFIRI + bevacizumab, responding."));
      case 8 -> List.of(plan(c).codes(CodeStyle.ICD_ONLY).lines(
              new Line("FOLFOX", all(FLUOROURACIL), all(OXALIPLATIN), all(LEUCOVORIN)).cycles(8, 2, 14),
              new Line("FOLFIRI", all(FLUOROURACIL), all(IRINOTECAN), all(LEUCOVORIN)).cycles(6, 4, 14),
              tas102())
          .note("Three advanced lines with progression on trifluridine/tipiracil."));
      default -> List.of(
          plan(Cancer.BREAST).remission().lines(ac(), weeklyPaclitaxelAdjuvant())
              .note("Earlier breast cancer: adjuvant AC then weekly paclitaxel (two curative lines by the "
                  + "28-day window rule); in remission."),
          plan(c).lines(folfoxBev(), folfiriBev())
              .note("Second cancer: colorectal with two advanced lines and progression."));
    };
  }

  private static List<CancerPlan> breast(int s) {
    Cancer c = Cancer.BREAST;
    return switch (s) {
      case 0 -> List.of(plan(c).codes(CodeStyle.SNOMED_ONLY).variants(Variant.BRCA1_GR)
          .note("Just diagnosed; germline BRCA1 pathogenic variant."));
      case 1 -> List.of(plan(c).remission().lines(ac(), weeklyPaclitaxelAdjuvant())
          .note("Adjuvant AC then weekly paclitaxel, curative intent: two curative lines by the 28-day window "
              + "rule (one adjuvant regimen clinically); no advanced disease."));
      case 2 -> List.of(plan(c).bone().lines(ac(), weeklyPaclitaxelAdjuvant(),
              letrozolePalbo().gap(500, 900).style(Style.STATEMENT).partial(), capecitabine())
          .note("Curative AC -> paclitaxel, relapse; letrozole + palbociclib (month-only start dates), then "
              + "capecitabine; zoledronic acid for bone metastases must not count."));
      case 3 -> List.of(plan(c).bone().lines(letrozolePalbo())
          .note("At risk: letrozole + palbociclib with progression; zoledronic acid must not count."));
      case 4 -> List.of(plan(c).lines(letrozolePalbo(), capecitabine(), tdxd())
          .note("Three advanced lines, progression on trastuzumab deruxtecan."));
      case 5 -> List.of(plan(c).lines(letrozolePalbo().end(End.ONGOING_RESPONSE))
          .note("Responding on letrozole + palbociclib."));
      case 6 -> List.of(plan(c).variants(Variant.BRCA2_GR).lines(
              new Line("weekly paclitaxel", all(PACLITAXEL)).cycles(12, 4, 7),
              capecitabine().end(End.NO_RESPONSE).style(Style.STATEMENT))
          .note("Germline BRCA2 without a PARP inhibitor yet; two advanced lines, capecitabine stopped for no "
              + "response."));
      case 7 -> List.of(plan(c).lines(letrozolePalbo(), capecitabine(), tdxd(),
              new Line("eribulin", all(ERIBULIN)).cycles(3, 2, 21))
          .note("Four advanced lines, progression on eribulin."));
      case 8 -> List.of(plan(c).lines(ac(), weeklyPaclitaxelAdjuvant(),
              tdxd().gap(600, 900).end(End.ONGOING_RESPONSE))
          .note("Curative AC -> paclitaxel, relapse, responding on trastuzumab deruxtecan."));
      default -> List.of(
          plan(c).remission().lines(ac(), weeklyPaclitaxelAdjuvant())
              .note("Earlier breast cancer: adjuvant AC then weekly paclitaxel; in remission."),
          plan(Cancer.OVARIAN).variants(Variant.BRCA1_GR).lines(carboPacli(), pld())
              .note("Second cancer: ovarian, BRCA1, progression on carboplatin + paclitaxel and on pegylated "
                  + "liposomal doxorubicin."));
    };
  }

  private static List<CancerPlan> ovarian(int s) {
    Cancer c = Cancer.OVARIAN;
    return switch (s) {
      case 0 -> List.of(plan(c).variants(Variant.BRCA2_STRING)
          .note("Just diagnosed; BRCA2 variant reported as free text."));
      case 1 -> List.of(plan(c).lines(carboPacli())
          .note("At risk: progression at the end of carboplatin + paclitaxel (platinum-refractory pattern)."));
      case 2 -> List.of(plan(c).lines(carboPacli().end(End.COMPLETED), carboPacli().gap(240, 330))
          .note("Carboplatin + paclitaxel, remission, platinum rechallenge after more than 180 days: a new line "
              + "by the gap rule; progression."));
      case 3 -> List.of(plan(c).variants(Variant.BRCA1_GR).lines(carboPacli().end(End.COMPLETED),
              new Line("olaparib maintenance", all(OLAPARIB)).cycles(6, 8, 28).gap(28, 35)
                  .style(Style.STATEMENT).end(End.ONGOING_RESPONSE))
          .note("BRCA1: carboplatin + paclitaxel then olaparib maintenance, responding. Olaparib is not in the "
              + "clinical-model.md maintenance list, so it counts as a second line (clinically first-line "
              + "maintenance)."));
      case 4 -> List.of(plan(c).lines(carboPacli(), pld(), gemcitabine())
          .note("Three advanced lines, progression on gemcitabine."));
      case 5 -> List.of(plan(c).lines(
              new Line("carboplatin + paclitaxel, paclitaxel dropped after 4 cycles", all(CARBOPLATIN),
                  cycles(PACLITAXEL, 0, 4)).cycles(6, 0, 21),
              new Line("carboplatin + pegylated liposomal doxorubicin", all(CARBOPLATIN),
                  all(PEGYLATED_LIPOSOMAL_DOXORUBICIN)).cycles(6, 0, 28))
          .note("Dropped paclitaxel keeps line 1; carboplatin + PLD is line 2; progression."));
      case 6 -> List.of(plan(c).lines(carboPacli().cycles(3, 2, 21).end(End.ONGOING_RESPONSE))
          .note("Responding during first-line carboplatin + paclitaxel."));
      case 7 -> List.of(plan(c).lines(carboPacli(), pld(), gemcitabine().end(End.TOXICITY).style(Style.REQUEST),
              new Line("bevacizumab + weekly paclitaxel", all(BEVACIZUMAB), all(PACLITAXEL)).cycles(8, 4, 7))
          .note("Four advanced lines (gemcitabine stopped for toxicity), progression on the latest."));
      case 8 -> List.of(plan(c).lines(carboPacli().curative().end(End.COMPLETED),
              new Line("carboplatin + pegylated liposomal doxorubicin", all(CARBOPLATIN),
                  all(PEGYLATED_LIPOSOMAL_DOXORUBICIN)).cycles(6, 0, 28).gap(400, 700))
          .note("Adjuvant carboplatin + paclitaxel (curative), relapse, one advanced line with progression."));
      default -> List.of(
          plan(c).remission().lines(carboPacli().curative().end(End.COMPLETED))
              .note("Earlier ovarian cancer: adjuvant carboplatin + paclitaxel; in remission."),
          plan(Cancer.COLORECTAL).lines(folfoxBev())
              .note("Second cancer: colorectal, one advanced line with progression (at risk)."));
    };
  }

  private static List<CancerPlan> myeloma(int s) {
    Cancer c = Cancer.MULTIPLE_MYELOMA;
    return switch (s) {
      case 0 -> List.of(plan(c).note("Just diagnosed, untreated."));
      case 1 -> List.of(plan(c).bone().lines(vrdLenMaintenance())
          .note("At risk: VRd then lenalidomide maintenance (dropped drugs keep the line), progression; "
              + "zoledronic acid must not count."));
      case 2 -> List.of(plan(c).lines(vrdLenMaintenance(), dpd(), kd().end(End.NO_RESPONSE).style(Style.STATEMENT))
          .note("Triple-class exposed and refractory (IMiD, proteasome inhibitor, anti-CD38): VRd/R, DPd, Kd."));
      case 3 -> List.of(plan(c).lines(vrdLenMaintenance(), dpd())
          .note("Two lines with progression on daratumumab + pomalidomide + dexamethasone."));
      case 4 -> List.of(plan(c).bone().lines(
              new Line("daratumumab + VRd", all(DARATUMUMAB), all(BORTEZOMIB), all(LENALIDOMIDE),
                  all(DEXAMETHASONE)).cycles(4, 4, 21).end(End.ONGOING_RESPONSE))
          .note("Responding on daratumumab-based quadruplet."));
      case 5 -> List.of(plan(c).lines(vrd(),
              new Line("daratumumab + bortezomib + dexamethasone", all(DARATUMUMAB), all(BORTEZOMIB),
                  all(DEXAMETHASONE)).cycles(6, 2, 21),
              new Line("pomalidomide + dexamethasone", all(POMALIDOMIDE), all(DEXAMETHASONE)).cycles(3, 3, 28),
              kd())
          .note("Four lines with progression on carfilzomib + dexamethasone."));
      case 6 -> List.of(plan(c).bone().lines(vrd().cycles(4, 3, 21).end(End.ONGOING_STABLE))
          .note("Stable on VRd."));
      case 7 -> List.of(plan(c).lines(vrd().end(End.COMPLETED), vrd().cycles(6, 0, 21).gap(300, 420))
          .note("VRd, treatment-free interval of more than 180 days, VRd again: a new line; progression."));
      case 8 -> List.of(plan(c).lines(vrd().cycles(3, 0, 21).end(End.TOXICITY).style(Style.REQUEST),
              new Line("daratumumab + lenalidomide + dexamethasone", all(DARATUMUMAB), all(LENALIDOMIDE),
                  all(DEXAMETHASONE)).cycles(4, 4, 28).end(End.ONGOING_RESPONSE))
          .note("VRd stopped for toxicity (neuropathy), switched to DRd (daratumumab makes the new line); "
              + "responding."));
      default -> List.of(
          plan(Cancer.COLORECTAL).codes(CodeStyle.ICD_ONLY).remission().lines(
              new Line("FOLFOX, adjuvant", all(FLUOROURACIL), all(OXALIPLATIN), all(LEUCOVORIN))
                  .cycles(12, 0, 14).curative().end(End.COMPLETED))
              .note("Earlier colon cancer treated with adjuvant FOLFOX; in remission."),
          plan(c).lines(vrdLenMaintenance())
              .note("Second cancer: myeloma, one line with progression (at risk)."));
    };
  }
}
