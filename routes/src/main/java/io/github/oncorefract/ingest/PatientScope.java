package io.github.oncorefract.ingest;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which patients the adapter may assess and write for ({@code adapter.scope.*}). On a shared server such as the public
 * HAPI test server this keeps the adapter to the integrator's own patients.
 *
 * @param patientIds logical Patient ids; empty means no id restriction
 * @param tag        a {@code _tag} token {@code system|code} that in-scope Patients carry, or {@code null}
 */
public record PatientScope(Set<String> patientIds, String tag) {

  public PatientScope {
    patientIds = patientIds == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(patientIds));
    tag = tag == null || tag.isBlank() ? null : tag.trim();
  }

  /** No restriction: every patient on the server. */
  public static PatientScope all() {
    return new PatientScope(Set.of(), null);
  }

  public static PatientScope ofIds(List<String> ids) {
    return new PatientScope(new TreeSet<>(ids), null);
  }

  public boolean unrestricted() {
    return patientIds.isEmpty() && tag == null;
  }

  /** A short description for logs: counts and the tag, never the ids. */
  public String describe() {
    if (unrestricted()) {
      return "all patients";
    }
    return (patientIds.isEmpty() ? "" : patientIds.size() + " listed patient(s)")
        + (tag == null ? "" : (patientIds.isEmpty() ? "" : " and ") + "tag " + tag);
  }
}
