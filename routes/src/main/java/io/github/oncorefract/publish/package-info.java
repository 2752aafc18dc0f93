/**
 * Writing back: plans one FHIR transaction per patient from the proposed resources (create, update, unchanged, or
 * preserved because a clinician changed it), with conditional creates on deterministic identifiers, version-checked
 * updates ({@code If-Match}) and a Provenance that says why, so a rerun or a retry changes nothing.
 */
package io.github.oncorefract.publish;
