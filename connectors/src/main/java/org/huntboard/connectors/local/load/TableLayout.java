package org.huntboard.connectors.local.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.schema.ColumnSchema;

/**
 * The columns of one table while it loads: first the columns of its schema, in schema order, then
 * any column a file has that the schema lacks, in the order first seen. Names are case-sensitive,
 * as KQL's are.
 */
public final class TableLayout {

  private final String table;
  private final List<ColumnSchema> columns = new ArrayList<>();
  private final Map<String, Integer> index = new HashMap<>();
  private final boolean known;

  /**
   * A layout that starts with {@code schemaColumns}; {@code known} says whether the table is in the
   * dialect's catalog.
   */
  public TableLayout(String table, List<ColumnSchema> schemaColumns, boolean known) {
    this.table = table;
    this.known = known;
    schemaColumns.forEach(c -> add(c.name(), c.type()));
  }

  public String table() {
    return table;
  }

  /** Whether the table's schema came from the catalog (rather than from the files alone). */
  public boolean known() {
    return known;
  }

  public List<ColumnSchema> columns() {
    return columns;
  }

  public int size() {
    return columns.size();
  }

  public ColumnSchema column(int i) {
    return columns.get(i);
  }

  /** The index of a column, or -1. */
  public int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  /** Adds a column the schema lacks; returns its index. */
  public int add(String name, ScalarType type) {
    Integer existing = index.get(name);
    if (existing != null) {
      return existing;
    }
    columns.add(new ColumnSchema(name, type));
    index.put(name, columns.size() - 1);
    return columns.size() - 1;
  }
}
