package org.huntboard.connectors.local.engine;

import java.util.Arrays;
import java.util.List;
import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.IntColumn;
import org.huntboard.connectors.table.LongColumn;
import org.huntboard.connectors.table.RealColumn;
import org.huntboard.connectors.table.StringColumn;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.kql.syntax.SortKey;

/**
 * {@code sort} and {@code top}: a stable merge sort of positions. Each key is turned into a
 * primitive sort key first (dictionary ranks for strings, raw longs and doubles), so comparisons do
 * not box. Null and NaN sort together, first for ascending and last for descending unless the query
 * says otherwise.
 */
final class Sorter {

  private Sorter() {}

  private interface PosComparator {
    int compare(int a, int b);
  }

  static Relation sort(Evaluator ev, Env env, Relation in, List<SortKey> keys, int limit) {
    QueryContext ctx = ev.ctx;
    int n = in.count;
    Compiler comp = new Compiler(ev, env, in);
    PosComparator[] cmps = new PosComparator[keys.size()];
    for (int k = 0; k < keys.size(); k++) {
      SortKey key = keys.get(k);
      Expr e = comp.compile(key.expression());
      boolean desc = key.effectiveDirection() == SortKey.Direction.DESC;
      boolean nullsFirst = key.effectiveNulls() == SortKey.Nulls.FIRST;
      cmps[k] = comparator(e, n, desc, nullsFirst, ctx);
    }
    ctx.reserve(8L * n);
    int[] pos = new int[n];
    for (int i = 0; i < n; i++) {
      pos[i] = i;
    }
    PosComparator all =
        (a, b) -> {
          for (PosComparator c : cmps) {
            int r = c.compare(a, b);
            if (r != 0) {
              return r;
            }
          }
          return 0;
        };
    int[] tmp = new int[n];
    mergeSort(pos, tmp, 0, n, all, ctx);
    int m = Math.min(n, limit);
    return in.select(pos, m, ctx);
  }

  private static PosComparator comparator(
      Expr e, int n, boolean desc, boolean nullsFirst, QueryContext ctx) {
    int sign = desc ? -1 : 1;
    int nullSign = nullsFirst ? -1 : 1;
    boolean[] isNull = new boolean[n];
    if (e instanceof Expr.ColumnRef ref && ref.column instanceof StringColumn sc) {
      String[] dict = sc.dictionary();
      Integer[] order = new Integer[dict.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> dict[a].compareTo(dict[b]));
      int[] rank = new int[dict.length];
      for (int r = 0; r < order.length; r++) {
        rank[order[r]] = r;
      }
      int[] keys = new int[n];
      int emptyRank = -1;
      for (int i = 0; i < n; i++) {
        int row = ref.row(i);
        if (row < 0) {
          if (emptyRank < 0) {
            emptyRank = rankOfEmpty(dict, rank);
          }
          keys[i] = emptyRank;
        } else {
          keys[i] = rank[sc.code(row)];
        }
      }
      return (a, b) -> sign * Integer.compare(keys[a], keys[b]);
    }
    if (e instanceof Expr.ColumnRef ref
        && (ref.column instanceof LongColumn || ref.column instanceof IntColumn)) {
      Column col = ref.column;
      long[] keys = new long[n];
      for (int i = 0; i < n; i++) {
        int row = ref.row(i);
        if (row < 0 || col.isNull(row)) {
          isNull[i] = true;
        } else {
          keys[i] = col instanceof LongColumn lc ? lc.getLong(row) : ((IntColumn) col).getInt(row);
        }
      }
      return (a, b) -> {
        if (isNull[a] || isNull[b]) {
          return isNull[a] == isNull[b] ? 0 : isNull[a] ? nullSign : -nullSign;
        }
        return sign * Long.compare(keys[a], keys[b]);
      };
    }
    if (e instanceof Expr.ColumnRef ref && ref.column instanceof RealColumn rc) {
      double[] keys = new double[n];
      for (int i = 0; i < n; i++) {
        int row = ref.row(i);
        if (row < 0 || rc.isNull(row) || Double.isNaN(rc.getDouble(row))) {
          isNull[i] = true;
        } else {
          keys[i] = rc.getDouble(row);
        }
      }
      return (a, b) -> {
        if (isNull[a] || isNull[b]) {
          return isNull[a] == isNull[b] ? 0 : isNull[a] ? nullSign : -nullSign;
        }
        return sign * Double.compare(keys[a], keys[b]);
      };
    }
    Object[] keys = new Object[n];
    for (int i = 0; i < n; i++) {
      if ((i & 0xFFF) == 0) {
        ctx.check();
      }
      Object v = Values.unwrap(e.eval(i));
      if (v == null || (v instanceof Double d && d.isNaN())) {
        isNull[i] = true;
      } else {
        keys[i] = v;
      }
    }
    boolean strings = e.type == ScalarType.STRING;
    return (a, b) -> {
      if (isNull[a] || isNull[b]) {
        return isNull[a] == isNull[b] ? 0 : isNull[a] ? nullSign : -nullSign;
      }
      int c =
          strings
              ? ((String) keys[a]).compareTo((String) keys[b])
              : Values.compare(keys[a], keys[b]);
      if (c == Integer.MIN_VALUE) {
        c = keys[a].getClass().getName().compareTo(keys[b].getClass().getName());
      }
      return sign * Integer.signum(c);
    };
  }

  private static int rankOfEmpty(String[] dict, int[] rank) {
    for (int i = 0; i < dict.length; i++) {
      if (dict[i].isEmpty()) {
        return rank[i];
      }
    }
    return -1;
  }

  private static void mergeSort(
      int[] a, int[] tmp, int from, int to, PosComparator c, QueryContext ctx) {
    int n = to - from;
    if (n < 32) {
      for (int i = from + 1; i < to; i++) {
        int x = a[i];
        int j = i - 1;
        while (j >= from && c.compare(a[j], x) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = x;
      }
      return;
    }
    if (n > 65536) {
      ctx.check();
    }
    int mid = (from + to) >>> 1;
    mergeSort(a, tmp, from, mid, c, ctx);
    mergeSort(a, tmp, mid, to, c, ctx);
    if (c.compare(a[mid - 1], a[mid]) <= 0) {
      return;
    }
    System.arraycopy(a, from, tmp, from, n);
    int i = from;
    int j = mid;
    int k = from;
    while (i < mid && j < to) {
      a[k++] = c.compare(tmp[j], tmp[i]) < 0 ? tmp[j++] : tmp[i++];
    }
    while (i < mid) {
      a[k++] = tmp[i++];
    }
    while (j < to) {
      a[k++] = tmp[j++];
    }
  }
}
