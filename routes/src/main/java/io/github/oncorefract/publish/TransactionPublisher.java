package io.github.oncorefract.publish;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.util.BundleBuilder;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.ResourceRef;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.profiles.validation.ResourceValidator;
import io.github.oncorefract.suggest.LineOfTherapyResourceBuilder;
import io.github.oncorefract.suggest.ProposedResource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.UriType;

/**
 * Plans and sends the one transaction of a patient.
 *
 * <p>Planning reads all of the adapter's earlier output for the patient (one search per resource type: the patient as
 * subject and any identifier in the adapter's system) and decides per proposal: {@link WriteAction#CREATE} (conditional create, {@code ifNoneExist} on the
 * identifier, so a retried or concurrent create never duplicates), {@link WriteAction#UPDATE} ({@code PUT Type/id}
 * with {@code If-Match} of the version read, so a clinician's concurrent change makes the transaction fail instead of
 * being overwritten), {@link WriteAction#UNCHANGED} (same content, nothing sent), {@link WriteAction#PRESERVED} (a
 * status the adapter never writes, e.g. a CarePlan no longer {@code draft} or a Task accepted or rejected: never
 * overwritten; likewise a resource someone else updated after the adapter's last write of it, found from the adapter's
 * Provenance). Earlier output that is no longer proposed (its cancer was withdrawn, its suggestion no longer applies)
 * is retired (unless someone else edited it, or a resource of the patient was quarantined as malformed, so the record
 * is partial): an active Flag becomes inactive, a draft CarePlan or ServiceRequest revoked, a requested Task cancelled,
 * and (only with {@code adapter.write.lines-of-therapy}) an active or completed line-of-therapy CarePlan
 * entered-in-error.
 * When anything is created or updated, the transaction also carries a Provenance (targets: every written
 * resource; entities: the source resources; agent: the adapter Device; policy: the rule sets and versions) and a
 * conditional create of the Device.
 *
 * <p>Every resource sent names its profile in {@code meta.profile} (issue 8, class 11): the builders' proposals
 * carry theirs, a retirement keeps the existing claims and adds the profile of its kind
 * ({@link ResourceValidator#profileFor}), the Provenance names {@link Canonical#SD_ASSESSMENT_PROVENANCE} and the
 * Device {@link Canonical#SD_ADAPTER_DEVICE}. A resource the adapter wrote before it named profiles counts as changed
 * once (its claims are part of the content compare), so it gains its profile on the next pass and is unchanged after that. The Device is
 * only ever created: a Device of the same version written earlier keeps what it has.
 *
 * <p>The search-before-write exists to compare content and respect clinicians' changes; idempotency itself rests on
 * the conditional requests, so two adapters racing still cannot duplicate.
 *
 * <p>Duplicates already on the server (several resources with one adapter identifier, left by writers on a server
 * without conditional-create protection, a restore or a migration) are reconciled: the oldest ({@link #OLDEST_FIRST})
 * is the one planned against; the others are retired like withdrawn output and tagged {@link #TAG_DUPLICATE} (planned
 * writes keyed {@code duplicate:Type/id}), a duplicate a clinician acted on is left alone, and once done a plan sends
 * nothing for them. Several adapter Devices of this version: the transaction names the oldest instead of the
 * conditional create the server would refuse with 412. {@link #sent(PublishPlan)} reports what a sent plan reconciled.
 */
public class TransactionPublisher {

  /** Tag system whose code is a Provenance's deterministic key (hash of its targets and their content). */
  public static final String PROVENANCE_KEY_SYSTEM = Canonical.BASE + "/CodeSystem/provenance-key";

