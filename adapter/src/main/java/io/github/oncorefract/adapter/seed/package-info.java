/**
 * Seeding the embedded FHIR server at start: the generated demo cohort ({@code adapter.demo.*}) and a folder of FHIR
 * JSON / NDJSON files ({@code adapter.seed.path}), loaded before the first assessment pass by an
 * {@code ApplicationRunner} with {@code @Order(0)}.
 *
 * <p>Belongs here: the Spring-free {@link io.github.oncorefract.adapter.seed.SeedLoader} (also used by tests), its
 * {@link io.github.oncorefract.adapter.seed.SeedReport}, the configuration records, the runner and the readiness
 * signal {@link io.github.oncorefract.adapter.seed.FhirServerSeedState}. Never loads into an external server.
 */
package io.github.oncorefract.adapter.seed;
