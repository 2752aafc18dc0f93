package io.github.oncorefract.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oncorefract.domain.PatientRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code Patient.deceased[x]}: a date, or a boolean with no date (never an invented one). */
class DeceasedNormaliseTest {

  @Test
  void deceasedDateTimeIsTheDeathDate() {
    Patient p = new Patient();
    p.setId("p1");
    p.setDeceased(new DateTimeType("2023-03-01"));
    PatientRecord r = Fixtures.NORMALISER.normalise("p1", List.of(p));
    assertThat(r.deathDate()).isEqualTo(LocalDate.of(2023, 3, 1));
  }

  @Test
  @DisplayName("issue 8, class 10: deceasedBoolean without a date is never dated by lastUpdated or any other day")
  void deceasedBooleanIsNeverDatedByTheLastUpdate() {
    Patient p = new Patient();
    p.setId("p1");
    p.setDeceased(new BooleanType(true));
    p.getMeta().setLastUpdated(Date.from(Instant.parse("2024-05-06T23:30:00Z")));
    PatientRecord r = Fixtures.NORMALISER.normalise("p1", List.of(p));
    assertThat(r.deathDate()).isNull();
    assertThat(r.deceasedDateUnknown()).isTrue();
    assertThat(r.deceased()).isTrue();
  }

  @Test
  void deceasedBooleanWithoutALastUpdateHasNoDate() {
    Patient p = new Patient();
    p.setId("p1");
    p.setDeceased(new BooleanType(true));
    PatientRecord r = Fixtures.NORMALISER.normalise("p1", List.of(p));
    assertThat(r.deathDate()).isNull();
    assertThat(r.deceasedDateUnknown()).isTrue();
  }

  @Test
  void deceasedFalseIsAlive() {
    Patient p = new Patient();
    p.setId("p1");
    p.setDeceased(new BooleanType(false));
    PatientRecord r = Fixtures.NORMALISER.normalise("p1", List.of(p));
    assertThat(r.deathDate()).isNull();
    assertThat(r.deceased()).isFalse();
  }
}
