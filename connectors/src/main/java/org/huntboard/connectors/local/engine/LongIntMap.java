package org.huntboard.connectors.local.engine;

import java.util.Arrays;

/** An open-addressing map from long to int without boxing, for group and join keys. */
final class LongIntMap {

  private static final int EMPTY = -1;

  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    keys = new long[cap];
    values = new int[cap];
    Arrays.fill(values, EMPTY);
    mask = cap - 1;
  }

  int size() {
    return size;
  }

  private static int hash(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** The value of {@code key}, or -1. */
  int get(long key) {
    int i = hash(key) & mask;
    while (values[i] != EMPTY) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return EMPTY;
  }

  /** The value of {@code key}, putting {@code next} first if absent. */
  int getOrPut(long key, int next) {
    int i = hash(key) & mask;
    while (values[i] != EMPTY) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = next;
    if (++size * 2 > keys.length) {
      grow();
    }
    return next;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    int cap = keys.length * 2;
    keys = new long[cap];
    values = new int[cap];
    Arrays.fill(values, EMPTY);
    mask = cap - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldValues[j] != EMPTY) {
        int i = hash(oldKeys[j]) & mask;
        while (values[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }
}
