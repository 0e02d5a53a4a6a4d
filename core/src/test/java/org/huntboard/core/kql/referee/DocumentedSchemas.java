package org.huntboard.core.kql.referee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The documented table schemas of the shared test data ({@code data/schemas/*.<dialect>.json}) as
 * Kusto schema strings {@code (Name:type, ...)}, the form Microsoft's binder takes.
 */
public final class DocumentedSchemas {

  private DocumentedSchemas() {}

  /** Table name → schema string for one dialect ({@code defender} or {@code sentinel}). */
  public static Map<String, String> forDialect(String dialect) {
    Optional<Path> dir = RmmCorpus.sharedDir().map(d -> d.resolve("data/schemas"));
    if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
      return Map.of();
    }
    Map<String, String> tables = new LinkedHashMap<>();
    ObjectMapper json = new ObjectMapper();
    try (var files = Files.list(dir.get())) {
      for (Path file : files.sorted().toList()) {
        if (!file.getFileName().toString().endsWith("." + dialect + ".json")) {
          continue;
        }
        JsonNode table = json.readTree(file.toFile());
        StringJoiner columns = new StringJoiner(", ", "(", ")");
        for (JsonNode column : table.path("columns")) {
          columns.add(column.path("name").asText() + ":" + column.path("type").asText());
        }
        tables.put(table.path("table").asText(), columns.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tables;
  }

  /** The schema strings of {@code names} only; unknown names are left out. */
  public static Map<String, String> select(Map<String, String> all, List<String> names) {
    Map<String, String> chosen = new LinkedHashMap<>();
    for (String name : names) {
      if (all.containsKey(name)) {
        chosen.put(name, all.get(name));
      }
    }
    return chosen;
  }
}
