package io.github.oncorefract.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.adapter.seed.PublicFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Every file of {@code ../shared/fixtures/public} loaded into the embedded server together (as an integrator would
 * with {@code adapter.seed.path}), then each cancer patient's lines of therapy and status checked against values
 * derived by hand from the files (rules of {@code clinical-model.md} sections 2 and 3; the per-file derivation and its
 * arguments are summarised in each case's comment).
 *
 * <p>Loaded together, files that share a Patient id merge (the oBDS bundles reuse ids across test files), and the seed
 * loader keeps the bundle copy of an Observation whose single-resource snapshot the server refuses.
 */
@EmbeddedFhirServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FixtureAssessmentIT {

  @Autowired TestRestTemplate http;
  @Autowired FhirContext ctx;
  @LocalServerPort int port;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * One expected cancer.
   *
   * @param patient   Patient id as in the files
   * @param condition Condition id (the representative when one cancer is recorded as several Conditions)
   * @param status    refractory-status code
   * @param lines     regimens in line order, ingredients joined with "+" in alphabetical order
   * @param settings  the setting of each line in order, {@code c} curative or {@code a} advanced; null: not checked
   * @param why       how it was derived
   */
  record Expect(String patient, String condition, String status, List<String> lines, String settings, String why) {
    /** Without a check of the lines' settings. */
    Expect(String patient, String condition, String status, List<String> lines, String why) {
      this(patient, condition, status, lines, null, why);
    }

    @Override
    public String toString() {
      return patient.substring(0, Math.min(24, patient.length())) + " " + condition.substring(0,
          Math.min(24, condition.length()));
    }
  }

  static Stream<Expect> cases() {
    List<Expect> e = new ArrayList<>();
    // --- MII KDS test data -------------------------------------------------------------------------------------------
    e.add(new Expect("mii-exa-test-data-onko-patient-1", "mii-exa-test-data-onko-diagnose-1", "not-refractory",
        List.of("carboplatin+paclitaxel", "niraparib"),
        "Ovarian C56: carboplatin+paclitaxel as Procedure + 2 Statements + 2 active recommendation Requests (intent "
            + "proposal: not therapy) = one line 2021-07..09; niraparib from 2022-01-25 is a new ingredient after the "
            + "window = line 2. Course V (complete remission) and T (partial remission) are not progression."));
    e.add(new Expect("mii-exa-test-data-onko-patient-1", "mii-exa-test-data-onko-fruehere-tumorerkrankung-1",
        "insufficient-data", List.of(), "Earlier breast cancer C50.4 (2015): no therapy attributed to it."));
    e.add(new Expect("mii-exa-test-data-mtb-patient-1", "mii-exa-test-data-mtb-diagnose-primaertumor-1",
        "not-refractory", List.of("unspecified-chemotherapy", "osimertinib"),
        "NSCLC C34.1: prior chemotherapy only as Procedure SNOMED 367336001 (no drug) = line 1; osimertinib "
            + "Procedure + Statement 2024-04-15..08-30 = line 2; the MTB recommendations are draft Requests (not "
            + "therapy); response PR is not progression."));
    e.add(new Expect("mii-exa-test-data-patient-2", "mii-exa-test-data-patient-2-diagnose-1", "not-refractory",
        List.of("carboplatin+paclitaxel"),
        "Lung C34.1: carboplatin/paclitaxel each as Statement + Request + Administration on one day = one line; no "
            + "progression."));
    e.add(new Expect("mii-exa-test-data-patient-2", "mii-exa-test-data-patient-2-todesursache-1",
        "insufficient-data", List.of(), "Cause-of-death Condition C34.8 (plain ICD-10): no therapy names it."));
    e.add(new Expect("mii-exa-test-data-patient-3", "mii-exa-test-data-patient-3-diagnose-1", "not-refractory",
        List.of("doxorubicin+fluorouracil+oxaliplatin"),
        "Anal C21.8: doxorubicin 2022-04-14 and fluorouracil+oxaliplatin 2022-04-25 start within the 28-day regimen "
            + "window = one line (FINDINGS.md reads two episodes; the window rule makes it one)."));
    e.add(new Expect("mii-exa-test-data-patient-4", "mii-exa-test-data-patient-4-diagnose-1", "not-refractory",
        List.of("cisplatin"),
        "Gastric C16.9 recorded 2022-11-30, but the recorded date is no diagnosis date (issue 8, class 3): the cancer "
            + "has no onset, so cisplatin 2020-09-17 (between a biopsy and a gastrectomy of the same record) is "
            + "attributed to it instead of being dropped by the 365-day limit. Before: insufficient-data. One line, no "
            + "progression; setting not recorded (assumed advanced, said in the reasons)."));
    e.add(new Expect("mii-exa-test-data-molgen-patient-1", "mii-exa-test-data-molgen-diagnose-1",
        "insufficient-data", List.of(), "Colon C18.7 with variants but no therapy."));
    e.add(new Expect("mii-exa-test-data-molgen-patient-2", "mii-exa-test-data-molgen-diagnose-2",
        "insufficient-data", List.of(), "Lung C34.1 with variants but no therapy."));
    // --- bzkf oBDS snapshots (ICD-10-GM only; intent from the MII therapy-intention code) ----------------------------
    String tp1 = "a02e16474896f1d528cac71f2c9b4c45ac3c9028e3a53fb414a1f7882991ee07";
    e.add(new Expect(tp1, "528cbfb627eff7b031c902f2a97d149f5640d57a28f705fadba22462aae7c408", "at-risk",
        List.of("atezolizumab"),
        "Testpatient_1 breast C50.9: one palliative atezolizumab line from 2020-05 (partial date); recurrence (Y) "
            + "2021-06-01 with focus this Condition, after the line's start: 1 advanced line with progression."));
    for (String c : List.of("dec60bae0a707f01b77ab2ef8f22d53d4b352636c9cf80b1081ad6aa1252cb1d",
        "778f6d2023c112c28f7c0aaa0bb7693aa3c5b16f87093a7d52f647c7388d4285",
        "be5fdbc94b5c77d0860fba2cea1fc7dee6ec503e9d8ae7939583b42b6392b071",
        "dac788038a966a5e9742e1233f7526791da4abc9dd8e9ac593ee472882bc8174",
        "5e4b2f91fa2ef84922f2aa3ce0e3524ccbec1ac2673a424917d1be5aa56c7571")) {
      e.add(new Expect(tp1, c, "insufficient-data", List.of(),
          "Testpatient_1's rectal, melanoma (2), liver and (Priopatient_3, same Patient id) ovarian cancers: no "
              + "therapy; their progressions (P) are tied to them by focus, not to the breast cancer."));
    }
    String tp2 = "b7590139fce130878d3cc126a6eb694647f845c7825798f5fa9d6f2c03e42bcb";
    e.add(new Expect(tp2, "9500c9bdcd923c6cdbaf5045ddc3411d23197ab5988bf148dd38174a66cd2910", "not-refractory",
        List.of("bicalutamide"), "Testpatient_2 prostate C61: curative bicalutamide, ongoing."));
    e.add(new Expect(tp2, "25b51cb24c996e4f33e49aaeff58ecda1cf832ee83a01e90c6b795702a10dbac", "insufficient-data",
        List.of(), "Testpatient_2 CLL C91.1: no therapy attributed (the bicalutamide names the prostate cancer)."));
    e.add(new Expect("6f5a4631aa1afa9fb3b290f6bb86163ea01f9b24bd1170e5d79a0c36995c2c57",
        "c4396ca95fdae137b54465873fe2ccc7e7e2f5bb6b0c3edc3cc9bb59581f531c", "at-risk", List.of("paclitaxel"),
        "Testpatient_3 ovarian C56 (ovarian rule set; no platinum, so the solid-tumour thresholds decide): palliative "
            + "paclitaxel from 2018-03-17, ongoing; progression (P) 2018-06-02 after its start. The single-resource "
            + "snapshot of that Observation points at 'Condition/Primärdiagnose' (refused, HAPI-0521); the loader "
            + "keeps the bundle's copy instead."));
    e.add(new Expect("66eab990c3ab4a1dac96eecfa7189a4455b4a4e9d39b1813fa20e17b8cc564d2",
        "c3a22e56e7713786dbec08325f6c9273d20f584f29e92ce20ff0983fc5cee9af", "not-refractory",
        List.of("cyclophosphamide+fludarabine+rituximab"),
        "Testpatient_CLL C91.1: watchful waiting 2015-2020 is never a line; FCR from 2020-09-01 (curative intent, "
            + "ongoing) after the 2020-07 progression: no advanced line."));
    e.add(new Expect("9142ee3ff7990f826ada966f03da267e0fe662f73858158f5e868b772cd68730",
        "57fe05a96c5aea16ea6ccf644f5da4afb7b73f8e9390e11bf7fff7a95d08edae", "not-refractory",
        List.of("cisplatin+cyclophosphamide+docetaxel+epirubicin", "unspecified-hormone-therapy"),
        "Testpatient_Mamma and Folgepaket_Testpatient_Mamma share the Patient: cisplatin and epirubicin+"
            + "cyclophosphamide+docetaxel (Taxotere, text only) start within 28 days = line 1 (curative); hormone "
            + "therapy only as Procedure from 2020-08-02 = line 2 (curative). The 2021-09-14 progression follows "
            + "curative lines only: no advanced line."));
    e.add(new Expect("9142ee3ff7990f826ada966f03da267e0fe662f73858158f5e868b772cd68730",
        "f8eaa21e15d667e3da84bc8e061ec9be96cbc36fd07cf63575e8626625d4f401", "insufficient-data", List.of(),
        "Testpatient_Mamma's melanoma C43.7: no therapy."));
    e.add(new Expect("5098a39800d97f3939da3ee42943b863a227d051c05789f223880279dc077203",
        "f86dc47f64c968c766082caff301353398214f43ed43d1edd355346743421284", "not-refractory",
        List.of("carboplatin+cisplatin+etoposide"),
        "Testperson_CervixC53: cisplatin+etoposide 2018-04-07..05-15 then carboplatin+etoposide from 2018-06-15: "
            + "carboplatin substitutes cisplatin and the gap is 31 days = one curative line (FINDINGS.md reads two)."));
    e.add(new Expect("23283daf4d699cc4b3e9d01cd4ce1344cd94f9f9769dfd88da68b2b696332d48",
        "e36f967b5391c0aa1a62a6303672b5415efaf3bfdd0b0be02a0739d43ae0b2dc", "not-refractory", List.of("buserelin"),
        "Testpatient_Prostata C61: buserelin (endocrine, counts), curative, ongoing."));
    e.add(new Expect("4a8639bbad9d5774878e0d6a132ece2b65912449072a6888e2028987d5d479c4",
        "7747c362c90103cc61ce81482b623db5277551c7d5f08aae581ad0b3c8c6e6d5", "not-refractory",
        List.of("fluorouracil+oxaliplatin"),
        "Testpatient_Rektum C20: FOLFOX with folinic acid (supportive, ignored) = one curative line."));
    // --- Synthea (SNOMED; MedicationRequest per cycle, authoredOn only) ----------------------------------------------
    e.add(new Expect("c5ed5d78-5b3f-4a75-bdfb-5f318b068a20", "e17323e3-dcd1-457a-8537-e9d63c12b0c8", "not-refractory",
        List.of("cisplatin+paclitaxel"), "c",
        "Fletcher_Hyatt NSCLC, recorded as 254637007 and its stage variant 424132000 (one cancer): cisplatin+"
            + "paclitaxel cycles 1993-1996, gaps under 180 days = one line; no progression recorded. Curative: the "
            + "stage variant's text says 'TNM stage 1' (issue 8, class 2; before: assumed advanced)."));
    e.add(new Expect("c5ed5d78-5b3f-4a75-bdfb-5f318b068a20", "64e76dec-931e-4b40-94dd-ca9f8360d1d8",
        "not-refractory", List.of("docetaxel+leuprolide"),
        "Fletcher_Hyatt 'Neoplasm of prostate' 126906006 (accepted as prostate cancer: Synthea's prostate cancer "
            + "code): docetaxel+leuprolide 1975 = one line."));
    e.add(new Expect("ffb8ae8f-8c7f-4475-8c42-d38419108e94", "5117138e-d3f9-4294-92cb-f358066cc319",
        "not-refractory", List.of("cisplatin+etoposide"),
        "Sherman_McGlynn small-cell lung cancer (254632001 + its stage variant, one cancer): 45 cycles of "
            + "cisplatin+etoposide 2009-2012 = one line."));
    e.add(new Expect("1a96f2e7-7ce0-4164-b3f6-4fdffeca00fb", "d8cb0fb7-d74f-440a-8d7d-8e431f1de5a7",
        "not-refractory", List.of("cisplatin+paclitaxel"),
        "Gilbert_Wunsch NSCLC (two Conditions, one cancer): 48 monthly cisplatin+paclitaxel cycles = one line."));
    e.add(new Expect("fb13e626-1400-45a1-9a99-29c6e7a0e8e4", "e8983680-48a2-4b4d-b9b8-dec5603fd1eb",
        "not-refractory", List.of("oxaliplatin"), "Bambi_Murray colon cancer: oxaliplatin (+ leucovorin, supportive)."));
    e.add(new Expect("129c6ac7-8d06-89de-ad63-0204a93e76c3", "0c46bc9f-a5e2-193f-9d7c-cb66c9cd5ef6",
        "not-refractory", List.of("cisplatin+paclitaxel"),
        "SMART bulk NDJSON patient: NSCLC 1984 (two Conditions, one cancer), 221 weekly cisplatin+paclitaxel "
            + "requests 1984-1989 = one line."));
    e.add(new Expect("129c6ac7-8d06-89de-ad63-0204a93e76c3", "fa940569-110a-5f84-6bfa-5f86c3da4fbc",
        "insufficient-data", List.of(), "The same patient's breast cancer 1989 is untreated: it inherits no line."));
    // --- Additions 2026-12 (FINDINGS.md sections 12-19): stage, secondaries, Synthea progression histories --------
    e.add(new Expect("03889212-b18b-4c00-72e0-da0e96f7cf68", "efbd8483-abde-69f4-bd14-80eb826d7015", "at-risk",
        List.of("epirubicin", "paclitaxel", "tamoxifen"), "cca",
        "HadleyLab Khadijah960 breast, stage IIIA: epirubicin then paclitaxel are curative (early stage, no "
            + "metastasis or progression before them); the 'worsened' of 2015-11-08 on the day tamoxifen starts is a "
            + "recurrence that makes tamoxifen the 1st advanced line; worsened again 2016-10-17 = 1 advanced line "
            + "with progression. Before: likely-refractory (the later progression had made the curative lines count)."));
    e.add(new Expect("640908bd-2a1f-9bd4-0a9b-3c87efffecc1", "a21e41bf-57cc-2b72-64ca-577ddeda8eb0",
        "not-refractory", List.of("paclitaxel", "cyclophosphamide", "palbociclib+tamoxifen"), "cca",
        "HadleyLab Hilaria948 breast, stage IIIA: paclitaxel then cyclophosphamide with an 'improved' between them "
            + "(a planned switch, curative); 'worsened' on the day palbociclib+tamoxifen starts = recurrence, so that "
            + "is the 1st advanced line, with no progression after it. Before: at-risk."));
    e.add(new Expect("ac24f7c1-dd07-8abd-1f3b-2a3179beafd1", "d937415c-2a3d-fbda-e230-4db5cb986bcf", "at-risk",
        List.of("paclitaxel", "doxorubicin", "abemaciclib+tamoxifen+trastuzumab"), "aaa",
        "HadleyLab Lasonya941 breast, stage 4 / cM1 at diagnosis (Condition.stage and TNM Observations, no "
            + "secondary Condition): every line advanced. The 'worsened' has the same timestamp as line 3's start, so "
            + "it is progression on line 2; none after line 3 starts: >=2 advanced lines without progression on the "
            + "latest = at-risk. Before: line 1 was called curative."));
    e.add(new Expect("83e3ea53-34bf-46c3-94c1-6b3ad9addb3b", "0c02ba68-f4d6-4a5c-b671-bdda55981871",
        "not-refractory", List.of("doxorubicin", "tamoxifen"), "cc",
        "mcode-pathways T0 breast, stage 3A (21908-9 'Stage 3A' and 'Stage 3' at the same time: the more specific "
            + "kept): doxorubicin then adjuvant tamoxifen, only 'Improving' statuses = curative, not refractory. "
            + "Before: at-risk (both lines guessed advanced)."));
    e.add(new Expect("4181a2c7-7342-42c7-aecb-422306501708", "ef13e72d-b0ca-4f62-995c-439c447112f7",
        "not-refractory", List.of("paclitaxel", "cyclophosphamide"), "cc",
        "mcode-pathways triple_negative breast: neoadjuvant paclitaxel, lumpectomy, adjuvant cyclophosphamide, only "
            + "'Improving' statuses: curative. Before: at-risk."));
    e.add(new Expect("720b9118-3153-40c8-b162-cd963506be0e", "20562c57-e475-48f3-a1a7-a038ced47167",
        "not-refractory", List.of("oxaliplatin"), "a",
        "Synthea Micah: 'Secondary malignant neoplasm of colon' 94260004 is the only cancer Condition (the chemo "
            + "names it): assessed as metastatic colon cancer, advanced from its onset; oxaliplatin (+ leucovorin, "
            + "supportive) until the last chemoradiation Procedure 2018-05-31; no progression."));
    e.add(new Expect("mCODEPatientExample01", "mCODEPrimaryCancerConditionExample01", "not-refractory",
        List.of("gefitinib"),
        "mCODE STU1 examples: the primary with gefitinib (an active and a stopped Statement of the same day = one "
            + "line). The brain metastasis Condition is attached to it (related-primary extension), not a cancer of "
            + "its own. The Patient is only a server placeholder: nothing is written for it."));
    // --- HL7 R4 specification examples -------------------------------------------------------------------------------
    e.add(new Expect("f001", "f002", "insufficient-data", List.of(), "R4 example NSCLC f002: no therapy."));
    e.add(new Expect("f201", "f202", "insufficient-data", List.of(),
        "R4 example f202 malignant neoplastic disease 363346000: no therapy."));
    return e.stream();
  }

  @BeforeAll
  void loadFixtures() {
    PublicFixtures.ensureLoaded(ctx, port);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void cancerHasTheLinesAndStatusDerivedByHand(Expect expect) throws Exception {
    ResponseEntity<String> r = http.getForEntity("/api/patients/" + expect.patient() + "/assessment", String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode cancer = null;
    for (JsonNode c : json.readTree(r.getBody()).get("cancers")) {
      if (c.get("condition").asText().equals("Condition/" + expect.condition())) {
        cancer = c;
      }
    }
    assertThat(cancer).as("assessed cancer Condition/%s", expect.condition()).isNotNull();
    List<String> regimens = new ArrayList<>();
    cancer.get("lines").forEach(l -> {
      List<String> ingredients = new ArrayList<>();
      l.get("regimen").forEach(i -> ingredients.add(i.asText()));
      regimens.add(String.join("+", ingredients));
    });
    assertThat(regimens).as(expect.why()).isEqualTo(expect.lines());
    if (expect.settings() != null) {
      StringBuilder settings = new StringBuilder();
      cancer.get("lines").forEach(l -> settings.append(l.get("setting").asText().substring(0, 1)));
      assertThat(settings.toString()).as(expect.why()).isEqualTo(expect.settings());
    }
    assertThat(cancer.get("status").asText()).as(expect.why()).isEqualTo(expect.status());
  }

  @Test
  void aMetastasisIsNeverACancerOfItsOwn() throws Exception {
    // issue 8, class 1: the mCODE STU1 secondary (94225005 brain) belongs to its primary.
    ResponseEntity<String> r = http.getForEntity("/api/patients/mCODEPatientExample01/assessment", String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    List<String> conditions = new ArrayList<>();
    json.readTree(r.getBody()).get("cancers").forEach(c -> conditions.add(c.get("condition").asText()));
    assertThat(conditions).containsExactly("Condition/mCODEPrimaryCancerConditionExample01");
  }

  @Test
  void aCancerAbatedOnItsOnsetDayIsNotAssessedAndItsTherapyIsReported() throws Exception {
    // issue 8, classes 1 and 3: Khadijah960's AML (onset 09:11, abatement 10:11 the same day, Synthea) is no active
    // cancer; the chemotherapy Procedure that names it is reported as unattributed therapy, not lost.
    ResponseEntity<String> r = http.getForEntity("/api/patients/03889212-b18b-4c00-72e0-da0e96f7cf68/assessment",
        String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode body = json.readTree(r.getBody());
    List<String> conditions = new ArrayList<>();
    body.get("cancers").forEach(c -> conditions.add(c.get("condition").asText()));
    assertThat(conditions).containsExactly("Condition/efbd8483-abde-69f4-bd14-80eb826d7015");
    assertThat(body.get("unattributedTherapy")).isNotEmpty();
  }

  @Test
  void patientsWithoutACancerGetNoAssessment() throws Exception {
    // MII pat-1 and pat-5 (leuprorelin with no cancer Condition), the R4 medication examples' "pat1".
    for (String id : List.of("mii-exa-test-data-patient-1", "mii-exa-test-data-patient-5", "pat1")) {
      ResponseEntity<String> r = http.getForEntity("/api/patients/" + id + "/assessment", String.class);
      assertThat(r.getStatusCode()).as(id).isEqualTo(HttpStatus.OK);
      assertThat(json.readTree(r.getBody()).get("cancers")).as(id).isEmpty();
    }
  }

  @Test
  void aFullPassOverEverythingCountsWhatItCannotUseAndFailsNobody() throws Exception {
    ResponseEntity<String> r = http.postForEntity("/api/assessments/run?full=true", null, String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode pass = json.readTree(r.getBody());
    assertThat(pass.get("failed").asInt()).as("failures: %s", pass.get("failures")).isZero();
    assertThat(pass.get("patientsAssessed").asInt()).isGreaterThanOrEqualTo(30);
    assertThat(pass.get("atRisk").asInt()).isPositive();
    assertThat(pass.get("quarantined").asInt()).as("unparsed variants, invalid dates...").isPositive();
  }
}
