package org.huntboard.core.kql.referee;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The public RMM hunting-query corpus of the shared test data ({@code data/corpus/rmm}): every
 * {@code .kql} file of {@code rmm-yaml/} and {@code azsentinel-yaml/} with its row of {@code
 * index.csv}, which records Microsoft's verdicts.
 */
public final class RmmCorpus {

  /** The folders that hold query files, in the order reports list them. */
  public static final List<String> FOLDERS = List.of("rmm-yaml", "azsentinel-yaml");

  /**
   * One corpus query. {@code tables} are the tables it reads; {@code microsoftSyntaxOk} and {@code
   * microsoftBindsOk} are the verdicts recorded in the index (binding against the documented
   * schemas).
   */
  public record CorpusQuery(
      String file,
      String text,
      List<String> tables,
      boolean template,
      boolean microsoftSyntaxOk,
      boolean microsoftBindsOk) {}

  private RmmCorpus() {}

  /** The shared test data folder, from the {@code huntboard.shared.dir} system property. */
  public static Optional<Path> sharedDir() {
    String dir = System.getProperty("huntboard.shared.dir");
    if (dir == null || dir.isBlank()) {
      return Optional.empty();
    }
    Path path = Path.of(dir);
    return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
  }

  /** The corpus folder, or a skipped test saying why when the shared data is not here. */
  public static Path assumeCorpusDir() {
    Optional<Path> corpus =
        sharedDir().map(d -> d.resolve("data/corpus/rmm")).filter(Files::isDirectory);
    Assumptions.assumeTrue(
        corpus.isPresent(),
        "the RMM corpus (huntboard.shared.dir/data/corpus/rmm) is not here: "
            + System.getProperty("huntboard.shared.dir"));
    return corpus.get();
  }

  /**
   * Every corpus query, folder by folder, files sorted by name; skips when the corpus is absent.
   */
  public static List<CorpusQuery> load() {
    Path dir = assumeCorpusDir();
    try {
      Map<String, Map<String, String>> index = index(dir.resolve("index.csv"));
      List<CorpusQuery> queries = new ArrayList<>();
      for (String folder : FOLDERS) {
        List<Path> files;
        try (var stream = Files.list(dir.resolve(folder))) {
          files = stream.filter(p -> p.toString().endsWith(".kql")).sorted().toList();
        }
        for (Path file : files) {
          String name = folder + "/" + file.getFileName();
          Map<String, String> row = index.get(name);
          if (row == null) {
            throw new IllegalStateException(name + " has no row in index.csv");
          }
          String tables = row.getOrDefault("tables_used", "");
          queries.add(
              new CorpusQuery(
                  name,
                  Files.readString(file, StandardCharsets.UTF_8),
                  tables.isEmpty() ? List.of() : Arrays.asList(tables.split(";")),
                  "1".equals(row.get("is_template")),
                  "1".equals(row.get("kusto_syntax_ok")),
                  "1".equals(row.get("kusto_semantic_ok_docs"))));
        }
      }
      return queries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Map<String, String>> index(Path csv) throws IOException {
    List<List<String>> rows = Csv.parse(Files.readString(csv, StandardCharsets.UTF_8));
    List<String> header = rows.get(0);
    Map<String, Map<String, String>> byFile = new HashMap<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      Map<String, String> fields = new HashMap<>();
      for (int i = 0; i < header.size() && i < row.size(); i++) {
        fields.put(header.get(i), row.get(i));
      }
      byFile.put(fields.get("file"), fields);
    }
    return byFile;
  }

  /** RFC 4180 fields: commas, double quotes around fields, {@code ""} for a quote inside. */
  static final class Csv {
    private Csv() {}

    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          row.add(field.toString());
          field.setLength(0);
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            i++;
          }
          row.add(field.toString());
          field.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
        } else {
          field.append(c);
        }
      }
      if (field.length() > 0 || !row.isEmpty()) {
        row.add(field.toString());
        rows.add(row);
      }
      return rows;
    }
  }
}
