package io.github.oncorefract.knowledge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal RFC 4180 reader for the knowledge tables: the first non-comment line is the header; lines starting with
 * {@code #} and blank lines are skipped; fields may be double-quoted (with {@code ""} as an escaped quote).
 */
final class CsvTable {

  private CsvTable() {}

  /**
   * Reads a classpath resource.
   *
   * @param resource absolute classpath path, e.g. {@code "/io/github/oncorefract/knowledge/drug-codes.csv"}
   * @return rows as header-name to value maps (values trimmed, empty string when absent), in file order
   * @throws IllegalStateException when the resource is missing
   */
  static List<Map<String, String>> readResource(String resource) {
    InputStream in = CsvTable.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("knowledge table not on classpath: " + resource);
    }
    try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return read(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads CSV text; see the class comment for the format. */
  static List<Map<String, String>> read(Reader reader) throws IOException {
    BufferedReader br = new BufferedReader(reader);
    List<String> header = null;
    List<Map<String, String>> rows = new ArrayList<>();
    String line;
    while ((line = br.readLine()) != null) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      List<String> fields = split(line);
      if (header == null) {
        header = fields.stream().map(String::strip).toList();
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < fields.size() ? fields.get(i).strip() : "");
      }
      rows.add(row);
    }
    return rows;
  }

  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
