/**
 * Reading from the FHIR server: which patients to assess in a pass ({@link io.github.oncorefract.ingest.PatientFinder}),
 * paged per-patient searches ({@link io.github.oncorefract.ingest.PatientDataSource}) and the stored incremental cursor
 * ({@link io.github.oncorefract.ingest.CursorStore}). Everything here talks FHIR REST through HAPI's generic client;
 * nothing here interprets clinical meaning.
 */
package io.github.oncorefract.ingest;
