/**
 * Running the adapter: the start-up pass and its printed table, and the health of the FHIR server for
 * {@code /actuator/health}.
 */
package io.github.oncorefract.adapter.ops;
