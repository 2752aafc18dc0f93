package io.github.oncorefract.suggest;

import java.util.Set;
import org.hl7.fhir.r4.model.Resource;

/**
 * One resource the adapter wants to exist on the server.
 *
 * <p>References between proposed resources use {@link #localReference(String)} placeholders; the publisher replaces
 * them with the server id (existing resource) or a {@code urn:uuid} (created in the same transaction).
 *
 * @param key              stable key within the patient, e.g. {@code "flag:Condition/c1"}
 * @param identifierValue  deterministic value under {@link io.github.oncorefract.profiles.Canonical#ID_ASSESSMENT_OUTPUT}
 * @param resource         the desired content (no id, no meta version)
 * @param createIfAbsent   false for a retirement (an inactive Flag): written only when an earlier version exists
 * @param adapterStatuses  statuses the adapter itself writes; an existing resource in any other status was changed by
 *                         a clinician and is never overwritten (e.g. CarePlan {@code draft}, Task {@code requested})
 */
public record ProposedResource(
    String key, String identifierValue, Resource resource, boolean createIfAbsent, Set<String> adapterStatuses) {

  /** Prefix of placeholder references to another proposed resource. */
  public static final String LOCAL_PREFIX = "urn:oncorefract:key:";

  /** A placeholder reference to the proposed resource with {@code key}. */
  public static String localReference(String key) {
    return LOCAL_PREFIX + key;
  }

  public String resourceType() {
    return resource.fhirType();
  }
}
