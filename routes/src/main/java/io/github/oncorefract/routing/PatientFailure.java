package io.github.oncorefract.routing;

/**
 * A patient that did not complete in a pass; retried on the next pass.
 *
 * @param patientId logical Patient id
 * @param stage     where it failed: fetch, normalise, assess, propose, plan, write
 * @param reason    sanitised reason: exception type and HTTP status, never a body or identifier
 * @param transient true when the fault was transient (retried with backoff before giving up)
 */
public record PatientFailure(String patientId, String stage, String reason, boolean transient_) {}
