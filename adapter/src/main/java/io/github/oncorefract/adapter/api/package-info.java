/**
 * The operator REST API under {@code /api}: run a pass now, and read one patient's assessment without writing.
 * Errors answer with a FHIR OperationOutcome ({@code application/fhir+json}).
 */
package io.github.oncorefract.adapter.api;
