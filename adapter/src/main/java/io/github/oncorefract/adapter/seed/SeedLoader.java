package io.github.oncorefract.adapter.seed;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.util.BundleBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads FHIR R4 data into a server through its REST API, keeping the data's own ids. Spring-free: construct it with
 * an {@link IGenericClient} and the application's {@link FhirContext} (tests use {@code FhirContext.forR4Cached()}).
 *
 * <p><b>Files</b> ({@link #loadPath}): a folder is read recursively; {@code *.json} files may hold a Bundle of any type
 * (transaction, batch, collection, searchset, document ...), a {@code Parameters} resource (its
 * {@code parameter[i].resource}s, also inside {@code part}, are loaded; {@code resourceType} may come anywhere in the
 * object), a bare JSON array of resources or Bundles, or a single resource; {@code *.ndjson} files one resource per
 * line; other files are ignored. All resources of all files are then
 * <ol>
 *   <li>given their target id: the {@code PUT Type/id} url of a transaction entry, else the resource's own id, else
 *       (conditional create, {@code ifNoneExist} or {@code PUT Type?criteria}) a name-based UUID of
 *       {@code Type?criteria} so the same conditional create in several files lands on one resource, else the uuid of
 *       an {@code urn:uuid:} fullUrl or the id in an absolute fullUrl, else a name-based UUID of file and entry index
 *       (deterministic: re-loading the same folder updates instead of duplicating);</li>
 *   <li>rewritten so that references to a Bundle entry's {@code fullUrl} become {@code Type/id}: first within the
 *       Bundle ({@code urn:uuid:...} or absolute), then {@code urn:uuid:}/{@code urn:oid:} fullUrls of any file;</li>
 *   <li>repaired where a reference still cannot resolve on the server (a <b>dangling reference</b>: an {@code urn:}
 *       that no entry of any file has as fullUrl, an absolute URL of another server, an unknown resource type such as
 *       {@code DiagnosticRequest/x}, an id that is no FHIR id, a bare string): the resource is kept and the reference
 *       dropped (its {@code display} and {@code identifier} stay). When that leaves a required element (minimum
 *       cardinality 1, e.g. {@code Provenance.target}, {@code Condition.subject}) empty, the first dropped reference
 *       is given back as {@code Type/<uuid>} when its type is known ({@code Reference.type}, the element's only
 *       target type, or {@code Patient} for a {@code subject}/{@code patient} that allows it) &mdash; the server then
 *       creates a placeholder &mdash; else as a logical reference ({@code identifier} system
 *       {@code urn:ietf:rfc:3986}, value the original {@code urn:}). Each repair is counted in
 *       {@link SeedReport#repairs()} by kind and element path, never by value. Relative {@code Type/id} references
 *       to absent resources are not dangling: the server creates placeholders for them;</li>
 *   <li>de-duplicated by {@code Type/id}: a later copy no longer simply replaces an earlier one. Of several copies the
 *       loader offers first the one with the latest {@code meta.lastUpdated} (when the copies have different ones: a
 *       newer version of the record is its truth), else the one with the most content after repair (the longest
 *       JSON: a copy that lost a dangling reference, or a stub, ranks below a complete one), else the one with the
 *       fewest repaired references, else the one read last; when the server refuses it, the next copies are tried
 *       in that order. {@link SeedReport#merges()} says which copy was loaded and by which rule;</li>
 *   <li>sorted in dependency order across all files: Patient; Organization, Practitioner, PractitionerRole, Location,
 *       Device, RelatedPerson; Medication, Substance; Encounter; Specimen; Condition; Procedure; then every other type;
 *       then List, Composition, Provenance, AuditEvent. (Encounter precedes Condition because far more resources point
 *       at their Encounter than Encounters at Conditions; the remaining cycles are resolved by the server's
 *       placeholder targets, see the embedded server's storage settings.)</li>
 *   <li>sent as transactions of {@code batchSize} {@code PUT Type/id} entries; a refused transaction is split in
 *       halves and retried, down to single {@code PUT}s, to isolate the refused resources.</li>
 * </ol>
 * Nothing is fatal and nothing is lost silently: every entry ends loaded, merged, refused or skipped, with its reason
 * ({@link SeedReport}: HAPI error code, short message, resource type and id; never bodies). Files are named by their
 * position ({@code file 12 of 109}) in the report and the log: Synthea names files after the patient
 * ({@code Given_Family_uuid.json}), so a file's path is logged at DEBUG only and kept in the report's
 * {@code path} fields, which are not part of their {@code toString()}.
 *
 * <p><b>Transactions</b> ({@link #loadTransactions}): Bundles built for the purpose (the demo cohort) are sent as they
 * are; a refused one is then loaded through the same per-resource pipeline as files.
 *
 * <p>Not thread-safe: one load at a time per instance.
 */
public final class SeedLoader {

  /** Entries per transaction unless told otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 250;

  /** {@link SeedReport#skippedByReason()}: a Bundle entry with no resource. */
  public static final String SKIP_NO_RESOURCE = "no-resource";
  /** {@link SeedReport#skippedByReason()}: a transaction/batch entry that is not a POST or PUT. */
  public static final String SKIP_NOT_A_WRITE = "not-a-write";
  /** {@link SeedReport#skippedByReason()}: an OperationOutcome entry of a searchset. */
  public static final String SKIP_SEARCH_OUTCOME = "search-outcome";

  private static final Logger log = LoggerFactory.getLogger(SeedLoader.class);
  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
  private static final Pattern HAPI_CODE = Pattern.compile("HAPI-\\d{4}");
  private static final Pattern ABSOLUTE_URL_ID =
      Pattern.compile("^[a-z]+://.*/([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(/_history/[^/]+)?$");
  private static final Pattern RELATIVE_REFERENCE =
      Pattern.compile("^([A-Za-z]+)/([^/]+)(/_history/[^/]+)?$");
  private static final Pattern TARGET_TYPES = Pattern.compile("Reference\\(([^)]*)\\)");
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");
  private static final int MAX_MESSAGE = 200;
  private static final String URI_SYSTEM = "urn:ietf:rfc:3986";

  /** Load order by resource type; unlisted types rank just before the last group. */
  private static final List<List<String>> TYPE_ORDER = List.of(
      List.of("Patient"),
      List.of("Organization", "Practitioner", "PractitionerRole", "Location", "Device", "RelatedPerson"),
      List.of("Medication", "Substance"),
      List.of("Encounter"),
      List.of("Specimen"),
      List.of("Condition"),
      List.of("Procedure"));
  private static final List<String> LAST_TYPES = List.of("List", "Composition", "Provenance", "AuditEvent");
  private static final Map<String, Integer> RANKS = ranks();

  private final IGenericClient client;
  private final FhirContext fhirContext;
  private final int batchSize;
  private final Set<String> resourceTypes;
  private final ObjectMapper json = new ObjectMapper();

  /** A loader with {@link #DEFAULT_BATCH_SIZE} entries per transaction. */
  public SeedLoader(IGenericClient client, FhirContext fhirContext) {
    this(client, fhirContext, DEFAULT_BATCH_SIZE);
  }

  /**
   * @param client      client of the target server (its base URL); its timeouts must allow a transaction of
   *                    {@code batchSize} entries (seconds on a small machine)
   * @param fhirContext an R4 context
   * @param batchSize   entries per transaction, at least 1
   * @throws IllegalArgumentException when the context is not R4 or batchSize is below 1
   */
  public SeedLoader(IGenericClient client, FhirContext fhirContext, int batchSize) {
    this.client = Objects.requireNonNull(client, "client");
    this.fhirContext = Objects.requireNonNull(fhirContext, "fhirContext");
    if (!fhirContext.getVersion().getVersion().equals(ca.uhn.fhir.context.FhirVersionEnum.R4)) {
      throw new IllegalArgumentException("SeedLoader needs an R4 FhirContext");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
    this.batchSize = batchSize;
    this.resourceTypes = Set.copyOf(fhirContext.getResourceTypes());
  }

  /**
   * Loads every {@code *.json} and {@code *.ndjson} file under {@code root} (recursively, in path order), or the one
   * file when {@code root} is a file.
   *
   * @param root folder or file
   * @return what was loaded, merged, refused and skipped; a missing root gives a report with one {@code IO} refusal
   */
  public SeedReport loadPath(Path root) {
    long start = System.nanoTime();
    Batch batch = new Batch();
    List<Path> files;
    try {
      files = listFiles(root);
    } catch (IOException | UncheckedIOException e) {
      batch.filesRefused++;
      batch.refuse(new SeedReport.Refusal("seed folder", null, null, "IO",
          "cannot list the seed folder: " + e.getClass().getSimpleName()));
      return batch.report(start);
    }
    for (int k = 0; k < files.size(); k++) {
      Path file = files.get(k);
      String path = Files.isDirectory(root) ? root.relativize(file).toString() : file.getFileName().toString();
      Source source = new Source("file " + (k + 1) + " of " + files.size(), path, "file:" + path);
      log.debug("Reading seed {}: {}", source.label(), path);
      batch.filesRead++;
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        batch.filesRefused++;
        batch.refuse(new SeedReport.Refusal(source.label(), null, null, "IO",
            "cannot read file: " + e.getClass().getSimpleName(), path));
        continue;
      }
      if (isNdjson(file)) {
        readNdjson(source, text, batch);
      } else if (text.stripLeading().startsWith("[")) {
        readArray(source, text, batch);
      } else {
        try {
          collect(source, parser().parseResource(text), batch);
        } catch (DataFormatException | ClassCastException e) {
          batch.filesRefused++;
          batch.refuse(parseRefusal(source, e));
        }
      }
    }
    log.debug("Seed folder read: {} files, {} entries", batch.filesRead, batch.read);
    write(batch);
    return batch.report(start);
  }

  /**
   * Sends each Bundle as a transaction as it is; a Bundle the server refuses is loaded resource by resource through
   * the file pipeline (ids, urn:uuid rewriting, reference repair, order, per-resource fallback) and its refusals
   * reported.
   *
   * @param source  label for the report, e.g. {@code demo}; never a file name
   * @param bundles transaction Bundles
   * @return what was loaded and refused
   */
  public SeedReport loadTransactions(String source, List<Bundle> bundles) {
    long start = System.nanoTime();
    Batch total = new Batch();
    for (int i = 0; i < bundles.size(); i++) {
      Bundle bundle = bundles.get(i);
      String label = source + "#" + i;
      try {
        client.transaction().withBundle(bundle).execute();
        for (BundleEntryComponent entry : bundle.getEntry()) {
          total.read++;
          if (entry.hasResource()) {
            total.loaded++;
          } else {
            total.skip(SKIP_NO_RESOURCE);
          }
        }
      } catch (BaseServerResponseException e) {
        log.debug("Transaction {} refused ({}); loading it resource by resource", label, codeOf(e));
        Batch retry = new Batch();
        collect(new Source(label, null, label), bundle, retry);
        write(retry);
        total.add(retry);
      }
    }
    return total.report(start);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reading

  /**
   * Where an entry comes from.
   *
   * @param label position for the report and the log ({@code file 3 of 9}, {@code demo#2}); never a name
   * @param path  relative file path (DEBUG and the report's structured field only), or null
   * @param key   stable key for name-based ids (the relative path, so ids survive added files)
   */
  private record Source(String label, String path, String key) {
    Source entry(String what, int index) {
      return new Source(label + ", " + what + " " + index, path, key + "#" + what + index);
    }
  }

  private static List<Path> listFiles(Path root) throws IOException {
    if (Files.isRegularFile(root)) {
      return List.of(root);
    }
    if (!Files.isDirectory(root)) {
      throw new IOException("not a file or folder");
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> isNdjson(p) || p.getFileName().toString().toLowerCase().endsWith(".json"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static boolean isNdjson(Path file) {
    return file.getFileName().toString().toLowerCase().endsWith(".ndjson");
  }

  private IParser parser() {
    // Unknown elements and odd values are tolerated (and not logged: the log must not carry values).
    return fhirContext.newJsonParser()
        .setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
  }

  private void readNdjson(Source source, String text, Batch batch) {
    String[] lines = text.split("\\R");
    IParser parser = parser();
    for (int n = 0; n < lines.length; n++) {
      if (lines[n].isBlank()) {
        continue;
      }
      // Key as before ("file:<path>:<line>") so that ids of resources without one stay stable.
      Source line = new Source(source.label() + ", line " + (n + 1), source.path(), source.key() + ":" + (n + 1));
      try {
        collect(line, parser.parseResource(lines[n]), batch);
      } catch (DataFormatException | ClassCastException e) {
        batch.refuse(parseRefusal(line, e));
      }
    }
  }

  /** A bare JSON array: each element is a resource (or a Bundle / Parameters, read as such). */
  private void readArray(Source source, String text, Batch batch) {
    JsonNode array;
    try {
      array = json.readTree(text);
    } catch (JsonProcessingException e) {
      batch.filesRefused++;
      batch.refuse(new SeedReport.Refusal(source.label(), null, null, "PARSE",
          "not valid JSON (" + e.getClass().getSimpleName() + ")", source.path()));
      return;
    }
    if (array == null || !array.isArray()) {
      batch.filesRefused++;
      batch.refuse(new SeedReport.Refusal(source.label(), null, null, "PARSE", "not a JSON array or object",
          source.path()));
      return;
    }
    IParser parser = parser();
    for (int i = 0; i < array.size(); i++) {
      Source element = source.entry("element", i);
      JsonNode node = array.get(i);
      if (node == null || !node.isObject()) {
        batch.refuse(new SeedReport.Refusal(element.label(), null, null, "PARSE", "array element is not a resource",
            element.path()));
        continue;
      }
      try {
        collect(element, parser.parseResource(node.toString()), batch);
      } catch (DataFormatException | ClassCastException e) {
        batch.refuse(parseRefusal(element, e));
      }
    }
  }

  private static SeedReport.Refusal parseRefusal(Source source, RuntimeException e) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    // Jackson appends a location block that may quote content: keep only the first sentence.
    int cut = text.indexOf("[Source");
    if (cut > 0) {
      text = text.substring(0, cut);
    }
    return new SeedReport.Refusal(source.label(), null, null, "PARSE", sanitize(text), source.path());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Flattening: entries, ids and references

  private void collect(Source source, IBaseResource parsed, Batch batch) {
    if (parsed instanceof Bundle bundle) {
      collectBundle(source, bundle, batch);
      return;
    }
    if (parsed instanceof Parameters parameters) {
      collectParameters(source, parameters.getParameter(), "parameter", batch);
      return;
    }
    Resource resource = (Resource) parsed;
    batch.read++;
    String id = ownId(resource);
    if (id == null) {
      id = nameUuid(source.key());
    }
    resource.setIdElement(new IdType(resource.fhirType(), id));
    batch.collected.add(new Item(source, resource.fhirType(), id, resource));
  }

  /** The resources of a {@code Parameters} (e.g. an operation's output): each one is an entry. */
  private void collectParameters(Source source, List<ParametersParameterComponent> parameters, String what,
      Batch batch) {
    for (int i = 0; i < parameters.size(); i++) {
      ParametersParameterComponent parameter = parameters.get(i);
      Source at = source.entry(what, i);
      if (parameter.hasResource()) {
        collect(at, parameter.getResource(), batch);
      }
      if (parameter.hasPart()) {
        collectParameters(at, parameter.getPart(), "part", batch);
      }
    }
  }

  private void collectBundle(Source source, Bundle bundle, Batch batch) {
    boolean transaction = bundle.getType() == BundleType.TRANSACTION || bundle.getType() == BundleType.BATCH;
    Map<String, String> fullUrlToReference = new HashMap<>();
    List<Item> items = new ArrayList<>();
    List<BundleEntryComponent> entries = bundle.getEntry();
    for (int i = 0; i < entries.size(); i++) {
      BundleEntryComponent entry = entries.get(i);
      batch.read++;
      if (!entry.hasResource()) {
        batch.skip(SKIP_NO_RESOURCE); // DELETE, GET ... without a resource: nothing to load
        continue;
      }
      Resource resource = entry.getResource();
      if (bundle.getType() == BundleType.SEARCHSET && entry.hasSearch()
          && entry.getSearch().getMode() == Bundle.SearchEntryMode.OUTCOME) {
        batch.skip(SKIP_SEARCH_OUTCOME);
        continue;
      }
      HTTPVerb method = transaction && entry.hasRequest() ? entry.getRequest().getMethod() : null;
      if (transaction && method != null && method != HTTPVerb.POST && method != HTTPVerb.PUT) {
        batch.skip(SKIP_NOT_A_WRITE);
        continue;
      }
      String type = resource.fhirType();
      String id = targetId(source, i, entry, resource, transaction);
      if (entry.hasFullUrl()) {
        fullUrlToReference.put(entry.getFullUrl(), type + "/" + id);
        if (entry.getFullUrl().startsWith("urn:")) {
          batch.urnToReference.putIfAbsent(entry.getFullUrl(), type + "/" + id);
        }
      }
      Source at = source.entry("entry", i);
      items.add(new Item(at, type, id, resource));
    }
    for (Item item : items) {
      rewriteReferences(item.resource, fullUrlToReference);
      item.resource.setIdElement(new IdType(item.type, item.id));
      batch.collected.add(item);
    }
  }

  private static String targetId(Source source, int index, BundleEntryComponent entry, Resource resource,
      boolean transaction) {
    String type = resource.fhirType();
    if (transaction && entry.hasRequest()) {
      String url = entry.getRequest().getUrl();
      if (entry.getRequest().getMethod() == HTTPVerb.PUT && url != null) {
        if (url.startsWith(type + "/") && FHIR_ID.matcher(url.substring(type.length() + 1)).matches()) {
          return url.substring(type.length() + 1);
        }
        int query = url.indexOf('?');
        if (query >= 0) {
          return nameUuid("conditional:" + type + "?" + url.substring(query + 1));
        }
      }
    }
    String own = ownId(resource);
    if (own != null) {
      return own;
    }
    if (transaction && entry.hasRequest() && entry.getRequest().hasIfNoneExist()) {
      return nameUuid("conditional:" + type + "?" + entry.getRequest().getIfNoneExist());
    }
    String fullUrl = entry.getFullUrl();
    if (fullUrl != null) {
      if (fullUrl.startsWith("urn:uuid:") && FHIR_ID.matcher(fullUrl.substring(9)).matches()) {
        return fullUrl.substring(9);
      }
      Matcher absolute = ABSOLUTE_URL_ID.matcher(fullUrl);
      if (absolute.matches() && absolute.group(1).equals(type)) {
        return absolute.group(2);
      }
    }
    // Key as before the position labels ("entry:<path>#<index>"), so ids stay stable across releases.
    return nameUuid("entry:" + source.key().replaceFirst("^file:", "") + "#" + index);
  }

  /** The resource's own id part when it is a valid FHIR id (the parser may have put a urn or URL there). */
  private static String ownId(Resource resource) {
    if (!resource.hasIdElement() || resource.getIdElement().isEmpty()) {
      return null;
    }
    String idPart = resource.getIdElement().getIdPart();
    return idPart != null && FHIR_ID.matcher(idPart).matches() ? idPart : null;
  }

  private void rewriteReferences(Resource resource, Map<String, String> fullUrlToReference) {
    if (fullUrlToReference.isEmpty()) {
      return;
    }
    for (Reference reference : fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource,
        Reference.class)) {
      String target = reference.getReference();
      if (target != null) {
        String replacement = fullUrlToReference.get(target);
        if (replacement != null) {
          reference.setReference(replacement);
        }
      }
    }
  }

  private static String nameUuid(String key) {
    return UUID.nameUUIDFromBytes(("oncorefract-seed:" + key).getBytes(StandardCharsets.UTF_8)).toString();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Dangling references

  /**
   * Resolves {@code urn:} references against every file's fullUrls, then repairs what still dangles (see the class
   * comment). Walks every element, contained resources and extensions included.
   *
   * @return repairs made, per {@code "<kind> <Type>.<path>"}
   */
  Map<String, Integer> repairReferences(Resource resource, Map<String, String> urnToReference) {
    Map<String, Integer> repairs = new TreeMap<>();
    repair(resource, resource.fhirType(), urnToReference, repairs);
    return repairs;
  }

  private void repair(Base element, String path, Map<String, String> urnToReference, Map<String, Integer> repairs) {
    for (Property property : element.children()) {
      if (!property.hasValues()) {
        continue;
      }
      String name = property.getName();
      String childPath = path + "." + name.replace("[x]", "");
      List<Reference> dropped = new ArrayList<>();
      List<String> droppedTargets = new ArrayList<>();
      for (Base value : property.getValues()) {
        if (value == null) {
          continue;
        }
        if (value instanceof Reference reference) {
          String target = reference.getReference();
          if (target == null) {
            continue;
          }
          String resolved = urnToReference.get(target);
          if (resolved != null) {
            reference.setReference(resolved);
          } else if (dangles(target)) {
            dropped.add(reference);
            droppedTargets.add(target);
            reference.setReference(null);
          }
        } else if (value instanceof Resource contained) {
          repair(contained, path + "." + name + "(" + contained.fhirType() + ")", urnToReference, repairs);
        } else if (!value.isPrimitive()) {
          repair(value, childPath, urnToReference, repairs);
        }
      }
      if (dropped.isEmpty()) {
        continue;
      }
      boolean emptyNow = property.getValues().stream().allMatch(v -> v == null || v.isEmpty());
      int first = 0;
      if (emptyNow && minimumOf(element, name) > 0) {
        String kind = pointAtPlaceholder(dropped.get(0), droppedTargets.get(0), property);
        repairs.merge(kind + " " + childPath, 1, Integer::sum);
        first = 1;
      }
      for (int i = first; i < dropped.size(); i++) {
        repairs.merge("dropped " + childPath, 1, Integer::sum);
      }
    }
  }

  /** True when the server cannot resolve {@code target} as it stands (and would refuse the whole resource). */
  private boolean dangles(String target) {
    if (target.startsWith("#")) {
      return false; // contained
    }
    if (target.indexOf('?') > 0) {
      return false; // conditional reference: the server resolves it or creates a placeholder with its identifier
    }
    Matcher relative = RELATIVE_REFERENCE.matcher(target);
    if (relative.matches()) {
      return !resourceTypes.contains(relative.group(1)) || !FHIR_ID.matcher(relative.group(2)).matches();
    }
    return true; // urn: no file resolves, another server's URL, a bare string
  }

  /** Points a required element's reference at a placeholder target; returns the repair kind. */
  private String pointAtPlaceholder(Reference reference, String original, Property property) {
    String type = placeholderType(reference, property);
    if (type == null) {
      if (!reference.hasIdentifier()) {
        reference.setIdentifier(new Identifier().setSystem(original.startsWith("urn:") ? URI_SYSTEM : null)
            .setValue(original));
      }
      return "identifier";
    }
    String id = original.replaceFirst("^urn:(uuid|oid):", "");
    if (id.equals(original) || !FHIR_ID.matcher(id).matches() || id.chars().allMatch(Character::isDigit)) {
      id = nameUuid("dangling:" + original);
    }
    reference.setReference(type + "/" + id);
    return "placeholder";
  }

  private String placeholderType(Reference reference, Property property) {
    if (reference.hasType() && resourceTypes.contains(reference.getType())) {
      return reference.getType();
    }
    Matcher targets = TARGET_TYPES.matcher(property.getTypeCode() == null ? "" : property.getTypeCode());
    if (!targets.find()) {
      return null;
    }
    List<String> allowed = Stream.of(targets.group(1).split("\\|")).map(String::trim)
        .filter(resourceTypes::contains).toList();
    if (allowed.size() == 1) {
      return allowed.get(0);
    }
    String name = property.getName();
    if (allowed.contains("Patient") && (name.equals("subject") || name.equals("patient"))) {
      return "Patient";
    }
    return null;
  }

  /** Minimum cardinality of a child from HAPI's model definitions (the R4 {@code Property} always says 0). */
  private int minimumOf(Base parent, String childName) {
    try {
      @SuppressWarnings("unchecked")
      BaseRuntimeElementDefinition<?> definition = parent instanceof Resource resource
          ? fhirContext.getResourceDefinition(resource)
          : fhirContext.getElementDefinition((Class<? extends IBase>) parent.getClass());
      if (definition instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
        BaseRuntimeChildDefinition child = composite.getChildByName(childName);
        return child == null ? 0 : child.getMin();
      }
    } catch (RuntimeException e) {
      log.debug("No definition for a child of {}", parent.fhirType());
    }
    return 0;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Duplicates

  /**
   * Repairs every collected item, then groups them by {@code Type/id} and orders each group's copies best first
   * ({@link #BEST_FIRST}).
   */
  private List<Item> resolve(Batch batch) {
    Map<String, List<Item>> byKey = new LinkedHashMap<>();
    for (Item item : batch.collected) {
      item.repairs = repairReferences(item.resource, batch.urnToReference);
      byKey.computeIfAbsent(item.type + "/" + item.id, k -> new ArrayList<>()).add(item);
    }
    batch.collected.clear();
    IParser encoder = fhirContext.newJsonParser();
    List<Item> result = new ArrayList<>();
    for (List<Item> copies : byKey.values()) {
      if (copies.size() == 1) {
        result.add(copies.get(0));
        continue;
      }
      batch.duplicates += copies.size() - 1;
      for (int i = 0; i < copies.size(); i++) {
        copies.get(i).order = i;
      }
      copies.forEach(c -> c.length = encoder.encodeResourceToString(c.resource).length());
      List<Item> ranked = new ArrayList<>(copies);
      ranked.sort(BEST_FIRST);
      Item best = ranked.get(0);
      best.copies = copies.size();
      best.rule = decidingRule(best, ranked.get(1));
      best.alternatives = List.copyOf(ranked.subList(1, ranked.size()));
      result.add(best);
    }
    return result;
  }

  /** Latest {@code meta.lastUpdated} (when both copies have one), most content after repair, fewest repairs, last read. */
  private static final Comparator<Item> BEST_FIRST = (a, b) -> {
    Date ua = a.lastUpdated();
    Date ub = b.lastUpdated();
    if (ua != null && ub != null && !ua.equals(ub)) {
      return ub.compareTo(ua);
    }
    if (a.length != b.length) {
      return Integer.compare(b.length, a.length);
    }
    if (a.repairCount() != b.repairCount()) {
      return Integer.compare(a.repairCount(), b.repairCount());
    }
    return Integer.compare(b.order, a.order);
  };

  private static String decidingRule(Item best, Item next) {
    if (best.lastUpdated() != null && next.lastUpdated() != null && !best.lastUpdated().equals(next.lastUpdated())) {
      return "latest-last-updated";
    }
    if (best.length != next.length) {
      return "most-content";
    }
    if (best.repairCount() != next.repairCount()) {
      return "fewest-repairs";
    }
    return "latest-file";
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Writing

  private void write(Batch batch) {
    List<Item> ordered = resolve(batch);
    ordered.sort(Comparator.comparingInt(item -> RANKS.getOrDefault(item.type, TYPE_ORDER.size())));
    for (int from = 0; from < ordered.size(); from += batchSize) {
      List<Item> chunk = ordered.subList(from, Math.min(ordered.size(), from + batchSize));
      sendChunk(chunk, batch);
    }
  }

  /**
   * Sends the chunk as one transaction; when the server refuses it, halves it and retries each half, down to single
   * resources, which are sent as plain {@code PUT}s so that their refusal carries the resource's own error. A few
   * refused resources among hundreds cost a few dozen requests instead of one request per resource.
   */
  private void sendChunk(List<Item> chunk, Batch batch) {
    if (chunk.size() == 1) {
      sendOne(chunk.get(0), batch);
      return;
    }
    BundleBuilder builder = new BundleBuilder(fhirContext);
    chunk.forEach(item -> builder.addTransactionUpdateEntry(item.resource));
    try {
      client.transaction().withBundle(builder.getBundle()).execute();
      chunk.forEach(item -> batch.loaded(item, item.rule));
      return;
    } catch (FhirClientConnectionException e) {
      if (!(rootCauseOf(e) instanceof SocketTimeoutException)) {
        log.warn("Seed transaction of {} entries failed without an answer from the server: {}", chunk.size(),
            rootCause(e));
        chunk.forEach(item -> batch.refused(item, "CONNECTION", "no answer from the server"));
        return;
      }
      // Too slow for the client's read timeout: smaller transactions (PUTs are idempotent, so a transaction the
      // server committed after all is harmlessly written again).
      log.info("Seed transaction of {} entries timed out; splitting it", chunk.size());
    } catch (BaseServerResponseException e) {
      log.debug("Transaction of {} entries refused ({}); splitting it", chunk.size(), codeOf(e));
    }
    int half = chunk.size() / 2;
    sendChunk(chunk.subList(0, half), batch);
    sendChunk(chunk.subList(half, chunk.size()), batch);
  }

  /** One PUT; when refused, the item's next copy (if any) is tried, and so on. */
  private void sendOne(Item item, Batch batch) {
    Item copy = item;
    int next = 0;
    String rule = item.rule;
    while (true) {
      try {
        client.update().resource(copy.resource).execute();
        batch.loaded(item.copies > 1 ? withCopy(item, copy) : copy, rule);
        return;
      } catch (FhirClientConnectionException e) {
        log.warn("Seed update failed without an answer from the server: {}", rootCause(e));
        batch.refused(item, "CONNECTION", "no answer from the server");
        return;
      } catch (BaseServerResponseException e) {
        if (next < item.alternatives.size()) {
          Item fallback = item.alternatives.get(next++);
          log.debug("Seed {}/{} of {} refused ({}); trying its copy of {}", copy.type, copy.id, copy.source.label(),
              codeOf(e), fallback.source.label());
          copy = fallback;
          rule = (item.rule == null ? "" : item.rule) + "+fallback";
          continue;
        }
        // The refusal is the preferred copy's: the one a reader fixes first.
        Item refusedCopy = item.alternatives.isEmpty() ? item : copy;
        batch.refused(item, codeOf(e), messageOf(e), refusedCopy);
        return;
      } catch (RuntimeException e) {
        batch.refused(item, e.getClass().getSimpleName(), "client error");
        return;
      }
    }
  }

  /** The group's bookkeeping with the copy that was loaded. */
  private static Item withCopy(Item group, Item loaded) {
    Item kept = new Item(loaded.source, loaded.type, loaded.id, loaded.resource);
    kept.repairs = loaded.repairs;
    kept.copies = group.copies;
    return kept;
  }

  /** Class and message of the innermost cause: connection failures carry no resource data. */
  private static String rootCause(Throwable e) {
    Throwable root = rootCauseOf(e);
    return root.getClass().getName() + ": " + root.getMessage();
  }

  private static Throwable rootCauseOf(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /**
   * Runs {@code load} with the context's HTTP read timeout raised to at least {@code minimum}, then restores it.
   * HAPI's generic client takes its timeouts from the {@link FhirContext}'s client factory (shared by every client of
   * that context), not from the factory that built the client; seeding at start sends transactions of hundreds of
   * entries, which may take longer than an interactive read timeout on a cold server.
   *
   * @param fhirContext the context whose clients do the loading
   * @param minimum     read timeout to apply while loading (never lowers a longer one)
   * @param load        the load
   * @return what {@code load} returned
   */
  public static <T> T withMinimumReadTimeout(FhirContext fhirContext, Duration minimum, Supplier<T> load) {
    IRestfulClientFactory factory = fhirContext.getRestfulClientFactory();
    int before = factory.getSocketTimeout();
    int wanted = (int) Math.min(Integer.MAX_VALUE, minimum.toMillis());
    if (before >= wanted) {
      return load.get();
    }
    factory.setSocketTimeout(wanted);
    try {
      return load.get();
    } finally {
      // Unless someone configured the factory meanwhile (e.g. a lazily created application client).
      if (factory.getSocketTimeout() == wanted) {
        factory.setSocketTimeout(before);
      }
    }
  }

  private String codeOf(BaseServerResponseException e) {
    if (e instanceof FhirClientConnectionException) {
      return "CONNECTION";
    }
    Matcher code = HAPI_CODE.matcher(diagnostics(e));
    return code.find() ? code.group() : "HTTP-" + e.getStatusCode();
  }

  private String messageOf(BaseServerResponseException e) {
    String text = diagnostics(e).replaceFirst("^HTTP \\d+ [^:]*: ", "");
    text = HAPI_CODE.matcher(text).replaceFirst("").replaceFirst("^[:\\s]+", "");
    return sanitize(text);
  }

  private static String diagnostics(BaseServerResponseException e) {
    IBaseOperationOutcome outcome = e.getOperationOutcome();
    if (outcome instanceof OperationOutcome oo && oo.hasIssue()) {
      String joined = oo.getIssue().stream()
          .map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
          .filter(Objects::nonNull)
          .collect(Collectors.joining("; "));
      if (!joined.isBlank()) {
        return joined;
      }
    }
    return e.getMessage() == null ? "" : e.getMessage();
  }

  /** Redacts quoted values (they may carry data), collapses whitespace, caps the length. */
  static String sanitize(String text) {
    String clean = QUOTED.matcher(text).replaceAll("\"…\"").replaceAll("\\s+", " ").trim();
    return clean.length() <= MAX_MESSAGE ? clean : clean.substring(0, MAX_MESSAGE - 1) + "…";
  }

  private static Map<String, Integer> ranks() {
    Map<String, Integer> ranks = new HashMap<>();
    for (int rank = 0; rank < TYPE_ORDER.size(); rank++) {
      for (String type : TYPE_ORDER.get(rank)) {
        ranks.put(type, rank);
      }
    }
    LAST_TYPES.forEach(type -> ranks.put(type, TYPE_ORDER.size() + 1));
    return Map.copyOf(ranks);
  }

  // ---------------------------------------------------------------------------------------------------------------

  /**
   * A resource ready to be written as {@code PUT type/id}; for a {@code Type/id} read several times, the preferred
   * copy, carrying the others in {@code alternatives} (best first), tried in turn when the server refuses it.
   */
  private static final class Item {
    final Source source;
    final String type;
    final String id;
    final Resource resource;
    Map<String, Integer> repairs = Map.of();
    int copies = 1;
    String rule;
    List<Item> alternatives = List.of();
    int order;
    int length;

    Item(Source source, String type, String id, Resource resource) {
      this.source = source;
      this.type = type;
      this.id = id;
      this.resource = resource;
    }

    int repairCount() {
      return repairs.values().stream().mapToInt(Integer::intValue).sum();
    }

    Date lastUpdated() {
      return resource.getMeta().getLastUpdated();
    }
  }

  /** Mutable counters and the collected items of one load. */
  private static final class Batch {
    final List<Item> collected = new ArrayList<>();
    final Map<String, String> urnToReference = new HashMap<>();
    final List<SeedReport.Refusal> refused = new ArrayList<>();
    final List<SeedReport.Merge> merges = new ArrayList<>();
    final Map<String, Long> skipped = new TreeMap<>();
    final Map<String, Long> repairs = new TreeMap<>();
    int filesRead;
    int filesRefused;
    int read;
    int loaded;
    int duplicates;

    void skip(String reason) {
      skipped.merge(reason, 1L, Long::sum);
    }

    /** A refusal that is an entry of its own (an unreadable file or line). */
    void refuse(SeedReport.Refusal refusal) {
      read++;
      refused.add(refusal);
    }

    void loaded(Item item, String rule) {
      loaded++;
      item.repairs.forEach((k, n) -> repairs.merge(k, (long) n, Long::sum));
      if (item.copies > 1) {
        merges.add(new SeedReport.Merge(item.type, item.id, item.copies, item.source.label(), rule,
            item.source.path()));
      }
    }

    void refused(Item item, String code, String message) {
      refused(item, code, message, item);
    }

    void refused(Item item, String code, String message, Item copy) {
      refused.add(new SeedReport.Refusal(copy.source.label(), item.type, item.id, code, message,
          copy.source.path()));
      if (item.copies > 1) {
        merges.add(new SeedReport.Merge(item.type, item.id, item.copies, null, "all-refused", null));
      }
    }

    void add(Batch other) {
      filesRead += other.filesRead;
      filesRefused += other.filesRefused;
      read += other.read;
      loaded += other.loaded;
      duplicates += other.duplicates;
      other.skipped.forEach((k, n) -> skipped.merge(k, n, Long::sum));
      other.repairs.forEach((k, n) -> repairs.merge(k, n, Long::sum));
      refused.addAll(other.refused);
      merges.addAll(other.merges);
    }

    SeedReport report(long startNanos) {
      int skippedTotal = (int) skipped.values().stream().mapToLong(Long::longValue).sum();
      return new SeedReport(filesRead, filesRefused, read, loaded, duplicates, skippedTotal, skipped, repairs, merges,
          refused, Duration.ofNanos(System.nanoTime() - startNanos));
    }
  }
}
