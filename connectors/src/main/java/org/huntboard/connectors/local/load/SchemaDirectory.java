package org.huntboard.connectors.local.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * Table schemas read from a folder of {@code <Table>.<dialect>.json} files, each {@code {"table",
 * "dialect", "columns": [{"name", "type"}]}} with KQL type names — the form of Huntboard's
 * documented schemas, for tables a deployment adds.
 */
public final class SchemaDirectory implements TableSchemas {

  private final Path folder;
  private final String dialect;

  public SchemaDirectory(Path folder, String dialect) {
    this.folder = folder;
    this.dialect = dialect;
  }

  @Override
  public Optional<List<ColumnSpec>> columns(String table) {
    Path file = folder.resolve(table + "." + dialect + ".json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode root = ValueDecoder.JSON.readTree(file.toFile());
      List<ColumnSpec> columns = new ArrayList<>();
      for (JsonNode c : root.path("columns")) {
        String type = c.path("type").asText();
        columns.add(
            new ColumnSpec(
                c.path("name").asText(),
                ScalarType.fromKqlName(type)
                    .orElseThrow(
                        () -> new IllegalArgumentException(file + ": unknown type " + type))));
      }
      return Optional.of(columns);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }
}
