package io.github.oncorefract.ingest;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a patient with one paged search per resource type, following every {@code next} link: Condition,
 * MedicationStatement, MedicationRequest and MedicationAdministration (each with {@code _include} of its referenced
 * Medication; no wildcard includes), Observation and Procedure, and a read of the Patient. Types the server's
 * CapabilityStatement does not list are skipped (asked once per instance).
 */
public class FhirSearchPatientDataSource implements PatientDataSource {

  private static final Logger log = LoggerFactory.getLogger(FhirSearchPatientDataSource.class);

  /** Searched types and their {@code _include}, in this order. */
  static final Map<String, String> SEARCHES = new LinkedHashMap<>();

  static {
    SEARCHES.put("Condition", null);
    SEARCHES.put("MedicationStatement", "MedicationStatement:medication");
    SEARCHES.put("MedicationRequest", "MedicationRequest:medication");
    SEARCHES.put("MedicationAdministration", "MedicationAdministration:medication");
    SEARCHES.put("Observation", null);
    SEARCHES.put("Procedure", null);
  }

  private final Supplier<IGenericClient> client;
  private final int pageSize;
  private volatile Set<String> supportedTypes;

  /**
   * @param client   the configured client of the server (supplied lazily: an embedded server's port is known late)
   * @param pageSize {@code _count} per page
   */
  public FhirSearchPatientDataSource(Supplier<IGenericClient> client, int pageSize) {
    this.client = client;
    this.pageSize = pageSize;
  }

  @Override
  public PatientData fetch(String patientId) {
    IGenericClient c = client.get();
    Map<String, IBaseResource> byKey = new LinkedHashMap<>();
    int requests = 1;
    try {
      Patient patient = c.read().resource(Patient.class).withId(patientId).execute();
      byKey.put("Patient/" + patientId, patient);
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      throw new PatientNotFoundException();
    }
    Set<String> supported = supportedTypes(c);
    for (Map.Entry<String, String> search : SEARCHES.entrySet()) {
      String type = search.getKey();
      if (!supported.isEmpty() && !supported.contains(type)) {
        continue;
      }
      StringBuilder url =
          new StringBuilder(type).append("?patient=").append(encode(patientId)).append("&_count=").append(pageSize);
      if (search.getValue() != null) {
        url.append("&_include=").append(search.getValue());
      }
      Bundle page = c.search().byUrl(url.toString()).returnBundle(Bundle.class).execute();
      requests++;
      while (true) {
        for (Bundle.BundleEntryComponent e : page.getEntry()) {
          Resource r = e.getResource();
          if (r != null && r.getIdElement().hasIdPart()) {
            byKey.putIfAbsent(r.fhirType() + "/" + r.getIdElement().getIdPart(), r);
          }
        }
        if (page.getLink(Bundle.LINK_NEXT) == null) {
          break;
        }
        page = c.loadPage().next(page).execute();
        requests++;
      }
    }
    log.debug("fetched {} resources in {} requests", byKey.size(), requests);
    return new PatientData(patientId, new ArrayList<>(byKey.values()), requests);
  }

  private Set<String> supportedTypes(IGenericClient c) {
    Set<String> s = supportedTypes;
    if (s == null) {
      try {
        CapabilityStatement cs = c.capabilities().ofType(CapabilityStatement.class).execute();
        Set<String> types = new java.util.HashSet<>();
        cs.getRest().forEach(rest -> rest.getResource().forEach(res -> types.add(res.getType())));
        s = Set.copyOf(types);
        for (String type : SEARCHES.keySet()) {
          if (!s.isEmpty() && !s.contains(type)) {
            log.warn("FHIR server does not support {}: not searched", type);
          }
        }
      } catch (RuntimeException e) {
        log.warn("CapabilityStatement not readable ({}): searching every type", e.getClass().getSimpleName());
        s = Set.of();
      }
      supportedTypes = s;
    }
    return s;
  }

  static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }
}
