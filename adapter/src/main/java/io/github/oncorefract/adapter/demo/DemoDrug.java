package io.github.oncorefract.adapter.demo;

/**
 * The drugs the demo cohort uses, with the codes written into the generated resources.
 *
 * <p>RxNorm ingredient (IN) codes are given only where two sources agree: the project brief (cisplatin, carboplatin,
 * paclitaxel, pemetrexed, docetaxel, oxaliplatin, fluorouracil, leucovorin) or public FHIR terminology in which the
 * code is named with its ingredient (NMDP CIBMTR reporting IG RxNorm value sets: lenalidomide, bortezomib,
 * carfilzomib, daratumumab; a public breast-cancer FHIR mapping table: capecitabine, cyclophosphamide, doxorubicin,
 * gemcitabine, eribulin, vinorelbine, letrozole, palbociclib, pembrolizumab, trastuzumab deruxtecan), each matching
 * the author's own recollection. They were not checked against RxNav. For the other drugs the RxNorm coding is left
 * out and the drug is written with its WHO ATC code (ATC/DDD Index, current L01 classes since 2022) and text.
 * {@code supportive} marks drugs that are never antineoplastic (antiemetic, bone agent, folate modulator);
 * dexamethasone is supportive except inside multiple-myeloma regimens (clinical-model.md section 1).
 */
enum DemoDrug {
  CISPLATIN("cisplatin", "Cisplatin", "2555", "L01XA01", false, false, 130.0),
  CARBOPLATIN("carboplatin", "Carboplatin", "40048", "L01XA02", false, false, 450.0),
  OXALIPLATIN("oxaliplatin", "Oxaliplatin", "32592", "L01XA03", false, false, 150.0),
  PACLITAXEL("paclitaxel", "Paclitaxel", "56946", "L01CD01", false, false, 300.0),
  DOCETAXEL("docetaxel", "Docetaxel", "72962", "L01CD02", false, false, 130.0),
  PEMETREXED("pemetrexed", "Pemetrexed", "68446", "L01BA04", false, false, 900.0),
  FLUOROURACIL("fluorouracil", "Fluorouracil", "4492", "L01BC02", false, false, 4000.0),
  CAPECITABINE("capecitabine", "Capecitabine", "194000", "L01BC06", true, false, 1500.0),
  GEMCITABINE("gemcitabine", "Gemcitabine", "12574", "L01BC05", false, false, 1800.0),
  IRINOTECAN("irinotecan", "Irinotecan", null, "L01CE02", false, false, 300.0),
  DOXORUBICIN("doxorubicin", "Doxorubicin", "3639", "L01DB01", false, false, 110.0),
  PEGYLATED_LIPOSOMAL_DOXORUBICIN("pegylated liposomal doxorubicin", "Pegylated liposomal doxorubicin", null,
      "L01DB01", false, false, 70.0),
  CYCLOPHOSPHAMIDE("cyclophosphamide", "Cyclophosphamide", "3002", "L01AA01", false, false, 1100.0),
  PEMBROLIZUMAB("pembrolizumab", "Pembrolizumab", "1547545", "L01FF02", false, false, 200.0),
  BEVACIZUMAB("bevacizumab", "Bevacizumab", null, "L01FG01", false, false, 350.0),
  OSIMERTINIB("osimertinib", "Osimertinib", null, "L01EB04", true, false, 80.0),
  ALECTINIB("alectinib", "Alectinib", null, "L01ED03", true, false, 1200.0),
  REGORAFENIB("regorafenib", "Regorafenib", null, "L01EX05", true, false, 160.0),
  TRIFLURIDINE_TIPIRACIL("trifluridine/tipiracil", "Trifluridine/tipiracil", null, "L01BC59", true, false, 120.0),
  LETROZOLE("letrozole", "Letrozole", "72965", "L02BG04", true, false, 2.5),
  PALBOCICLIB("palbociclib", "Palbociclib", "1601374", "L01EF01", true, false, 125.0),
  TRASTUZUMAB_DERUXTECAN("trastuzumab deruxtecan", "Trastuzumab deruxtecan", "2267582", "L01FD04", false, false, 380.0),
  ERIBULIN("eribulin", "Eribulin", "1045453", "L01XX41", false, false, 2.5),
  VINORELBINE("vinorelbine", "Vinorelbine", "39541", "L01CA04", false, false, 45.0),
  OLAPARIB("olaparib", "Olaparib", null, "L01XK01", true, false, 600.0),
  LENALIDOMIDE("lenalidomide", "Lenalidomide", "342369", "L04AX04", true, false, 25.0),
  POMALIDOMIDE("pomalidomide", "Pomalidomide", null, "L04AX06", true, false, 4.0),
  BORTEZOMIB("bortezomib", "Bortezomib", "358258", "L01XG01", false, false, 2.5),
  CARFILZOMIB("carfilzomib", "Carfilzomib", "1302966", "L01XG02", false, false, 100.0),
  DARATUMUMAB("daratumumab", "Daratumumab", "1721947", "L01FC01", false, false, 1800.0),
  /** Antineoplastic in myeloma regimens; as taxane premedication it is written with {@link #DEXAMETHASONE_PREMED}. */
  DEXAMETHASONE("dexamethasone", "Dexamethasone", null, "H02AB02", true, false, 40.0),
  DEXAMETHASONE_PREMED("dexamethasone", "Dexamethasone (premedication)", null, "H02AB02", false, true, 20.0),
  ONDANSETRON("ondansetron", "Ondansetron", null, "A04AA01", false, true, 8.0),
  LEUCOVORIN("leucovorin", "Leucovorin (folinic acid)", "6313", "V03AF03", false, true, 700.0),
  ZOLEDRONIC_ACID("zoledronic acid", "Zoledronic acid", null, "M05BA08", false, true, 4.0);

  /** RxNorm code system URI. */
  static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  /** WHO ATC code system URI. */
  static final String ATC = "http://www.whocc.no/atc";

  final String ingredient;
  final String display;
  final String rxnorm;
  final String atc;
  /** True for oral or continuous drugs, written as periods rather than one dose per cycle. */
  final boolean continuous;
  final boolean supportive;
  /** A typical single dose in mg for an adult, written on administrations (illustrative, not a prescription). */
  final double doseMg;

  DemoDrug(String ingredient, String display, String rxnorm, String atc, boolean continuous, boolean supportive,
      double doseMg) {
    this.doseMg = doseMg;
    this.ingredient = ingredient;
    this.display = display;
    this.rxnorm = rxnorm;
    this.atc = atc;
    this.continuous = continuous;
    this.supportive = supportive;
  }

  /** A FHIR id fragment, e.g. {@code "trifluridine-tipiracil"}. */
  String slug() {
    return ingredient.replace('/', '-').replace(' ', '-');
  }
}
