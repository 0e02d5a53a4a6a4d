package org.huntboard.connectors.table;

import java.util.Arrays;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * A dictionary-encoded string column: each row holds an int code into an array of distinct values.
 * Predicates evaluate once per dictionary entry and then map codes, which is what makes filters on
 * low-cardinality columns such as {@code DeviceName} cheap. Strings have no null; a missing value
 * is {@code ""}.
 */
public final class StringColumn extends Column {

  private final int[] codes;
  private final String[] dictionary;

  /**
   * Wraps codes and a dictionary; every code must index the dictionary. Dictionary entries need not
   * be distinct (a gathered column may share its source's dictionary), but loaders keep them so.
   */
  public StringColumn(int[] codes, String[] dictionary, int size) {
    super(size);
    this.codes = codes;
    this.dictionary = dictionary;
  }

  @Override
  public ScalarType type() {
    return ScalarType.STRING;
  }

  @Override
  public boolean isNull(int row) {
    return false;
  }

  @Override
  public String get(int row) {
    return dictionary[codes[row]];
  }

  /** The dictionary code of a row. */
  public int code(int row) {
    return codes[row];
  }

  /** The codes array (length ≥ size); callers must not modify it. */
  public int[] codes() {
    return codes;
  }

  /** The dictionary; callers must not modify it. */
  public String[] dictionary() {
    return dictionary;
  }

  @Override
  public String format(int row) {
    return get(row);
  }

  @Override
  public StringColumn gather(int[] rows, int count) {
    int[] out = new int[count];
    int emptyCode = -1;
    String[] dict = dictionary;
    for (int i = 0; i < count; i++) {
      int r = rows[i];
      if (r < 0) {
        if (emptyCode < 0) {
          emptyCode = indexOfEmpty(dict);
          if (emptyCode < 0) {
            dict = Arrays.copyOf(dict, dict.length + 1);
            dict[dict.length - 1] = "";
            emptyCode = dict.length - 1;
          }
        }
        out[i] = emptyCode;
      } else {
        out[i] = codes[r];
      }
    }
    return new StringColumn(out, dict, count);
  }

  private static int indexOfEmpty(String[] dict) {
    for (int i = 0; i < dict.length; i++) {
      if (dict[i].isEmpty()) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public long estimatedBytes() {
    long bytes = 4L * size;
    if (dictionary.length > size) {
      // A column gathered from a larger one shares its dictionary; count what it references.
      for (int i = 0; i < size; i++) {
        bytes += 40 + 2L * dictionary[codes[i]].length();
      }
      return bytes;
    }
    for (String s : dictionary) {
      bytes += 40 + 2L * s.length();
    }
    return bytes;
  }

  /**
   * This column with a dictionary of only the values it uses, so that a small result does not keep
   * the dictionary of the table it was taken from alive.
   */
  public StringColumn compact() {
    if (dictionary.length <= size) {
      return this;
    }
    int[] remap = new int[dictionary.length];
    Arrays.fill(remap, -1);
    int[] out = new int[size];
    String[] dict = new String[Math.min(size, dictionary.length)];
    int n = 0;
    for (int i = 0; i < size; i++) {
      int c = codes[i];
      if (remap[c] < 0) {
        remap[c] = n;
        dict[n++] = dictionary[c];
      }
      out[i] = remap[c];
    }
    return new StringColumn(out, Arrays.copyOf(dict, n), size);
  }
}
