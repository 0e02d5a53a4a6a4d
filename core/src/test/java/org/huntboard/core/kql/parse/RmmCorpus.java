package org.huntboard.core.kql.parse;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The public RMM hunting-query corpus of the shared test data: each query's text with the verdict
 * of Microsoft's parser from {@code index.csv}.
 */
final class RmmCorpus {

  /** One corpus query. */
  record Entry(String file, String text, boolean kustoAccepts, String kustoErrors) {}

  private RmmCorpus() {}

  /** The corpus directory, or a skipped test when the shared data is absent. */
  static Path directory() {
    String shared = System.getProperty("huntboard.shared.dir");
    Assumptions.assumeTrue(
        shared != null, "huntboard.shared.dir is not set, so the RMM corpus cannot be found");
    Path dir = Path.of(shared, "data", "corpus", "rmm");
    Assumptions.assumeTrue(
        Files.isRegularFile(dir.resolve("index.csv")),
        "the RMM corpus is absent at " + dir + "; corpus tests skipped");
    return dir;
  }

  static List<Entry> entries() {
    Path dir = directory();
    try {
      List<Map<String, String>> rows = readCsv(dir.resolve("index.csv"));
      List<Entry> entries = new ArrayList<>();
      for (Map<String, String> row : rows) {
        String file = row.get("file");
        String text = Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
        entries.add(
            new Entry(
                file,
                text,
                "1".equals(row.get("kusto_syntax_ok")),
                row.get("kusto_syntax_errors")));
      }
      return entries;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the RMM corpus at " + dir, e);
    }
  }

  /** A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
  private static List<Map<String, String>> readCsv(Path file) throws IOException {
    List<List<String>> records = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      List<String> record = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      int c;
      while ((c = in.read()) >= 0) {
        char ch = (char) c;
        if (quoted) {
          if (ch == '"') {
            in.mark(1);
            int next = in.read();
            if (next == '"') {
              field.append('"');
            } else {
              quoted = false;
              if (next >= 0) {
                in.reset();
              }
            }
          } else {
            field.append(ch);
          }
        } else if (ch == '"') {
          quoted = true;
        } else if (ch == ',') {
          record.add(field.toString());
          field.setLength(0);
        } else if (ch == '\n') {
          record.add(field.toString());
          field.setLength(0);
          records.add(record);
          record = new ArrayList<>();
        } else if (ch != '\r') {
          field.append(ch);
        }
      }
      if (field.length() > 0 || !record.isEmpty()) {
        record.add(field.toString());
        records.add(record);
      }
    }
    List<String> header = records.get(0);
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> r : records.subList(1, records.size())) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < r.size() ? r.get(i) : "");
      }
      rows.add(row);
    }
    return rows;
  }
}
