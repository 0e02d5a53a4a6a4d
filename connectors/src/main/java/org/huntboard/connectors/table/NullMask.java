package org.huntboard.connectors.table;

import java.util.Arrays;

/**
 * A bitmap of null cells for columns whose values live in primitive arrays. A column without nulls
 * holds no mask at all, so the common case costs nothing.
 */
final class NullMask {

  private NullMask() {}

  static long[] create(int size) {
    return new long[(size + 63) >>> 6];
  }

  static boolean isNull(long[] mask, int row) {
    return mask != null && (mask[row >>> 6] & (1L << row)) != 0;
  }

  static long[] set(long[] mask, int row, int capacityHint) {
    long[] m = mask;
    int word = row >>> 6;
    if (m == null) {
      m = create(Math.max(row + 1, capacityHint));
    } else if (word >= m.length) {
      m = Arrays.copyOf(m, Math.max(word + 1, m.length * 2));
    }
    m[word] |= 1L << row;
    return m;
  }

  /** Trims a mask to {@code size} rows; a mask with no bit set becomes null. */
  static long[] trim(long[] mask, int size) {
    if (mask == null) {
      return null;
    }
    long[] m = Arrays.copyOf(mask, (size + 63) >>> 6);
    if ((size & 63) != 0 && m.length > 0) {
      m[m.length - 1] &= (1L << size) - 1;
    }
    for (long w : m) {
      if (w != 0) {
        return m;
      }
    }
    return null;
  }
}
