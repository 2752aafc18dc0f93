package io.github.oncorefract.adapter.notify;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.ingest.PatientScope;
import io.github.oncorefract.ingest.TolerantParsing;
import io.github.oncorefract.routing.FaultClassifier;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the in-scope Patients a notification is about. A {@code Patient} focus is the patient; for any other focus the
 * patient is its {@code subject} (or {@code patient}) reference, taken from the carried resource when the payload had
 * one, otherwise read from the server ({@code GET [type]/[id]?_elements=subject,patient}; a deleted resource's last
 * version from its history). A focus that names nothing readable or no patient (e.g. a Medication) is ignored: the next
 * incremental pass still sees every change, so nothing is lost.
 */
public class NotificationPatientResolver {

  private static final Logger log = LoggerFactory.getLogger(NotificationPatientResolver.class);

  private final Supplier<IGenericClient> client;
  private final PatientScope scope;

  /**
   * The patients found for one notification.
   *
   * @param patientIds in-scope logical Patient ids
   * @param ignored    focus references that led to no in-scope patient (unknown, no subject, outside the scope)
   */
  public record Resolution(Set<String> patientIds, int ignored) {}

  /**
   * @param client the server's client, supplied lazily
   * @param scope  which patients may be assessed ({@code adapter.scope.*})
   */
  public NotificationPatientResolver(Supplier<IGenericClient> client, PatientScope scope) {
    this.client = client;
    this.scope = scope;
  }

  /**
   * @param n a parsed notification
   * @return its in-scope patients; nothing for a notification that is not an event
   */
  public Resolution resolve(Notification n) {
    if (!n.actionable()) {
      return new Resolution(Set.of(), 0);
    }
    Set<String> found = new TreeSet<>();
    int ignored = 0;
    for (ResourceRef ref : n.focus()) {
      String pid = patientOf(ref, n.resources().get(ref), n.deleted());
      if (pid == null) {
        ignored++;
      } else {
        found.add(pid);
      }
    }
    Set<String> allowed = inScope(found);
    ignored += found.size() - allowed.size();
    return new Resolution(allowed, ignored);
  }

  private String patientOf(ResourceRef ref, IBaseResource carried, boolean deleted) {
    if ("Patient".equals(ref.type())) {
      return ref.id();
    }
    if (carried instanceof Resource r) {
      String pid = subjectPatient(r);
      if (pid != null) {
        return pid;
      }
    }
    IGenericClient c = client.get();
    try {
      if (!deleted) {
        IBaseResource read = TolerantParsing.during(() -> c.read().resource(ref.type()).withId(ref.id())
            .elementsSubset("subject", "patient").execute()).value();
        return read instanceof Resource r ? subjectPatient(r) : null;
      }
      return fromHistory(c, ref);
    } catch (ResourceGoneException e) {
      return fromHistory(c, ref);
    } catch (ResourceNotFoundException e) {
      log.debug("notification focus not found on the server ({})", ref.type());
      return null;
    } catch (RuntimeException e) {
      // The next incremental pass finds the change by _lastUpdated: nothing is lost.
      log.warn("could not read a notification focus ({}): {}", ref.type(), FaultClassifier.sanitisedReason(e));
      return null;
    }
  }

  private String fromHistory(IGenericClient c, ResourceRef ref) {
    try {
      Bundle history = TolerantParsing.during(() -> c.history().onInstance(new IdType(ref.type(), ref.id()))
          .returnBundle(Bundle.class).count(5).execute()).value();
      for (Bundle.BundleEntryComponent e : history.getEntry()) {
        String pid = e.getResource() == null ? null : subjectPatient(e.getResource());
        if (pid != null) {
          return pid;
        }
      }
      return null;
    } catch (RuntimeException e) {
      log.debug("no history for a deleted notification focus ({})", ref.type());
      return null;
    }
  }

  /** The Patient id of the resource's {@code subject} or {@code patient} reference, or {@code null}. */
  static String subjectPatient(Resource r) {
    for (String name : new String[] {"subject", "patient"}) {
      Property p = r.getNamedProperty(name);
      if (p != null && p.hasValues()) {
        for (Base v : p.getValues()) {
          if (v instanceof Reference ref && ref.hasReference()) {
            try {
              ResourceRef target = ResourceRef.parse(ref.getReference());
              if ("Patient".equals(target.type())) {
                return target.id();
              }
            } catch (IllegalArgumentException e) {
              // not a literal reference: try the next element
            }
          }
        }
      }
    }
    return null;
  }

  private Set<String> inScope(Set<String> ids) {
    if (ids.isEmpty() || scope.unrestricted()) {
      return ids;
    }
    Set<String> allowed = new TreeSet<>(ids);
    if (!scope.patientIds().isEmpty()) {
      allowed.retainAll(scope.patientIds());
    }
    if (scope.tag() != null && !allowed.isEmpty()) {
      Set<String> tagged = new TreeSet<>();
      String url = "Patient?_id=" + enc(String.join(",", allowed)) + "&_tag=" + enc(scope.tag())
          + "&_elements=id&_count=" + allowed.size();
      try {
        Bundle b = TolerantParsing.during(() -> client.get().search().byUrl(url).returnBundle(Bundle.class)
            .execute()).value();
        b.getEntry().forEach(e -> {
          if (e.getResource() != null) {
            tagged.add(e.getResource().getIdElement().getIdPart());
          }
        });
      } catch (RuntimeException e) {
        log.warn("could not check the scope tag of notified patients: {}", FaultClassifier.sanitisedReason(e));
      }
      allowed.retainAll(tagged);
    }
    return allowed;
  }

  private static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }
}
