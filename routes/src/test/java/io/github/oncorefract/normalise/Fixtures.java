package io.github.oncorefract.normalise;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import io.github.oncorefract.knowledge.CancerCodeTable;
import io.github.oncorefract.knowledge.TableDrugCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/** Reads the public fixtures (never copied into the project) with one cached R4 context and a lenient parser. */
final class Fixtures {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static final TableDrugCatalog CATALOG = TableDrugCatalog.loadDefault();
  static final CancerCodeTable CANCERS = CancerCodeTable.loadDefault();
  static final PatientNormaliser NORMALISER = new PatientNormaliser(CTX, CATALOG, CANCERS);

  static final String OBDS = "bzkf-obds-to-fhir/ObdsToFhirBundleMapperTest/"
      + "map_withGivenObds_shouldCreateBundleMatchingSnapshot.";
  static final String SYST = "bzkf-obds-to-fhir/SystemischeTherapieMedicationStatementMapperTest/"
      + "SystemischeTherapieMedicationStatementMapperTest.map_withGivenObds_shouldCreateValidMedicationStatement.";

  private Fixtures() {}

  static Path dir() {
    String shared = System.getProperty("shared.dir", "../../shared");
    return Path.of(shared, "fixtures", "public");
  }

  static IParser parser() {
    return CTX.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
  }

  /** The file's resources: a Bundle's entries, an NDJSON file's lines, or the single resource. */
  static List<Resource> load(String relative) {
    Path p = dir().resolve(relative);
    try {
      List<Resource> out = new ArrayList<>();
      if (relative.endsWith(".ndjson")) {
        for (String line : Files.readAllLines(p)) {
          if (!line.isBlank()) {
            add(parser().parseResource(line), out);
          }
        }
      } else {
        add(parser().parseResource(Files.readString(p)), out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Bundle as one resource (to test that the normaliser flattens it). */
  static IBaseResource raw(String relative) {
    try {
      return parser().parseResource(Files.readString(dir().resolve(relative)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void add(IBaseResource r, List<Resource> out) {
    if (r instanceof Bundle b) {
      b.getEntry().forEach(e -> {
        if (e.getResource() != null) {
          out.add(e.getResource());
        }
      });
    } else {
      out.add((Resource) r);
    }
  }

  static <T extends Resource> T first(List<Resource> rs, Class<T> type, String id) {
    return rs.stream().filter(type::isInstance).map(type::cast)
        .filter(r -> id == null || ResourceIndex.logicalId(r).equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + id));
  }
}
