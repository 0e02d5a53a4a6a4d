package org.huntboard.connectors.table;

import org.huntboard.core.kql.syntax.ScalarType;

/** A column of {@code real} (double) values with a null bitmap; NaN is a value, not a null. */
public final class RealColumn extends Column {

  private final double[] values;
  private final long[] nulls;

  /** Wraps values (length ≥ size) and a null mask (null when no cell is null). */
  public RealColumn(double[] values, long[] nulls, int size) {
    super(size);
    this.values = values;
    this.nulls = nulls;
  }

  @Override
  public ScalarType type() {
    return ScalarType.REAL;
  }

  @Override
  public boolean isNull(int row) {
    return NullMask.isNull(nulls, row);
  }

  public boolean hasNulls() {
    return nulls != null;
  }

  /** The raw value of a row (meaningless when the row is null). */
  public double getDouble(int row) {
    return values[row];
  }

  /** The values array (length ≥ size); callers must not modify it. */
  public double[] values() {
    return values;
  }

  @Override
  public Double get(int row) {
    return isNull(row) ? null : values[row];
  }

  @Override
  public String format(int row) {
    return isNull(row) ? "" : formatReal(values[row]);
  }

  /** A real as Kusto prints it: integral values without a fraction, NaN and infinities by name. */
  public static String formatReal(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  @Override
  public RealColumn gather(int[] rows, int count) {
    double[] out = new double[count];
    long[] mask = null;
    for (int i = 0; i < count; i++) {
      int r = rows[i];
      if (r < 0 || (nulls != null && NullMask.isNull(nulls, r))) {
        mask = NullMask.set(mask, i, count);
      } else {
        out[i] = values[r];
      }
    }
    return new RealColumn(out, mask, count);
  }

  @Override
  public long estimatedBytes() {
    return 8L * size + (nulls == null ? 0 : nulls.length * 8L);
  }
}
