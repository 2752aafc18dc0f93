/**
 * The operator REST API under {@code /api}: run a pass now, read one patient's assessment without writing, and the
 * adapter's CapabilityStatement ({@code /api/metadata}).
 * Errors answer with a FHIR OperationOutcome ({@code application/fhir+json}).
 */
package io.github.oncorefract.adapter.api;
