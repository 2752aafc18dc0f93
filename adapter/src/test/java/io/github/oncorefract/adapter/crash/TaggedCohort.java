package io.github.oncorefract.adapter.crash;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.adapter.demo.DemoCohortGenerator;
import io.github.oncorefract.profiles.Canonical;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A copy of the first patients of the demo cohort (the generator's default seed) under ids of its own
 * ({@code demo-0001...} becomes {@code <prefix>-0001...}, every id of the generator starts with the patient's) and a
 * tag of its own instead of {@code demo-cohort}, so an adapter scoped to that tag sees exactly these patients in the
 * shared test server; and the reads a test needs of the adapter's output for them.
 */
final class TaggedCohort {

  /** Types the adapter writes per patient with an identifier in its system. */
  static final List<String> OUTPUT_TYPES = List.of("Flag", "CarePlan", "ServiceRequest", "Task");

  private final IGenericClient client;
  private final String tagCode;
  private final SortedSet<String> patientIds;

  private TaggedCohort(IGenericClient client, String tagCode, SortedSet<String> patientIds) {
    this.client = client;
    this.tagCode = tagCode;
    this.patientIds = patientIds;
  }

  /**
   * Loads the copy into the server, one transaction per patient.
   *
   * @param ctx    the application's FhirContext
   * @param client a client of the server
   * @param prefix the id prefix replacing {@code demo}, e.g. {@code crash}
   * @param size   how many patients
   */
  static TaggedCohort load(FhirContext ctx, IGenericClient client, String prefix, int size) {
    String tagCode = prefix + "-cohort";
    SortedSet<String> ids = new TreeSet<>();
    for (Bundle b : new DemoCohortGenerator(ctx).generate(size, DemoCohortGenerator.DEFAULT_SEED)) {
      String json = ctx.newJsonParser().encodeResourceToString(b)
          .replaceAll("demo-(\\d{4})", prefix + "-$1")
          .replace("\"" + DemoCohortGenerator.TAG_CODE + "\"", "\"" + tagCode + "\"");
      Bundle copy = ctx.newJsonParser().parseResource(Bundle.class, json);
      for (Bundle.BundleEntryComponent e : copy.getEntry()) {
        if ("Patient".equals(e.getResource().fhirType())) {
          ids.add(e.getResource().getIdElement().getIdPart());
        }
      }
      client.transaction().withBundle(copy).execute();
    }
    return new TaggedCohort(client, tagCode, ids);
  }

  /** The {@code system|code} of the cohort's tag ({@code adapter.scope.tag}). */
  String scopeTag() {
    return DemoCohortGenerator.TAG_SYSTEM + "|" + tagCode;
  }

  /** The logical Patient ids. */
  SortedSet<String> patientIds() {
    return patientIds;
  }

  /**
   * The adapter's output for the cohort: per type, the resources with an identifier in
   * {@link Canonical#ID_ASSESSMENT_OUTPUT}, as {@code Type/id/_history/v -> identifier value}.
   */
  Map<String, List<Resource>> output() {
    Map<String, List<Resource>> out = new LinkedHashMap<>();
    String system = enc(Canonical.ID_ASSESSMENT_OUTPUT + "|");
    for (String type : OUTPUT_TYPES) {
      List<Resource> found = new ArrayList<>();
      for (String patient : patientIds) {
        found.addAll(all(type + "?subject=" + enc("Patient/" + patient) + "&identifier=" + system + "&_count=200"));
      }
      out.put(type, found);
    }
    return out;
  }

  /** The adapter's identifier value of a written resource. */
  static String identifier(Resource r) {
    return r.getNamedProperty("identifier").getValues().stream().map(Identifier.class::cast)
        .filter(i -> Canonical.ID_ASSESSMENT_OUTPUT.equals(i.getSystem())).map(Identifier::getValue).findFirst()
        .orElseThrow();
  }

  /** The adapter Provenances naming any of these resources ({@code Type/id}) as target, by logical id. */
  Map<String, Provenance> provenancesOf(List<String> targets) {
    Map<String, Provenance> out = new LinkedHashMap<>();
    for (int from = 0; from < targets.size(); from += 40) {
      String ids = enc(String.join(",", targets.subList(from, Math.min(targets.size(), from + 40))));
      for (Resource r : all("Provenance?target=" + ids + "&_count=200")) {
        out.put(r.getIdElement().getIdPart(), (Provenance) r);
      }
    }
    return out;
  }

  /** The {@code Type/id} of every target of a Provenance. */
  static List<String> targets(Provenance p) {
    return p.getTarget().stream().map(Reference::getReference)
        .map(ref -> new org.hl7.fhir.r4.model.IdType(ref).toUnqualifiedVersionless().getValue()).toList();
  }

  private List<Resource> all(String url) {
    List<Resource> out = new ArrayList<>();
    Bundle page = client.search().byUrl(url).returnBundle(Bundle.class)
        .withAdditionalHeader("Cache-Control", "no-cache").execute();
    while (true) {
      page.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).forEach(out::add);
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        return out;
      }
      page = client.loadPage().next(page).execute();
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
