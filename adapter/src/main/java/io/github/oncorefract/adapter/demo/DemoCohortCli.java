package io.github.oncorefract.adapter.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.TimeZone;

/**
 * Command line entry point (no Spring): writes the demo cohort to a folder.
 *
 * <p>Usage: {@code DemoCohortCli <output-dir> [size (default 50)] [seed (default 20260601)]}. From the executable
 * jar: {@code java -cp adapter/target/oncorefract-adapter.jar
 * -Dloader.main=io.github.oncorefract.adapter.demo.DemoCohortCli
 * org.springframework.boot.loader.launch.PropertiesLauncher <dir>}. Exit status 0 on success, 2 on bad arguments,
 * 1 on an I/O error.
 */
public final class DemoCohortCli {

  private DemoCohortCli() {}

  /**
   * @param args output folder, optional size, optional seed
   */
  public static void main(String[] args) {
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: DemoCohortCli <output-dir> [size (default " + DemoCohortGenerator.DEFAULT_SIZE
          + ")] [seed (default " + DemoCohortGenerator.DEFAULT_SEED + ")]");
      System.exit(2);
      return;
    }
    int size;
    long seed;
    try {
      size = args.length > 1 ? Integer.parseInt(args[1]) : DemoCohortGenerator.DEFAULT_SIZE;
      seed = args.length > 2 ? Long.parseLong(args[2]) : DemoCohortGenerator.DEFAULT_SEED;
    } catch (NumberFormatException e) {
      System.err.println("size and seed must be integers: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (size < 1) {
      System.err.println("size must be >= 1");
      System.exit(2);
      return;
    }
    try {
      List<Path> files = DemoCohortExporter.write(Path.of(args[0]), size, seed);
      System.out.println("Wrote " + files.size() + " transaction bundles (seed " + seed + ") to "
          + Path.of(args[0]).toAbsolutePath());
    } catch (java.io.IOException e) {
      System.err.println("cannot write the cohort: " + e.getMessage());
      System.exit(1);
    }
  }
}
