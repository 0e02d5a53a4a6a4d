package org.huntboard.connectors.table;

import org.huntboard.core.kql.syntax.ScalarType;

/** A column of {@code bool} values: one bit per row, and a null bitmap. */
public final class BoolColumn extends Column {

  private final long[] bits;
  private final long[] nulls;

  /** Wraps value bits and a null mask (null when no cell is null). */
  public BoolColumn(long[] bits, long[] nulls, int size) {
    super(size);
    this.bits = bits;
    this.nulls = nulls;
  }

  @Override
  public ScalarType type() {
    return ScalarType.BOOL;
  }

  @Override
  public boolean isNull(int row) {
    return NullMask.isNull(nulls, row);
  }

  /** The raw value of a row (false when the row is null). */
  public boolean getBool(int row) {
    return (bits[row >>> 6] & (1L << row)) != 0;
  }

  @Override
  public Boolean get(int row) {
    return isNull(row) ? null : getBool(row);
  }

  @Override
  public BoolColumn gather(int[] rows, int count) {
    long[] out = NullMask.create(count);
    long[] mask = null;
    for (int i = 0; i < count; i++) {
      int r = rows[i];
      if (r < 0 || (nulls != null && NullMask.isNull(nulls, r))) {
        mask = NullMask.set(mask, i, count);
      } else if (getBool(r)) {
        out[i >>> 6] |= 1L << i;
      }
    }
    return new BoolColumn(out, mask, count);
  }

  @Override
  public long estimatedBytes() {
    return bits.length * 8L + (nulls == null ? 0 : nulls.length * 8L);
  }
}
