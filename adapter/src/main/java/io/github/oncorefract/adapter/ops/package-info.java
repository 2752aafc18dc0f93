/**
 * Running the adapter: the start-up pass and its printed table, the health of the FHIR server for
 * {@code /actuator/health}, the pass meters, the gate that answers 503 to passes requested before the adapter has
 * started ({@link io.github.oncorefract.adapter.ops.PassGate}) and the configuration-error alert
 * ({@link io.github.oncorefract.adapter.ops.ConfigurationAlerts}).
 */
package io.github.oncorefract.adapter.ops;
