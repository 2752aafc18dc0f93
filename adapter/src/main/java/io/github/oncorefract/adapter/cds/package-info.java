/**
 * The CDS Hooks 2.0 service: a card in the EHR's chart when it opens ({@code patient-view}) and when an
 * antineoplastic drug is ordered ({@code order-select}), computed by the same engine as a pass.
 *
 * <p>What belongs here: discovery ({@link io.github.oncorefract.adapter.cds.CdsServiceCatalogue}), the endpoints
 * ({@link io.github.oncorefract.adapter.cds.CdsHooksController}, {@link io.github.oncorefract.adapter.cds.CdsErrors}),
 * the EHR's JWT check ({@link io.github.oncorefract.adapter.cds.CdsJwtVerifier}), prefetch as a data source
 * ({@link io.github.oncorefract.adapter.cds.CdsPatientData}), the cards
 * ({@link io.github.oncorefract.adapter.cds.CdsCards}, {@link io.github.oncorefract.adapter.cds.OrderSelectCards}),
 * feedback and meters ({@link io.github.oncorefract.adapter.cds.CdsMetrics}). Nothing here assesses anything: every
 * call ends in {@link io.github.oncorefract.routing.AssessmentPipeline#preview(io.github.oncorefract.ingest.PatientData)},
 * the read-only twin of a pass, with the prefetch as its data.
 *
 * <p><b>Why not HAPI's {@code hapi-fhir-server-cds-hooks} (8.6.1).</b> We read its source and chose Spring MVC with
 * HAPI's parser and our own small records ({@link io.github.oncorefract.adapter.cds.CdsJson}) instead:
 * <ul>
 *   <li>its {@code CdsHooksConfig} wires prefetch through the JPA server's {@code DaoRegistry} and
 *       {@code MatchUrlService} ({@code CdsPrefetchDaoSvc}); the adapter also runs against an external server, where
 *       neither exists, and the prefetch must be fetched from the EHR's {@code fhirServer} with the EHR's token under
 *       an allow-list, which its {@code CdsPrefetchFhirClientSvc} (a new client per call, any server the request
 *       names) does not offer;</li>
 *   <li>services are registered through a second Spring context booted from annotated classes
 *       ({@code CdsHooksContextBooter}), beside our one context and our one {@code FhirContext};</li>
 *   <li>it has no JWT verification at all (CDS Hooks' "Trusting CDS Clients" is left to the integrator), and the
 *       requests are bound by its own Jackson deserialisers, where its users reported 400/500 answers for an
 *       {@code extension} member and for a missing {@code context} (hapi-fhir #5212), and OperationOutcome prefetch
 *       values breaking services (#6836);</li>
 *   <li>its JSON types would bring the module's dependencies (clinical reasoning, storage) for a few DTOs.</li>
 * </ul>
 * Our request reader ({@link io.github.oncorefract.adapter.cds.CdsRequest}) ignores every unknown member, answers a
 * missing {@code context} with a 400 that says what is needed, and treats an OperationOutcome (or {@code null}) in
 * prefetch as missing data to fetch; tests cover the three.
 *
 * <p>Override reasons use the project CodeSystem URL {@code https://oncorefract.github.io/fhir/CodeSystem/cds-override-reason}
 * ({@code CodeSystem-cds-override-reason.json} of the {@code fhir-profiles} package). A patient-view card offers
 * {@code record-incorrect}, {@code not-refractory}, {@code goals-of-care}, {@code disagree-line-count} ("Line count or
 * setting wrong"), {@code already-addressed} and {@code not-clinically-relevant}
 * ({@link io.github.oncorefract.adapter.cds.CdsCards#PATIENT_VIEW_OVERRIDE_REASONS}).
 */
package io.github.oncorefract.adapter.cds;
