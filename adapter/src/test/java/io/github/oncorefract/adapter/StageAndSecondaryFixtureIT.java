package io.github.oncorefract.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import io.github.oncorefract.adapter.seed.PublicFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Issue 8, classes 1, 2, 3 and 10 on the real public fixtures loaded into the embedded server.
 */
@EmbeddedFhirServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StageAndSecondaryFixtureIT {

  @Autowired TestRestTemplate http;
  @Autowired FhirContext ctx;
  @LocalServerPort int port;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  void loadFixtures() {
    PublicFixtures.ensureLoaded(ctx, port);
  }

  JsonNode assessment(String patient) throws Exception {
    ResponseEntity<String> r = http.getForEntity("/api/patients/" + patient + "/assessment", String.class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    return json.readTree(r.getBody());
  }

  /** One cancer of one patient in the assessment JSON. */
  JsonNode cancer(String patient, String condition) throws Exception {
    for (JsonNode c : assessment(patient).get("cancers")) {
      if (c.get("condition").asText().equals("Condition/" + condition)) {
        return c;
      }
    }
    throw new AssertionError("no assessed cancer Condition/" + condition + " for " + patient);
  }

  static List<String> settings(JsonNode cancer) {
    List<String> out = new ArrayList<>();
    cancer.get("lines").forEach(l -> out.add(l.get("setting").asText()));
    return out;
  }

  static List<String> regimens(JsonNode cancer) {
    List<String> out = new ArrayList<>();
    cancer.get("lines").forEach(l -> {
      List<String> ing = new ArrayList<>();
      l.get("regimen").forEach(i -> ing.add(i.asText()));
      out.add(String.join("+", ing));
    });
    return out;
  }

  static List<String> reasonCodes(JsonNode cancer) {
    List<String> out = new ArrayList<>();
    cancer.get("reasons").forEach(r -> out.add(r.get("code").asText()));
    return out;
  }

  @Test
  @DisplayName("issue 8, class 1: the mCODE STU1 brain metastasis is evidence for its NSCLC primary, not a cancer")
  void mcodeStu1SecondaryIsNotACancer() throws Exception {
    JsonNode a = assessment("mCODEPatientExample01");
    assertThat(a.get("cancers")).extracting(c -> c.get("condition").asText())
        .containsExactly("Condition/mCODEPrimaryCancerConditionExample01");
    JsonNode nsclc = a.get("cancers").get(0);
    // gefitinib carries the STU1 mcode-treatment-intent extension "curative": the line is curative by its intent.
    assertThat(settings(nsclc)).containsExactly("curative");
    assertThat(reasonCodes(nsclc)).contains("secondary-attached", "setting-from-intent");
  }

  @Test
  @DisplayName("issue 8, class 1: Micah's only cancer Condition is 94260004: assessed as metastatic colorectal cancer")
  void micahSecondaryOnlyIsMetastaticColorectalCancer() throws Exception {
    JsonNode c = cancer("720b9118-3153-40c8-b162-cd963506be0e", "20562c57-e475-48f3-a1a7-a038ced47167");
    assertThat(c.get("cancerType").asText()).isEqualTo("COLORECTAL");
    assertThat(regimens(c)).containsExactly("oxaliplatin");
    assertThat(settings(c)).containsExactly("advanced");
    assertThat(reasonCodes(c)).contains("secondary-only", "setting-advanced-disease");
  }

  @Test
  @DisplayName("issue 8, class 1: Khadijah960's AML abated an hour after onset is not assessed; the breast cancer's "
      + "reasons say so")
  void khadijahAmlIsNotAssessed() throws Exception {
    JsonNode breast = cancer("03889212-b18b-4c00-72e0-da0e96f7cf68", "efbd8483-abde-69f4-bd14-80eb826d7015");
    assertThat(reasonCodes(breast)).contains("cancer-not-assessed");
  }

  @Test
  @DisplayName("issue 8, class 2: Khadijah960 stage IIIA: epirubicin then paclitaxel curative; tamoxifen after the "
      + "2015-11-08 progression is the first advanced line, progression 2016-10-17 -> at risk")
  void khadijahStageThreeA() throws Exception {
    JsonNode c = cancer("03889212-b18b-4c00-72e0-da0e96f7cf68", "efbd8483-abde-69f4-bd14-80eb826d7015");
    assertThat(regimens(c)).containsExactly("epirubicin", "paclitaxel", "tamoxifen");
    assertThat(settings(c)).containsExactly("curative", "curative", "advanced");
    assertThat(c.get("status").asText()).isEqualTo("at-risk");
    assertThat(reasonCodes(c)).contains("setting-early-stage", "setting-advanced-disease");
  }

  @Test
  @DisplayName("issue 8, class 2: Hilaria948 stage IIIA: paclitaxel, cyclophosphamide curative; palbociclib+tamoxifen "
      + "from the 2005-05-13 progression is one advanced line without progression on it -> not refractory")
  void hilariaStageThreeA() throws Exception {
    JsonNode c = cancer("640908bd-2a1f-9bd4-0a9b-3c87efffecc1", "a21e41bf-57cc-2b72-64ca-577ddeda8eb0");
    assertThat(regimens(c)).containsExactly("paclitaxel", "cyclophosphamide", "palbociclib+tamoxifen");
    assertThat(settings(c)).containsExactly("curative", "curative", "advanced");
    assertThat(c.get("status").asText()).isEqualTo("not-refractory");
  }

  @Test
  @DisplayName("issue 8, class 2: Lasonya941 is stage 4 / cM1 with no secondary Condition: every line is advanced")
  void lasonyaStageFourAllLinesAdvanced() throws Exception {
    JsonNode c = cancer("ac24f7c1-dd07-8abd-1f3b-2a3179beafd1", "d937415c-2a3d-fbda-e230-4db5cb986bcf");
    assertThat(regimens(c)).containsExactly("paclitaxel", "doxorubicin", "abemaciclib+tamoxifen+trastuzumab");
    assertThat(settings(c)).containsExactly("advanced", "advanced", "advanced");
    // 3 advanced lines; the progression (2003-03-20) is on L2, none is recorded after L3 started: at risk (the
    // solid-tumour rule set's threshold reached without progression on the latest line).
    assertThat(c.get("status").asText()).isEqualTo("at-risk");
    assertThat(reasonCodes(c)).contains("setting-advanced-disease");
  }

  @Test
  @DisplayName("issue 8, class 2: PW/T0 stage 3A (two same-timestamp stage Observations, 3A and 3): doxorubicin and "
      + "tamoxifen are curative, no progression -> not refractory (was at risk)")
  void pathwaysT0StageThreeIsCurative() throws Exception {
    JsonNode c = cancer("83e3ea53-34bf-46c3-94c1-6b3ad9addb3b", "0c02ba68-f4d6-4a5c-b671-bdda55981871");
    assertThat(regimens(c)).containsExactly("doxorubicin", "tamoxifen");
    assertThat(settings(c)).containsExactly("curative", "curative");
    assertThat(c.get("status").asText()).isEqualTo("not-refractory");
    JsonNode early = null;
    for (JsonNode r : c.get("reasons")) {
      if (r.get("code").asText().equals("setting-early-stage")) {
        early = r;
      }
    }
    assertThat(early).isNotNull();
    assertThat(early.get("text").asText()).contains("stage IIIA");
  }

  @Test
  @DisplayName("issue 8, classes 2 and 10: PW/triple_negative stage 2B: neoadjuvant paclitaxel and adjuvant "
      + "cyclophosphamide are curative -> not refractory; the 21:07 -04:00 onset stays on 1971-07-23")
  void tripleNegativeStageTwoBIsCurative() throws Exception {
    JsonNode c = cancer("4181a2c7-7342-42c7-aecb-422306501708", "ef13e72d-b0ca-4f62-995c-439c447112f7");
    assertThat(regimens(c)).containsExactly("paclitaxel", "cyclophosphamide");
    assertThat(settings(c)).containsExactly("curative", "curative");
    assertThat(c.get("status").asText()).isEqualTo("not-refractory");
    assertThat(c.get("lines").get(0).get("start").asText()).isEqualTo("1971-07-28");
  }

  @Test
  @DisplayName("issue 8, class 3: MII patient-4's cisplatin (2020-09-17, 804 days before the recordedDate) is the "
      + "gastric cancer's first line; the diagnosis is dated from it")
  void miiPatientFourCisplatinIsAttributed() throws Exception {
    JsonNode c = cancer("mii-exa-test-data-patient-4", "mii-exa-test-data-patient-4-diagnose-1");
    assertThat(regimens(c)).containsExactly("cisplatin");
    assertThat(c.get("status").asText()).isEqualTo("not-refractory");
    assertThat(reasonCodes(c)).contains("diagnosis-date", "setting-not-recorded");
  }

  @Test
  @DisplayName("issue 8, class 3: Synthea orphan oxaliplatin (1983, decades before the prostate cancer) is reported, "
      + "not dropped silently")
  void orphanChemotherapyIsReported() throws Exception {
    JsonNode a = assessment("11f2b925-43b2-45e4-ac34-7811a9eb9c1b");
    assertThat(a.get("unattributedTherapy")).extracting(u -> u.get("ingredient").asText()).contains("oxaliplatin");
    assertThat(reasonCodes(a.get("cancers").get(0))).contains("unattributed-therapy");
  }

  /** Writes every fixture patient's assessment summary to target/ (the before/after table of the report). */
  @Test
  void dumpsEveryFixturePatient() throws Exception {
    IGenericClient client = PublicFixtures.client(ctx, port);
    TreeSet<String> ids = new TreeSet<>();
    Bundle b = client.search().forResource(Patient.class).count(500).returnBundle(Bundle.class).execute();
    while (b != null) {
      b.getEntry().forEach(e -> ids.add(e.getResource().getIdElement().getIdPart()));
      b = b.getLink(Bundle.LINK_NEXT) != null ? client.loadPage().next(b).execute() : null;
    }
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      if (id.startsWith("demo-")) {
        continue;
      }
      JsonNode a = assessment(id);
      for (JsonNode c : a.get("cancers")) {
        StringBuilder sb = new StringBuilder();
        sb.append(id).append(" | ").append(c.get("condition").asText()).append(" | ").append(c.get("cancer").asText())
            .append(" | ").append(c.get("status").asText()).append(" |");
        for (JsonNode l : c.get("lines")) {
          List<String> ing = new ArrayList<>();
          l.get("regimen").forEach(i -> ing.add(i.asText()));
          sb.append(" L").append(l.get("number").asInt()).append(' ').append(String.join("+", ing)).append(" [")
              .append(l.get("setting").asText()).append(", ").append(l.get("start").asText()).append("..")
              .append(l.get("end").asText()).append(", ").append(l.get("endReason").asText()).append("]");
        }
        sb.append(" | reasons:");
        c.get("reasons").forEach(r -> sb.append(' ').append(r.get("code").asText()));
        out.add(sb.toString());
        out.add("    narrative: " + c.get("narrative").asText());
        c.get("reasons").forEach(r -> out.add("    - " + r.get("code").asText() + ": " + r.get("text").asText()));
      }
    }
    Path target = Path.of("target", "stage-fixture-assessments.txt");
    Files.createDirectories(target.getParent());
    Files.write(target, out);
    assertThat(out).isNotEmpty();
  }
}
