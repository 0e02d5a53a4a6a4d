package org.huntboard.connectors.local.load;

import java.util.Arrays;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * One row being decoded, cell by cell, in the column order of its {@link TableLayout}. Fixed-width
 * values (bool, int, long, real, datetime, timespan) live in {@link #bits}; strings, dynamic values
 * (Jackson trees), guids and decimals in {@link #refs}. A cell that was never set is empty: {@code
 * ""} for a string column, null for every other type.
 *
 * <p>The same instance is reused for every row of a file, so a sink copies what it keeps.
 */
public final class DecodedRow {

  private long[] bits = new long[0];
  private Object[] refs = new Object[0];
  private boolean[] present = new boolean[0];
  private int width;

  void resize(int columns) {
    if (columns > bits.length) {
      int capacity = Math.max(columns, bits.length * 2);
      bits = Arrays.copyOf(bits, capacity);
      refs = Arrays.copyOf(refs, capacity);
      present = Arrays.copyOf(present, capacity);
    }
    width = columns;
  }

  void clear() {
    Arrays.fill(present, 0, width, false);
    Arrays.fill(refs, 0, width, null);
  }

  void setBits(int column, long value) {
    bits[column] = value;
    refs[column] = null;
    present[column] = true;
  }

  void setRef(int column, Object value) {
    refs[column] = value;
    present[column] = true;
  }

  void setNull(int column) {
    present[column] = false;
    refs[column] = null;
  }

  /** The number of columns of the row. */
  public int width() {
    return width;
  }

  /** Whether the cell holds a value (false: null, or {@code ""} in a string column). */
  public boolean isPresent(int column) {
    return column < width && present[column];
  }

  /**
   * The fixed-width value: bool as 0/1, int and long as themselves, real as {@link
   * Double#doubleToRawLongBits}, datetime as 100 ns ticks since 1970-01-01T00:00:00Z, timespan as
   * 100 ns ticks.
   */
  public long bits(int column) {
    return bits[column];
  }

  /** The real value of a present real cell. */
  public double real(int column) {
    return Double.longBitsToDouble(bits[column]);
  }

  /**
   * The object value of a present string ({@link String}), dynamic ({@link
   * com.fasterxml.jackson.databind.JsonNode}), guid ({@link java.util.UUID}) or decimal ({@link
   * java.math.BigDecimal}) cell.
   */
  public Object ref(int column) {
    return refs[column];
  }

  /** The string of a string cell; {@code ""} when empty, as Kusto strings have no null. */
  public String string(int column) {
    Object value = column < width && present[column] ? refs[column] : null;
    return value == null ? "" : (String) value;
  }

  /** Whether a type is stored in {@link #bits} rather than {@link #ref}. */
  public static boolean isFixedWidth(ScalarType type) {
    return switch (type) {
      case BOOL, INT, LONG, REAL, DATETIME, TIMESPAN -> true;
      default -> false;
    };
  }
}
