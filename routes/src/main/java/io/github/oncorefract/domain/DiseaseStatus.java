package io.github.oncorefract.domain;

/**
 * Normalised disease status or response. Sources: mCODE CancerDiseaseStatus (LOINC 97509-4, SNOMED 271299001
 * worsened, 359746009 stable, 268910001 improved, 709137006 undetermined); MII/oBDS course (SNOMED 396432002 with
 * P, Y, K, V, T, D, B); response codes (CR, PR, SD, PD).
 */
public enum DiseaseStatus {
  PROGRESSION(true),
  RECURRENCE(true),
  STABLE(false),
  IMPROVED(false),
  PARTIAL_RESPONSE(false),
  COMPLETE_RESPONSE(false),
  UNDETERMINED(false);

  private final boolean progression;

  DiseaseStatus(boolean progression) {
    this.progression = progression;
  }

  /** True for progression and recurrence, the events the refractory rules count. */
  public boolean isProgression() {
    return progression;
  }
}
