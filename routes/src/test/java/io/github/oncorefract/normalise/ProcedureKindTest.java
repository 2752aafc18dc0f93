package io.github.oncorefract.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.ProcedureKind;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Procedure;
import org.junit.jupiter.api.Test;

/** Autologous vs other stem-cell transplants (rule set dlbcl-scholar-1 needs ASCT). */
class ProcedureKindTest {

  private static Procedure coded(String system, String code, String display) {
    Procedure p = new Procedure();
    p.setCode(new CodeableConcept(new Coding(system, code, display)));
    return p;
  }

  private static Procedure text(String text) {
    Procedure p = new Procedure();
    p.setCode(new CodeableConcept().setText(text));
    return p;
  }

  @Test
  void autologousSnomedCodes() {
    assertThat(ProcedureNormaliser.kind(coded("http://snomed.info/sct", "425983008", null)))
        .isEqualTo(ProcedureKind.AUTOLOGOUS_STEM_CELL_TRANSPLANT);
    assertThat(ProcedureNormaliser.kind(coded("http://snomed.info/sct", "709115004", null)))
        .isEqualTo(ProcedureKind.AUTOLOGOUS_STEM_CELL_TRANSPLANT);
  }

  @Test
  void genericTransplantStaysUnspecifiedUnlessItsTextSaysAutologous() {
    assertThat(ProcedureNormaliser.kind(coded("http://snomed.info/sct", "234336002", "Hemopoietic stem cell transplant")))
        .isEqualTo(ProcedureKind.STEM_CELL_TRANSPLANT);
    assertThat(ProcedureNormaliser.kind(coded("http://snomed.info/sct", "234336002",
        "Autologous hemopoietic stem cell transplant"))).isEqualTo(ProcedureKind.AUTOLOGOUS_STEM_CELL_TRANSPLANT);
    assertThat(ProcedureNormaliser.kind(text("Allogeneic stem cell transplant")))
        .isEqualTo(ProcedureKind.STEM_CELL_TRANSPLANT);
  }

  @Test
  void textFallback() {
    assertThat(ProcedureNormaliser.kind(text("ASCT"))).isEqualTo(ProcedureKind.AUTOLOGOUS_STEM_CELL_TRANSPLANT);
    assertThat(ProcedureNormaliser.kind(text("BEAM + auto-SCT")))
        .isEqualTo(ProcedureKind.AUTOLOGOUS_STEM_CELL_TRANSPLANT);
    assertThat(ProcedureNormaliser.kind(text("Autologe Stammzelltransplantation")))
        .isEqualTo(ProcedureKind.AUTOLOGOUS_STEM_CELL_TRANSPLANT);
    // "autologous" without a transplant is not a transplant at all
    assertThat(ProcedureNormaliser.kind(text("Autologous fat graft"))).isNull();
    // stem-cell collection before the transplant is not the transplant
    assertThat(ProcedureNormaliser.kind(text("Autologous peripheral blood stem cell harvest"))).isNull();
  }
}
