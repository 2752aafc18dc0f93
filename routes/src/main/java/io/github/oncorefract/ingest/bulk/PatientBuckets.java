package io.github.oncorefract.ingest.bulk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.oncorefract.domain.QuarantineEntry;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.ingest.PatientData;
import io.github.oncorefract.ingest.PatientNotFoundException;
import io.github.oncorefract.ingest.TolerantParsing;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.publish.TransactionPublisher;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups the lines of a Bulk Data export per patient on disk, so a pass over any number of patients holds one bucket
 * at a time in memory, never the export.
 *
 * <ol>
 *   <li><b>Spool</b> ({@link #accept}): each downloaded line is appended to a raw file of its type in the work
 *       directory, as it arrives.
 *   <li><b>Bucket</b> ({@link #group}): the number of buckets K is sized from the data (about twice the spooled bytes
 *       divided by {@code bucketBytes}, at least 1), so a bucket stays under that size on average. Each line is read
 *       once with Jackson to find its type, id and patient: the Patient's own id; for other types the literal
 *       {@code Patient/<id>} reference in {@code subject}, {@code patient}, {@code for} or {@code beneficiary} (the
 *       Patient compartment's parameters for the exported types), when it has the shape of a FHIR id and, if absolute, lies within the server's base. It is written to bucket
 *       {@code floorMod(patientId.hashCode(), K)}. Medications (outside the compartment) go to a file of their own with
 *       an index by id. A line that is not a JSON resource is quarantined (its file's type, id {@code (unknown)},
 *       element {@code (line n)}, reason {@code malformed-line}; never the value) and the rest goes on; a resource with
 *       no patient reference is counted and left out (the per-patient read would not find it either).
 *   <li><b>Group</b>: one bucket at a time is read, its lines grouped by patient, and written back patient after
 *       patient to a grouped file, keeping only each patient's offset and length (and whether one of its Conditions is
 *       a cancer by the given predicate) in memory.
 *   <li><b>Read</b> ({@link #fetch}): a patient's lines are read from their offset and parsed tolerantly
 *       ({@link TolerantParsing}: an invalid value is removed and reported as type, id, element path, reason
 *       {@code invalid-value}; a resource HAPI cannot parse at all is left out as {@code unparseable}), the Medications
 *       its medication resources reference are added from the Medication index, and the adapter's earlier output (Flag,
 *       CarePlan, ServiceRequest, Task with an identifier in {@link Canonical#ID_ASSESSMENT_OUTPUT}) is returned apart
 *       in {@link PatientData#earlierOutput()}, exactly the shape {@code BatchPatientDataSource} produces; other
 *       resources of those types are left out, as the per-patient read never reads them.
 * </ol>
 *
 * The work directory is created readable by the adapter's user only (POSIX) and locked while in use;
 * {@link #close} deletes it, and {@link #sweepStale} deletes the ones a killed process left behind. {@link #fetch} is thread-safe once {@link #group} has returned; spooling
 * and grouping are single-threaded.
 */
public final class PatientBuckets implements BulkExportClient.LineSink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PatientBuckets.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The Patient compartment parameters of the exported types, in the order they are looked at. */
  private static final List<String> PATIENT_ELEMENTS = List.of("subject", "patient", "for", "beneficiary");
  private static final Set<String> OUTPUT_TYPES = Set.copyOf(TransactionPublisher.OUTPUT_TYPES);
  private static final Set<String> MEDICATION_USERS =
      Set.of("MedicationStatement", "MedicationRequest", "MedicationAdministration");
  /** A resource type's shape (compiled once: it is checked for every line). */
  private static final java.util.regex.Pattern TYPE = java.util.regex.Pattern.compile("[A-Za-z]{1,64}");
  /**
   * A FHIR logical id's shape; also required of the patient id a reference names, which becomes the key of the
   * tab-separated work files (a tab or line break in it would split a line and stop the grouping).
   */
  private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  /** Where one patient's lines lie in a grouped file. */
  private record Segment(int bucket, long offset, int length, boolean cancer) {}

  private final Path dir;
  private final FhirContext ctx;
  private final long bucketBytes;
  private final String serverBase;
  private final Map<String, BufferedWriter> raw = new LinkedHashMap<>();
  private long spooledBytes;
  private final Map<String, Segment> index = new HashMap<>();
  private final Map<String, long[]> medications = new HashMap<>();
  private final List<QuarantineEntry> unattributed = new ArrayList<>();
  private long withoutPatient;
  private int buckets;
  private boolean grouped;

  /**
   * @param workDir     a directory for this export only (created; deleted by {@link #close})
   * @param ctx         the application's FhirContext (with {@link TolerantParsing#errorHandler()} installed)
   * @param bucketBytes target size of a bucket in bytes ({@code adapter.bulk.bucket-size})
   * @throws UncheckedIOException when the directory cannot be created
   */
  public PatientBuckets(Path workDir, FhirContext ctx, long bucketBytes) {
    this(workDir, ctx, bucketBytes, null);
  }

  /**
   * @param workDir     a directory for this export only (created; deleted by {@link #close})
   * @param ctx         the application's FhirContext (with {@link TolerantParsing#errorHandler()} installed)
   * @param bucketBytes target size of a bucket in bytes ({@code adapter.bulk.bucket-size})
   * @param serverBase  the exporting server's base URL: an absolute patient reference counts only when it lies within
   *                    it (one to another server's Patient is not this server's patient of the same id); {@code null}
   *                    accepts any base
   * @throws UncheckedIOException when the directory cannot be created
   */
  public PatientBuckets(Path workDir, FhirContext ctx, long bucketBytes, String serverBase) {
    this.serverBase = serverBase;
    if (bucketBytes < 1) {
      throw new IllegalArgumentException("adapter.bulk.bucket-size must be positive");
    }
    this.dir = workDir;
    this.ctx = ctx;
    this.bucketBytes = bucketBytes;
    try {
      if (POSIX) {
        // The work files hold patient data: readable by the adapter's own user only, whatever the umask.
        Files.createDirectories(workDir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(workDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      } else {
        Files.createDirectories(workDir);
      }
      lockChannel = FileChannel.open(workDir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = lockChannel.tryLock();
    } catch (IOException e) {
      throw new UncheckedIOException("bulk work directory cannot be created", e);
    }
  }

  private static final boolean POSIX =
      java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  /** The file whose lock marks a work directory as in use by a running export (held until {@link #close}). */
  private static final String LOCK = ".lock";
  private FileChannel lockChannel;
  private java.nio.channels.FileLock lock;

  /**
   * Deletes the work directories under {@code parent} whose names start with {@code prefix} and that no running export
   * holds (their lock file is free): those left behind by a process that was killed or crashed mid-pass, which would
   * otherwise keep patient data on disk for good. A directory another process (or this one) still uses is left alone.
   *
   * @param parent the configured work directory ({@code adapter.bulk.work-dir}); absent is fine
   * @param prefix the name prefix of the per-export directories
   * @return the number of directories deleted
   */
  public static int sweepStale(Path parent, String prefix) {
    if (!Files.isDirectory(parent)) {
      return 0;
    }
    int deleted = 0;
    try (Stream<Path> children = Files.list(parent)) {
      for (Path d : (Iterable<Path>) children::iterator) {
        if (Files.isDirectory(d) && d.getFileName().toString().startsWith(prefix) && !inUse(d)) {
          deleteTree(d);
          deleted++;
        }
      }
    } catch (IOException e) {
      log.warn("bulk work directory not swept: {}", e.getClass().getSimpleName());
    }
    if (deleted > 0) {
      log.warn("deleted {} bulk work directory(ies) left behind by an earlier run", deleted);
    }
    return deleted;
  }

  private static boolean inUse(Path d) {
    Path lockFile = d.resolve(LOCK);
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      java.nio.channels.FileLock l = ch.tryLock();
      if (l == null) {
        return true;
      }
      l.release();
      return false;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return true; // held by this process
    } catch (IOException e) {
      return true; // when in doubt, leave it
    }
  }

  /** Spools one downloaded line (blank lines are skipped). */
  @Override
  public void accept(String type, long lineNumber, String line) throws IOException {
    if (grouped) {
      throw new IllegalStateException("already grouped");
    }
    if (line.isBlank()) {
      return;
    }
    String safeType = type == null || !TYPE.matcher(type).matches() ? "Unknown" : type;
    BufferedWriter w = raw.get(safeType);
    if (w == null) {
      w = Files.newBufferedWriter(dir.resolve("raw-" + safeType + ".ndjson"), StandardCharsets.UTF_8);
      raw.put(safeType, w);
    }
    w.write(line);
    w.write('\n');
    spooledBytes += line.length() + 1;
  }

  /** The number of buckets the last {@link #group} used (0 before). */
  public int bucketCount() {
    return buckets;
  }

  /**
   * Buckets and groups the spooled lines (see the class comment); the raw and bucket files are deleted as they are
   * used up.
   *
   * @param isCancer accepts a Condition that is an in-scope cancer (marks its patient as a candidate)
   * @throws UncheckedIOException on a disk failure
   */
  public void group(Predicate<Condition> isCancer) {
    if (grouped) {
      throw new IllegalStateException("already grouped");
    }
    grouped = true;
    try {
      for (BufferedWriter w : raw.values()) {
        w.close();
      }
      buckets = (int) Math.max(1, Math.min(4096, (2 * spooledBytes + bucketBytes - 1) / bucketBytes));
      BufferedWriter[] out = new BufferedWriter[buckets];
      try (BufferedWriter meds = Files.newBufferedWriter(dir.resolve("medications.ndjson"), StandardCharsets.UTF_8)) {
        long medOffset = 0;
        for (String type : raw.keySet()) {
          Path file = dir.resolve("raw-" + type + ".ndjson");
          long lineNumber = 0;
          try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
              lineNumber++;
              JsonNode node = readTree(line);
              String rt = node == null ? null : node.path("resourceType").asText(null);
              String id = node == null ? null : node.path("id").asText(null);
              if (rt == null || id == null || !TYPE.matcher(rt).matches() || !ID.matcher(id).matches()) {
                unattributed.add(new QuarantineEntry(type, "(unknown)", "(line " + lineNumber + ")",
                    "malformed-line"));
                continue;
              }
              if (rt.equals("Medication")) {
                byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
                meds.write(line);
                meds.write('\n');
                medications.put(id, new long[] {medOffset, bytes.length});
                medOffset += bytes.length;
                continue;
              }
              String pid = rt.equals("Patient") ? id : patientOf(node, serverBase);
              if (pid == null) {
                withoutPatient++;
                continue;
              }
              int b = Math.floorMod(pid.hashCode(), buckets);
              if (out[b] == null) {
                out[b] = Files.newBufferedWriter(bucketFile(b), StandardCharsets.UTF_8);
              }
              out[b].write(pid + "\t" + rt + "\t" + id + "\t" + line + "\n");
            }
          }
          Files.deleteIfExists(file);
        }
      }
      for (BufferedWriter w : out) {
        if (w != null) {
          w.close();
        }
      }
      for (int b = 0; b < buckets; b++) {
        if (out[b] != null) {
          groupBucket(b, isCancer);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("bulk export could not be grouped on disk", e);
    }
    if (withoutPatient > 0) {
      log.info("bulk export: {} resource(s) without a patient reference left out", withoutPatient);
    }
    log.debug("bulk export grouped into {} bucket(s): {} patient(s), {} medication(s)", buckets, index.size(),
        medications.size());
  }

  private Path bucketFile(int b) {
    return dir.resolve("bucket-" + b + ".tsv");
  }

  private Path groupedFile(int b) {
    return dir.resolve("grouped-" + b + ".tsv");
  }

  /** Groups one bucket in memory (bounded by the bucket size) and writes it back patient by patient. */
  private void groupBucket(int b, Predicate<Condition> isCancer) throws IOException {
    Map<String, List<String>> byPatient = new TreeMap<>();
    try (BufferedReader r = Files.newBufferedReader(bucketFile(b), StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        int tab = line.indexOf('\t');
        byPatient.computeIfAbsent(line.substring(0, tab), k -> new ArrayList<>()).add(line.substring(tab + 1));
      }
    }
    Files.delete(bucketFile(b));
    IParser parser = ctx.newJsonParser();
    long offset = 0;
    try (var out = Files.newOutputStream(groupedFile(b))) {
      for (Map.Entry<String, List<String>> e : byPatient.entrySet()) {
        boolean cancer = false;
        StringBuilder sb = new StringBuilder();
        for (String l : e.getValue()) {
          sb.append(l).append('\n');
          if (!cancer && l.startsWith("Condition\t")) {
            cancer = isCancer(parser, json(l), isCancer);
          }
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        index.put(e.getKey(), new Segment(b, offset, bytes.length, cancer));
        offset += bytes.length;
      }
    }
  }

  private static boolean isCancer(IParser parser, String json, Predicate<Condition> isCancer) {
    try {
      TolerantParsing.Parsed<Condition> c = TolerantParsing.during(() -> parser.parseResource(Condition.class, json));
      return isCancer.test(c.value());
    } catch (DataFormatException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The line without its {@code type \t id \t} prefix. */
  private static String json(String typedLine) {
    int first = typedLine.indexOf('\t');
    return typedLine.substring(typedLine.indexOf('\t', first + 1) + 1);
  }

  private static JsonNode readTree(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      return n != null && n.isObject() ? n : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * The Patient id a resource belongs to by its compartment references, or {@code null}.
   *
   * @param serverBase an absolute reference counts only when within this base; {@code null}: any base
   */
  static String patientOf(JsonNode resource, String serverBase) {
    for (String element : PATIENT_ELEMENTS) {
      JsonNode ref = resource.path(element).path("reference");
      if (ref.isTextual()) {
        if (serverBase != null && ref.asText().contains("://")
            && !io.github.oncorefract.ingest.SameOrigin.within(serverBase, ref.asText())) {
          continue; // another server's Patient: not the patient of that id here
        }
        try {
          ResourceRef r = ResourceRef.parse(ref.asText());
          if ("Patient".equals(r.type())) {
            // Not a FHIR id (a tab, a line break, a space...): no patient of the server has it.
            return ID.matcher(r.id()).matches() ? r.id() : null;
          }
        } catch (IllegalArgumentException e) {
          // not a literal reference: try the next element
        }
      }
    }
    return null;
  }

  /** Every patient of the export, sorted. */
  public SortedSet<String> patients() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(index.keySet()));
  }

  /** The patients with at least one Condition the {@link #group} predicate accepted, sorted. */
  public SortedSet<String> cancerPatients() {
    TreeSet<String> out = new TreeSet<>();
    index.forEach((pid, s) -> {
      if (s.cancer()) {
        out.add(pid);
      }
    });
    return Collections.unmodifiableSortedSet(out);
  }

  /** True when the export holds lines of this patient. */
  public boolean contains(String patientId) {
    return index.containsKey(patientId);
  }

  /** Lines that could not be tied to a patient because they were not JSON resources (no values). */
  public List<QuarantineEntry> unattributed() {
    return List.copyOf(unattributed);
  }

  /**
   * One patient's data, read from disk.
   *
   * @param patientId logical Patient id
   * @return the Patient first, then its other resources and the Medications they reference; the adapter's earlier output
   *         apart; {@code requests} 0 (the export's requests belong to the pass)
   * @throws PatientNotFoundException when the export holds no Patient resource for the id
   * @throws UncheckedIOException     on a disk failure
   */
  public PatientData fetch(String patientId) {
    Segment s = index.get(patientId);
    if (s == null) {
      throw new PatientNotFoundException();
    }
    String text = read(groupedFile(s.bucket()), s.offset(), s.length());
    IParser parser = ctx.newJsonParser();
    List<QuarantineEntry> quarantined = new ArrayList<>();
    List<Resource> resources = new ArrayList<>();
    List<IBaseResource> earlier = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    Patient patient = null;
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\t", 3);
      if (!seen.add(parts[0] + "/" + parts[1])) {
        continue; // the same resource in two files
      }
      Resource r = parse(parser, parts[0], parts[1], parts[2], quarantined);
      if (r == null) {
        continue;
      }
      if (OUTPUT_TYPES.contains(parts[0])) {
        if (isAdapterOutput(r)) {
          earlier.add(r);
        }
      } else if (r instanceof Patient p) {
        patient = p;
      } else {
        resources.add(r);
      }
    }
    if (patient == null) {
      throw new PatientNotFoundException();
    }
    List<IBaseResource> all = new ArrayList<>();
    all.add(patient);
    resources.sort(Comparator.comparing(Resource::fhirType));
    all.addAll(resources);
    Set<String> medIds = new TreeSet<>();
    for (Resource r : resources) {
      if (MEDICATION_USERS.contains(r.fhirType())) {
        medicationId(r).ifPresent(medIds::add);
      }
    }
    for (String id : medIds) {
      long[] at = medications.get(id);
      if (at != null) {
        Resource m = parse(parser, "Medication", id, read(dir.resolve("medications.ndjson"), at[0], (int) at[1]).trim(),
            quarantined);
        if (m != null) {
          all.add(m);
        }
      }
    }
    return new PatientData(patientId, all, 0, quarantined, earlier);
  }

  private static java.util.Optional<String> medicationId(Resource r) {
    try {
      var prop = r.getNamedProperty("medication[x]");
      if (prop != null && prop.hasValues() && prop.getValues().get(0) instanceof Reference ref && ref.hasReference()) {
        ResourceRef rr = ResourceRef.parse(ref.getReference());
        return "Medication".equals(rr.type()) ? java.util.Optional.of(rr.id()) : java.util.Optional.empty();
      }
    } catch (IllegalArgumentException | org.hl7.fhir.exceptions.FHIRException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.empty();
  }

  private static boolean isAdapterOutput(Resource r) {
    try {
      var prop = r.getNamedProperty("identifier");
      if (prop == null) {
        return false;
      }
      for (var v : prop.getValues()) {
        if (v instanceof Identifier i && Canonical.ID_ASSESSMENT_OUTPUT.equals(i.getSystem())) {
          return true;
        }
      }
    } catch (org.hl7.fhir.exceptions.FHIRException e) {
      return false;
    }
    return false;
  }

  private Resource parse(IParser parser, String type, String id, String json, List<QuarantineEntry> quarantined) {
    try {
      TolerantParsing.Parsed<IBaseResource> p = TolerantParsing.during(() -> parser.parseResource(json));
      if (!(p.value() instanceof Resource r)) {
        quarantined.add(new QuarantineEntry(type, id, "(resource)", "unparseable"));
        return null;
      }
      for (String path : p.dropInvalidOf(ctx, r)) {
        quarantined.add(new QuarantineEntry(type, id, path, "invalid-value"));
      }
      return r;
    } catch (DataFormatException | IllegalArgumentException e) {
      quarantined.add(new QuarantineEntry(type, id, "(resource)", "unparseable"));
      return null;
    }
  }

  private static String read(Path file, long offset, int length) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(length);
      long pos = offset;
      while (buf.hasRemaining()) {
        int n = ch.read(buf, pos);
        if (n < 0) {
          throw new IOException("unexpected end of a grouped file");
        }
        pos += n;
      }
      return new String(buf.array(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("bulk work file unreadable", e);
    }
  }

  /** Deletes the work directory and everything in it. */
  @Override
  public void close() {
    for (BufferedWriter w : raw.values()) {
      try {
        w.close();
      } catch (IOException e) {
        // deleting anyway
      }
    }
    try {
      if (lock != null) {
        lock.release();
      }
      if (lockChannel != null) {
        lockChannel.close();
      }
    } catch (IOException e) {
      // deleting anyway
    }
    deleteTree(dir);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          log.warn("bulk work file not deleted: {}", e.getClass().getSimpleName());
        }
      });
    } catch (IOException e) {
      log.warn("bulk work directory not deleted: {}", e.getClass().getSimpleName());
    }
  }
}
