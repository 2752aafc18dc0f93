package io.github.oncorefract.adapter.fhirserver;

import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallOutcomeJson;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import io.github.oncorefract.profiles.Canonical;
import io.github.oncorefract.profiles.validation.OncoRefractValidation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;

/**
 * Installs the project's FHIR NPM package ({@link Canonical#PACKAGE_NAME} {@link Canonical#PACKAGE_VERSION}, read
 * from the fhir-profiles jar by {@link OncoRefractValidation#packageBytes()}) into the embedded HAPI FHIR JPA server
 * at start, before seeding ({@code @Order(-100)}; the seed runner is {@code @Order(0)}).
 *
 * <p>HAPI's {@link IPackageInstallerSvc} with {@link PackageInstallationSpec.InstallModeEnum#STORE_AND_INSTALL}:
 * <ul>
 *   <li><b>Store:</b> the whole package goes into the server's NPM package cache (tables {@code NPM_PACKAGE*}).
 *       HAPI's validation support chain reads every conformance resource of an installed package from there
 *       ({@code NpmJpaValidationSupport}), so {@code POST /fhir/<Type>/$validate?profile=<our profile URL>} validates
 *       against our profiles, extensions, CodeSystems and ValueSets.</li>
 *   <li><b>Install:</b> the {@link #INSTALL_TYPES} become ordinary resources: our StructureDefinitions (with a
 *       snapshot HAPI generates), readable with {@code GET /fhir/StructureDefinition?url=...}, and our CodeSystems and
 *       ValueSets, readable with {@code GET /fhir/CodeSystem?url=...} and {@code GET /fhir/ValueSet?url=...}. Issue 8,
 *       class 11: the server must hold our terminology, so that {@code $validate} of a written resource against its
 *       declared profile checks our own codes (refractory status, line setting and end reason, rule set, suggestion
 *       type, tags, ingredients, ...) against stored CodeSystems and answers with no error and no warning about them,
 *       and so that an EHR reading a written resource can look its codes up on the server. The ConceptMaps (the
 *       knowledge tables as terminology) stay in the package cache only: nothing the adapter writes uses them.
 *       Installing the CodeSystems and ValueSets costs start-up time (HAPI indexes each CodeSystem into its terminology
 *       tables; measured about 40 s instead of 23 s on a loaded two-core machine when this was first tried).</li>
 * </ul>
 * Dependencies are never fetched ({@code hl7.fhir.r4.core} is built into HAPI; no package registry is reachable).
 * No {@code RequestValidatingInterceptor} is registered: the server keeps accepting any data.
 *
 * <p>Cost: the installation runs synchronously before the application is ready; HAPI generates the snapshots with
 * its validation chain, so the first installation also warms that chain up (a cost the first {@code $validate} would
 * otherwise pay). Wall-clock and CPU time are logged at INFO and kept in {@link #lastOutcome()}.
 *
 * <p>On a persistent database (H2 file, PostgreSQL) a restart installs again: HAPI finds the package version in its
 * cache and looks the installed resources up by canonical URL, updating rather than duplicating them. Never fails the start: a failure is logged (exception class only) and
 * {@link #lastOutcome()} stays empty; the server then simply does not know our profiles.
 */
@Order(-100)
public class FhirPackageInstaller implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(FhirPackageInstaller.class);

  private final IPackageInstallerSvc installer;
  private volatile Installed lastOutcome;

  /**
   * What the installation did.
   *
   * @param resourcesInstalled resources created or updated, by resource type
   * @param millis             wall-clock duration of the installation in milliseconds
   * @param cpuMillis          CPU time the installing thread spent, in milliseconds (-1 when the JVM cannot measure
   *                           it); unlike {@code millis} it does not grow with the machine's load
   */
  public record Installed(Map<String, Integer> resourcesInstalled, long millis, long cpuMillis) {}

  /** @param installer HAPI's package installer of the embedded JPA server */
  public FhirPackageInstaller(IPackageInstallerSvc installer) {
    this.installer = Objects.requireNonNull(installer, "installer");
  }

  /** Resource types installed as stored resources (the rest of the package stays in the package cache). */
  public static final List<String> INSTALL_TYPES = List.of("StructureDefinition", "CodeSystem", "ValueSet");

  /** The installation spec: our package's bytes, store and install {@link #INSTALL_TYPES}, no dependency fetching. */
  public static PackageInstallationSpec spec() {
    PackageInstallationSpec spec = new PackageInstallationSpec()
        .setName(Canonical.PACKAGE_NAME)
        .setVersion(Canonical.PACKAGE_VERSION)
        .setPackageContents(OncoRefractValidation.packageBytes())
        .setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL)
        .setFetchDependencies(false);
    spec.setInstallResourceTypes(new ArrayList<>(INSTALL_TYPES));
    return spec;
  }

  @Override
  public void run(ApplicationArguments args) {
    install();
  }

  /**
   * Installs the package now (also usable again later, e.g. after a database reset).
   *
   * @return what was installed, or empty when the installation failed (logged at ERROR)
   */
  public Optional<Installed> install() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpu = threads.isCurrentThreadCpuTimeSupported();
    long start = System.nanoTime();
    long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
    try {
      PackageInstallOutcomeJson outcome = installer.install(spec());
      long millis = (System.nanoTime() - start) / 1_000_000;
      long cpuMillis = cpu ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000 : -1;
      Installed installed = new Installed(new TreeMap<>(outcome.getResourcesInstalled()), millis, cpuMillis);
      lastOutcome = installed;
      log.info("FHIR package {}#{} installed into the embedded server in {} ms ({} ms CPU): {}",
          Canonical.PACKAGE_NAME, Canonical.PACKAGE_VERSION, millis, cpuMillis, installed.resourcesInstalled());
      return Optional.of(installed);
    } catch (RuntimeException e) {
      // Never fatal: the server keeps working without our profiles. Class only (messages may quote content).
      log.error("FHIR package {}#{} could not be installed into the embedded server: {}", Canonical.PACKAGE_NAME,
          Canonical.PACKAGE_VERSION, e.getClass().getName());
      log.debug("Package installation failure detail", e);
      return Optional.empty();
    }
  }

  /** The outcome of the last successful installation, empty before it (or when it failed). */
  public Optional<Installed> lastOutcome() {
    return Optional.ofNullable(lastOutcome);
  }
}
