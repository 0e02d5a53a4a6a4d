package org.huntboard.connectors.local.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.IntColumn;
import org.huntboard.connectors.table.LongColumn;
import org.huntboard.connectors.table.StringColumn;

/**
 * Turns the values of one or more key expressions into dense int ids, in order of first appearance.
 * Dictionary-encoded strings map code to id once per dictionary value; long-backed columns hash
 * without boxing; several keys combine pairwise. One encoder can encode both sides of a join so
 * that equal keys get equal ids.
 */
final class KeyEncoder {

  private final boolean nullsAreKeys;
  private final boolean singlePass;
  private int directSize = -1;
  private final KeyDictionary[] dictionaries;
  private final LongIntMap[] combiners;
  private final QueryContext ctx;

  /**
   * An encoder of {@code keys} keys; when {@code nullsAreKeys} is false a row with a null key gets
   * id -1 (join keys never match on null).
   */
  KeyEncoder(int keys, boolean nullsAreKeys, QueryContext ctx) {
    this(keys, nullsAreKeys, false, ctx);
  }

  /**
   * With {@code singlePass} the encoder is used for one {@link #encode} only (summarize), which
   * lets it combine small key spaces through a direct table instead of a hash map.
   */
  KeyEncoder(int keys, boolean nullsAreKeys, boolean singlePass, QueryContext ctx) {
    this.singlePass = singlePass;
    this.nullsAreKeys = nullsAreKeys;
    this.ctx = ctx;
    dictionaries = new KeyDictionary[keys];
    for (int i = 0; i < keys; i++) {
      dictionaries[i] = new KeyDictionary();
    }
    combiners = new LongIntMap[Math.max(0, keys - 1)];
    for (int i = 0; i < combiners.length; i++) {
      combiners[i] = new LongIntMap(1024);
    }
  }

  /** The number of distinct ids handed out for the combined key. */
  int size() {
    if (directSize >= 0) {
      return directSize;
    }
    return dictionaries.length == 1 ? dictionaries[0].size : combiners[combiners.length - 1].size();
  }

  /** Ids of the keys at positions {@code 0..count-1}. */
  int[] encode(Expr[] keys, int count) {
    ctx.reserve(4L * count * Math.max(1, keys.length));
    int[] ids = encodeOne(0, keys[0], count);
    int idCount = dictionaries[0].size;
    for (int k = 1; k < keys.length; k++) {
      int[] next = encodeOne(k, keys[k], count);
      long product = (long) idCount * dictionaries[k].size;
      if (singlePass && product <= (1 << 24) && product <= 4L * count + 1024) {
        // A direct table of the combined key space: two array reads per row, no hashing.
        ctx.reserve(4L * product);
        int[] table = new int[(int) product];
        java.util.Arrays.fill(table, -1);
        int width = dictionaries[k].size;
        int n = 0;
        for (int i = 0; i < count; i++) {
          if (ids[i] < 0 || next[i] < 0) {
            ids[i] = -1;
            continue;
          }
          int slot = ids[i] * width + next[i];
          int id = table[slot];
          if (id < 0) {
            id = n++;
            table[slot] = id;
          }
          ids[i] = id;
        }
        idCount = n;
        continue;
      }
      LongIntMap m = combiners[k - 1];
      for (int i = 0; i < count; i++) {
        if (ids[i] < 0 || next[i] < 0) {
          ids[i] = -1;
        } else {
          ids[i] = m.getOrPut(((long) ids[i] << 32) | next[i], m.size());
        }
      }
      idCount = m.size();
    }
    if (singlePass) {
      directSize = idCount;
    }
    return ids;
  }

