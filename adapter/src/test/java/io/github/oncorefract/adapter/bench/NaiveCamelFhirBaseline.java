package io.github.oncorefract.adapter.bench;

import ca.uhn.fhir.context.FhirContext;
import io.github.oncorefract.assessment.AssessmentParameters;
import io.github.oncorefract.assessment.PatientAssessor;
import io.github.oncorefract.domain.CancerAssessment;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.domain.RefractoryStatus;
import io.github.oncorefract.knowledge.CancerCodeTable;
import io.github.oncorefract.knowledge.TableDrugCatalog;
import io.github.oncorefract.normalise.ExposureParameters;
import io.github.oncorefract.normalise.PatientNormaliser;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.fhir.FhirComponent;
import org.apache.camel.component.fhir.FhirConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;

/**
 * The naive baseline of the pass benchmark ({@code tools/bench/pass_bench.py}, see BENCHMARKS.md): what a user of
 * camel-fhir would write to assess a population. A plain {@link CamelContext} (no Spring) with the camel-fhir
 * component against the server; for each candidate patient, one after the other (no batching, no parallelism):
 * <ol>
 *   <li>{@code fhir://read/resourceById} of the Patient;
 *   <li>one {@code fhir://search/searchByUrl} per type: {@code Condition}, {@code MedicationStatement},
 *       {@code MedicationRequest}, {@code MedicationAdministration} (each medication search with {@code _include} of
 *       its Medication, as the product does, so both see the same data), {@code Observation}, {@code Procedure}, each
 *       {@code ?patient=<id>&_count=<page size>}, every {@code next} page followed with {@code fhir://load-page/next};
 *   <li>the same assessment work as the product's pass up to its write decision, minus trial matching: the routes
 *       module's {@link PatientNormaliser} and {@link PatientAssessor} with their default parameters (the product's
 *       defaults), on what was read.
 * </ol>
 * It writes nothing. The candidates are the subjects of every Condition on the server ({@code Condition?_elements=
 * subject}, paged), read before the clock starts.
 *
 * <p>Usage: {@code NaiveCamelFhirBaseline <fhir base URL> [page size, default 200] [max patients, default all]}.
 * Prints one JSON line: {@code patients}, {@code seconds} (wall clock of the per-patient loop),
 * {@code patientsPerSecond}, {@code requests} (HTTP requests of the loop: one per read, search and page),
 * {@code cpuSeconds} (this process's CPU over the loop), {@code resources} (read), {@code cancers},
 * {@code likelyRefractory}, {@code atRisk} (to check it did the same work as the product).
 */
public final class NaiveCamelFhirBaseline {

  private static final List<String> SEARCHES = List.of("Condition", "MedicationStatement",
      "MedicationRequest", "MedicationAdministration", "Observation", "Procedure");

  private NaiveCamelFhirBaseline() {}

  /**
   * @param args base URL, optional page size, optional maximum number of patients
   * @throws Exception when the server cannot be read
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: NaiveCamelFhirBaseline <fhir base URL> [page size] [max patients]");
      System.exit(2);
    }
    String base = args[0].endsWith("/") ? args[0].substring(0, args[0].length() - 1) : args[0];
    int pageSize = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int max = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;

    FhirContext ctx = FhirContext.forR4();
    TableDrugCatalog drugs = TableDrugCatalog.loadDefault();
    PatientNormaliser normaliser = new PatientNormaliser(ctx, drugs, CancerCodeTable.loadDefault(),
        ExposureParameters.defaults());
    PatientAssessor assessor = new PatientAssessor(AssessmentParameters.defaults(), drugs);

    try (CamelContext camel = new DefaultCamelContext()) {
      FhirConfiguration conf = new FhirConfiguration();
      conf.setServerUrl(base);
      conf.setFhirVersion("R4");
      conf.setFhirContext(ctx);
      FhirComponent fhir = new FhirComponent(camel);
      fhir.setConfiguration(conf);
      camel.addComponent("fhir", fhir);
      camel.start();
      ProducerTemplate template = camel.createProducerTemplate();
      String search = "fhir://search/searchByUrl?inBody=url";
      String next = "fhir://load-page/next?inBody=bundle";
      String read = "fhir://read/resourceById?resourceClass=Patient";

      // candidates: every Condition's subject, before the clock starts
      Set<String> candidates = new LinkedHashSet<>();
      Bundle page = template.requestBody(search, base + "/Condition?_elements=subject&_count=1000", Bundle.class);
      while (page != null) {
        for (Bundle.BundleEntryComponent e : page.getEntry()) {
          if (e.getResource() instanceof Condition c && c.getSubject().getReference() != null) {
            candidates.add(c.getSubject().getReferenceElement().getIdPart());
          }
        }
        page = page.getLink(Bundle.LINK_NEXT) == null ? null : template.requestBody(next, page, Bundle.class);
      }
      List<String> patients = new ArrayList<>(candidates).subList(0, Math.min(max, candidates.size()));

      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      long requests = 0;
      long resources = 0;
      int cancers = 0;
      int likely = 0;
      int atRisk = 0;
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      for (String id : patients) {
        List<IBaseResource> data = new ArrayList<>();
        data.add(template.requestBodyAndHeaders(read, null, Map.of("CamelFhir.stringId", id), Patient.class));
        requests++;
        for (String type : SEARCHES) {
          String include = type.startsWith("Medication") ? "&_include=" + type + ":medication" : "";
          Bundle b = template.requestBody(search, base + "/" + type + "?patient=" + id + "&_count=" + pageSize
              + include, Bundle.class);
          requests++;
          while (b != null) {
            b.getEntry().forEach(e -> data.add(e.getResource()));
            if (b.getLink(Bundle.LINK_NEXT) == null) {
              break;
            }
            b = template.requestBody(next, b, Bundle.class);
            requests++;
          }
        }
        resources += data.size();
        PatientRecord record = normaliser.normalise(id, data);
        PatientAssessment assessment = assessor.assess(record, today);
        for (CancerAssessment ca : assessment.cancers()) {
          cancers++;
          if (ca.status() == RefractoryStatus.LIKELY_REFRACTORY) {
            likely++;
          } else if (ca.status() == RefractoryStatus.AT_RISK) {
            atRisk++;
          }
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      System.out.printf(java.util.Locale.ROOT,
          "{\"patients\":%d,\"seconds\":%.3f,\"patientsPerSecond\":%.3f,\"requests\":%d,\"cpuSeconds\":%.3f,"
              + "\"resources\":%d,\"cancers\":%d,\"likelyRefractory\":%d,\"atRisk\":%d}%n",
          patients.size(), seconds, patients.size() / seconds, requests, cpu, resources, cancers, likely, atRisk);
    }
  }
}
