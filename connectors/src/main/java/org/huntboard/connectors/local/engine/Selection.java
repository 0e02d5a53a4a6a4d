package org.huntboard.connectors.local.engine;

import java.util.Arrays;

/**
 * Ascending positions of a relation's rows. {@code positions == null} stands for all positions
 * {@code 0..count-1} without allocating them.
 */
record Selection(int[] positions, int count) {

  static Selection all(int count) {
    return new Selection(null, count);
  }

  boolean isAll() {
    return positions == null;
  }

  int get(int i) {
    return positions == null ? i : positions[i];
  }

  int[] toArray() {
    if (positions == null) {
      int[] p = new int[count];
      for (int i = 0; i < count; i++) {
        p[i] = i;
      }
      return p;
    }
    return positions.length == count ? positions : Arrays.copyOf(positions, count);
  }

  /** The positions of {@code this} that are not in {@code sub} (a subset of this). */
  Selection minus(Selection sub) {
    int[] out = new int[count - sub.count];
    int j = 0;
    int k = 0;
    for (int i = 0; i < count; i++) {
      int p = get(i);
      if (j < sub.count && sub.get(j) == p) {
        j++;
      } else {
        out[k++] = p;
      }
    }
    return new Selection(out, k);
  }

  /** The sorted union of two disjoint selections. */
  Selection union(Selection other) {
    int[] out = new int[count + other.count];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < count && j < other.count) {
      int a = get(i);
      int b = other.get(j);
      if (a < b) {
        out[k++] = a;
        i++;
      } else {
        out[k++] = b;
        j++;
      }
    }
    while (i < count) {
      out[k++] = get(i++);
    }
    while (j < other.count) {
      out[k++] = other.get(j++);
    }
    return new Selection(out, k);
  }
}
