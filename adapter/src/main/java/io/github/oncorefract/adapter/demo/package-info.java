/**
 * The demo cohort: a deterministic, seeded generator of synthetic oncology patients written as FHIR transaction
 * Bundles, loaded into the embedded server at start and exportable to a folder for any other server.
 */
package io.github.oncorefract.adapter.demo;
