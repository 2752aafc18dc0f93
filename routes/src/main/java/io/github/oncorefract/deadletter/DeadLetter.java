package io.github.oncorefract.deadletter;

import java.time.Instant;

/**
 * One failing patient, as kept by a {@link DeadLetterStore}. Carries no PHI: a logical id, a stage name and a reason
 * made of an exception type and HTTP status (see {@code FaultClassifier.sanitisedReason}).
 *
 * @param patientId    logical Patient id on the FHIR server
 * @param stage        where the last attempt failed: {@code fetch}, {@code normalise}, {@code assess}, {@code propose},
 *                     {@code plan}, {@code validate} or {@code write}
 * @param reason       sanitised reason of the last failure
 * @param attempts     consecutive failed passes (each after the route's own redeliveries of transient faults)
 * @param firstFailure first failure of this run of failures (UTC instant)
 * @param lastFailure  latest failure (UTC instant)
 * @param deadLettered true once the patient is a dead letter (listed at {@code GET /api/dead-letters}, no longer
 *                     pending); false while it is still retried by every pass
 */
public record DeadLetter(String patientId, String stage, String reason, int attempts, Instant firstFailure,
    Instant lastFailure, boolean deadLettered) {}
