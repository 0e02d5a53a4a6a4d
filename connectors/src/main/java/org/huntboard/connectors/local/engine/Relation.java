package org.huntboard.connectors.local.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.Table;

/**
 * An intermediate result: named columns, each a stored column read through an optional selection
 * vector (positions into it). Filters, sorts and takes only compose selections; columns are copied
 * when an operator needs them dense or the result is returned, so a {@code where} over a wide table
 * does not copy its thirty columns.
 */
final class Relation {

  final List<String> names;
  final Column[] columns;
  final int[][] selections;
  final int count;

  /** Whether this is a stored table as it is, so range pruning counts as rows not scanned. */
  boolean isStored;

  private final Map<String, Integer> index = new HashMap<>();

  Relation(List<String> names, Column[] columns, int[][] selections, int count) {
    this.names = List.copyOf(names);
    this.columns = columns;
    this.selections = selections;
    this.count = count;
    for (int i = 0; i < this.names.size(); i++) {
      index.put(this.names.get(i), i);
    }
  }

  static Relation of(Table t) {
    return new Relation(
        t.columnNames(),
        t.columns().toArray(new Column[0]),
        new int[t.columnCount()][],
        t.rowCount());
  }

  static Relation stored(Table t) {
    Relation r = of(t);
    r.isStored = true;
    return r;
  }

  /** A relation of dense columns. */
  static Relation dense(List<String> names, List<Column> columns, int count) {
    return new Relation(names, columns.toArray(new Column[0]), new int[columns.size()][], count);
  }

  int width() {
    return columns.length;
  }

  /** The position of a column, or -1. */
  int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  /** The stored row behind a position of column {@code c}. */
  int row(int c, int pos) {
    int[] s = selections[c];
    return s == null ? pos : s[pos];
  }

  /** Column {@code c} as a dense column of {@code count} rows. */
  Column materialize(int c, QueryContext ctx) {
    int[] s = selections[c];
    if (s == null && columns[c].size() == count) {
      return columns[c];
    }
    if (s == null) {
      return columns[c].slice(0, count);
    }
    ctx.reserve(8L * count);
    return columns[c].gather(s, count);
  }

  Table toTable(QueryContext ctx) {
    List<Column> out = new ArrayList<>(columns.length);
    for (int c = 0; c < columns.length; c++) {
      out.add(materialize(c, ctx));
    }
    return new Table(names, out, count);
  }

  /**
   * The rows at {@code positions[0..n)}; -1 gives a null row. Columns that share a selection share
   * the composed one.
   */
  Relation select(int[] positions, int n, QueryContext ctx) {
    int[][] out = new int[columns.length][];
    Map<int[], int[]> composed = new IdentityHashMap<>();
    int[] identity = null;
    for (int c = 0; c < columns.length; c++) {
      int[] s = selections[c];
      if (s == null) {
        if (identity == null) {
          identity = n == positions.length ? positions : Arrays.copyOf(positions, n);
        }
        out[c] = identity;
      } else {
        int[] comp = composed.get(s);
        if (comp == null) {
          ctx.reserve(4L * n);
          comp = new int[n];
          for (int i = 0; i < n; i++) {
            int p = positions[i];
            comp[i] = p < 0 ? -1 : s[p];
          }
          composed.put(s, comp);
        }
        out[c] = comp;
      }
    }
    ctx.reserve(4L * n);
    return new Relation(names, columns, out, n);
  }

  /** The first {@code n} rows. */
  Relation head(int n, QueryContext ctx) {
    if (n >= count) {
      return this;
    }
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return select(p, n, ctx);
  }

  /** The same rows with a new list of columns taken from this relation by index. */
  Relation project(int[] indexes, List<String> newNames) {
    Column[] cols = new Column[indexes.length];
    int[][] sels = new int[indexes.length][];
    for (int i = 0; i < indexes.length; i++) {
      cols[i] = columns[indexes[i]];
      sels[i] = selections[indexes[i]];
    }
    return new Relation(newNames, cols, sels, count);
  }

  /** Builds relations column by column: stored columns with selections, or dense ones. */
  static final class Builder {
    final List<String> names = new ArrayList<>();
    final List<Column> columns = new ArrayList<>();
    final List<int[]> selections = new ArrayList<>();

    void add(String name, Column column, int[] selection) {
      names.add(name);
      columns.add(column);
      selections.add(selection);
    }

    void addFrom(Relation r, int c, String name) {
      add(name, r.columns[c], r.selections[c]);
    }

    int indexOf(String name) {
      return names.indexOf(name);
    }

    void remove(int i) {
      names.remove(i);
      columns.remove(i);
      selections.remove(i);
    }

    Relation build(int count) {
      return new Relation(
          names, columns.toArray(new Column[0]), selections.toArray(new int[0][]), count);
    }
  }
}
