package org.huntboard.connectors.table;

import org.huntboard.core.kql.syntax.ScalarType;

/** A column of 32-bit {@code int} values with a null bitmap. */
public final class IntColumn extends Column {

  private final int[] values;
  private final long[] nulls;

  /** Wraps values (length ≥ size) and a null mask (null when no cell is null). */
  public IntColumn(int[] values, long[] nulls, int size) {
    super(size);
    this.values = values;
    this.nulls = nulls;
  }

  @Override
  public ScalarType type() {
    return ScalarType.INT;
  }

  @Override
  public boolean isNull(int row) {
    return NullMask.isNull(nulls, row);
  }

  public boolean hasNulls() {
    return nulls != null;
  }

  /** The raw value of a row (meaningless when the row is null). */
  public int getInt(int row) {
    return values[row];
  }

  /** The values array (length ≥ size); callers must not modify it. */
  public int[] values() {
    return values;
  }

  @Override
  public Integer get(int row) {
    return isNull(row) ? null : values[row];
  }

  @Override
  public IntColumn gather(int[] rows, int count) {
    int[] out = new int[count];
    long[] mask = null;
    for (int i = 0; i < count; i++) {
      int r = rows[i];
      if (r < 0 || (nulls != null && NullMask.isNull(nulls, r))) {
        mask = NullMask.set(mask, i, count);
      } else {
        out[i] = values[r];
      }
    }
    return new IntColumn(out, mask, count);
  }

  @Override
  public long estimatedBytes() {
    return 4L * size + (nulls == null ? 0 : nulls.length * 8L);
  }
}
