package org.huntboard.core.schema;

import java.util.Objects;

/**
 * One schema file's content: a table as one dialect exposes it, and where the column list comes
 * from.
 */
public record SchemaFile(TableSchema table, Dialect dialect, String source) {

  public SchemaFile {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(dialect, "dialect");
  }
}
