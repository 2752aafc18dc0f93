package io.github.oncorefract.adapter.seed;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.Map;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, class 9: a dangling reference costs the reference, never the resource. Hand-built shapes of the public
 * corpus (FINDINGS.md sections 14 and 16, SeedLoaderIT's refusals); no server: the repair runs before any request.
 */
@DisplayName("issue 8, class 9: dangling references are repaired, the resource kept")
class SeedLoaderRepairTest {

  private static final FhirContext CTX = FhirContext.forR4Cached();
  private static final String UUID_A = "urn:uuid:3c20d685-3188-70ba-7a35-7d433e3cc42e";
  private static final String UUID_B = "urn:uuid:a995913c-bca5-a008-3fe2-6d49ec990b26";

  private final SeedLoader loader = new SeedLoader(CTX.newRestfulGenericClient("http://localhost:9/fhir"), CTX);

  @Test
  void aDanglingEncounterIsDroppedAndTheConditionKept() {
    Condition c = new Condition();
    c.setSubject(new Reference("Patient/p1"));
    c.setEncounter(new Reference(UUID_A));

    Map<String, Integer> repairs = loader.repairReferences(c, Map.of());

    assertThat(repairs).containsExactly(Map.entry("dropped Condition.encounter", 1));
    assertThat(c.getEncounter().isEmpty()).isTrue();
    assertThat(CTX.newJsonParser().encodeResourceToString(c)).doesNotContain("encounter").contains("Patient/p1");
  }

  @Test
  void provenanceKeepsTheTargetsOtherFilesResolveAndDropsTheRest() {
    Provenance p = new Provenance();
    p.addTarget(new Reference(UUID_A));
    p.addTarget(new Reference(UUID_B));

    Map<String, Integer> repairs = loader.repairReferences(p, Map.of(UUID_B, "Observation/o2"));

    assertThat(repairs).containsExactly(Map.entry("dropped Provenance.target", 1));
    assertThat(p.getTarget()).extracting(Reference::getReference).containsExactly(null, "Observation/o2");
    assertThat(CTX.newJsonParser().encodeResourceToString(p)).doesNotContain(UUID_A);
  }

  @Test
  void aRequiredElementOfUnknownTargetTypeBecomesALogicalReference() {
    Provenance p = new Provenance();
    p.addTarget(new Reference(UUID_A));
    p.addTarget(new Reference(UUID_B));

    Map<String, Integer> repairs = loader.repairReferences(p, Map.of());

    // Provenance.target is 1..* of Reference(Any): the first is kept by identifier, the second dropped.
    assertThat(repairs).containsOnly(Map.entry("identifier Provenance.target", 1),
        Map.entry("dropped Provenance.target", 1));
    assertThat(p.getTargetFirstRep().hasReference()).isFalse();
    assertThat(p.getTargetFirstRep().getIdentifier().getSystem()).isEqualTo("urn:ietf:rfc:3986");
    assertThat(p.getTargetFirstRep().getIdentifier().getValue()).isEqualTo(UUID_A);
  }

  @Test
  void aRequiredSubjectPointsAtAPlaceholderPatient() {
    MedicationRequest mr = new MedicationRequest();
    mr.setSubject(new Reference("urn:uuid:0b5c0e2c-1111-4a4a-9999-123456789abc"));

    Map<String, Integer> repairs = loader.repairReferences(mr, Map.of());

    assertThat(repairs).containsExactly(Map.entry("placeholder MedicationRequest.subject", 1));
    assertThat(mr.getSubject().getReference()).isEqualTo("Patient/0b5c0e2c-1111-4a4a-9999-123456789abc");
  }

  @Test
  void anOptionalSubjectWithAnUnknownTypeIsDroppedButItsDisplayKept() {
    // mCODE csv-cancer-disease-status-bundle: Observation.subject "urn:uuid:mrn-1" (0..1, Patient|Group|Device|Location)
    Observation o = new Observation();
    o.setSubject(new Reference("urn:uuid:mrn-1").setDisplay("shown"));

    Map<String, Integer> repairs = loader.repairReferences(o, Map.of());

    assertThat(repairs).containsExactly(Map.entry("dropped Observation.subject", 1));
    assertThat(o.getSubject().hasReference()).isFalse();
    assertThat(o.getSubject().getDisplay()).isEqualTo("shown");
  }

  @Test
  void unknownTypesInvalidIdsAndOtherServersDangleTooButPlaceholdersContainedAndConditionalDoNot() {
    DiagnosticReport r = new DiagnosticReport();
    r.setSubject(new Reference("Patient/mCODEPatientExample01")); // absent: the server makes a placeholder
    r.addBasedOn(new Reference("DiagnosticRequest/dr1")); // no such type in R4 (HAPI-0931)
    r.addResult(new Reference("Observation/Primärdiagnose")); // not a FHIR id (HAPI-0521)
    r.addResult(new Reference("https://other.example.org/fhir/Observation/1")); // another server (HAPI-0507)
    r.addResult(new Reference("#contained1"));
    r.addPerformer(new Reference("Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999999999"));
    r.addExtension(new Extension("http://example.org/ext", new Reference(UUID_A)));

    Map<String, Integer> repairs = loader.repairReferences(r, Map.of());

    assertThat(repairs).containsOnly(Map.entry("dropped DiagnosticReport.basedOn", 1),
        Map.entry("dropped DiagnosticReport.result", 2),
        Map.entry("dropped DiagnosticReport.extension.value", 1));
    assertThat(r.getSubject().getReference()).isEqualTo("Patient/mCODEPatientExample01");
    assertThat(r.getResult()).extracting(Reference::getReference).containsExactly(null, null, "#contained1");
    assertThat(r.getPerformerFirstRep().getReference()).startsWith("Practitioner?identifier=");
  }
}
