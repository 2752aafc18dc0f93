package io.github.oncorefract.adapter.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.AdditionalRequestHeadersInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.oncorefract.domain.QuarantineEntry;
import io.github.oncorefract.ingest.PatientData;
import io.github.oncorefract.ingest.PatientNotFoundException;
import io.github.oncorefract.ingest.TolerantParsing;
import io.github.oncorefract.routing.FaultClassifier;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the engine's {@link PatientData} for one CDS request: the prefetch first, then whatever is missing fetched
 * from a FHIR server.
 *
 * <p><b>Prefetch.</b> Each key of {@link CdsServiceCatalogue#PREFETCH} may hold a Bundle of search results (entries
 * with their resources; included Medications too), or for {@code patient} the Patient (or a Bundle with it). A key
 * that is absent, or holds an OperationOutcome (the EHR's search failed) or a value that is no FHIR resource, is
 * <i>missing</i>. A {@code null} (CDS Hooks: "no data") counts as missing when the data can be fetched, and as no data
 * when it cannot. Resources are parsed like the engine's reader parses a page ({@link TolerantParsing}): a value that
 * cannot be parsed (an impossible date, a code outside its value set) is removed from its resource and quarantined
 * ({@code invalid-value}, type, id, element path; no values), and the rest of the resource is kept, so a Condition
 * with one bad {@code onsetDateTime} is still the patient's cancer (issue 10).
 *
 * <p><b>Fetching what is missing</b> (the same query as the template, paged with {@code _count}, every {@code next}
 * followed):
 * <ul>
 *   <li>the request names {@code fhirServer}: only when it is allowed ({@code adapter.cds.allowed-fhir-servers},
 *       default the adapter's own FHIR base), with a client made for this request carrying
 *       {@code fhirAuthorization.access_token} as bearer token (or, for the adapter's own server without a token, the
 *       adapter's own client). A server not allowed is never called: the token is not sent anywhere else;</li>
 *   <li>no {@code fhirServer}: the adapter's configured server, with its own client and authentication.</li>
 * </ul>
 * {@link Unavailable} (412) only when something is missing and neither way works (server not allowed, or unreadable).
 */
public final class CdsPatientData {

  private static final Logger log = LoggerFactory.getLogger(CdsPatientData.class);

  /** Data is missing and cannot be fetched: 412 with this message (no identifiers). */
  public static final class Unavailable extends RuntimeException {
    public Unavailable(String message) {
      super(message);
    }
  }

  /**
   * @param data        the patient's data
   * @param fetchedKeys the prefetch keys that were fetched from a server, in catalogue order
   */
  public record Result(PatientData data, List<String> fetchedKeys) {}

  private final FhirContext ctx;
  private final Supplier<IGenericClient> adapterClient;
  private final Set<String> allowedServers;
  private final int pageSize;

  /**
   * @param ctx            the application's one FhirContext
   * @param adapterClient  the adapter's configured client (its base is the default allowed server)
   * @param allowedServers {@code adapter.cds.allowed-fhir-servers}; empty: only the adapter's own base
   * @param pageSize       {@code _count} of fetched searches ({@code adapter.fhir.page-size})
   */
  public CdsPatientData(FhirContext ctx, Supplier<IGenericClient> adapterClient, List<URI> allowedServers,
      int pageSize) {
    this.ctx = ctx;
    this.adapterClient = adapterClient;
    this.allowedServers = allowedServers.stream().map(u -> strip(u.toString())).collect(Collectors.toSet());
    this.pageSize = pageSize;
  }

  /**
   * @param request the parsed request
   * @return the data and which keys were fetched
   * @throws Unavailable              when data is missing and can be fetched from nowhere
   * @throws PatientNotFoundException when the Patient is neither prefetched nor on the server
   */
  public Result assemble(CdsRequest request) {
    IGenericClient own = adapterClient.get(); // also configures the context's parser and client factory
    String ownBase = strip(own.getServerBase());
    IGenericClient source = null;
    String refusal = null;
    if (request.fhirServer() == null) {
      source = own;
    } else if (allowed(request.fhirServer(), ownBase)) {
      source = request.fhirServer().equals(ownBase) && request.accessToken() == null ? own
          : clientFor(request.fhirServer(), request.accessToken());
    } else {
      refusal = "fhirServer is not in adapter.cds.allowed-fhir-servers, so nothing is fetched from it";
    }

    IParser parser = ctx.newJsonParser();
    parser.setParserErrorHandler(TolerantParsing.errorHandler());
    Map<String, IBaseResource> byKey = new LinkedHashMap<>();
    List<QuarantineEntry> quarantined = new ArrayList<>();
    List<CdsServiceCatalogue.PrefetchKey> missing = new ArrayList<>();
    for (CdsServiceCatalogue.PrefetchKey key : CdsServiceCatalogue.PREFETCH) {
      JsonNode value = request.prefetch().get(key.key());
      boolean explicitNull = value != null && value.isNull();
      if (value == null || explicitNull) {
        if (!explicitNull || source != null) {
          missing.add(key);
        }
        continue;
      }
      if (!value.isObject() || "OperationOutcome".equals(value.path("resourceType").asText())) {
        missing.add(key);
        continue;
      }
      TolerantParsing.Parsed<IBaseResource> parsed;
      try {
        parsed = TolerantParsing.during(() -> parser.parseResource(value.toString()));
      } catch (DataFormatException e) {
        log.info("prefetch key {} is not a FHIR resource: treated as missing", key.key());
        missing.add(key);
        continue;
      }
      List<IBaseResource> resources = new ArrayList<>();
      if (parsed.value() instanceof Bundle b) {
        for (Bundle.BundleEntryComponent e : b.getEntry()) {
          Resource r = e.getResource();
          if (r != null && r.getIdElement().hasIdPart() && !"OperationOutcome".equals(r.fhirType())) {
            resources.add(r);
          }
        }
      } else if (parsed.value().getIdElement().hasIdPart()) {
        resources.add(parsed.value());
      }
      keep(key.type(), resources, parsed, byKey, quarantined);
    }
    if (missing.isEmpty()) {
      return new Result(new PatientData(request.patientId(), ordered(byKey), 0, quarantined), List.of());
    }
    if (source == null) {
      throw new Unavailable("Prefetch is incomplete (missing: " + keys(missing) + ") and " + refusal);
    }
    int requests = 0;
    try {
      for (CdsServiceCatalogue.PrefetchKey key : missing) {
        requests += fetch(source, key, request.patientId(), byKey, quarantined);
      }
    } catch (PatientNotFoundException e) {
      throw e;
    } catch (RuntimeException e) {
      String reason = FaultClassifier.sanitisedReason(e);
      log.warn("CDS prefetch completion failed: {}", reason);
      throw new Unavailable("Prefetch is incomplete (missing: " + keys(missing) + ") and the FHIR server could not "
          + "be read: " + reason);
    }
    return new Result(new PatientData(request.patientId(), ordered(byKey), requests, quarantined),
        missing.stream().map(CdsServiceCatalogue.PrefetchKey::key).toList());
  }

  private boolean allowed(String server, String ownBase) {
    return allowedServers.isEmpty() ? server.equals(ownBase) : allowedServers.contains(server);
  }

  private IGenericClient clientFor(String server, String token) {
    IGenericClient c = ctx.newRestfulGenericClient(server);
    AdditionalRequestHeadersInterceptor headers = new AdditionalRequestHeadersInterceptor();
    headers.addHeaderValue("Cache-Control", "no-cache");
    c.registerInterceptor(headers);
    if (token != null) {
      c.registerInterceptor(new BearerTokenAuthInterceptor(token));
    }
    return c;
  }

  private int fetch(IGenericClient c, CdsServiceCatalogue.PrefetchKey key, String patientId,
      Map<String, IBaseResource> byKey, List<QuarantineEntry> quarantined) {
    if ("Patient".equals(key.type())) {
      try {
        TolerantParsing.Parsed<Patient> read =
            TolerantParsing.during(() -> c.read().resource(Patient.class).withId(patientId).execute());
        keep("Patient", List.of(read.value()), read, byKey, quarantined);
        return 1;
      } catch (ResourceNotFoundException | ResourceGoneException e) {
        throw new PatientNotFoundException();
      }
    }
    String first = key.type() + "?patient=" + URLEncoder.encode(patientId, StandardCharsets.UTF_8) + "&_count="
        + pageSize + (key.include() == null ? "" : "&_include=" + key.include());
    TolerantParsing.Parsed<Bundle> page =
        TolerantParsing.during(() -> c.search().byUrl(first).returnBundle(Bundle.class).execute());
    int requests = 1;
    while (true) {
      List<IBaseResource> entries = new ArrayList<>();
      for (Bundle.BundleEntryComponent e : page.value().getEntry()) {
        Resource r = e.getResource();
        if (r != null && r.getIdElement().hasIdPart() && !"OperationOutcome".equals(r.fhirType())) {
          entries.add(r);
        }
      }
      keep(key.type(), entries, page, byKey, quarantined);
      if (page.value().getLink(Bundle.LINK_NEXT) == null) {
        return requests;
      }
      Bundle current = page.value();
      page = TolerantParsing.during(() -> c.loadPage().next(current).execute());
      requests++;
    }
  }

  /**
   * Keeps the resources of one response, each once by type/id, after removing every value that could not be parsed
   * ({@link TolerantParsing.Parsed#dropInvalidOf}); each removed value is a quarantined element (type, id, path). Invalid
   * values that cannot be tied to one resource are reported against the key's type with id {@code "(unknown)"}. The same
   * element-level handling as the server reader ({@code FhirSearchPatientDataSource}).
   */
  private void keep(String type, List<IBaseResource> resources, TolerantParsing.Parsed<?> response,
      Map<String, IBaseResource> byKey, List<QuarantineEntry> quarantined) {
    List<String> unattributed = new ArrayList<>(response.invalidElements());
    for (IBaseResource r : resources) {
      String rt = ctx.getResourceType(r);
      String id = r.getIdElement().getIdPart();
      List<String> invalid = response.dropInvalidOf(ctx, r);
      byKey.putIfAbsent(rt + "/" + id, r);
      for (String path : invalid) {
        quarantined.add(new QuarantineEntry(rt, id, path, "invalid-value"));
        unattributed.remove(path.substring(path.lastIndexOf('.') + 1));
      }
    }
    for (String element : unattributed) {
      quarantined.add(new QuarantineEntry(type, "(unknown)", element, "invalid-value"));
    }
  }

  /** The Patient first, as the engine's reader delivers it. */
  private static List<IBaseResource> ordered(Map<String, IBaseResource> byKey) {
    List<IBaseResource> out = new ArrayList<>();
    byKey.values().stream().filter(r -> r instanceof Patient).forEach(out::add);
    byKey.values().stream().filter(r -> !(r instanceof Patient)).forEach(out::add);
    return out;
  }

  private static String keys(List<CdsServiceCatalogue.PrefetchKey> keys) {
    return keys.stream().map(CdsServiceCatalogue.PrefetchKey::key).collect(Collectors.joining(", "));
  }

  static String strip(String url) {
    String s = url.strip();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
