package org.huntboard.connectors.table;

import java.time.Duration;
import java.util.Arrays;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * A column of 64-bit values: {@code long}, {@code datetime} (ticks of 100 ns since the Unix epoch,
 * UTC; see {@link Ticks}) or {@code timespan} (ticks). Nulls are a bitmap beside the values. For
 * datetime columns the column keeps min/max per chunk of {@link #CHUNK} rows, so a time filter can
 * skip chunks that cannot match.
 */
public final class LongColumn extends Column {

  /** Rows per chunk of the min/max index. */
  public static final int CHUNK = 4096;

  private final ScalarType type;
  private final long[] values;
  private final long[] nulls;
  private volatile long[][] chunkRanges;

  /** Wraps values (length ≥ size) and a null mask (null when no cell is null). */
  public LongColumn(ScalarType type, long[] values, long[] nulls, int size) {
    super(size);
    if (type != ScalarType.LONG && type != ScalarType.DATETIME && type != ScalarType.TIMESPAN) {
      throw new IllegalArgumentException("a long column cannot hold " + type);
    }
    this.type = type;
    this.values = values;
    this.nulls = nulls;
  }

  @Override
  public ScalarType type() {
    return type;
  }

  @Override
  public boolean isNull(int row) {
    return NullMask.isNull(nulls, row);
  }

  /** Whether any cell is null. */
  public boolean hasNulls() {
    return nulls != null;
  }

  /** The raw value of a row (meaningless when the row is null). */
  public long getLong(int row) {
    return values[row];
  }

  /** The values array (length ≥ size); callers must not modify it. */
  public long[] values() {
    return values;
  }

  @Override
  public Object get(int row) {
    if (isNull(row)) {
      return null;
    }
    long v = values[row];
    return switch (type) {
      case DATETIME -> Ticks.toInstant(v);
      case TIMESPAN ->
          Duration.ofSeconds(
              Math.floorDiv(v, Ticks.PER_SECOND), Math.floorMod(v, Ticks.PER_SECOND) * 100);
      default -> v;
    };
  }

  @Override
  public String format(int row) {
    if (isNull(row)) {
      return "";
    }
    return switch (type) {
      case DATETIME -> Ticks.formatDatetime(values[row]);
      case TIMESPAN -> Ticks.formatTimespan(values[row]);
      default -> Long.toString(values[row]);
    };
  }

  /**
   * Min and max of the non-null values per chunk: {@code [0]} minima, {@code [1]} maxima; a chunk
   * with only nulls has min {@code Long.MAX_VALUE} and max {@code Long.MIN_VALUE}. Computed once.
   */
  public long[][] chunkRanges() {
    long[][] r = chunkRanges;
    if (r == null) {
      int chunks = (size + CHUNK - 1) / CHUNK;
      long[] min = new long[chunks];
      long[] max = new long[chunks];
      for (int c = 0; c < chunks; c++) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        int end = Math.min(size, (c + 1) * CHUNK);
        for (int i = c * CHUNK; i < end; i++) {
          if (nulls != null && NullMask.isNull(nulls, i)) {
            continue;
          }
          long v = values[i];
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        min[c] = lo;
        max[c] = hi;
      }
      r = new long[][] {min, max};
      chunkRanges = r;
    }
    return r;
  }

  @Override
  public LongColumn gather(int[] rows, int count) {
    long[] out = new long[count];
    long[] mask = null;
    for (int i = 0; i < count; i++) {
      int r = rows[i];
      if (r < 0 || (nulls != null && NullMask.isNull(nulls, r))) {
        mask = NullMask.set(mask, i, count);
      } else {
        out[i] = values[r];
      }
    }
    return new LongColumn(type, out, mask, count);
  }

  @Override
  public long estimatedBytes() {
    return 8L * size + (nulls == null ? 0 : nulls.length * 8L);
  }

  /** A column holding {@code values[0..size)}; no nulls. */
  public static LongColumn of(ScalarType type, long... values) {
    return new LongColumn(type, Arrays.copyOf(values, values.length), null, values.length);
  }
}
