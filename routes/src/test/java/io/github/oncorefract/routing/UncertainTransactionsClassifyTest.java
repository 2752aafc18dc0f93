package io.github.oncorefract.routing;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.junit.jupiter.api.Test;

/** Which failed transactions are planned again ({@link UncertainTransactions#isUncertain}). */
class UncertainTransactionsClassifyTest {

  @Test
  void aConcurrentConditionalCreateConflictIsPlannedAgainButARefusalIsNot() {
    // 409: two transactions of a parallel pass created the adapter Device at the same instant (seen in the benchmark)
    assertThat(UncertainTransactions.isUncertain(new ResourceVersionConflictException("409"))).isTrue();
    assertThat(UncertainTransactions.isUncertain(new RuntimeException(new ResourceVersionConflictException("409"))))
        .isTrue();
    assertThat(UncertainTransactions.isUncertain(new PreconditionFailedException("412"))).isTrue();
    assertThat(UncertainTransactions.isUncertain(new InvalidRequestException("400"))).isFalse();
    assertThat(UncertainTransactions.isUncertain(new UnprocessableEntityException("422"))).isFalse();
  }
}
