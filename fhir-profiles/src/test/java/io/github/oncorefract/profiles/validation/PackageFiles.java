package io.github.oncorefract.profiles.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.utilities.npm.NpmPackage;

/** Reads files of the shipped package (the .tgz on the classpath), so the tests check what the jar carries. */
final class PackageFiles {

  static final NpmPackage NPM = OncoRefractValidation.npmPackage();

  private PackageFiles() {}

  /** File names in {@code package/<folder>} ({@code ""} for {@code package/} itself). */
  static List<String> names(String folder) {
    var f = NPM.getFolders().get(folder.isEmpty() ? "package" : folder);
    return f == null ? List.of() : f.listFiles().stream().sorted().toList();
  }

  static String read(String folder, String name) {
    try (InputStream in = NPM.load(folder.isEmpty() ? "package" : folder, name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
