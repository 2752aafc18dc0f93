package io.github.oncorefract.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import io.github.oncorefract.assessment.AssessmentParameters;
import io.github.oncorefract.assessment.PatientAssessor;
import io.github.oncorefract.domain.PatientAssessment;
import io.github.oncorefract.domain.PatientRecord;
import io.github.oncorefract.knowledge.CancerCodeTable;
import io.github.oncorefract.knowledge.TableDrugCatalog;
import io.github.oncorefract.normalise.PatientNormaliser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every patient of every JSON file of the public fixtures ({@code shared.dir}/fixtures/public: Synthea, mCODE, oBDS,
 * MII, genomics reporting), normalised and assessed with the engine's defaults and rendered with {@code new}: the page
 * always renders, and it never shows a Patient's name, identifier or birth date (only logical ids). The pages are
 * written to {@code target/timeline-fixtures/} for a look.
 */
class TimelineFixturesRenderTest {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static final TableDrugCatalog CATALOG = TableDrugCatalog.loadDefault();
  static final PatientNormaliser NORMALISER = new PatientNormaliser(CTX, CATALOG, CancerCodeTable.loadDefault());
  static final PatientAssessor ASSESSOR = new PatientAssessor(AssessmentParameters.defaults(), CATALOG);

  static Path dir() {
    return Path.of(System.getProperty("shared.dir", "../../shared"), "fixtures", "public");
  }

  static Stream<String> files() throws IOException {
    try (Stream<Path> s = Files.walk(dir())) {
      return s.filter(p -> p.toString().endsWith(".json")).map(p -> dir().relativize(p).toString()).sorted()
          .toList().stream();
    }
  }

  /** The bulk-data patient with 442 exposures (221 cisplatin + 221 paclitaxel requests) over four NDJSON files. */
  @org.junit.jupiter.api.Test
  void rendersTheBulkPatientWithHundredsOfExposures() throws IOException {
    String pid = "129c6ac7-8d06-89de-ad63-0204a93e76c3";
    IParser parser = CTX.newJsonParser()
        .setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
    List<Resource> all = new ArrayList<>();
    for (String type : List.of("Patient", "Condition", "MedicationRequest", "Procedure")) {
      for (String line : Files.readAllLines(dir().resolve("smart-sample-bulk-fhir-datasets-10-patients/" + type
          + ".patient-" + pid + ".ndjson"))) {
        if (!line.isBlank()) {
          all.add((Resource) parser.parseResource(line));
        }
      }
    }
    PatientRecord rec = NORMALISER.normalise(pid, all);
    String html = new TimelineRenderer(AssessmentParameters.defaults())
        .render(rec, ASSESSOR.assess(rec, LocalDate.of(2026, 1, 15)));
    Path out = Path.of("target", "timeline-fixtures", "bulk." + pid + ".html");
    Files.createDirectories(out.getParent());
    Files.writeString(out, html);

    assertThat(rec.exposures()).hasSizeGreaterThan(400);
    assertThat(html).contains("id=\"status-box\"").endsWith("</html>\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void renders(String file) throws IOException {
    IParser parser = CTX.newJsonParser()
        .setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
    IBaseResource r;
    try {
      r = parser.parseResource(Files.readString(dir().resolve(file)));
    } catch (RuntimeException e) {
      return; // not a FHIR resource (e.g. a test's expected output): nothing to render
    }
    List<Resource> all = new ArrayList<>();
    if (r instanceof Bundle b) {
      b.getEntry().forEach(e -> {
        if (e.getResource() != null) {
          all.add(e.getResource());
        }
      });
    } else {
      all.add((Resource) r);
    }
    Set<String> patients = new LinkedHashSet<>();
    Set<String> phi = new LinkedHashSet<>();
    for (Resource res : all) {
      if (res instanceof Patient p) {
        patients.add(p.getIdElement().getIdPart().replace("urn:uuid:", ""));
        p.getName().forEach(n -> {
          n.getGiven().forEach(g -> phi.add(g.getValue()));
          phi.add(n.getFamily());
          phi.add(n.getText());
        });
        p.getIdentifier().forEach(i -> phi.add(i.getValue()));
        if (p.hasBirthDateElement()) {
          phi.add(p.getBirthDateElement().getValueAsString());
        }
      }
    }
    phi.removeIf(v -> v == null || v.length() < 4);
    phi.removeAll(patients); // Synthea repeats the logical id as an identifier: the logical id is shown
    if (patients.isEmpty()) {
      patients.add("anon");
    }
    for (String pid : patients) {
      PatientRecord rec = NORMALISER.normalise(pid, all);
      PatientAssessment a = ASSESSOR.assess(rec, LocalDate.of(2026, 1, 15));
      String html = new TimelineRenderer(AssessmentParameters.defaults()).render(rec, a);
      Path out = Path.of("target", "timeline-fixtures", file.replace('/', '_') + "." + pid + ".html");
      Files.createDirectories(out.getParent());
      Files.writeString(out, html);
      assertThat(html).contains("id=\"status-box\"").endsWith("</html>\n");
      for (String v : phi) {
        assertThat(html).as("%s shows no name, identifier or birth date", out).doesNotContain(v);
      }
    }
  }
}
