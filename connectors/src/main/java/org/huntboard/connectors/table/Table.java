package org.huntboard.connectors.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * An immutable, typed, columnar table: named columns of equal length. It is the embedded engine's
 * storage and the result type of every connector. Column names are case-sensitive, as in KQL.
 */
public final class Table {

  private final List<String> names;
  private final List<Column> columns;
  private final Map<String, Integer> index;
  private final int rowCount;

  /**
   * A table of the given columns; names must be distinct and columns equally long. A table with no
   * columns has {@code rowCount} rows (as {@code print} with no arguments would).
   */
  public Table(List<String> names, List<Column> columns, int rowCount) {
    if (names.size() != columns.size()) {
      throw new IllegalArgumentException(
          names.size() + " names for " + columns.size() + " columns");
    }
    this.names = List.copyOf(names);
    this.columns = List.copyOf(columns);
    this.rowCount = rowCount;
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (idx.put(names.get(i), i) != null) {
        throw new IllegalArgumentException("duplicate column name " + names.get(i));
      }
      if (columns.get(i).size() != rowCount) {
        throw new IllegalArgumentException(
            "column " + names.get(i) + " has " + columns.get(i).size() + " rows, not " + rowCount);
      }
    }
    this.index = idx;
  }

  /** A table of the given columns; at least one column, all equally long. */
  public Table(List<String> names, List<Column> columns) {
    this(names, columns, columns.isEmpty() ? 0 : columns.get(0).size());
  }

  /** A table with no columns and no rows. */
  public static Table empty() {
    return new Table(List.of(), List.of(), 0);
  }

  public int rowCount() {
    return rowCount;
  }

  public int columnCount() {
    return columns.size();
  }

  public List<String> columnNames() {
    return names;
  }

  public List<Column> columns() {
    return columns;
  }

  public List<ScalarType> columnTypes() {
    List<ScalarType> types = new ArrayList<>(columns.size());
    for (Column c : columns) {
      types.add(c.type());
    }
    return types;
  }

  public String columnName(int i) {
    return names.get(i);
  }

  public Column column(int i) {
    return columns.get(i);
  }

  /** The position of a column, or -1. */
  public int columnIndex(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  /** The named column, or null. */
  public Column column(String name) {
    Integer i = index.get(name);
    return i == null ? null : columns.get(i);
  }

  /** One cell as a Java value ({@link Column#get(int)}). */
  public Object value(int row, int column) {
    return columns.get(column).get(row);
  }

  /** One cell as a Java value, by column name. */
  public Object value(int row, String column) {
    int i = columnIndex(column);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + names);
    }
    return columns.get(i).get(row);
  }

  /** One row as Java values, in column order (nulls kept). */
  public List<Object> row(int row) {
    Object[] values = new Object[columns.size()];
    for (int c = 0; c < values.length; c++) {
      values[c] = columns.get(c).get(row);
    }
    return Collections.unmodifiableList(Arrays.asList(values));
  }

  /** Every row as Java values; for tests and small results. */
  public List<List<Object>> rows() {
    List<List<Object>> rows = new ArrayList<>(rowCount);
    for (int r = 0; r < rowCount; r++) {
      rows.add(row(r));
    }
    return rows;
  }

  /** One row as Kusto prints it ({@link Column#format(int)}). */
  public List<String> formatRow(int row) {
    List<String> out = new ArrayList<>(columns.size());
    for (Column c : columns) {
      out.add(c.format(row));
    }
    return out;
  }

  /** The rows at {@code rows[0..count)} (-1 gives a row of nulls). */
  public Table gather(int[] rows, int count) {
    List<Column> out = new ArrayList<>(columns.size());
    for (Column c : columns) {
      out.add(c.gather(rows, count));
    }
    return new Table(names, out, count);
  }

  /** The first {@code count} rows. */
  public Table head(int count) {
    if (count >= rowCount) {
      return this;
    }
    List<Column> out = new ArrayList<>(columns.size());
    for (Column c : columns) {
      out.add(c.slice(0, count));
    }
    return new Table(names, out, count);
  }

  /** A rough size in bytes, for the result-size limit. */
  public long estimatedBytes() {
    long bytes = 0;
    for (Column c : columns) {
      bytes += c.estimatedBytes();
    }
    return bytes;
  }

  /** A builder of a table with the given columns. */
  public static Builder builder() {
    return new Builder();
  }

  /** A tab-separated rendering with a header line, for diagnostics and small results. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(String.join("\t", names));
    for (int r = 0; r < rowCount; r++) {
      sb.append('\n').append(String.join("\t", formatRow(r)));
    }
    return sb.toString();
  }

  /**
   * Collects a table column by column or row by row. Declare the columns first; then either append
   * to {@link #column(int)} with its typed methods (all columns to the same length) or use {@link
   * #addRow(Object...)}.
   */
  public static final class Builder {
    private final List<String> names = new ArrayList<>();
    private final List<ColumnBuilder> builders = new ArrayList<>();

    private Builder() {}

    /** Declares the next column. */
    public Builder column(String name, ScalarType type) {
      names.add(name);
      builders.add(ColumnBuilder.forType(type, 16));
      return this;
    }

    /** The builder of column {@code i}; cast it to its subclass for typed appends. */
    public ColumnBuilder column(int i) {
      return builders.get(i);
    }

    /** Appends a row of Java values, one per declared column. */
    public Builder addRow(Object... values) {
      if (values.length != builders.size()) {
        throw new IllegalArgumentException(
            values.length + " values for " + builders.size() + " columns");
      }
      for (int i = 0; i < values.length; i++) {
        builders.get(i).appendValue(values[i]);
      }
      return this;
    }

    public Table build() {
      List<Column> cols = new ArrayList<>(builders.size());
      for (ColumnBuilder b : builders) {
        cols.add(b.build());
      }
      return new Table(names, cols);
    }
  }
}
