package org.huntboard.connectors.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * Appends the values of one column, then {@link #build()}s it. Each subclass has typed {@code
 * append} methods that do not box; {@link #appendValue(Object)} takes any Java value of the
 * column's type (as {@link Column#get(int)} returns) for slow paths such as {@code datatable}.
 */
public abstract sealed class ColumnBuilder
    permits ColumnBuilder.Strings,
        ColumnBuilder.Longs,
        ColumnBuilder.Ints,
        ColumnBuilder.Reals,
        ColumnBuilder.Bools,
        ColumnBuilder.Dynamics,
        ColumnBuilder.Guids {

  protected int size;

  /** The number of values appended so far. */
  public final int size() {
    return size;
  }

  /** The column's type. */
  public abstract ScalarType type();

  /** Appends a null cell ({@code ""} for strings). */
  public abstract void appendNull();

  /**
   * Appends a Java value of the column's type; null appends a null cell. Numbers convert between
   * integer and real types; anything else of the wrong type is an {@link IllegalArgumentException}.
   */
  public abstract void appendValue(Object value);

  /** Appends the cell {@code row} of a column of the same type. */
  public void appendFrom(Column column, int row) {
    appendValue(column.isNull(row) ? null : column.get(row));
  }

  /** The column of the values appended; the builder must not be used afterwards. */
  public abstract Column build();

  /** A builder for a column of {@code type}; DECIMAL is held as real. */
  public static ColumnBuilder forType(ScalarType type, int capacity) {
    int c = Math.max(capacity, 16);
    return switch (type) {
      case STRING -> new Strings(c);
      case LONG, DATETIME, TIMESPAN -> new Longs(type, c);
      case INT -> new Ints(c);
      case REAL, DECIMAL -> new Reals(c);
      case BOOL -> new Bools(c);
      case DYNAMIC -> new Dynamics(c);
      case GUID -> new Guids(c);
    };
  }

  /** Drops the growth slack of an array when it is large enough to matter. */
  static long[] trim(long[] a, int size) {
    return a.length > size + size / 8 + 16 ? Arrays.copyOf(a, size) : a;
  }

  static int[] trim(int[] a, int size) {
    return a.length > size + size / 8 + 16 ? Arrays.copyOf(a, size) : a;
  }

  static IllegalArgumentException wrongType(ScalarType type, Object value) {
    return new IllegalArgumentException(
        "a " + type + " column cannot hold " + value.getClass().getSimpleName() + " " + value);
  }

  /**
   * Builds a {@link StringColumn}, interning each distinct value into its dictionary. The intern
   * table is an open-addressing array of dictionary codes (8 bytes per distinct value, not a
   * HashMap entry), which keeps loading ten million rows of high-cardinality URLs within the heap.
   */
  public static final class Strings extends ColumnBuilder {
    private int[] codes;
    private String[] dictionary = new String[16];
    private int dictionarySize;
    // Open addressing with linear probing; a slot holds the value's hash code in its high half and
    // its code + 1 in its low half (0: empty), so a probe compares hashes without touching the
    // dictionary's strings, which for a large dictionary are cache misses.
    private long[] slots = new long[32];
    private int shift = 32 - 5; // 32 - log2(slots.length)

    Strings(int capacity) {
      codes = new int[capacity];
    }

    @Override
    public ScalarType type() {
      return ScalarType.STRING;
    }

    // Fibonacci hashing: the slot is the high bits of the hash times 2^32 / golden ratio. String
    // hash codes of similar values (addresses, hex digests, numbered host names) differ mostly in
    // their low bits in regular steps, which cluster under linear probing when the slot is taken
    // from the low bits.
    private static int slot(int h, int shift) {
      return (h * 0x9E3779B9) >>> shift;
    }

    /** The code of {@code v}, adding it to the dictionary when new. */
    private int intern(String v) {
      int mask = slots.length - 1;
      int h = v.hashCode();
      int i = slot(h, shift);
      long entry;
      while ((entry = slots[i]) != 0) {
        if ((int) (entry >>> 32) == h) {
          int code = (int) entry - 1;
          String known = dictionary[code];
          if (known == v || known.equals(v)) {
            return code;
          }
        }
        i = (i + 1) & mask;
      }
      int code = dictionarySize;
      if (dictionarySize == dictionary.length) {
        dictionary = Arrays.copyOf(dictionary, dictionarySize * 2);
      }
      dictionary[dictionarySize++] = v;
      slots[i] = entry(h, code);
      if (dictionarySize * 2 > slots.length) {
        rehash();
      }
      return code;
    }

    private static long entry(int hash, int code) {
      return ((long) hash << 32) | ((code + 1) & 0xffffffffL);
    }

    private void rehash() {
      long[] next = new long[slots.length * 2];
      int mask = next.length - 1;
      shift--;
      for (int c = 0; c < dictionarySize; c++) {
        int h = dictionary[c].hashCode();
        int i = slot(h, shift);
        while (next[i] != 0) {
          i = (i + 1) & mask;
        }
        next[i] = entry(h, c);
      }
      slots = next;
    }

    /** Appends a string; null appends {@code ""}. */
    public void append(String value) {
      appendCode(intern(value == null ? "" : value));
    }

    private void appendCode(int code) {
      if (size == codes.length) {
        codes = Arrays.copyOf(codes, size * 2);
      }
      codes[size++] = code;
    }

    @Override
    public void appendNull() {
      append("");
    }

    @Override
    public void appendValue(Object value) {
      append(value == null ? "" : value instanceof String s ? s : String.valueOf(value));
    }

    @Override
    public StringColumn build() {
      slots = null;
      return new StringColumn(trim(codes, size), Arrays.copyOf(dictionary, dictionarySize), size);
    }
  }

  /** Builds a {@link LongColumn} of long, datetime or timespan values. */
  public static final class Longs extends ColumnBuilder {
    private final ScalarType type;
    private long[] values;
    private long[] nulls;

    Longs(ScalarType type, int capacity) {
      this.type = type;
      values = new long[capacity];
    }

    @Override
    public ScalarType type() {
      return type;
    }

    /** Appends a raw value: a long, or ticks for datetime and timespan. */
    public void append(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    @Override
    public void appendNull() {
      nulls = NullMask.set(nulls, size, values.length);
      append(0);
    }

    @Override
    public void appendValue(Object value) {
      if (value == null) {
        appendNull();
      } else if (type == ScalarType.DATETIME && value instanceof Instant i) {
        append(Ticks.fromInstant(i));
      } else if (type == ScalarType.TIMESPAN && value instanceof Duration d) {
        append(Ticks.fromDuration(d));
      } else if (type == ScalarType.LONG && value instanceof Number n) {
        append(n instanceof Double || n instanceof Float ? (long) n.doubleValue() : n.longValue());
      } else {
        throw wrongType(type, value);
      }
    }

    @Override
    public LongColumn build() {
      return new LongColumn(type, trim(values, size), NullMask.trim(nulls, size), size);
    }
  }

  /** Builds an {@link IntColumn}. */
  public static final class Ints extends ColumnBuilder {
    private int[] values;
    private long[] nulls;

    Ints(int capacity) {
      values = new int[capacity];
    }

    @Override
    public ScalarType type() {
      return ScalarType.INT;
    }

    public void append(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    @Override
    public void appendNull() {
      nulls = NullMask.set(nulls, size, values.length);
      append(0);
    }

    @Override
    public void appendValue(Object value) {
      if (value == null) {
        appendNull();
      } else if (value instanceof Number n) {
        append(n.intValue());
      } else {
        throw wrongType(ScalarType.INT, value);
      }
    }

    @Override
    public IntColumn build() {
      return new IntColumn(trim(values, size), NullMask.trim(nulls, size), size);
    }
  }

  /** Builds a {@link RealColumn}. */
  public static final class Reals extends ColumnBuilder {
    private double[] values;
    private long[] nulls;

    Reals(int capacity) {
      values = new double[capacity];
    }

    @Override
    public ScalarType type() {
      return ScalarType.REAL;
    }

    public void append(double value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    @Override
    public void appendNull() {
      nulls = NullMask.set(nulls, size, values.length);
      append(0);
    }

    @Override
    public void appendValue(Object value) {
      if (value == null) {
        appendNull();
      } else if (value instanceof BigDecimal d) {
        append(d.doubleValue());
      } else if (value instanceof Number n) {
        append(n.doubleValue());
      } else {
        throw wrongType(ScalarType.REAL, value);
      }
    }

    @Override
    public RealColumn build() {
      return new RealColumn(
          values.length > size + size / 8 ? Arrays.copyOf(values, size) : values,
          NullMask.trim(nulls, size),
          size);
    }
  }

  /** Builds a {@link BoolColumn}. */
  public static final class Bools extends ColumnBuilder {
    private long[] bits;
    private long[] nulls;

    Bools(int capacity) {
      bits = NullMask.create(capacity);
    }

    @Override
    public ScalarType type() {
      return ScalarType.BOOL;
    }

    public void append(boolean value) {
      if ((size >>> 6) >= bits.length) {
        bits = Arrays.copyOf(bits, bits.length * 2 + 1);
      }
      if (value) {
        bits[size >>> 6] |= 1L << size;
      }
      size++;
    }

    @Override
    public void appendNull() {
      nulls = NullMask.set(nulls, size, bits.length * 64);
      append(false);
    }

    @Override
    public void appendValue(Object value) {
      if (value == null) {
        appendNull();
      } else if (value instanceof Boolean b) {
        append(b);
      } else {
        throw wrongType(ScalarType.BOOL, value);
      }
    }

    @Override
    public BoolColumn build() {
      return new BoolColumn(bits, NullMask.trim(nulls, size), size);
    }
  }

  /** Builds a {@link DynamicColumn}. */
  public static final class Dynamics extends ColumnBuilder {
    private JsonNode[] values;

    Dynamics(int capacity) {
      values = new JsonNode[capacity];
    }

    @Override
    public ScalarType type() {
      return ScalarType.DYNAMIC;
    }

    public void append(JsonNode value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value == null || value.isNull() ? null : value;
    }

    @Override
    public void appendNull() {
      append(NullNode.getInstance());
    }

    @Override
    public void appendValue(Object value) {
      if (value == null) {
        appendNull();
      } else if (value instanceof JsonNode n) {
        append(n);
      } else {
        throw wrongType(ScalarType.DYNAMIC, value);
      }
    }

    @Override
    public DynamicColumn build() {
      return new DynamicColumn(values, size);
    }
  }

  /** Builds a {@link GuidColumn}. */
  public static final class Guids extends ColumnBuilder {
    private UUID[] values;

    Guids(int capacity) {
      values = new UUID[capacity];
    }

    @Override
    public ScalarType type() {
      return ScalarType.GUID;
    }

    public void append(UUID value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    @Override
    public void appendNull() {
      append(null);
    }

    @Override
    public void appendValue(Object value) {
      if (value == null) {
        appendNull();
      } else if (value instanceof UUID u) {
        append(u);
      } else {
        throw wrongType(ScalarType.GUID, value);
      }
    }

    @Override
    public GuidColumn build() {
      return new GuidColumn(values, size);
    }
  }
}
