package org.huntboard.connectors.table;

import org.huntboard.core.kql.syntax.ScalarType;

/**
 * One typed column of a {@link Table}: values in primitive arrays (or a string dictionary), so the
 * engine reads them without boxing. {@link #get(int)} boxes and exists for tests, printing and slow
 * paths.
 */
public abstract sealed class Column
    permits StringColumn, LongColumn, IntColumn, RealColumn, BoolColumn, DynamicColumn, GuidColumn {

  protected final int size;

  Column(int size) {
    this.size = size;
  }

  /** The KQL type of the values. */
  public abstract ScalarType type();

  /** The number of rows. */
  public final int size() {
    return size;
  }

  /** Whether the cell is null; a string cell never is (Kusto strings have no null). */
  public abstract boolean isNull(int row);

  /**
   * The cell as a Java value, typed as in {@link org.huntboard.core.kql.syntax.Expression.Literal}:
   * String, Long, Integer, Double, Boolean, {@link java.time.Instant}, {@link java.time.Duration},
   * {@link com.fasterxml.jackson.databind.JsonNode}, {@link java.util.UUID}; null for a null cell.
   */
  public abstract Object get(int row);

  /**
   * The cell as Kusto prints it: ISO-8601 UTC datetimes with 7 fractional digits, timespans as
   * {@code [-][d.]hh:mm:ss[.fffffff]}, dynamic as compact JSON, and a null cell as the empty
   * string.
   */
  public String format(int row) {
    return isNull(row) ? "" : String.valueOf(get(row));
  }

  /**
   * A new column with the cells at {@code rows[0..count)} in that order; an index of -1 gives a
   * null cell (the empty string for strings), as an outer join needs.
   */
  public abstract Column gather(int[] rows, int count);

  /** The cells {@code [from, to)} as a new column. */
  public Column slice(int from, int to) {
    int[] rows = new int[to - from];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = from + i;
    }
    return gather(rows, rows.length);
  }

  /** A rough count of the bytes the column holds, for result-size limits and memory accounting. */
  public abstract long estimatedBytes();

  /** A column of {@code size} null cells of the given type ({@code ""} for strings). */
  public static Column nulls(ScalarType type, int size) {
    ColumnBuilder b = ColumnBuilder.forType(type, size);
    for (int i = 0; i < size; i++) {
      b.appendNull();
    }
    return b.build();
  }
}
