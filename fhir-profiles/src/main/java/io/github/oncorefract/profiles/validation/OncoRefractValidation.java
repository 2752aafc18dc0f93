package io.github.oncorefract.profiles.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import io.github.oncorefract.profiles.Canonical;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * The conformance package ({@link Canonical#PACKAGE_NAME} {@link Canonical#PACKAGE_VERSION}, FHIR R4 4.0.1) as it
 * ships inside the fhir-profiles jar at {@link Canonical#PACKAGE_CLASSPATH}, and the offline HAPI validation built on
 * it.
 *
 * <p>The support chain, in order: the package ({@link NpmPackageValidationSupport}), the FHIR R4 core definitions
 * ({@link DefaultProfileValidationSupport}, from {@code hapi-fhir-validation-resources-r4}), common code systems
 * (UCUM, MIME types, languages, ...), in-memory terminology (expansion and code validation of the ValueSets and
 * CodeSystems held by the chain), snapshot generation (the profiles ship differentials only), and a warning, not an
 * error, for a code system nobody in the chain knows. No remote terminology server; nothing touches the network.
 *
 * <p>Building a chain loads and indexes a few thousand core resources: seconds. Build one per application (per
 * {@link FhirContext}) and share it; chains and validators are thread-safe.
 */
public final class OncoRefractValidation {

  private OncoRefractValidation() {}

  /** The classpath URL of the package {@code .tgz}, as {@code NpmPackageValidationSupport} expects it. */
  public static final String PACKAGE_CLASSPATH_URL = "classpath:" + Canonical.PACKAGE_CLASSPATH;

  /**
   * The package's conformance resources (profiles, extensions, CodeSystems, ValueSets, ConceptMaps,
   * CapabilityStatement; not the examples) as a validation support.
   *
   * @param ctx an R4 context
   * @throws UncheckedIOException when the package is not on the classpath or unreadable
   */
  public static NpmPackageValidationSupport packageSupport(FhirContext ctx) {
    NpmPackageValidationSupport npm = new NpmPackageValidationSupport(ctx);
    try {
      npm.loadPackageFromClasspath(PACKAGE_CLASSPATH_URL);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + PACKAGE_CLASSPATH_URL, e);
    }
    return npm;
  }

  /**
   * The offline validation support chain described above.
   *
   * @param ctx an R4 context
   * @return a new chain (expensive: build once and share)
   */
  public static ValidationSupportChain supportChain(FhirContext ctx) {
    UnknownCodeSystemWarningValidationSupport unknown = new UnknownCodeSystemWarningValidationSupport(ctx);
    unknown.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
    return new ValidationSupportChain(
        packageSupport(ctx),
        new DefaultProfileValidationSupport(ctx),
        new CommonCodeSystemsTerminologyService(ctx),
        new InMemoryTerminologyServerValidationSupport(ctx),
        new SnapshotGeneratingValidationSupport(ctx),
        unknown);
  }

  /**
   * A HAPI validator on {@code chain} (instance validation with the profiles; no schema or schematron).
   *
   * @param ctx   an R4 context
   * @param chain a chain from {@link #supportChain(FhirContext)}
   */
  public static FhirValidator validator(FhirContext ctx, IValidationSupport chain) {
    FhirInstanceValidator module = new FhirInstanceValidator(chain);
    module.setAnyExtensionsAllowed(true);
    module.setErrorForUnknownProfiles(true);
    // Check a literal reference's type (Patient/x against Reference(Device)) without resolving it.
    module.setAssumeValidRestReferences(true);
    return ctx.newValidator().registerValidatorModule(module);
  }

  /**
   * Opens the package's {@code .tgz} from the classpath, e.g. to install it into a HAPI JPA server
   * ({@code PackageInstallationSpec.setPackageContents}).
   *
   * @return the bytes of the {@code .tgz}
   * @throws UncheckedIOException when the package is not on the classpath
   */
  public static byte[] packageBytes() {
    try (InputStream in = open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The package parsed by the FHIR core library (name, version, folders, files).
   *
   * @throws UncheckedIOException when the package is not on the classpath or unreadable
   */
  public static NpmPackage npmPackage() {
    try (InputStream in = open()) {
      return NpmPackage.fromPackage(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One file of the package's {@code package/} folder, parsed, e.g. {@code "CapabilityStatement-oncorefract-adapter.json"}
   * or {@code "example/Flag-example-likely-refractory.json"}.
   *
   * @param ctx  an R4 context
   * @param file file name relative to {@code package/}
   * @throws UncheckedIOException when the file is not in the package
   */
  public static IBaseResource resource(FhirContext ctx, String file) {
    NpmPackage npm = npmPackage();
    int slash = file.lastIndexOf('/');
    String folder = slash < 0 ? "package" : file.substring(0, slash);
    try (InputStream in = npm.load(folder, file.substring(slash + 1))) {
      if (in == null) {
        throw new IOException("not in the package: " + file);
      }
      return ctx.newJsonParser().parseResource(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The adapter's CapabilityStatement ({@link Canonical#CAPABILITY_STATEMENT}), to serve at the adapter's metadata. */
  public static IBaseResource capabilityStatement(FhirContext ctx) {
    return resource(ctx, "CapabilityStatement-oncorefract-adapter.json");
  }

  private static InputStream open() throws IOException {
    InputStream in = OncoRefractValidation.class.getResourceAsStream(Canonical.PACKAGE_CLASSPATH);
    if (in == null) {
      throw new IOException("package not on the classpath: " + Canonical.PACKAGE_CLASSPATH);
    }
    return in;
  }
}
