package io.github.oncorefract.adapter.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the demo cohort to a folder as pretty-printed JSON transaction Bundles, one file
 * {@code <patientId>.json} per patient (e.g. {@code demo-0001.json}), so the same cohort can be POSTed to any FHIR R4
 * server base ({@code POST [base]} with each file). Files are written as UTF-8 with a trailing newline; existing
 * files of the same name are overwritten.
 */
public final class DemoCohortExporter {

  private static final Logger LOG = LoggerFactory.getLogger(DemoCohortExporter.class);

  private DemoCohortExporter() {}

  /**
   * Generates and writes the cohort with {@link FhirContext#forR4Cached()}.
   *
   * @param dir  target folder, created when missing
   * @param size number of patients, at least 1
   * @param seed random seed
   * @return the written files, in patient order
   * @throws IOException              if the folder or a file cannot be written
   * @throws IllegalArgumentException if {@code size < 1}
   */
  public static List<Path> write(Path dir, int size, long seed) throws IOException {
    return write(FhirContext.forR4Cached(), dir, size, seed);
  }

  /**
   * Generates and writes the cohort with the given context.
   *
   * @param fhirContext an R4 context
   * @param dir         target folder, created when missing
   * @param size        number of patients, at least 1
   * @param seed        random seed
   * @return the written files, in patient order
   * @throws IOException              if the folder or a file cannot be written
   * @throws IllegalArgumentException if {@code size < 1}
   */
  public static List<Path> write(FhirContext fhirContext, Path dir, int size, long seed) throws IOException {
    List<DemoPatient> patients = new DemoCohortGenerator(fhirContext).generateWithTruth(size, seed);
    Files.createDirectories(dir);
    IParser parser = fhirContext.newJsonParser().setPrettyPrint(true);
    List<Path> written = new ArrayList<>(patients.size());
    for (DemoPatient p : patients) {
      Path file = dir.resolve(p.patientId() + ".json");
      Files.writeString(file, parser.encodeResourceToString(p.bundle()) + "\n", StandardCharsets.UTF_8);
      written.add(file);
    }
    LOG.info("Wrote {} demo bundles to {}", written.size(), dir);
    return written;
  }
}
