package io.github.oncorefract.publish;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The write plan of one patient.
 *
 * @param patientId   logical Patient id
 * @param writes      one entry per proposed resource
 * @param transaction the transaction Bundle to send, or {@code null} when nothing changes
 */
public record PublishPlan(String patientId, List<PlannedWrite> writes, Bundle transaction) {
  public PublishPlan {
    writes = List.copyOf(writes);
  }

  public boolean hasWrites() {
    return transaction != null;
  }

  public long count(WriteAction action) {
    return writes.stream().filter(w -> w.action() == action).count();
  }
}
