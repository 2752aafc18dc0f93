package io.github.oncorefract.adapter.ops;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.routing.FaultClassifier;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code fhirServer} health: UP only while the FHIR server answers {@code GET [base]/metadata} with a
 * CapabilityStatement; DOWN with the sanitised reason otherwise. Part of {@code /actuator/health}.
 */
@Component("fhirServer")
public class FhirServerHealthIndicator implements HealthIndicator {

  private final ObjectProvider<IGenericClient> client;

  public FhirServerHealthIndicator(ObjectProvider<IGenericClient> client) {
    this.client = client;
  }

  @Override
  public Health health() {
    try {
      CapabilityStatement cs = client.getObject().capabilities().ofType(CapabilityStatement.class).execute();
      return Health.up().withDetail("fhirVersion", String.valueOf(cs.getFhirVersion())).build();
    } catch (RuntimeException e) {
      return Health.down().withDetail("reason", FaultClassifier.sanitisedReason(e)).build();
    }
  }
}
