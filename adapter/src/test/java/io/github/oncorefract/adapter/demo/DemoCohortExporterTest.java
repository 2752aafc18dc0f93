package io.github.oncorefract.adapter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCohortExporterTest {

  private static final FhirContext CTX = FhirContext.forR4Cached();

  @Test
  void writesOnePrettyTransactionBundlePerPatient(@TempDir Path dir) throws Exception {
    List<Path> files = DemoCohortExporter.write(dir.resolve("out"), 3, 11L);
    assertThat(files).extracting(f -> f.getFileName().toString())
        .containsExactly("demo-0001.json", "demo-0002.json", "demo-0003.json");
    List<Bundle> expected = new DemoCohortGenerator(CTX).generate(3, 11L);
    for (int i = 0; i < files.size(); i++) {
      String text = Files.readString(files.get(i));
      assertThat(text).contains("\n  \"type\": \"transaction\"");
      Bundle b = CTX.newJsonParser().parseResource(Bundle.class, text);
      assertThat(b.getEntry()).hasSameSizeAs(expected.get(i).getEntry());
      assertThat(text).isEqualTo(CTX.newJsonParser().setPrettyPrint(true).encodeResourceToString(expected.get(i))
          + "\n");
    }
  }

  @Test
  void cliWritesTheRequestedSize(@TempDir Path dir) throws Exception {
    DemoCohortCli.main(new String[] {dir.toString(), "2", "5"});
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("demo-0001.json", "demo-0002.json");
    }
  }
}
