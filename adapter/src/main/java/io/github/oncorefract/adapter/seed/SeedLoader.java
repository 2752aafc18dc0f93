package io.github.oncorefract.adapter.seed;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.util.BundleBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads FHIR R4 data into a server through its REST API, keeping the data's own ids. Spring-free: construct it with
 * an {@link IGenericClient} and the application's {@link FhirContext} (tests use {@code FhirContext.forR4Cached()}).
 *
 * <p><b>Files</b> ({@link #loadPath}): a folder is read recursively; {@code *.json} files may hold a Bundle of any type
 * (transaction, batch, collection, searchset, document ...) or a single resource, {@code *.ndjson} files one resource
 * per line; other files are ignored. All resources of all files are then
 * <ol>
 *   <li>given their target id: the {@code PUT Type/id} url of a transaction entry, else the resource's own id, else
 *       (conditional create, {@code ifNoneExist} or {@code PUT Type?criteria}) a name-based UUID of
 *       {@code Type?criteria} so the same conditional create in several files lands on one resource, else the uuid of
 *       an {@code urn:uuid:} fullUrl or the id in an absolute fullUrl, else a name-based UUID of file and entry index
 *       (deterministic: re-loading the same folder updates instead of duplicating);</li>
 *   <li>rewritten so that references to a Bundle entry's {@code fullUrl} ({@code urn:uuid:...} or absolute) become
 *       {@code Type/id};</li>
 *   <li>de-duplicated by {@code Type/id} (the later file wins; when the server refuses the later version, the earlier
 *       ones are tried in turn);</li>
 *   <li>sorted in dependency order across all files: Patient; Organization, Practitioner, PractitionerRole, Location,
 *       Device, RelatedPerson; Medication, Substance; Encounter; Specimen; Condition; Procedure; then every other type;
 *       then List, Composition, Provenance, AuditEvent. (Encounter precedes Condition because far more resources point
 *       at their Encounter than Encounters at Conditions; the remaining cycles are resolved by the server's
 *       placeholder targets, see the embedded server's storage settings.)</li>
 *   <li>sent as transactions of {@code batchSize} {@code PUT Type/id} entries; a refused transaction is split in
 *       halves and retried, down to single {@code PUT}s, to isolate the refused resources.</li>
 * </ol>
 * Nothing is fatal: unreadable files, unparseable JSON or NDJSON lines and refused resources are recorded in the
 * {@link SeedReport} (HAPI error code, short message, resource type and id; never bodies or names) and skipped.
 *
 * <p><b>Transactions</b> ({@link #loadTransactions}): Bundles built for the purpose (the demo cohort) are sent as they
 * are; a refused one is then loaded through the same per-resource pipeline as files.
 *
 * <p>Not thread-safe: one load at a time per instance.
 */
public final class SeedLoader {

  /** Entries per transaction unless told otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 250;

  private static final Logger log = LoggerFactory.getLogger(SeedLoader.class);
  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
  private static final Pattern HAPI_CODE = Pattern.compile("HAPI-\\d{4}");
  private static final Pattern ABSOLUTE_URL_ID =
      Pattern.compile("^[a-z]+://.*/([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(/_history/[^/]+)?$");
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");
  private static final int MAX_MESSAGE = 200;

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
  }

  /**
   * Loads every {@code *.json} and {@code *.ndjson} file under {@code root} (recursively, in path order), or the one
   * file when {@code root} is a file.
   *
   * @param root folder or file
   * @return what was loaded and refused; a missing root gives a report with one {@code IO} refusal
   */
  public SeedReport loadPath(Path root) {
    long start = System.nanoTime();
    Batch batch = new Batch();
    List<Path> files;
    try {
      files = listFiles(root);
    } catch (IOException | UncheckedIOException e) {
      batch.refused.add(new SeedReport.Refusal(String.valueOf(root.getFileName()), null, null, "IO",
          "cannot list the seed folder: " + e.getClass().getSimpleName()));
      batch.filesRefused++;
      return batch.report(start);
    }
    for (Path file : files) {
      String source = Files.isDirectory(root) ? root.relativize(file).toString() : file.getFileName().toString();
      batch.filesRead++;
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        batch.filesRefused++;
        batch.refused.add(new SeedReport.Refusal(source, null, null, "IO",
            "cannot read file: " + e.getClass().getSimpleName()));
        continue;
      }
      if (isNdjson(file)) {
        readNdjson(source, text, batch);
      } else {
        try {
          collect(source, parser().parseResource(text), batch);
        } catch (DataFormatException | ClassCastException e) {
          batch.filesRefused++;
          batch.refused.add(parseRefusal(source, e));
        }
      }
    }
    log.debug("Seed folder read: {} files, {} resources", batch.filesRead, batch.read);
    write(batch);
    return batch.report(start);
  }

  /**
   * Sends each Bundle as a transaction as it is; a Bundle the server refuses is loaded resource by resource through
   * the file pipeline (ids, urn:uuid rewriting, order, per-resource fallback) and its refusals reported.
   *
   * @param source  label for the report, e.g. {@code demo}
   * @param bundles transaction Bundles
   * @return what was loaded and refused
   */
  public SeedReport loadTransactions(String source, List<Bundle> bundles) {
    long start = System.nanoTime();
    Batch total = new Batch();
    for (int i = 0; i < bundles.size(); i++) {
      Bundle bundle = bundles.get(i);
      String label = source + "#" + i;
      int resources = (int) bundle.getEntry().stream().filter(BundleEntryComponent::hasResource).count();
      try {
        client.transaction().withBundle(bundle).execute();
        total.read += resources;
        total.loaded += resources;
      } catch (BaseServerResponseException e) {
        log.debug("Transaction {} refused ({}); loading it resource by resource", label, codeOf(e));
        Batch retry = new Batch();
        collect(label, bundle, retry);
        write(retry);
        total.add(retry);
      }
    }
    return total.report(start);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reading

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

  private void readNdjson(String source, String text, Batch batch) {
    String[] lines = text.split("\\R");
    IParser parser = parser();
    for (int n = 0; n < lines.length; n++) {
      if (lines[n].isBlank()) {
        continue;
      }
      String lineSource = source + ":" + (n + 1);
      try {
        collect(lineSource, parser.parseResource(lines[n]), batch);
      } catch (DataFormatException | ClassCastException e) {
        batch.refused.add(parseRefusal(lineSource, e));
      }
    }
  }

  private static SeedReport.Refusal parseRefusal(String source, RuntimeException e) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    // Jackson appends a location block that may quote content: keep only the first sentence.
    int cut = text.indexOf("[Source");
    if (cut > 0) {
      text = text.substring(0, cut);
    }
    return new SeedReport.Refusal(source, null, null, "PARSE", sanitize(text));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Flattening: ids and references

  private void collect(String source, IBaseResource parsed, Batch batch) {
    if (parsed instanceof Bundle bundle) {
      collectBundle(source, bundle, batch);
      return;
    }
    Resource resource = (Resource) parsed;
    batch.read++;
    String id = ownId(resource);
    if (id == null) {
      id = nameUuid("file:" + source);
    }
    resource.setIdElement(new IdType(resource.fhirType(), id));
    batch.add(new Item(source, resource.fhirType(), id, resource));
  }

  private void collectBundle(String source, Bundle bundle, Batch batch) {
    boolean transaction = bundle.getType() == BundleType.TRANSACTION || bundle.getType() == BundleType.BATCH;
    Map<String, String> fullUrlToReference = new HashMap<>();
    List<Item> items = new ArrayList<>();
    List<BundleEntryComponent> entries = bundle.getEntry();
    for (int i = 0; i < entries.size(); i++) {
      BundleEntryComponent entry = entries.get(i);
      if (!entry.hasResource()) {
        continue; // DELETE, GET ... without a resource: nothing to load
      }
      batch.read++;
      Resource resource = entry.getResource();
      if (bundle.getType() == BundleType.SEARCHSET && entry.hasSearch()
          && entry.getSearch().getMode() == Bundle.SearchEntryMode.OUTCOME) {
        batch.skipped++;
        continue;
      }
      HTTPVerb method = transaction && entry.hasRequest() ? entry.getRequest().getMethod() : null;
      if (transaction && method != null && method != HTTPVerb.POST && method != HTTPVerb.PUT) {
        batch.skipped++;
        continue;
      }
      String type = resource.fhirType();
      String id = targetId(source, i, entry, resource, transaction);
      if (entry.hasFullUrl()) {
        fullUrlToReference.put(entry.getFullUrl(), type + "/" + id);
      }
      items.add(new Item(source + "#" + i, type, id, resource));
    }
    for (Item item : items) {
      rewriteReferences(item.resource(), fullUrlToReference);
      item.resource().setIdElement(new IdType(item.type(), item.id()));
      batch.add(item);
    }
  }

  private static String targetId(String source, int index, BundleEntryComponent entry, Resource resource,
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
    return nameUuid("entry:" + source + "#" + index);
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
  // Writing

  private void write(Batch batch) {
    List<Item> ordered = new ArrayList<>(batch.items.values());
    ordered.sort(Comparator.comparingInt(item -> RANKS.getOrDefault(item.type(), TYPE_ORDER.size())));
    batch.items.clear();
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
    chunk.forEach(item -> builder.addTransactionUpdateEntry(item.resource()));
    try {
      client.transaction().withBundle(builder.getBundle()).execute();
      batch.loaded += chunk.size();
      return;
    } catch (FhirClientConnectionException e) {
      if (!(rootCauseOf(e) instanceof SocketTimeoutException)) {
        log.warn("Seed transaction of {} entries failed without an answer from the server: {}", chunk.size(),
            rootCause(e));
        chunk.forEach(item -> batch.refused.add(new SeedReport.Refusal(item.source(), item.type(), item.id(),
            "CONNECTION", "no answer from the server")));
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

  private void sendOne(Item item, Batch batch) {
    try {
      client.update().resource(item.resource()).execute();
      batch.loaded++;
    } catch (FhirClientConnectionException e) {
      log.warn("Seed update failed without an answer from the server: {}", rootCause(e));
      batch.refused.add(new SeedReport.Refusal(item.source(), item.type(), item.id(), "CONNECTION",
          "no answer from the server"));
    } catch (BaseServerResponseException e) {
      if (!item.earlier().isEmpty()) {
        Item fallback = item.earlier().get(0);
        log.debug("Seed {}/{} from {} refused ({}); trying its version from {}", item.type(), item.id(),
            item.source(), codeOf(e), fallback.source());
        sendOne(new Item(fallback.source(), fallback.type(), fallback.id(), fallback.resource(),
            item.earlier().subList(1, item.earlier().size())), batch);
        return;
      }
      batch.refused.add(new SeedReport.Refusal(item.source(), item.type(), item.id(), codeOf(e), messageOf(e)));
    } catch (RuntimeException e) {
      batch.refused.add(new SeedReport.Refusal(item.source(), item.type(), item.id(),
          e.getClass().getSimpleName(), "client error"));
    }
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
   * A resource ready to be written as {@code PUT type/id}.
   *
   * @param earlier versions of the same {@code Type/id} from earlier files, newest first: tried in turn when the server
   *                refuses this one (a single-resource snapshot with a broken reference must not cost the good copy of
   *                the same resource in a bundle)
   */
  private record Item(String source, String type, String id, Resource resource, List<Item> earlier) {
    Item(String source, String type, String id, Resource resource) {
      this(source, type, id, resource, List.of());
    }

    Item supersede(Item previous) {
      List<Item> versions = new ArrayList<>();
      versions.add(new Item(previous.source(), previous.type(), previous.id(), previous.resource()));
      versions.addAll(previous.earlier());
      return new Item(source, type, id, resource, List.copyOf(versions));
    }
  }

  /** Mutable counters and the de-duplicated items of one load. */
  private static final class Batch {
    final Map<String, Item> items = new LinkedHashMap<>();
    final List<SeedReport.Refusal> refused = new ArrayList<>();
    int filesRead;
    int filesRefused;
    int read;
    int loaded;
    int duplicates;
    int skipped;

    void add(Item item) {
      String key = item.type() + "/" + item.id();
      Item previous = items.get(key);
      if (previous != null) {
        duplicates++;
        item = item.supersede(previous);
      }
      items.put(key, item);
    }

    void add(Batch other) {
      filesRead += other.filesRead;
      filesRefused += other.filesRefused;
      read += other.read;
      loaded += other.loaded;
      duplicates += other.duplicates;
      skipped += other.skipped;
      refused.addAll(other.refused);
    }

    SeedReport report(long startNanos) {
      return new SeedReport(filesRead, filesRefused, read, loaded, duplicates, skipped, refused,
          Duration.ofNanos(System.nanoTime() - startNanos));
    }
  }
}
