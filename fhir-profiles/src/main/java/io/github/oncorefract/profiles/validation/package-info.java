/**
 * Offline validation against the OncoRefract conformance package: {@link
 * io.github.oncorefract.profiles.validation.OncoRefractValidation} builds the HAPI validation support chain (the
 * package from the classpath, the FHIR R4 core definitions, snapshot generation, in-memory terminology; no
 * terminology server, no network) and {@link io.github.oncorefract.profiles.validation.ResourceValidator} validates one
 * resource against the profile for what the adapter writes, returning messages that carry no resource values.
 */
package io.github.oncorefract.profiles.validation;
