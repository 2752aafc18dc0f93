package io.github.oncorefract.domain;

import java.time.LocalDate;

/**
 * A dated procedure of interest.
 *
 * @param kind      procedure kind
 * @param start     first day (UTC)
 * @param end       last day, or {@code null}
 * @param intent    intent when recorded
 * @param condition the Condition it is for (reasonReference), or {@code null}
 * @param source    the Procedure
 */
public record ProcedureEvent(
    ProcedureKind kind,
    LocalDate start,
    LocalDate end,
    TreatmentIntent intent,
    ResourceRef condition,
    ResourceRef source) {}
