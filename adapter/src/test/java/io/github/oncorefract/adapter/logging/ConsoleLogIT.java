package io.github.oncorefract.adapter.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.github.oncorefract.adapter.fhirserver.EmbeddedFhirServerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A whole full pass over the demo cohort at the default log levels (application.yml), its console output captured:
 * no patient name, birth date or identifier value of the server's patients (read from the server itself), no token,
 * no seed or fixture file name; no framework INFO line; the pass's correlation id in the pattern.
 */
@EmbeddedFhirServerTest
@ExtendWith(OutputCaptureExtension.class)
class ConsoleLogIT {

  private static final Pattern LINE = Pattern.compile("^\\S+\\s+(TRACE|DEBUG|INFO|WARN|ERROR)\\s.*?\\]\\s(\\S+)\\s+: ");

  @Autowired TestRestTemplate http;
  @Autowired IGenericClient fhir;

  @Test
  void aFullPassPrintsNoPhiNoTokenAndNoFrameworkInfo(CapturedOutput output) throws Exception {
    int before = output.getAll().length();
    ResponseEntity<String> run = http.postForEntity("/api/assessments/run?full=true", null, String.class);
    assertThat(run.getStatusCode()).isEqualTo(HttpStatus.OK);
    String log = output.getAll().substring(before);
    assertThat(log).as("the pass logged something").contains("pass done (api, write)");

    Set<String> phi = patientValues();
    assertThat(phi).as("demo cohort values to look for").hasSizeGreaterThan(100);
    for (String v : phi) {
      assertThat(log).as("PHI value in the log").doesNotContain(v);
    }
    assertThat(log).doesNotContainIgnoringCase("bearer ").doesNotContain("eyJ");
    for (String name : fixtureFileNames()) {
      assertThat(log).as("file name in the log").doesNotContain(name);
    }

    List<String> frameworkInfo = new ArrayList<>();
    for (String line : log.split("\\R")) {
      Matcher m = LINE.matcher(line);
      if (m.find() && m.group(1).equals("INFO") && !ours(m.group(2))) {
        frameworkInfo.add(line);
      }
    }
    assertThat(frameworkInfo).as("framework INFO lines on the console").isEmpty();
    assertThat(log).as("the pass's correlation id").containsPattern("\\[[0-9a-f]{8} [^\\]]*\\] \\S+\\s+: pass done");
  }

  private static boolean ours(String logger) {
    return logger.startsWith("i.g.o") || logger.startsWith("io.github.oncorefract") || logger.startsWith("oncorefract.")
        || logger.startsWith("i.g.oncorefract");
  }

  /** Names (family, given, text), birth dates and identifier values of every Patient on the server. */
  private Set<String> patientValues() {
    Set<String> values = new TreeSet<>();
    Bundle page = fhir.search().forResource(Patient.class).count(200).returnBundle(Bundle.class).execute();
    while (page != null) {
      for (Bundle.BundleEntryComponent e : page.getEntry()) {
        Patient p = (Patient) e.getResource();
        for (HumanName n : p.getName()) {
          add(values, n.getFamily());
          n.getGiven().forEach(g -> add(values, g.getValue()));
          add(values, n.getText());
        }
        if (p.hasBirthDateElement()) {
          add(values, p.getBirthDateElement().getValueAsString());
        }
        for (Identifier i : p.getIdentifier()) {
          add(values, i.getValue());
        }
      }
      page = page.getLink(Bundle.LINK_NEXT) == null ? null : fhir.loadPage().next(page).execute();
    }
    return values;
  }

  private static void add(Set<String> values, String v) {
    // Very short strings (initials, "1") would match anywhere; every demo name and identifier is longer.
    if (v != null && v.strip().length() >= 4) {
      values.add(v.strip());
    }
  }

  private static Set<String> fixtureFileNames() throws Exception {
    Set<String> names = new TreeSet<>();
    String shared = System.getProperty("shared.dir");
    if (shared == null) {
      return names;
    }
    Path folder = Path.of(shared, "fixtures", "public");
    if (Files.isDirectory(folder)) {
      try (Stream<Path> files = Files.walk(folder)) {
        files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
            .filter(n -> n.endsWith(".json") || n.endsWith(".ndjson")).forEach(names::add);
      }
    }
    return names;
  }
}
