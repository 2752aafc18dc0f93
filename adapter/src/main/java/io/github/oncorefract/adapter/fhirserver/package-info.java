/**
 * The embedded FHIR R4 server: a real HAPI FHIR JPA server (8.6.1) served by the adapter's own servlet container at
 * {@code http://localhost:<server.port>/fhir}, started only when no external server is configured
 * ({@code adapter.fhir.base-url} unset or blank, see {@link EmbeddedFhirServerCondition}).
 *
 * <p>Belongs here: the Spring wiring of HAPI's JPA configuration classes, the beans HAPI expects the application to
 * provide, the storage settings (read-after-write, placeholder reference targets), the installation of the project's
 * FHIR package into the server at start ({@link FhirPackageInstaller}), the servlet registration and the
 * conditions other packages use to tell the embedded from the external case. Not here: clients of the server
 * (package {@code config}), seeding (package {@code seed}).
 *
 * <p>Reference wiring: hapifhir/hapi-fhir-jpaserver-starter ({@code StarterJpaConfig}, {@code FhirServerConfigR4}).
 */
package io.github.oncorefract.adapter.fhirserver;
