package io.github.oncorefract.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the knowledge tables ({@code io/github/oncorefract/knowledge/*.csv}): RFC 4180 quoting, lines starting with
 * {@code #} and blank lines ignored, the first other line is the header. Each row is a map from column name to the
 * trimmed cell ({@code ""} when empty). Extra unquoted commas belong to the last column (a free-text note). The one
 * reader of these tables: the build-time package generator and the run-time catalogues in {@code routes} use it.
 */
public final class KnowledgeCsv {

  private KnowledgeCsv() {}

  /**
   * @param file the CSV file
   * @return its rows in file order
   * @throws IOException when the file cannot be read
   */
  public static List<Map<String, String>> read(Path file) throws IOException {
    return read(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  /**
   * Reads a table from the classpath.
   *
   * @param resource absolute classpath path, e.g. {@code "/io/github/oncorefract/knowledge/drug-codes.csv"}
   * @return its rows in file order
   * @throws IllegalStateException when the resource is missing
   * @throws java.io.UncheckedIOException when it cannot be read
   */
  public static List<Map<String, String>> readResource(String resource) {
    try (InputStream in = KnowledgeCsv.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("knowledge table not on the classpath: " + resource);
      }
      return read(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Reads CSV text (see the class comment for the format). */
  public static List<Map<String, String>> read(String text) {
    return read(text.lines().toList());
  }

  private static List<Map<String, String>> read(List<String> lines) {
    List<String> header = null;
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      List<String> cells = split(line);
      if (header == null) {
        header = cells.stream().map(String::strip).toList();
        continue;
      }
      if (cells.size() > header.size()) {
        // An unquoted comma in the last (free-text note) column: keep it as part of that cell.
        List<String> head = new ArrayList<>(cells.subList(0, header.size() - 1));
        head.add(String.join(",", cells.subList(header.size() - 1, cells.size())));
        cells = head;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < cells.size() ? cells.get(i).trim() : "");
      }
      rows.add(row);
    }
    return rows;
  }

  /** The {@code ;}-separated values of a cell, trimmed, empty values dropped. */
  public static List<String> list(String cell) {
    List<String> out = new ArrayList<>();
    for (String s : cell.split(";")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /** The cells of one CSV line (RFC 4180 quoting), untrimmed. */
  public static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    cells.add(cur.toString());
    return cells;
  }
}
