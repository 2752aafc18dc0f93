/**
 * FHIR Bulk Data ({@code $export}) as a read path for population passes: the client (kick-off, status polling with
 * {@code Retry-After}, streamed NDJSON downloads, job deletion), the on-disk grouping of the exported lines per patient
 * ({@link io.github.oncorefract.ingest.bulk.PatientBuckets}), and the finder and data source that plug an export into
 * the one per-patient path ({@link io.github.oncorefract.ingest.bulk.BulkPatientFinder},
 * {@link io.github.oncorefract.ingest.bulk.StagedPatientDataSource}). Plain Java: no Spring, no Camel.
 */
package io.github.oncorefract.ingest.bulk;