  private int[] encodeOne(int k, Expr key, int count) {
    KeyDictionary d = dictionaries[k];
    int[] ids = new int[count];
    if (key instanceof Expr.ColumnRef ref) {
      Column col = ref.column;
      int[] sel = ref.selection;
      if (col instanceof StringColumn sc) {
        int[] codeIds = d.codeIds(sc.dictionary());
        String[] dict = sc.dictionary();
        int[] codes = sc.codes();
        for (int i = 0; i < count; i++) {
          int row = sel == null ? i : sel[i];
          if (row < 0) {
            ids[i] = d.stringId("");
            continue;
          }
          int code = codes[row];
          int id = codeIds[code];
          if (id < 0) {
            id = d.stringId(dict[code]);
            codeIds[code] = id;
          }
          ids[i] = id;
        }
        return ids;
      }
      if (col instanceof LongColumn lc) {
        long[] v = lc.values();
        for (int i = 0; i < count; i++) {
          int row = sel == null ? i : sel[i];
          ids[i] = row < 0 || lc.isNull(row) ? d.nullId(nullsAreKeys) : d.longId(v[row]);
        }
        return ids;
      }
      if (col instanceof IntColumn ic) {
        int[] v = ic.values();
        for (int i = 0; i < count; i++) {
          int row = sel == null ? i : sel[i];
          ids[i] = row < 0 || ic.isNull(row) ? d.nullId(nullsAreKeys) : d.longId(v[row]);
        }
        return ids;
      }
    }
    if (key instanceof Expr.Call call
        && (call.name.equals("bin") || call.name.equals("floor"))
        && call.args[0] instanceof Expr.ColumnRef ref
        && ref.column instanceof LongColumn lc
        && call.args[1].isConstant()
        && call.args[1].eval(0) instanceof Long size
        && size > 0) {
      // bin(Timestamp, 1h) without boxing: the common time bucket of a summarize.
      long[] v = lc.values();
      int[] sel = ref.selection;
      boolean datetime = lc.type() == org.huntboard.core.kql.syntax.ScalarType.DATETIME;
      long[][] ranges = lc.chunkRanges();
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      for (int c = 0; c < ranges[0].length; c++) {
        lo = Math.min(lo, ranges[0][c]);
        hi = Math.max(hi, ranges[1][c]);
      }
      long base = lo <= hi ? Builtins.bin(lo, size, datetime) : 0;
      long buckets = lo <= hi ? (Builtins.bin(hi, size, datetime) - base) / size + 1 : 0;
      if (buckets > 0 && buckets <= (1 << 22)) {
        // Time buckets are few and dense: index them directly.
        int[] bucketIds = new int[(int) buckets];
        java.util.Arrays.fill(bucketIds, -1);
        for (int i = 0; i < count; i++) {
          int row = sel == null ? i : sel[i];
          if (row < 0 || lc.isNull(row)) {
            ids[i] = d.nullId(nullsAreKeys);
            continue;
          }
          int b = (int) Math.floorDiv(v[row] - base, size);
          int id = bucketIds[b];
          if (id < 0) {
            id = d.longId(base + b * size);
            bucketIds[b] = id;
          }
          ids[i] = id;
        }
        return ids;
      }
      for (int i = 0; i < count; i++) {
        int row = sel == null ? i : sel[i];
        ids[i] =
            row < 0 || lc.isNull(row)
                ? d.nullId(nullsAreKeys)
                : d.longId(Builtins.bin(v[row], size, datetime));
      }
      return ids;
    }
    for (int i = 0; i < count; i++) {
      if ((i & 0xFFFF) == 0) {
        ctx.check();
      }
      Object v = key.eval(i);
      if (v == null) {
        ids[i] = d.nullId(nullsAreKeys);
      } else if (v instanceof String s) {
        ids[i] = d.stringId(s);
      } else if (v instanceof Long l) {
        ids[i] = d.longId(l);
      } else {
        ids[i] = d.objectId(Values.key(v));
      }
    }
    return ids;
  }

  /** The distinct values of one key. */
  private static final class KeyDictionary {
    int size;
    private final HashMap<String, Integer> strings = new HashMap<>();
    private final LongIntMap longs = new LongIntMap(1024);
    private final HashMap<Object, Integer> objects = new HashMap<>();
    private final Map<String[], int[]> codeIds = new IdentityHashMap<>();
    private int nullId = -1;

    int[] codeIds(String[] dictionary) {
      return codeIds.computeIfAbsent(
          dictionary,
          d -> {
            int[] a = new int[d.length];
            Arrays.fill(a, -1);
            return a;
          });
    }

    int stringId(String s) {
      Integer id = strings.get(s);
      if (id == null) {
        id = size++;
        strings.put(s, id);
      }
      return id;
    }

    int longId(long v) {
      int id = longs.getOrPut(v, size);
      if (id == size) {
        size++;
      }
      return id;
    }

    int objectId(Object v) {
      if (v instanceof Long l) {
        return longId(l);
      }
      if (v instanceof String s) {
        return stringId(s);
      }
      Integer id = objects.get(v);
      if (id == null) {
        id = size++;
        objects.put(v, id);
      }
      return id;
    }

    int nullId(boolean nullsAreKeys) {
      if (!nullsAreKeys) {
        return -1;
      }
      if (nullId < 0) {
        nullId = size++;
      }
      return nullId;
    }
  }
}
