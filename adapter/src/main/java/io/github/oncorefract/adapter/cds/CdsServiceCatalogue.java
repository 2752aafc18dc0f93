package io.github.oncorefract.adapter.cds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services at {@code /cds-services} and their prefetch templates.
 *
 * <p>The templates ask for exactly what the engine reads per patient (the searches of
 * {@code io.github.oncorefract.ingest.FhirSearchPatientDataSource}, which this list mirrors): the Patient, and every
 * Condition, MedicationStatement, MedicationRequest and MedicationAdministration (each with {@code _include} of its
 * Medication), Observation and Procedure of the patient. A key the EHR leaves out, sends as {@code null} or answers
 * with an OperationOutcome is fetched by the same query from {@code fhirServer}.
 */
public final class CdsServiceCatalogue {

  /** Service id of the chart-open hook. */
  public static final String PATIENT_VIEW = "oncorefract-patient-view";
  /** Service id of the order-select hook. */
  public static final String ORDER_SELECT = "oncorefract-order-select";

  /**
   * One prefetch key.
   *
   * @param key     the key in {@code prefetch}
   * @param type    FHIR resource type searched (or read, for {@code patient})
   * @param include the {@code _include} asked for, or {@code null}
   */
  public record PrefetchKey(String key, String type, String include) {
    /** The query template with {@code {{context.patientId}}}. */
    public String template() {
      if ("Patient".equals(type)) {
        return "Patient/{{context.patientId}}";
      }
      return type + "?patient={{context.patientId}}" + (include == null ? "" : "&_include=" + include);
    }

    /** The query for one patient, without paging parameters. */
    public String query(String patientId) {
      return template().replace("{{context.patientId}}", patientId);
    }
  }

  /** The prefetch keys, in the order the engine's reader searches. */
  public static final List<PrefetchKey> PREFETCH = List.of(
      new PrefetchKey("patient", "Patient", null),
      new PrefetchKey("conditions", "Condition", null),
      new PrefetchKey("medicationStatements", "MedicationStatement", "MedicationStatement:medication"),
      new PrefetchKey("medicationRequests", "MedicationRequest", "MedicationRequest:medication"),
      new PrefetchKey("medicationAdministrations", "MedicationAdministration", "MedicationAdministration:medication"),
      new PrefetchKey("observations", "Observation", null),
      new PrefetchKey("procedures", "Procedure", null));

  private static final String USAGE = "Send a JWT (Authorization: Bearer) signed with RS/PS/ES keys published in a "
      + "JWKS the adapter trusts (adapter.cds.trusted-issuers), aud = this service's URL, with exp, iat, jti and kid. "
      + "Prefetch what is listed, or give fhirServer and fhirAuthorization (patient/*.rs).";

  private CdsServiceCatalogue() {}

  /** The prefetch templates as the discovery document lists them. */
  public static Map<String, String> prefetchTemplates() {
    Map<String, String> m = new LinkedHashMap<>();
    PREFETCH.forEach(p -> m.put(p.key(), p.template()));
    return m;
  }

  /** The discovery document. */
  public static CdsJson.Discovery discovery() {
    return new CdsJson.Discovery(List.of(
        new CdsJson.Service("patient-view", "OncoRefract: refractory cancer review",
            "When a chart opens: a card per cancer that is likely refractory (warning) or at risk (info) after "
                + "repeated lines of therapy, with the lines, the reasons and draft proposals (care plan, trial "
                + "referral) to record.", PATIENT_VIEW, prefetchTemplates(), USAGE),
        new CdsJson.Service("order-select", "OncoRefract: prior failure of the ordered drug class",
            "When an antineoplastic medication is ordered: a warning when the patient's cancer already progressed "
                + "on a drug of the same class (or the myeloma rule set calls it refractory).", ORDER_SELECT,
            prefetchTemplates(), USAGE)));
  }

  /** The hook a service id answers, if the id is known. */
  public static Optional<String> hookOf(String serviceId) {
    return switch (serviceId) {
      case PATIENT_VIEW -> Optional.of("patient-view");
      case ORDER_SELECT -> Optional.of("order-select");
      default -> Optional.empty();
    };
  }
}