  private final Supplier<IGenericClient> client;
  private final FhirContext ctx;
  private final AdapterIdentity identity;
  private final Clock clock;
  private final boolean linesOfTherapy;
  /** Logical id of the adapter Device of this version once found on the server (the oldest when there are several). */
  private final java.util.concurrent.atomic.AtomicReference<String> deviceId =
      new java.util.concurrent.atomic.AtomicReference<>();
  private volatile java.util.function.IntConsumer duplicateListener = n -> { };

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TransactionPublisher.class);

  /** Meta tag (in {@link Canonical#CS_TAGS}) of an adapter resource retired as a duplicate of an older one. */
  public static final String TAG_DUPLICATE = "duplicate";

  /** Key prefix of the {@link PlannedWrite}s that retire or keep a duplicate ({@code duplicate:Type/id}). */
  public static final String DUPLICATE_KEY_PREFIX = "duplicate:";

  /**
   * A publisher that does not manage line-of-therapy CarePlans ({@code adapter.write.lines-of-therapy} off).
   *
   * @param client   the server's client, supplied lazily
   * @param ctx      the application's one FhirContext
   * @param identity the adapter as a Device
   * @param clock    clock for {@code Provenance.recorded} (UTC)
   */
  public TransactionPublisher(
      Supplier<IGenericClient> client, FhirContext ctx, AdapterIdentity identity, Clock clock) {
    this(client, ctx, identity, clock, false);
  }

  /**
   * @param client         the server's client, supplied lazily
   * @param ctx            the application's one FhirContext
   * @param identity       the adapter as a Device
   * @param clock          clock for {@code Provenance.recorded} (UTC)
   * @param linesOfTherapy {@code adapter.write.lines-of-therapy}: when true, line-of-therapy CarePlans
   *                       ({@link LineOfTherapyResourceBuilder}) are part of the adapter's output: an earlier line that
   *                       is no longer proposed is retired ({@code entered-in-error}) and the sources of written lines
   *                       are Provenance entities; when false, earlier line CarePlans are left exactly as they are
   */
  public TransactionPublisher(Supplier<IGenericClient> client, FhirContext ctx, AdapterIdentity identity, Clock clock,
      boolean linesOfTherapy) {
    this.client = client;
    this.ctx = ctx;
    this.identity = identity;
    this.clock = clock;
    this.linesOfTherapy = linesOfTherapy;
  }

  /**
   * Plans the patient's transaction. Reads from the server; writes nothing.
   *
   * @param assessment the assessment (for Provenance entities and policy)
   * @param proposals  the proposed resources from {@link io.github.oncorefract.suggest.SuggestionResourceBuilder}
   * @return the plan; {@link PublishPlan#transaction()} is {@code null} when nothing changes
   */
  public PublishPlan plan(PatientAssessment assessment, List<ProposedResource> proposals) {
    return plan(assessment, proposals, null);
  }

  /**
   * Plans the patient's transaction from earlier output already read (in the same {@code batch} as the patient's
   * data, see {@link #earlierOutputSearch}), so planning itself sends no search (only the Provenance search of a
   * planned update, as always).
   *
   * @param assessment    the assessment (for Provenance entities and policy)
   * @param proposals     the proposed resources
   * @param earlierOutput every match of the {@link #earlierOutputSearch} of each of {@link #OUTPUT_TYPES} for the
   *                      patient (other resources are ignored); {@code null} to read them from the server now
   * @return the plan; {@link PublishPlan#transaction()} is {@code null} when nothing changes
   */
  public PublishPlan plan(PatientAssessment assessment, List<ProposedResource> proposals,
      java.util.Collection<? extends org.hl7.fhir.instance.model.api.IBaseResource> earlierOutput) {
    Map<String, List<Resource>> groups = earlierOutput == null ? readExisting(assessment.patientId())
        : indexExisting(earlierOutput);
    if (!linesOfTherapy) {
      groups.values().forEach(g -> g.removeIf(LineOfTherapyResourceBuilder::isLine));
      groups.values().removeIf(List::isEmpty);
    }
    // Several resources with one identifier (two writers without conditional-create protection, a restore, a
    // migration): the oldest is the one the adapter keeps writing; the others are retired below (reconcileDuplicates).
    Map<String, Resource> existing = new LinkedHashMap<>();
    Map<String, List<Resource>> duplicates = new LinkedHashMap<>();
    List<Resource> everything = groups.values().stream().flatMap(List::stream).toList();
    for (Map.Entry<String, List<Resource>> g : groups.entrySet()) {
      List<Resource> ordered = new ArrayList<>(g.getValue());
      ordered.sort(OLDEST_FIRST);
      existing.put(g.getKey(), ordered.get(0));
      if (ordered.size() > 1) {
        duplicates.put(g.getKey(), ordered.subList(1, ordered.size()));
      }
    }
    Map<String, String> refs = new LinkedHashMap<>();
    Map<String, WriteAction> actions = new LinkedHashMap<>();
    for (ProposedResource p : proposals) {
      Resource ex = existing.get(p.identifierValue());
      if (ex == null) {
        actions.put(p.key(), p.createIfAbsent() ? WriteAction.CREATE : WriteAction.SKIPPED);
        refs.put(p.key(), urnFor(p.identifierValue()));
      } else {
        refs.put(p.key(), p.resourceType() + "/" + ex.getIdElement().getIdPart());
      }
    }
    AdapterWrites adapterWrites = new AdapterWrites();
    List<PlannedWrite> writes = new ArrayList<>();
    List<Resource> toCreate = new ArrayList<>();
    List<Resource> toUpdate = new ArrayList<>();
    Map<Resource, ProposedResource> proposalOf = new LinkedHashMap<>();
    for (ProposedResource p : proposals) {
      Resource desired = p.resource().copy();
      resolveLocalReferences(desired, refs);
      Resource ex = existing.get(p.identifierValue());
      WriteAction action = actions.getOrDefault(p.key(), WriteAction.CREATE);
      if (ex != null) {
        String status = statusOf(ex);
        if (status != null && !p.adapterStatuses().contains(status) || dismissedFlag(ex, desired)) {
          action = WriteAction.PRESERVED;
        } else if (!p.createIfAbsent()) {
          action = retire(ex, desired);
          desired = action == WriteAction.UPDATE ? retired((Flag) ex, (Flag) desired) : desired;
        } else {
          action = sameContent(ex, desired) ? WriteAction.UNCHANGED : WriteAction.UPDATE;
          if (action == WriteAction.UPDATE && editedByOthers(ex, adapterWrites, everything)) {
            action = WriteAction.PRESERVED;
          }
        }
      }
      writes.add(new PlannedWrite(p.key(), p.resourceType(), action,
          ex == null ? null : ex.getIdElement().getIdPart()));
      if (action == WriteAction.CREATE) {
        toCreate.add(desired);
      } else if (action == WriteAction.UPDATE) {
        desired.setId(ex.getIdElement().toUnqualifiedVersionless());
        desired.getMeta().setVersionId(ex.getIdElement().getVersionIdPart());
        toUpdate.add(desired);
      }
      proposalOf.put(desired, p);
    }
    java.util.Set<String> proposed = proposals.stream().map(ProposedResource::identifierValue)
        .collect(Collectors.toSet());
    boolean partialRecord = assessment.quarantined().stream()
        .anyMatch(q -> WHOLE_RESOURCE_QUARANTINE.contains(q.reason()));
    for (Map.Entry<String, Resource> e : existing.entrySet()) {
      if (proposed.contains(e.getKey())) {
        continue;
      }
      Resource ex = e.getValue();
      String key = "retire:" + ex.fhirType() + "/" + ex.getIdElement().getIdPart();
      Resource retired = retirement(ex, assessment.asOf());
      if (retired != null && partialRecord) {
        // A resource of the patient was left out as malformed: what vanished may be the reason this output is no
        // longer proposed. Retire nothing until the record is whole again.
        retired = null;
      }
      if (retired != null && editedByOthers(ex, adapterWrites, everything)) {
        writes.add(new PlannedWrite(key, ex.fhirType(), WriteAction.PRESERVED, ex.getIdElement().getIdPart()));
        continue;
      }
      writes.add(new PlannedWrite(key, ex.fhirType(), retired == null ? WriteAction.UNCHANGED : WriteAction.UPDATE,
          ex.getIdElement().getIdPart()));
      if (retired != null) {
        retired.setId(ex.getIdElement().toUnqualifiedVersionless());
        retired.setMeta(new org.hl7.fhir.r4.model.Meta().setVersionId(ex.getIdElement().getVersionIdPart()));
        for (var tag : ex.getMeta().getTag()) {
          retired.getMeta().addTag(tag.copy());
        }
        for (CanonicalType profile : ex.getMeta().getProfile()) {
          retired.getMeta().addProfile(profile.getValue());
        }
        String declared = ResourceValidator.profileFor(retired).orElse(null);
        if (declared != null && !claims(retired, declared)) {
          retired.getMeta().addProfile(declared);
        }
        toUpdate.add(retired);
        proposalOf.put(retired, new ProposedResource(key, e.getKey(), retired, false, java.util.Set.of()));
      }
    }
    reconcileDuplicates(duplicates, assessment.asOf(), adapterWrites, everything, writes, toUpdate, proposalOf);
    if (toCreate.isEmpty() && toUpdate.isEmpty()) {
      return new PublishPlan(assessment.patientId(), writes, null);
    }
    return new PublishPlan(assessment.patientId(), writes,
        transaction(assessment, toCreate, toUpdate, proposalOf, refs));
  }

  /**
   * Order of resources sharing one adapter identifier: the one to keep first. Not yet tagged {@link #TAG_DUPLICATE}
   * first (so the choice never moves once made), then the lowest {@code meta.lastUpdated} (missing last), then the
   * lowest logical id (numerically when both are numbers, as a server's sequence).
   */
  static final java.util.Comparator<Resource> OLDEST_FIRST = java.util.Comparator
      .<Resource, Boolean>comparing(TransactionPublisher::taggedDuplicate)
      .thenComparing(r -> r.getMeta().getLastUpdated(), java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
      .thenComparing(r -> r.getIdElement().getIdPart(), TransactionPublisher::compareIds);

  private static int compareIds(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    if (a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit)) {
      int byLength = Integer.compare(a.length(), b.length());
      return byLength != 0 ? byLength : a.compareTo(b);
    }
    return a.compareTo(b);
  }

  private static boolean taggedDuplicate(Resource r) {
    return r.getMeta().getTag(Canonical.CS_TAGS, TAG_DUPLICATE) != null;
  }

  /**
   * Plans the duplicates of kept resources: each is retired the way output no longer proposed is (Flag
   * {@code inactive}, draft CarePlan/ServiceRequest {@code revoked}, requested Task {@code cancelled}, a line
   * {@code entered-in-error}) and tagged {@link #TAG_DUPLICATE}, so it is never chosen as the kept one again; one
   * already in such a status only gains the tag. A duplicate a clinician acted on (any other status) or someone else
   * edited is left alone ({@link WriteAction#PRESERVED}). Every decision is a {@link PlannedWrite} with key
   * {@code duplicate:Type/id}; a duplicate already tagged and retired is {@link WriteAction#UNCHANGED}, so a second
   * pass sends nothing.
   */
  private void reconcileDuplicates(Map<String, List<Resource>> duplicates, java.time.LocalDate asOf,
      AdapterWrites adapterWrites, List<Resource> everything, List<PlannedWrite> writes,
      List<Resource> toUpdate, Map<Resource, ProposedResource> proposalOf) {
    for (Map.Entry<String, List<Resource>> d : duplicates.entrySet()) {
      for (Resource dup : d.getValue()) {
        String ref = dup.fhirType() + "/" + dup.getIdElement().getIdPart();
        String key = DUPLICATE_KEY_PREFIX + ref;
        Resource retired = retirement(dup, asOf);
        boolean tagged = taggedDuplicate(dup);
        if (retired == null && !retiredStatus(dup)) {
          writes.add(new PlannedWrite(key, dup.fhirType(), WriteAction.PRESERVED, dup.getIdElement().getIdPart()));
          continue;
        }
        if (retired == null && tagged) {
          writes.add(new PlannedWrite(key, dup.fhirType(), WriteAction.UNCHANGED, dup.getIdElement().getIdPart()));
          continue;
        }
        if (!tagged && editedByOthers(dup, adapterWrites, everything)) {
          writes.add(new PlannedWrite(key, dup.fhirType(), WriteAction.PRESERVED, dup.getIdElement().getIdPart()));
          continue;
        }
        Resource out = retired != null ? retired : dup.copy();
        out.setId(dup.getIdElement().toUnqualifiedVersionless());
        out.setMeta(new org.hl7.fhir.r4.model.Meta().setVersionId(dup.getIdElement().getVersionIdPart()));
        for (var tag : dup.getMeta().getTag()) {
          out.getMeta().addTag(tag.copy());
        }
        if (!tagged) {
          out.getMeta().addTag(Canonical.CS_TAGS, TAG_DUPLICATE, "Duplicate of an older resource of the adapter");
        }
        for (CanonicalType profile : dup.getMeta().getProfile()) {
          out.getMeta().addProfile(profile.getValue());
        }
        String declared = ResourceValidator.profileFor(out).orElse(null);
        if (declared != null && !claims(out, declared)) {
          out.getMeta().addProfile(declared);
        }
        writes.add(new PlannedWrite(key, dup.fhirType(), WriteAction.UPDATE, dup.getIdElement().getIdPart()));
        toUpdate.add(out);
        proposalOf.put(out, new ProposedResource(key, d.getKey(), out, false, java.util.Set.of()));
      }
    }
  }

  /** True for a status the adapter itself retires to (so a duplicate in it is already retired, only untagged). */
  private static boolean retiredStatus(Resource r) {
    String status = statusOf(r);
    if (LineOfTherapyResourceBuilder.isLine(r)) {
      return "entered-in-error".equals(status);
    }
    return switch (r.fhirType()) {
      case "Flag" -> "inactive".equals(status);
      case "CarePlan", "ServiceRequest" -> "revoked".equals(status);
      case "Task" -> "cancelled".equals(status);
      default -> false;
    };
  }

  /**
   * Lets the application count duplicates: called by {@link #sent(PublishPlan)} with the number of duplicates a
   * sent transaction retired (at least 1).
   *
   * @param listener receives the count; must not throw
   */
  public void onDuplicatesReconciled(java.util.function.IntConsumer listener) {
    this.duplicateListener = listener == null ? n -> { } : listener;
  }

  /**
   * Reports what a sent plan reconciled: a WARN naming the type and logical id of every duplicate retired (and of
   * every duplicate left alone because a clinician acted on it), and the listener of
   * {@link #onDuplicatesReconciled}. Nothing for a plan without duplicates. Call it once the transaction was accepted.
   *
   * @param plan the plan whose transaction the server accepted
   */
  public void sent(PublishPlan plan) {
    if (plan == null) {
      return;
    }
    List<String> retired = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (PlannedWrite w : plan.writes()) {
      if (w.key().startsWith(DUPLICATE_KEY_PREFIX)) {
        String ref = w.key().substring(DUPLICATE_KEY_PREFIX.length());
        if (w.action() == WriteAction.UPDATE) {
          retired.add(ref);
        } else if (w.action() == WriteAction.PRESERVED) {
          left.add(ref);
        }
      }
    }
    if (!retired.isEmpty()) {
      LOG.warn("reconciled {} duplicate(s) of the adapter's output (same identifier as an older resource, which is "
          + "kept): retired {}{}", retired.size(), retired, left.isEmpty() ? "" : "; left alone (acted on by someone "
          + "else): " + left);
      duplicateListener.accept(retired.size());
    }
  }

  /** Sends a plan's transaction with the HAPI client (the Camel route sends it through camel-fhir instead). */
  public Bundle send(PublishPlan plan) {
    return client.get().transaction().withBundle(plan.transaction()).execute();
  }

  private Bundle transaction(PatientAssessment pa, List<Resource> toCreate, List<Resource> toUpdate,
      Map<Resource, ProposedResource> proposalOf, Map<String, String> refs) {
    BundleBuilder bb = new BundleBuilder(ctx);
    List<String> targets = new ArrayList<>();
    StringBuilder contentHash = new StringBuilder();
    for (Resource r : toCreate) {
      ProposedResource p = proposalOf.get(r);
      String url = refs.get(p.key());
      bb.addTransactionCreateEntry(r, url).conditional(p.resourceType() + "?identifier="
          + Canonical.ID_ASSESSMENT_OUTPUT + "|" + p.identifierValue());
      targets.add(url);
      contentHash.append(p.identifierValue()).append(':').append(encode(r));
    }
    for (Resource r : toUpdate) {
      ProposedResource p = proposalOf.get(r);
      String version = r.getMeta().getVersionId();
      r.setMeta(r.getMeta().copy().setVersionId(null));
      String url = r.getIdElement().getResourceType() + "/" + r.getIdElement().getIdPart();
      bb.addTransactionUpdateEntry(r).conditional(url);
      Bundle.BundleEntryComponent entry = lastEntry(bb);
      entry.getRequest().setUrl(url);
      if (version != null) {
        entry.getRequest().setIfMatch("W/\"" + version + "\"");
      }
      targets.add(url);
      // The version replaced is part of the key: the same content written again later is a new write.
      contentHash.append(p.identifierValue()).append('@').append(version).append(':').append(encode(r));
    }
    String deviceUrn = urnFor("device-" + identity.version());
    String deviceIdentifier = "oncorefract-adapter-" + identity.version();
    Device device = new Device();
    device.addIdentifier(new Identifier().setSystem(Canonical.ID_DEVICE).setValue(deviceIdentifier));
    device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
    device.addDeviceName().setName(identity.name()).setType(Device.DeviceNameType.USERFRIENDLYNAME);
    device.addVersion().setValue(identity.version());
    device.setType(new CodeableConcept().setText("Clinical decision support software"));
    device.setText(new org.hl7.fhir.r4.model.Narrative().setStatus(
        org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED).setDiv(div(identity.name() + " "
        + identity.version())));
    device.getMeta().addProfile(Canonical.SD_ADAPTER_DEVICE);
    device.getMeta().addTag(Canonical.CS_TAGS, Canonical.TAG_ADAPTER_OUTPUT, "Written by the OncoRefract adapter");
    String deviceRef = existingDevice(deviceIdentifier);
    if (deviceRef == null) {
      deviceRef = deviceUrn;
      bb.addTransactionCreateEntry(device, deviceUrn)
          .conditional("Device?identifier=" + Canonical.ID_DEVICE + "|" + deviceIdentifier);
    }

    Provenance prov = new Provenance();
    String provId = "provenance-" + sha(String.join(",", targets) + "|" + contentHash);
    prov.getMeta().addProfile(Canonical.SD_ASSESSMENT_PROVENANCE);
    prov.getMeta().addTag(Canonical.CS_TAGS, Canonical.TAG_ADAPTER_OUTPUT, "Written by the OncoRefract adapter");
    // R4 Provenance has no identifier element: its deterministic key travels as a meta tag, which makes the
    // conditional create below idempotent for a retried transaction.
    prov.getMeta().addTag(PROVENANCE_KEY_SYSTEM, provId, null);
    for (String t : targets) {
      prov.addTarget(new Reference(t));
    }
    prov.setRecorded(Date.from(clock.instant()));
    boolean anyUpdate = !toUpdate.isEmpty();
    prov.setActivity(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-DataOperation",
        anyUpdate ? "UPDATE" : "CREATE", anyUpdate ? "revise" : "create")));
    prov.addAgent()
        .setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type",
            "assembler", "Assembler")))
        .setWho(new Reference(deviceRef).setDisplay(identity.name() + " " + identity.version()));
    TreeSet<ResourceRef> evidence = new TreeSet<>();
    TreeSet<String> policies = new TreeSet<>();
    for (CancerAssessment ca : pa.cancers()) {
      evidence.add(ca.cancer().ref());
      evidence.addAll(ca.evidence());
      policies.add(Canonical.BASE + "/rule-set/" + ca.ruleSetId() + "/" + ca.ruleSetVersion());
    }
    // The rule sets of the written resources too: a retirement may concern a cancer no longer assessed.
    for (Resource r : java.util.stream.Stream.concat(toCreate.stream(), toUpdate.stream()).toList()) {
      if (r instanceof org.hl7.fhir.r4.model.DomainResource dr) {
        org.hl7.fhir.r4.model.Extension rs = dr.getExtensionByUrl(Canonical.EXT_RULE_SET);
        if (rs != null && rs.getExtensionByUrl("id") != null && rs.getExtensionByUrl("version") != null) {
          policies.add(Canonical.BASE + "/rule-set/" + rs.getExtensionByUrl("id").getValue().primitiveValue() + "/"
              + rs.getExtensionByUrl("version").getValue().primitiveValue());
        }
      }
    }
    for (Resource r : java.util.stream.Stream.concat(toCreate.stream(), toUpdate.stream()).toList()) {
      if (LineOfTherapyResourceBuilder.isLine(r)) {
        evidence.addAll(LineOfTherapyResourceBuilder.sources(r));
      }
    }
    for (ResourceRef e : evidence) {
      prov.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(new Reference(e.value()));
    }
    for (String p : policies) {
      prov.getPolicy().add(new UriType(p));
    }
    prov.setReason(List.of(new CodeableConcept().setText("Refractory-cancer decision support assessment")));
    String summary = identity.name() + " " + identity.version() + " wrote " + targets.size()
        + " resource(s) from " + evidence.size() + " source resource(s); rule sets: "
        + policies.stream().map(p -> p.substring(p.indexOf("/rule-set/") + 10)).collect(Collectors.joining(", "));
    prov.setText(new org.hl7.fhir.r4.model.Narrative().setStatus(
        org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED).setDiv(div(summary)));
    bb.addTransactionCreateEntry(prov, urnFor(provId))
        .conditional("Provenance?_tag=" + PROVENANCE_KEY_SYSTEM + "|" + provId);
    Bundle b = (Bundle) bb.getBundle();
    b.setType(Bundle.BundleType.TRANSACTION);
    return b;
  }

  /**
   * The adapter Device of this version already on the server, as {@code Device/<id>}, or {@code null} when there is
   * none yet (the transaction then creates it conditionally). Once found it is remembered. With several (written by
   * two instances on a server without conditional-create protection), a conditional create would be refused with
   * 412 in every transaction: the oldest ({@link #OLDEST_FIRST}) is named instead and the others are reported once.
   */
  private String existingDevice(String deviceIdentifier) {
    String known = deviceId.get();
    if (known != null) {
      return known;
    }
    String token = java.net.URLEncoder.encode(Canonical.ID_DEVICE + "|" + deviceIdentifier, StandardCharsets.UTF_8);
    Bundle page = client.get().search().byUrl("Device?identifier=" + token + "&_count=50")
        .returnBundle(Bundle.class).execute();
    List<Resource> devices = new ArrayList<>();
    for (Bundle.BundleEntryComponent be : page.getEntry()) {
      if (be.getResource() instanceof Device d) {
        devices.add(d);
      }
    }
    if (devices.isEmpty()) {
      return null;
    }
    devices.sort(OLDEST_FIRST);
    String ref = "Device/" + devices.get(0).getIdElement().getIdPart();
    if (deviceId.compareAndSet(null, ref) && devices.size() > 1) {
      LOG.warn("{} adapter Devices of this version on the server: the adapter names the oldest, {}; the others are "
          + "duplicates: {}", devices.size(), ref, devices.subList(1, devices.size()).stream()
          .map(d -> "Device/" + d.getIdElement().getIdPart()).toList());
      duplicateListener.accept(devices.size() - 1);
    }
    return deviceId.get();
  }

  private static Bundle.BundleEntryComponent lastEntry(BundleBuilder bb) {
    Bundle b = (Bundle) bb.getBundle();
    return b.getEntry().get(b.getEntry().size() - 1);
  }

  /**
   * Quarantine reasons for which a whole resource was left out of the patient's record ({@code invalid-value} from
   * the reader, {@code normalisation-error} from the normaliser, {@code missing-code}: a Condition with an empty code,
   * which may have been the cancer): with one of them, nothing is retired.
   */
  static final java.util.Set<String> WHOLE_RESOURCE_QUARANTINE = java.util.Set.of("invalid-value",
      "normalisation-error", "missing-code");

  /**
   * Seconds a resource's {@code meta.lastUpdated} may follow the adapter Provenance of its last write and still count
   * as that write (the Provenance is the transaction's last entry, so normally it is not earlier at all).
   */
  static final long SAME_WRITE_TOLERANCE_SECONDS = 5;

  /** When the adapter last wrote each of the patient's resources, read lazily from its Provenance. */
  private static final class AdapterWrites {
    private Map<String, java.time.Instant> byTarget;
  }

  /**
   * True when someone else updated the resource after the adapter's last write of it, although its status is still
   * one the adapter writes (a clinician added a note to a draft CarePlan, say): such a resource is never overwritten.
   * Decided from the adapter's Provenance, which every write carries: the resource's {@code meta.lastUpdated} later
   * than the newest adapter Provenance targeting it (plus {@link #SAME_WRITE_TOLERANCE_SECONDS}) means another
   * writer. With no adapter Provenance for it (deleted, or written by an early version) the resource counts as the
   * adapter's. Costs one search, made only when a resource would be updated.
   */
  private boolean editedByOthers(Resource existing, AdapterWrites writes, java.util.Collection<Resource> all) {
    if (existing.getMeta().getLastUpdated() == null) {
      return false;
    }
    if (writes.byTarget == null) {
      writes.byTarget = adapterWriteTimes(all);
    }
    java.time.Instant ours = writes.byTarget.get(existing.fhirType() + "/" + existing.getIdElement().getIdPart());
    return ours != null && existing.getMeta().getLastUpdated().toInstant()
        .isAfter(ours.plusSeconds(SAME_WRITE_TOLERANCE_SECONDS));
  }

  /** Newest {@code meta.lastUpdated} of the adapter's Provenances per target ({@code Type/id}), for these resources. */
  private Map<String, java.time.Instant> adapterWriteTimes(java.util.Collection<Resource> resources) {
    Map<String, java.time.Instant> out = new LinkedHashMap<>();
    List<String> targets = resources.stream()
        .map(r -> r.fhirType() + "/" + r.getIdElement().getIdPart()).distinct().sorted().toList();
    IGenericClient c = client.get();
    for (int from = 0; from < targets.size(); from += 50) {
      String ids = java.net.URLEncoder.encode(String.join(",", targets.subList(from, Math.min(targets.size(),
          from + 50))), StandardCharsets.UTF_8);
      String tag = java.net.URLEncoder.encode(Canonical.CS_TAGS + "|" + Canonical.TAG_ADAPTER_OUTPUT,
          StandardCharsets.UTF_8);
      Bundle page = c.search().byUrl("Provenance?target=" + ids + "&_tag=" + tag + "&_count=100")
          .returnBundle(Bundle.class).execute();
      while (true) {
        for (Bundle.BundleEntryComponent be : page.getEntry()) {
          if (be.getResource() instanceof Provenance prov && prov.getMeta().getLastUpdated() != null) {
            java.time.Instant at = prov.getMeta().getLastUpdated().toInstant();
            for (Reference t : prov.getTarget()) {
              String key = new org.hl7.fhir.r4.model.IdType(t.getReference()).toUnqualifiedVersionless().getValue();
              out.merge(key, at, (a, b) -> a.isAfter(b) ? a : b);
            }
          }
        }
        if (page.getLink(Bundle.LINK_NEXT) == null) {
          break;
        }
        page = c.loadPage().next(page).execute();
      }
    }
    return out;
  }

  /** Types the adapter writes per patient, each searched by {@code subject} and the adapter's identifier system. */
  public static final List<String> OUTPUT_TYPES = List.of("Flag", "CarePlan", "ServiceRequest", "Task");

  /**
   * The search of the adapter's earlier output of one type for one patient, relative to the base:
   * {@code Type?subject=Patient/<id>&identifier=<system>|&_count=100} (any value in the adapter's identifier system),
   * query values encoded.
   *
   * @param type      one of {@link #OUTPUT_TYPES}
   * @param patientId logical Patient id
   */
  public static String earlierOutputSearch(String type, String patientId) {
    String system = java.net.URLEncoder.encode(Canonical.ID_ASSESSMENT_OUTPUT + "|", StandardCharsets.UTF_8);
    String subject = java.net.URLEncoder.encode("Patient/" + patientId, StandardCharsets.UTF_8);
    return type + "?subject=" + subject + "&identifier=" + system + "&_count=100";
  }

  /**
   * Every resource the adapter wrote for the patient, grouped by identifier value (more than one in a group are
   * duplicates): one search per type ({@link #earlierOutputSearch}), every page; a resource seen twice (on two pages)
   * counts once.
   */
  private Map<String, List<Resource>> readExisting(String patientId) {
    Map<String, List<Resource>> found = new LinkedHashMap<>();
    IGenericClient c = client.get();
    for (String type : OUTPUT_TYPES) {
      Bundle page = c.search().byUrl(earlierOutputSearch(type, patientId))
          .returnBundle(Bundle.class).execute();
      java.util.Set<String> seen = new java.util.HashSet<>();
      while (true) {
        for (Bundle.BundleEntryComponent be : page.getEntry()) {
          Resource r = be.getResource();
          if (r != null && type.equals(r.fhirType()) && seen.add(r.getIdElement().getIdPart())) {
            index(r, found);
          }
        }
        if (page.getLink(Bundle.LINK_NEXT) == null) {
          break;
        }
        page = c.loadPage().next(page).execute();
      }
    }
    return found;
  }

  /**
   * Earlier output read elsewhere (the patient's batch), grouped by identifier value like {@link #readExisting};
   * resources of other types than {@link #OUTPUT_TYPES} ignored, each type/id once.
   */
  private static Map<String, List<Resource>> indexExisting(
      java.util.Collection<? extends org.hl7.fhir.instance.model.api.IBaseResource> earlierOutput) {
    Map<String, List<Resource>> found = new LinkedHashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String type : OUTPUT_TYPES) {
      for (org.hl7.fhir.instance.model.api.IBaseResource r : earlierOutput) {
        if (r instanceof Resource res && type.equals(res.fhirType())
            && seen.add(type + "/" + res.getIdElement().getIdPart())) {
          index(res, found);
        }
      }
    }
    return found;
  }

  private static void index(Resource r, Map<String, List<Resource>> found) {
    for (Base idBase : r.getNamedProperty("identifier").getValues()) {
      Identifier id = (Identifier) idBase;
      if (Canonical.ID_ASSESSMENT_OUTPUT.equals(id.getSystem()) && id.hasValue()) {
        found.computeIfAbsent(id.getValue(), k -> new ArrayList<>()).add(r);
      }
    }
  }

  /**
   * The retirement of an earlier output that is no longer proposed (its cancer was withdrawn, or its suggestion no
   * longer applies): an active Flag becomes {@code inactive} with period end {@code asOf}; a {@code draft} CarePlan or
   * ServiceRequest becomes {@code revoked}; a {@code requested} Task becomes {@code cancelled}; an {@code active} or
   * {@code completed} line-of-therapy CarePlan becomes {@code entered-in-error}
   * ({@link LineOfTherapyResourceBuilder#retirement}). Anything else (already retired, or acted on by a clinician) is
   * left alone: {@code null}.
   */
  private static Resource retirement(Resource existing, java.time.LocalDate asOf) {
    if (LineOfTherapyResourceBuilder.isLine(existing)) {
      return LineOfTherapyResourceBuilder.retirement((org.hl7.fhir.r4.model.CarePlan) existing);
    }
    Resource r = existing.copy();
    if (r instanceof Flag f && f.getStatus() == Flag.FlagStatus.ACTIVE) {
      f.setStatus(Flag.FlagStatus.INACTIVE);
      f.getPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType(
          java.util.Date.from(asOf.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()),
          ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY, java.util.TimeZone.getTimeZone("UTC")));
      return f;
    }
    if (r instanceof org.hl7.fhir.r4.model.CarePlan cp
        && cp.getStatus() == org.hl7.fhir.r4.model.CarePlan.CarePlanStatus.DRAFT) {
      return cp.setStatus(org.hl7.fhir.r4.model.CarePlan.CarePlanStatus.REVOKED);
    }
    if (r instanceof org.hl7.fhir.r4.model.ServiceRequest sr
        && sr.getStatus() == org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus.DRAFT) {
      return sr.setStatus(org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus.REVOKED);
    }
    if (r instanceof org.hl7.fhir.r4.model.Task t && t.getStatus() == org.hl7.fhir.r4.model.Task.TaskStatus.REQUESTED) {
      return t.setStatus(org.hl7.fhir.r4.model.Task.TaskStatus.CANCELLED);
    }
    return null;
  }

  private void resolveLocalReferences(Resource r, Map<String, String> refs) {
    for (Reference ref : ctx.newTerser().getAllPopulatedChildElementsOfType(r, Reference.class)) {
      String v = ref.getReference();
      if (v != null && v.startsWith(ProposedResource.LOCAL_PREFIX)) {
        String target = refs.get(v.substring(ProposedResource.LOCAL_PREFIX.length()));
        if (target == null) {
          throw new IllegalStateException("proposal references a key that is not proposed");
        }
        ref.setReference(target);
      }
    }
  }

  private static String statusOf(Resource r) {
    var p = r.getNamedProperty("status");
    if (p == null || !p.hasValues()) {
      return null;
    }
    return p.getValues().get(0).primitiveValue();
  }

  /**
   * An inactive Flag the adapter would make active again is left alone unless the adapter itself retired it (period
   * end set) before the new evidence (desired period start after that end): a clinician's dismissal stands until
   * something new happens.
   */
  private static boolean dismissedFlag(Resource existing, Resource desired) {
    if (!(existing instanceof Flag ex) || !(desired instanceof Flag want)
        || ex.getStatus() != Flag.FlagStatus.INACTIVE || want.getStatus() != Flag.FlagStatus.ACTIVE) {
      return false;
    }
    java.util.Date end = ex.getPeriod().getEnd();
    java.util.Date start = want.getPeriod().getStart();
    return end == null || start == null || !start.after(end);
  }

  private static WriteAction retire(Resource existing, Resource desired) {
    return "inactive".equals(statusOf(existing)) ? WriteAction.UNCHANGED : WriteAction.UPDATE;
  }

  private static Resource retired(Flag existing, Flag desired) {
    Flag f = existing.copy();
    // The desired Flag's meta: the adapter-output tag and the profile (issue 8, class 11); no version yet.
    f.setMeta(desired.getMeta().copy());
    f.setStatus(Flag.FlagStatus.INACTIVE);
    f.getPeriod().setEndElement(desired.getPeriod().getEndElement());
    f.setText(desired.getText());
    return f;
  }

  /**
   * Same content: the existing resource already claims every profile the desired one names (issue 8, class 11) and
   * the two are equal without {@code id} and {@code meta}. The rest of {@code meta} (version, lastUpdated, tags and
   * profiles a server may add) never counts, so an unchanged resource is never rewritten; one written before the
   * adapter named profiles is updated once, then unchanged.
   */
  private boolean sameContent(Resource existing, Resource desired) {
    for (CanonicalType profile : desired.getMeta().getProfile()) {
      if (!claims(existing, profile.getValue())) {
        return false;
      }
    }
    return encode(strip(existing)).equals(encode(strip(desired)));
  }

  /**
   * True when {@code r} names {@code profile} in {@code meta.profile}, with or without a {@code |version}.
   *
   * @param profile a canonical URL without version
   */
  static boolean claims(Resource r, String profile) {
    for (CanonicalType claimed : r.getMeta().getProfile()) {
      String v = claimed.getValue();
      if (v != null && (v.equals(profile) || v.startsWith(profile + "|"))) {
        return true;
      }
    }
    return false;
  }

  private static Resource strip(Resource r) {
    Resource c = r.copy();
    c.setId((String) null);
    c.setMeta(null);
    return c;
  }

  private String encode(Resource r) {
    Resource c = r.copy();
    c.setMeta(null);
    c.setId((String) null);
    return ctx.newJsonParser().setPrettyPrint(false).encodeResourceToString(c);
  }

  private static org.hl7.fhir.utilities.xhtml.XhtmlNode div(String text) {
    org.hl7.fhir.utilities.xhtml.XhtmlNode div = new org.hl7.fhir.utilities.xhtml.XhtmlNode();
    div.setValueAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">"
        + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</div>");
    return div;
  }

  /** A deterministic {@code urn:uuid} for a proposal, so a retried transaction is byte-identical. */
  static String urnFor(String identifierValue) {
    return "urn:uuid:" + UUID.nameUUIDFromBytes(identifierValue.getBytes(StandardCharsets.UTF_8));
  }

  static String sha(String s) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
