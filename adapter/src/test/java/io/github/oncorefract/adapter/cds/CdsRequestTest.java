package io.github.oncorefract.adapter.cds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading CDS requests: unknown members ignored, a missing context refused clearly, unusable prefetch as missing. */
class CdsRequestTest {

  static final FhirContext CTX = FhirContext.forR4Cached();
  final ObjectMapper json = new ObjectMapper();

  private JsonNode body(String s) throws Exception {
    return json.readTree(s);
  }

  @Test
  void unknownExtensionMembersAreIgnored() throws Exception {
    CdsRequest r = CdsRequest.parse(body("""
        {"hookInstance":"d1577c69","hook":"patient-view","fhirServer":"https://ehr.example/fhir/",
         "extension":{"com.example.flag":{"x":[1,2]}},
         "context":{"userId":"Practitioner/1","patientId":"p-1","extension":{"y":true}},
         "fhirAuthorization":{"access_token":"secret","token_type":"Bearer","scope":"patient/*.rs","subject":"c"},
         "prefetch":{"patient":null}}"""), "patient-view");
    assertThat(r.patientId()).isEqualTo("p-1");
    assertThat(r.fhirServer()).isEqualTo("https://ehr.example/fhir");
    assertThat(r.accessToken()).isEqualTo("secret");
    assertThat(r.toString()).doesNotContain("secret");
    assertThat(r.prefetch()).containsKey("patient");
  }

  @Test
  void missingContextIsA400WithAClearMessage() {
    assertThatThrownBy(() -> CdsRequest.parse(body("{\"hook\":\"patient-view\",\"hookInstance\":\"x\"}"),
        "patient-view")).isInstanceOf(CdsRequest.Invalid.class).hasMessageContaining("'context' is required");
    assertThatThrownBy(() -> CdsRequest.parse(body("{\"hook\":\"patient-view\",\"context\":{}}"), "patient-view"))
        .isInstanceOf(CdsRequest.Invalid.class).hasMessageContaining("context.patientId");
    assertThatThrownBy(() -> CdsRequest.parse(body("{\"hook\":\"order-select\",\"context\":{\"patientId\":\"p\"}}"),
        "patient-view")).isInstanceOf(CdsRequest.Invalid.class).hasMessageContaining("patient-view");
    assertThatThrownBy(() -> CdsRequest.parse(null, "patient-view")).isInstanceOf(CdsRequest.Invalid.class);
  }

  @Test
  void operationOutcomeOrNullPrefetchIsMissingAnd412WhenItCannotBeFetched() throws Exception {
    CdsPatientData data = new CdsPatientData(CTX, () -> CTX.newRestfulGenericClient("http://127.0.0.1:9/fhir"),
        List.of(URI.create("http://127.0.0.1:9/fhir")), 50);
    String patient = "{\"resourceType\":\"Patient\",\"id\":\"p-1\"}";
    String empty = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}";
    String oo = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"processing\"}]}";
    StringBuilder pf = new StringBuilder("{\"patient\":" + patient);
    for (CdsServiceCatalogue.PrefetchKey k : CdsServiceCatalogue.PREFETCH.subList(1, CdsServiceCatalogue.PREFETCH.size())) {
      pf.append(",\"").append(k.key()).append("\":").append(k.key().equals("observations") ? oo
          : k.key().equals("procedures") ? "null" : empty);
    }
    pf.append('}');
    CdsRequest notAllowed = CdsRequest.parse(body("{\"hook\":\"patient-view\",\"fhirServer\":\"https://other.example/fhir\","
        + "\"context\":{\"patientId\":\"p-1\"},\"prefetch\":" + pf + "}"), "patient-view");
    assertThatThrownBy(() -> data.assemble(notAllowed)).isInstanceOf(CdsPatientData.Unavailable.class)
        .hasMessageContaining("observations").hasMessageNotContaining("procedures")
        .hasMessageContaining("allowed-fhir-servers");

    // Allowed but unreachable: the OperationOutcome and the null are both fetched, and the failure is a 412 too.
    CdsRequest allowed = CdsRequest.parse(body("{\"hook\":\"patient-view\",\"fhirServer\":\"http://127.0.0.1:9/fhir\","
        + "\"context\":{\"patientId\":\"p-1\"},\"prefetch\":" + pf + "}"), "patient-view");
    assertThatThrownBy(() -> data.assemble(allowed)).isInstanceOf(CdsPatientData.Unavailable.class)
        .hasMessageContaining("observations, procedures").hasMessageContaining("could not be read");
  }

  /**
   * Issue 10: one impossible date in a prefetched Condition loses only that element: the Condition is kept, is still
   * the patient's cancer, and the quarantine entry names the element (no value).
   */
  @Test
  void anInvalidValueInAPrefetchResourceLosesOnlyThatElement() throws Exception {
    FhirContext ctx = FhirContext.forR4Cached();
    CdsPatientData data = new CdsPatientData(ctx, () -> ctx.newRestfulGenericClient("http://127.0.0.1:9/fhir"),
        List.of(), 50);
    StringBuilder pf = new StringBuilder("{\"patient\":{\"resourceType\":\"Patient\",\"id\":\"p-1\"}");
    for (CdsServiceCatalogue.PrefetchKey k : CdsServiceCatalogue.PREFETCH.subList(1, CdsServiceCatalogue.PREFETCH.size())) {
      pf.append(",\"").append(k.key()).append("\":");
      if (k.key().equals("conditions")) {
        pf.append("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
            + "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"good\",\"subject\":{\"reference\":\"Patient/p-1\"}}},"
            + "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"bad\",\"onsetDateTime\":\"2020-13-45\","
            + "\"recordedDate\":\"2021-02-03\",\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\","
            + "\"code\":\"C34.90\"}]},\"subject\":{\"reference\":\"Patient/p-1\"}}}]}");
      } else {
        pf.append("{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}");
      }
    }
    pf.append('}');
    CdsPatientData.Result r = data.assemble(CdsRequest.parse(body("{\"hook\":\"patient-view\","
        + "\"fhirServer\":\"https://not-allowed.example\",\"context\":{\"patientId\":\"p-1\"},\"prefetch\":" + pf + "}"),
        "patient-view"));
    assertThat(r.fetchedKeys()).isEmpty();
    assertThat(r.data().resources()).extracting(x -> x.getIdElement().getIdPart())
        .containsExactly("p-1", "good", "bad");
    org.hl7.fhir.r4.model.Condition bad = (org.hl7.fhir.r4.model.Condition) r.data().resources().get(2);
    assertThat(bad.hasOnset()).as("the invalid onset is removed").isFalse();
    assertThat(bad.getRecordedDateElement().getValueAsString()).as("the rest is kept").isEqualTo("2021-02-03");
    assertThat(r.data().quarantined()).singleElement()
        .satisfies(q -> assertThat(q.resourceType() + " " + q.resourceId() + " " + q.elementPath() + " " + q.reason())
            .isEqualTo("Condition bad onsetDateTime invalid-value"));
    assertThat(r.data().quarantined().toString()).doesNotContain("2020-13-45");
    var record = io.github.oncorefract.normalise.PatientNormaliser.withDefaultTables(ctx)
        .normalise("p-1", r.data().resources());
    assertThat(record.cancers()).as("the Condition is still the patient's cancer").singleElement()
        .satisfies(c -> assertThat(c.ref().value()).isEqualTo("Condition/bad"));
  }
}
