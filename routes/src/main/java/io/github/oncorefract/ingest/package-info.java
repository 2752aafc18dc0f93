/**
 * Reading from the FHIR server: which patients to assess in a pass ({@link io.github.oncorefract.ingest.PatientFinder}),
 * paged per-patient searches ({@link io.github.oncorefract.ingest.PatientDataSource}) and the stored incremental cursor
 * ({@link io.github.oncorefract.ingest.CursorStore}). Every search is run to its end by the one
 * {@link io.github.oncorefract.ingest.FhirPager} (paging faults, {@code next} links outside the configured base, see
 * {@link io.github.oncorefract.ingest.SameOrigin}), and pages are parsed with
 * {@link io.github.oncorefract.ingest.TolerantParsing}. Everything here talks FHIR REST through HAPI's generic client;
 * nothing here interprets clinical meaning.
 */
package io.github.oncorefract.ingest;
