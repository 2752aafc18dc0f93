package io.github.oncorefract.profiles.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import io.github.oncorefract.profiles.Canonical;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * Validates a resource the adapter writes against the conformance package, offline. Thread-safe; build one per
 * application (construction takes seconds, the first validation of each profile a second more).
 *
 * <p>The profile is the resource's own {@code meta.profile} when it names one, else {@link #profileFor}: Flag ->
 * refractory Flag; CarePlan with intent {@code plan} -> line-of-therapy CarePlan, other CarePlans -> suggestion
 * CarePlan; ServiceRequest -> trial referral; Task -> trial-referral Task; Provenance -> assessment Provenance; Device ->
 * adapter Device; any other type -> the FHIR R4 base definition only.
 *
 * <p>Messages carry no resource values (see {@link ValidationIssue#message()}), so they may be logged and put in a
 * run summary.
 */
public final class ResourceValidator {

  private static final Pattern QUOTED = Pattern.compile("(?<![A-Za-z0-9])'([^']*)'(?![A-Za-z0-9])|\"([^\"]*)\"");

  private static final Pattern URL_FRAGMENT = Pattern.compile("(https?://[^\\s'\"#|]+)#[^\\s'\")]+");

  private final FhirValidator validator;
  private final FhirContext ctx;
  private final java.util.Set<String> packageTexts = new java.util.HashSet<>();

  /** Builds its own support chain ({@link OncoRefractValidation#supportChain(FhirContext)}). */
  public ResourceValidator(FhirContext ctx) {
    this(ctx, OncoRefractValidation.supportChain(ctx));
  }

  /**
   * @param ctx   an R4 context
   * @param chain a support chain holding the package and the core definitions
   */
  public ResourceValidator(FhirContext ctx, IValidationSupport chain) {
    this.validator = OncoRefractValidation.validator(ctx, chain);
    this.ctx = ctx;
    // Constraint texts of our own profiles are not resource values: keep them readable in messages.
    List<IBaseResource> sds = chain.fetchAllNonBaseStructureDefinitions();
    for (IBaseResource sd : sds == null ? List.<IBaseResource>of() : sds) {
      if (sd instanceof org.hl7.fhir.r4.model.StructureDefinition r4 && r4.getUrl() != null
          && r4.getUrl().startsWith(Canonical.BASE + "/")) {
        r4.getDifferential().getElement().forEach(e -> e.getConstraint().forEach(c -> packageTexts.add(c.getHuman())));
      }
    }
  }

  /**
   * The profile the adapter's output of this shape must conform to.
   *
   * @return the profile's canonical URL, or empty for a type without a profile (validated against the base)
   */
  public static Optional<String> profileFor(IBaseResource resource) {
    return Optional.ofNullable(switch (resource.fhirType()) {
      case "Flag" -> Canonical.SD_REFRACTORY_FLAG;
      case "CarePlan" -> "plan".equals(primitive(resource, "intent"))
          ? Canonical.SD_LINE_OF_THERAPY_CAREPLAN : Canonical.SD_SUGGESTION_CAREPLAN;
      case "ServiceRequest" -> Canonical.SD_TRIAL_REFERRAL_SERVICEREQUEST;
      case "Task" -> Canonical.SD_TRIAL_REFERRAL_TASK;
      case "Provenance" -> Canonical.SD_ASSESSMENT_PROVENANCE;
      case "Device" -> Canonical.SD_ADAPTER_DEVICE;
      default -> null;
    });
  }

  /**
   * Validates against the resource's {@code meta.profile}, else {@link #profileFor}.
   *
   * @return every issue (errors, warnings, information), in the validator's order; none means valid
   */
  public List<ValidationIssue> validate(IBaseResource resource) {
    if (!resource.getMeta().getProfile().isEmpty()) {
      return validate(resource, null);
    }
    return validate(resource, profileFor(resource).orElse(null));
  }

  /**
   * Validates against {@code profileUrl} (and any {@code meta.profile}).
   *
   * @param profileUrl a profile's canonical URL, or {@code null} for the resource's own claims and the base only
   * @return every issue, in the validator's order
   */
  public List<ValidationIssue> validate(IBaseResource resource, String profileUrl) {
    ValidationOptions options = new ValidationOptions();
    if (profileUrl != null) {
      options.addProfile(profileUrl);
    }
    ValidationResult result = validator.validateWithResult(resource, options);
    List<ValidationIssue> out = new ArrayList<>();
    for (SingleValidationMessage m : result.getMessages()) {
      out.add(new ValidationIssue(severity(m), m.getLocationString() == null ? "" : m.getLocationString(),
          sanitise(m.getMessage()), m.getMessageId()));
    }
    return out;
  }

  /** Location prefix of an issue on a Bundle entry's resource: {@code Bundle.entry[<index>]}. */
  private static final Pattern ENTRY_LOCATION = Pattern.compile("^Bundle\\.entry\\[(\\d+)]");

  /** After {@link #ENTRY_LOCATION}: the entry's resource, optionally with the validator's {@code /*Type/id*}{@code /}. */
  private static final Pattern ENTRY_RESOURCE = Pattern.compile("^\\.resource(/\\*[^*]*\\*/)?");

  /**
   * Validates every entry resource of a Bundle (e.g. a transaction the adapter is about to send) in <b>one</b>
   * validator call instead of one call per resource: HAPI's {@code FhirInstanceValidator} builds a new
   * {@code InstanceValidator} per call, whose construction (it parses the 1.5 MB OID registry and sets up its
   * FHIRPath engine) costs more than validating a small resource. Inside the Bundle each entry's resource is validated
   * against the FHIR base definition of its type and against every profile its {@code meta.profile} claims, as
   * {@link #validate(IBaseResource)} does for a resource on its own.
   *
   * <p>The one call is used only when every entry's resource claims, in {@code meta.profile}, at least the profile
   * {@link #profileFor} gives for it (the adapter's output always does); otherwise each entry is validated on its own
   * with {@link #validate(IBaseResource)}, so no entry is ever validated against less than it would be alone.
   *
   * @param bundle an R4 Bundle (any type); entries without a resource are skipped
   * @return the issues per entry index (0-based, in entry order; an entry without issues is absent), located as on the
   *     resource alone ({@code Flag.status}); issues of the envelope (the Bundle itself, or an entry's
   *     {@code fullUrl}/{@code request}: not part of any resource, e.g. a relative {@code fullUrl} of an update) under
   *     index {@code -1}
   */
  public java.util.Map<Integer, List<ValidationIssue>> validateEntries(org.hl7.fhir.r4.model.Bundle bundle) {
    java.util.Map<Integer, List<ValidationIssue>> out = new java.util.TreeMap<>();
    List<org.hl7.fhir.r4.model.Bundle.BundleEntryComponent> entries = bundle.getEntry();
    boolean oneCall = true;
    for (org.hl7.fhir.r4.model.Bundle.BundleEntryComponent e : entries) {
      if (e.getResource() != null && !claimsItsProfile(e.getResource())) {
        oneCall = false;
        break;
      }
    }
    if (!oneCall) {
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i).getResource() != null) {
          List<ValidationIssue> issues = validate(entries.get(i).getResource());
          if (!issues.isEmpty()) {
            out.put(i, issues);
          }
        }
      }
      return out;
    }
    for (ValidationIssue issue : validate(bundle, null)) {
      Matcher m = ENTRY_LOCATION.matcher(issue.location());
      int index = -1;
      if (m.find()) {
        int entry = Integer.parseInt(m.group(1));
        String rest = issue.location().substring(m.end());
        Matcher r = ENTRY_RESOURCE.matcher(rest);
        if (entry < entries.size() && entries.get(entry).getResource() != null && r.find()) {
          // On the entry's resource. Located as on the resource alone: "Flag.status", not
          // "Bundle.entry[0].resource/*Flag/<id>*/.status" (which also names the logical id).
          index = entry;
          issue = new ValidationIssue(issue.severity(), entries.get(index).getResource().fhirType()
              + rest.substring(r.end()), issue.message(), issue.messageId());
        }
      }
      out.computeIfAbsent(index, k -> new ArrayList<>()).add(issue);
    }
    return out;
  }

  /**
   * Validates the package's own examples of every profile ({@code package/example}) in one Bundle and discards the
   * result: the first validation loads and indexes the FHIR core definitions and builds each profile's snapshot
   * (seconds), which otherwise lands on the first pass, on every thread that validates at the same time.
   *
   * @return the number of example resources validated
   * @throws java.io.UncheckedIOException when the package is not on the classpath
   */
  public int warmUp() {
    org.hl7.fhir.utilities.npm.NpmPackage npm = OncoRefractValidation.npmPackage();
    org.hl7.fhir.r4.model.Bundle bundle = new org.hl7.fhir.r4.model.Bundle()
        .setType(org.hl7.fhir.r4.model.Bundle.BundleType.COLLECTION);
    List<String> files;
    try {
      files = npm.getFolders().containsKey("example") ? npm.list("example") : List.of();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (String file : files) {
      if (file.endsWith(".json")) {
        IBaseResource r = OncoRefractValidation.resource(ctx, "example/" + file);
        if (profileFor(r).isPresent()) {
          bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
              .setResource((org.hl7.fhir.r4.model.Resource) r);
        }
      }
    }
    validateEntries(bundle);
    return bundle.getEntry().size();
  }

  private static boolean claimsItsProfile(IBaseResource resource) {
    if (resource.getMeta().getProfile().isEmpty()) {
      return false;
    }
    Optional<String> own = profileFor(resource);
    return own.isEmpty() || resource.getMeta().getProfile().stream()
        .anyMatch(p -> own.get().equals(p.getValueAsString()));
  }

  /** Only the errors of {@link #validate(IBaseResource)}. */
  public List<ValidationIssue> errors(IBaseResource resource) {
    return validate(resource).stream().filter(ValidationIssue::isError).toList();
  }

  /**
   * Replaces each quoted part of a validator message by {@code '…'} unless it is a canonical URL of this package or
   * of HL7 ({@code http://hl7.org/fhir/...}, {@code http://terminology.hl7.org/...}) or the text of one of the
   * package's constraints, and every {@code system#code} by {@code system#…}: values from the resource (codes, texts,
   * identifiers, references) never reach a log.
   */
  String sanitise(String message) {
    return sanitise(message, packageTexts);
  }

  static String sanitise(String message, java.util.Set<String> keep) {
    if (message == null) {
      return "";
    }
    Matcher m = QUOTED.matcher(message);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String inner = m.group(1) != null ? m.group(1) : m.group(2);
      String quote = m.group(1) != null ? "'" : "\"";
      String kept = keep.contains(inner) || safe(inner) ? inner : "…";
      m.appendReplacement(b, Matcher.quoteReplacement(quote + kept + quote));
    }
    m.appendTail(b);
    return URL_FRAGMENT.matcher(b).replaceAll("$1#…");
  }

  private static boolean safe(String s) {
    if (s.contains("#")) {
      return false;
    }
    String base = s.split("\\|")[0];
    return base.startsWith(Canonical.BASE + "/StructureDefinition/") || base.startsWith(Canonical.BASE + "/ValueSet/")
        || base.startsWith(Canonical.BASE + "/CodeSystem/") || base.startsWith("http://hl7.org/fhir/")
        || base.startsWith("http://terminology.hl7.org/");
  }

  private static ValidationIssue.Severity severity(SingleValidationMessage m) {
    return switch (m.getSeverity()) {
      case FATAL -> ValidationIssue.Severity.FATAL;
      case ERROR -> ValidationIssue.Severity.ERROR;
      case WARNING -> ValidationIssue.Severity.WARNING;
      case INFORMATION -> ValidationIssue.Severity.INFORMATION;
    };
  }

  private static String primitive(IBaseResource r, String child) {
    var def = ((org.hl7.fhir.r4.model.Base) r).getNamedProperty(child);
    if (def == null || !def.hasValues()) {
      return null;
    }
    Object v = def.getValues().get(0);
    return v instanceof IPrimitiveType<?> p ? p.getValueAsString() : null;
  }
}
