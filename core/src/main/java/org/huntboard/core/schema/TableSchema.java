package org.huntboard.core.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ordered columns of a table or of a query result. Column names are case-sensitive, as in KQL,
 * and unique within a schema.
 */
public record TableSchema(String name, List<ColumnSchema> columns) {

  public TableSchema {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    Map<String, ColumnSchema> seen = new LinkedHashMap<>();
    for (ColumnSchema c : columns) {
      if (seen.put(c.name(), c) != null) {
        throw new IllegalArgumentException(
            "table " + name + " declares column " + c.name() + " twice");
      }
    }
  }

  /** The column named exactly {@code name}. */
  public Optional<ColumnSchema> column(String name) {
    for (ColumnSchema c : columns) {
      if (c.name().equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Whether a column is named exactly {@code name}. */
  public boolean hasColumn(String name) {
    return column(name).isPresent();
  }

  /** The column names in order. */
  public List<String> columnNames() {
    return columns.stream().map(ColumnSchema::name).toList();
  }

  /** The same columns under another name. */
  public TableSchema withName(String newName) {
    return new TableSchema(newName, columns);
  }

  /** {@code Name(a:string, b:long)}. */
  @Override
  public String toString() {
    return name
        + columns.stream().map(ColumnSchema::toString).collect(Collectors.joining(", ", "(", ")"));
  }
}
