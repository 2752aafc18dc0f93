package io.github.oncorefract.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.assessment.AssessmentParameters;
import io.github.oncorefract.assessment.PatientAssessor;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.DrugExposure;
import io.github.oncorefract.domain.LineOfTherapy;
import io.github.oncorefract.domain.PatientRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, class 5, end to end from FHIR: dexamethasone in a myeloma regimen and prednisone in R-CHOP were lost because
 * the normaliser dropped every supportive ingredient before the per-cancer configuration
 * ({@code TherapyParameters.includedSupportive}) could count it. Now the normaliser keeps them apart
 * ({@link PatientRecord#supportiveExposures()}) and the assessor hands them to the line engine with the cancer's
 * parameters. No public fixture holds a myeloma or lymphoma regimen, so the records are built by hand.
 */
class SupportiveRegimenTest {

  private static final LocalDate AS_OF = LocalDate.of(2025, 1, 1);
  private static final PatientAssessor ASSESSOR =
      new PatientAssessor(AssessmentParameters.defaults(), Fixtures.CATALOG);

  private static Condition cancer(String id, String snomed) {
    Condition c = new Condition();
    c.setId(id);
    c.setSubject(new Reference("Patient/p1"));
    c.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", snomed, null)));
    c.setOnset(new DateTimeType("2022-12-01"));
    return c;
  }

  /** One administration per drug and day, named by text, for the cancer. */
  private static List<Resource> given(String conditionId, String firstDay, int everyDays, int cycles,
      String... drugs) {
    List<Resource> out = new ArrayList<>();
    LocalDate day = LocalDate.parse(firstDay);
    for (int c = 0; c < cycles; c++) {
      for (String drug : drugs) {
        MedicationAdministration ma = new MedicationAdministration();
        ma.setId(drug.replace(' ', '-') + "-" + day);
        ma.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
        ma.setSubject(new Reference("Patient/p1"));
        ma.setMedication(new CodeableConcept().setText(drug));
        ma.setEffective(new DateTimeType(day.toString()));
        ma.addReasonReference(new Reference("Condition/" + conditionId));
        out.add(ma);
      }
      day = day.plusDays(everyDays);
    }
    return out;
  }

  private static CancerAssessment assess(List<Resource> resources) {
    PatientRecord rec = Fixtures.NORMALISER.normalise("p1", resources);
    return ASSESSOR.assess(rec, AS_OF).cancers().get(0);
  }

  @Test
  @DisplayName("issue 8, class 5: the normaliser keeps supportive exposures apart, never among the antineoplastic ones")
  void supportiveExposuresAreKeptApart() {
    List<Resource> rs = new ArrayList<>(List.of(cancer("mm", "109989006")));
    rs.addAll(given("mm", "2023-01-02", 21, 2, "Bortezomib", "Dexamethasone 40 mg", "Ondansetron"));
    PatientRecord rec = Fixtures.NORMALISER.normalise("p1", rs);
    assertThat(rec.exposures()).extracting(DrugExposure::ingredient).containsOnly("bortezomib");
    assertThat(rec.supportiveExposures()).extracting(DrugExposure::ingredient)
        .containsOnly("dexamethasone", "ondansetron").hasSize(4);
    assertThat(rec.quarantined()).isEmpty();
  }

  @Test
  @DisplayName("issue 8, class 5: myeloma VRd from FHIR reads as VRd, not bortezomib + lenalidomide")
  void myelomaVrd() {
    List<Resource> rs = new ArrayList<>(List.of(cancer("mm", "109989006")));
    rs.addAll(given("mm", "2023-01-02", 21, 8, "Bortezomib", "Lenalidomide", "Dexamethasone"));
    CancerAssessment a = assess(rs);
    assertThat(a.lines()).singleElement().extracting(LineOfTherapy::regimenLabel)
        .isEqualTo("bortezomib + dexamethasone + lenalidomide");
  }

  @Test
  @DisplayName("issue 8, class 5: DLBCL R-CHOP from FHIR shows prednisone")
  void dlbclRchop() {
    List<Resource> rs = new ArrayList<>(List.of(cancer("dlbcl", "109969005")));
    rs.addAll(given("dlbcl", "2023-01-02", 21, 6, "Rituximab", "Cyclophosphamide", "Doxorubicin", "Vincristine",
        "Prednisone"));
    CancerAssessment a = assess(rs);
    assertThat(a.lines()).singleElement().extracting(LineOfTherapy::regimenLabel)
        .isEqualTo("cyclophosphamide + doxorubicin + prednisone + rituximab + vincristine");
  }

  @Test
  @DisplayName("issue 8, class 5: breast cancer docetaxel with dexamethasone premedication: docetaxel alone")
  void breastPremedicationStaysOut() {
    List<Resource> rs = new ArrayList<>(List.of(cancer("breast", "254837009")));
    rs.addAll(given("breast", "2023-01-02", 21, 4, "Docetaxel", "Dexamethasone"));
    CancerAssessment a = assess(rs);
    assertThat(a.lines()).singleElement().satisfies(l -> {
      assertThat(l.regimenLabel()).isEqualTo("docetaxel");
      assertThat(l.sources()).allMatch(r -> r.id().startsWith("Docetaxel"));
    });
  }

  @Test
  @DisplayName("issue 8, class 5: a myeloma patient on dexamethasone alone has no line")
  void dexamethasoneAloneIsNoLine() {
    List<Resource> rs = new ArrayList<>(List.of(cancer("mm", "109989006")));
    rs.addAll(given("mm", "2023-01-02", 7, 4, "Dexamethasone"));
    assertThat(assess(rs).lines()).isEmpty();
  }
}
