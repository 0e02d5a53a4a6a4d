package org.huntboard.connectors.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.ColumnBuilder;
import org.huntboard.connectors.table.IntColumn;
import org.huntboard.connectors.table.LongColumn;
import org.huntboard.connectors.table.RealColumn;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * The aggregate functions of {@code summarize}. Each aggregator reads the group id of every input
 * position and produces one or more result columns with a value per group; a group that saw no
 * value gets the function's default (0 for counts and sums, {@code []} for the make_ family, null
 * otherwise), which is also the single row of a summarize without {@code by} over no rows.
 */
final class Aggregates {

  private Aggregates() {}

  /** Kusto's cap, and default, of {@code make_set}/{@code make_list} sizes. */
  static final int MAX_SET_SIZE = 1_048_576;

  private static final Set<String> NAMES =
      Set.of(
          "count",
          "countif",
          "dcount",
          "dcountif",
          "count_distinct",
          "sum",
          "sumif",
          "avg",
          "avgif",
          "min",
          "max",
          "minif",
          "maxif",
          "make_set",
          "make_set_if",
          "makeset",
          "make_list",
          "make_list_if",
          "makelist",
          "make_bag",
          "make_bag_if",
          "arg_max",
          "arg_min",
          "take_any",
          "any",
          "stdev",
          "stdevif",
          "variance",
          "varianceif");

  static boolean isAggregate(String name) {
    return NAMES.contains(name);
  }

  /** One aggregate call compiled against the summarize input. */
  abstract static class Aggregator {
    /** Output column names (before de-duplication) and types. */
    final List<String> names = new ArrayList<>();

    final List<ScalarType> types = new ArrayList<>();

    abstract void accumulate(int[] groups, int count, int groupCount);

    abstract List<Column> results(int groupCount);
  }

  static Aggregator compile(
      Evaluator ev,
      Env env,
      Relation rel,
      Expression.FunctionCall f,
      List<String> keyColumnNames,
      String explicitName) {
    Compiler comp = new Compiler(ev, env, rel);
    String name = f.name();
    List<Expression> args = f.arguments();
    QueryContext ctx = ev.ctx;
    switch (name) {
      case "count" -> {
        return new Count(null, "count_", ev, env, rel);
      }
      case "countif" -> {
        need(ctx, f, 1, 1);
        return new Count(args.get(0), "countif_", ev, env, rel);
      }
      case "dcount", "count_distinct", "dcountif" -> {
        boolean conditional = name.equals("dcountif");
        need(ctx, f, conditional ? 2 : 1, conditional ? 3 : 2);
        Expr x = comp.compile(args.get(0));
        Selection where = conditional ? whereOf(ev, env, rel, args.get(1)) : null;
        return new DistinctCount(x, where, name + "_" + argName(args.get(0)), ctx);
      }
      case "sum", "sumif", "avg", "avgif", "stdev", "stdevif", "variance", "varianceif" -> {
        boolean conditional = name.endsWith("if");
        need(ctx, f, conditional ? 2 : 1, conditional ? 2 : 1);
        Expr x = comp.compile(args.get(0));
        Selection where = conditional ? whereOf(ev, env, rel, args.get(1)) : null;
        String base = conditional ? name.substring(0, name.length() - 2) : name;
        return new Numeric(x, where, base, name + "_" + argName(args.get(0)), ctx, f);
      }
      case "min", "max", "minif", "maxif" -> {
        boolean conditional = name.endsWith("if");
        need(ctx, f, conditional ? 2 : 1, conditional ? 2 : 1);
        Expr x = comp.compile(args.get(0));
        Selection where = conditional ? whereOf(ev, env, rel, args.get(1)) : null;
        return new Extreme(x, where, name.startsWith("max"), name + "_" + argName(args.get(0)));
      }
      case "make_set", "makeset", "make_set_if", "make_list", "makelist", "make_list_if" -> {
        boolean conditional = name.endsWith("_if");
        boolean set = name.contains("set");
        need(ctx, f, conditional ? 2 : 1, conditional ? 3 : 2);
        Expr x = comp.compile(args.get(0));
        Selection where = conditional ? whereOf(ev, env, rel, args.get(1)) : null;
        int limitArg = conditional ? 2 : 1;
        int max = name.equals("makeset") || name.equals("makelist") ? 128 : MAX_SET_SIZE;
        if (args.size() > limitArg) {
          Expr m = comp.compile(args.get(limitArg));
          Long v = m.isConstant() ? Values.toLong(m.eval(0)) : null;
          if (v == null || v <= 0) {
            throw ctx.error("KQL-ARGUMENTS", name + "() needs a positive constant size", f.span());
          }
          max = (int) Math.min(v, MAX_SET_SIZE);
        }
        String out = (set ? "set_" : "list_") + argName(args.get(0));
        return new Collect(x, where, set, max, out);
      }
      case "make_bag", "make_bag_if" -> {
        boolean conditional = name.endsWith("_if");
        need(ctx, f, conditional ? 2 : 1, conditional ? 3 : 2);
        Expr x = comp.compile(args.get(0));
        Selection where = conditional ? whereOf(ev, env, rel, args.get(1)) : null;
        return new Bag(x, where, "bag_" + argName(args.get(0)));
      }
      case "arg_max", "arg_min" -> {
        if (args.size() < 2) {
          throw ctx.error(
              "KQL-ARGUMENTS", name + "() takes the expression to maximize and columns", f.span());
        }
        return ArgExtreme.create(comp, rel, f, name.equals("arg_max"), keyColumnNames);
      }
      case "take_any", "any" -> {
        need(ctx, f, 1, 64);
        return TakeAny.create(comp, rel, f, keyColumnNames);
      }
      default ->
          throw ctx.error(
              "KQL-UNKNOWN-FUNCTION", "unknown aggregate function '" + name + "'", f.span());
    }
  }

  private static void need(QueryContext ctx, Expression.FunctionCall f, int min, int max) {
    int n = f.arguments().size();
    if (n < min || n > max) {
      throw ctx.error(
          "KQL-ARGUMENTS",
          f.name()
              + "() takes "
              + (min == max ? "" + min : min + " to " + max)
              + " arguments, not "
              + n,
          f.span());
    }
  }

  static String argName(Expression e) {
    String n = Evaluator.defaultName(e);
    return n == null ? "" : n;
  }

  private static Selection whereOf(Evaluator ev, Env env, Relation rel, Expression predicate) {
    return Filters.select(ev, env, rel, predicate, Selection.all(rel.count));
  }

  private static boolean[] mask(Selection where, int count) {
    if (where == null) {
      return null;
    }
    boolean[] m = new boolean[count];
    for (int i = 0; i < where.count(); i++) {
      m[where.get(i)] = true;
    }
    return m;
  }

  // ---- count, countif ----------------------------------------------------------------------

  private static final class Count extends Aggregator {
    private final Expression predicate;
    private final Evaluator ev;
    private final Env env;
    private final Relation rel;
    private long[] counts = new long[0];

    Count(Expression predicate, String name, Evaluator ev, Env env, Relation rel) {
      this.predicate = predicate;
      this.ev = ev;
      this.env = env;
      this.rel = rel;
      names.add(name);
      types.add(ScalarType.LONG);
    }

    @Override
    void accumulate(int[] groups, int count, int groupCount) {
      counts = new long[groupCount];
      if (predicate == null) {
        for (int i = 0; i < count; i++) {
          counts[groups[i]]++;
        }
        return;
      }
      Selection s = whereOf(ev, env, rel, predicate);
      for (int i = 0; i < s.count(); i++) {
        counts[groups[s.get(i)]]++;
      }
    }

    @Override
    List<Column> results(int groupCount) {
      long[] c = counts.length == groupCount ? counts : Arrays.copyOf(counts, groupCount);
      return List.of(new LongColumn(ScalarType.LONG, c, null, groupCount));
    }
  }

  // ---- dcount ------------------------------------------------------------------------------

  /** Exact distinct count; equals Kusto's HyperLogLog estimate for up to 1,000 values. */
  private static final class DistinctCount extends Aggregator {
    private final Expr x;
    private final Selection where;
    private final QueryContext ctx;
    private long[] counts = new long[0];

    DistinctCount(Expr x, Selection where, String name, QueryContext ctx) {
      this.x = x;
      this.where = where;
      this.ctx = ctx;
      names.add(name);
      types.add(ScalarType.LONG);
    }

    @Override
    void accumulate(int[] groups, int count, int groupCount) {
      counts = new long[groupCount];
      int[] ids = new KeyEncoder(1, false, ctx).encode(new Expr[] {x}, count);
      boolean[] m = mask(where, count);
      LongIntMap seen = new LongIntMap(Math.min(count, 1 << 16));
      for (int i = 0; i < count; i++) {
        if (ids[i] < 0 || (m != null && !m[i])) {
          continue;
        }
        int before = seen.size();
        seen.getOrPut(((long) groups[i] << 32) | ids[i], before);
        if (seen.size() > before) {
          counts[groups[i]]++;
        }
      }
    }

    @Override
    List<Column> results(int groupCount) {
      long[] c = counts.length == groupCount ? counts : Arrays.copyOf(counts, groupCount);
      return List.of(new LongColumn(ScalarType.LONG, c, null, groupCount));
    }
  }

  // ---- sum, avg, stdev, variance -------------------------------------------------------------

  private static final class Numeric extends Aggregator {
    private final Expr x;
    private final Selection where;
    private final String kind;
    private final ScalarType outType;
    private long[] longSums;
    private double[] sums;
    private double[] squares;
    private long[] counts;

    Numeric(
        Expr x,
        Selection where,
        String kind,
        String name,
        QueryContext ctx,
        Expression.FunctionCall f) {
      this.x = x;
      this.where = where;
      this.kind = kind;
      boolean integral =
          x.type == ScalarType.INT || x.type == ScalarType.LONG || x.type == ScalarType.TIMESPAN;
      if (!integral && x.type != ScalarType.REAL && x.type != ScalarType.DYNAMIC) {
        throw ctx.error("KQL-TYPE", f.name() + "() needs a number, not " + x.type, f.span());
      }
      outType =
          kind.equals("sum")
              ? (x.type == ScalarType.TIMESPAN
                  ? ScalarType.TIMESPAN
                  : integral ? ScalarType.LONG : ScalarType.REAL)
              : kind.equals("avg") && x.type == ScalarType.TIMESPAN
                  ? ScalarType.TIMESPAN
                  : ScalarType.REAL;
      names.add(name);
      types.add(outType);
    }

    @Override
    void accumulate(int[] groups, int count, int groupCount) {
      longSums = new long[groupCount];
      sums = new double[groupCount];
      squares = new double[groupCount];
      counts = new long[groupCount];
      boolean[] m = mask(where, count);
      if (x instanceof Expr.ColumnRef ref && ref.column instanceof LongColumn lc && m == null) {
        long[] v = lc.values();
        for (int i = 0; i < count; i++) {
          int row = ref.row(i);
          if (row < 0 || lc.isNull(row)) {
            continue;
          }
          int g = groups[i];
          long val = v[row];
          longSums[g] += val;
          sums[g] += val;
          squares[g] += (double) val * val;
          counts[g]++;
        }
        return;
      }
      for (int i = 0; i < count; i++) {
        if (m != null && !m[i]) {
          continue;
        }
        Object o = Values.unwrap(x.eval(i));
        if (!(o instanceof Number num)) {
          continue;
        }
        int g = groups[i];
        if (o instanceof Long l) {
          longSums[g] += l;
        }
        double d = num.doubleValue();
        sums[g] += d;
        squares[g] += d * d;
        counts[g]++;
      }
    }

    @Override
    List<Column> results(int groupCount) {
      ColumnBuilder b = ColumnBuilder.forType(outType, groupCount);
      for (int g = 0; g < groupCount; g++) {
        long c = counts == null || g >= counts.length ? 0 : counts[g];
        switch (kind) {
          case "sum" -> {
            if (outType == ScalarType.REAL) {
              ((ColumnBuilder.Reals) b).append(c == 0 ? 0 : sums[g]);
            } else {
              ((ColumnBuilder.Longs) b).append(c == 0 ? 0 : longSums[g]);
            }
          }
          case "avg" -> {
            if (c == 0) {
              b.appendNull();
            } else if (outType == ScalarType.TIMESPAN) {
              ((ColumnBuilder.Longs) b).append(longSums[g] / c);
            } else {
              ((ColumnBuilder.Reals) b).append(sums[g] / c);
            }
          }
          default -> {
            // stdev and variance: the sample forms, 0 for a single value as Kusto gives.
            if (c == 0) {
              ((ColumnBuilder.Reals) b).append(0);
            } else {
              double mean = sums[g] / c;
              double var = c < 2 ? 0 : Math.max(0, (squares[g] - c * mean * mean) / (c - 1));
              ((ColumnBuilder.Reals) b).append(kind.equals("stdev") ? Math.sqrt(var) : var);
            }
          }
        }
      }
      return List.of(b.build());
    }
  }

  // ---- min, max ------------------------------------------------------------------------------

  private static final class Extreme extends Aggregator {
    private final Expr x;
    private final Selection where;
    private final boolean max;
    private int[] best;

    Extreme(Expr x, Selection where, boolean max, String name) {
      this.x = x;
      this.where = where;
      this.max = max;
      names.add(name);
      types.add(x.type);
    }

    @Override
    void accumulate(int[] groups, int count, int groupCount) {
      best = bestPositions(x, where, max, groups, count, groupCount, false);
    }

    @Override
    List<Column> results(int groupCount) {
      ColumnBuilder b = ColumnBuilder.forType(x.type, groupCount);
      for (int g = 0; g < groupCount; g++) {
        int p = best == null || g >= best.length ? -1 : best[g];
        Values.append(b, p < 0 ? null : x.eval(p));
      }
      return List.of(b.build());
    }
  }

  /**
   * The position of the largest (or smallest) non-null value per group, -1 for a group with none;
   * with {@code anyRow} a group whose values are all null gets its first position (arg_max's "some
   * row with a null maximum").
   */
  static int[] bestPositions(
      Expr x,
      Selection where,
      boolean max,
      int[] groups,
      int count,
      int groupCount,
      boolean anyRow) {
    int[] best = new int[groupCount];
    Arrays.fill(best, -1);
    boolean[] m = mask(where, count);
    boolean[] valued = new boolean[groupCount];
    if (x instanceof Expr.ColumnRef ref
        && (ref.column instanceof LongColumn
            || ref.column instanceof IntColumn
            || ref.column instanceof RealColumn)) {
      Column col = ref.column;
      double[] bestValue = new double[groupCount];
      long[] bestLong = new long[groupCount];
      for (int i = 0; i < count; i++) {
        if (m != null && !m[i]) {
          continue;
        }
        int g = groups[i];
        int row = ref.row(i);
        if (row < 0 || col.isNull(row)) {
          if (anyRow && best[g] < 0) {
            best[g] = i;
          }
          continue;
        }
        if (col instanceof RealColumn rc) {
          double v = rc.getDouble(row);
          if (!valued[g] || (max ? v > bestValue[g] : v < bestValue[g])) {
            bestValue[g] = v;
            best[g] = i;
            valued[g] = true;
          }
        } else {
          long v = col instanceof LongColumn lc ? lc.getLong(row) : ((IntColumn) col).getInt(row);
          if (!valued[g] || (max ? v > bestLong[g] : v < bestLong[g])) {
            bestLong[g] = v;
            best[g] = i;
            valued[g] = true;
          }
        }
      }
      return best;
    }
    Object[] bestValue = new Object[groupCount];
    for (int i = 0; i < count; i++) {
      if (m != null && !m[i]) {
        continue;
      }
      int g = groups[i];
      Object v = x.eval(i);
      if (v == null) {
        if (anyRow && best[g] < 0) {
          best[g] = i;
        }
        continue;
      }
      if (!valued[g]) {
        bestValue[g] = v;
        best[g] = i;
        valued[g] = true;
        continue;
      }
      int c = Values.compare(v, bestValue[g]);
      if (c != Integer.MIN_VALUE && (max ? c > 0 : c < 0)) {
        bestValue[g] = v;
        best[g] = i;
      }
    }
    return best;
  }

  // ---- make_set, make_list ---------------------------------------------------------------------

  private static final class Collect extends Aggregator {
    private final Expr x;
    private final Selection where;
    private final boolean set;
    private final int max;
    private ArrayNode[] arrays;

    Collect(Expr x, Selection where, boolean set, int max, String name) {
      this.x = x;
      this.where = where;
      this.set = set;
      this.max = max;
      names.add(name);
      types.add(ScalarType.DYNAMIC);
    }

    @Override
    void accumulate(int[] groups, int count, int groupCount) {
      arrays = new ArrayNode[groupCount];
      boolean[] m = mask(where, count);
      List<Set<JsonNode>> seen = new ArrayList<>();
      for (int g = 0; g < groupCount; g++) {
        seen.add(null);
      }
      for (int i = 0; i < count; i++) {
        if (m != null && !m[i]) {
          continue;
        }
        Object v = x.eval(i);
        if (v == null) {
          continue;
        }
        int g = groups[i];
        ArrayNode a = arrays[g];
        if (a == null) {
          a = Values.NODES.arrayNode();
          arrays[g] = a;
        }
        if (!set) {
          if (a.size() < max) {
            a.add(Values.toJson(v, x.type));
          }
          continue;
        }
        Set<JsonNode> s = seen.get(g);
        if (s == null) {
          s = new LinkedHashSet<>();
          seen.set(g, s);
        }
        // make_set merges the elements of an array input into the set.
        if (v instanceof JsonNode j && j.isArray()) {
          for (JsonNode e : j) {
            if (!e.isNull() && a.size() < max && s.add(e)) {
              a.add(e);
            }
          }
        } else {
          JsonNode e = Values.toJson(v, x.type);
          if (a.size() < max && s.add(e)) {
            a.add(e);
          }
        }
      }
    }

    @Override
    List<Column> results(int groupCount) {
      ColumnBuilder.Dynamics b =
          (ColumnBuilder.Dynamics) ColumnBuilder.forType(ScalarType.DYNAMIC, groupCount);
      for (int g = 0; g < groupCount; g++) {
        ArrayNode a = arrays == null || g >= arrays.length ? null : arrays[g];
        b.append(a == null ? Values.NODES.arrayNode() : a);
      }
      return List.of(b.build());
    }
  }

  private static final class Bag extends Aggregator {
    private final Expr x;
    private final Selection where;
    private ObjectNode[] bags;

    Bag(Expr x, Selection where, String name) {
      this.x = x;
      this.where = where;
      names.add(name);
      types.add(ScalarType.DYNAMIC);
    }

    @Override
    void accumulate(int[] groups, int count, int groupCount) {
      bags = new ObjectNode[groupCount];
      boolean[] m = mask(where, count);
      for (int i = 0; i < count; i++) {
        if (m != null && !m[i]) {
          continue;
        }
        if (!(x.eval(i) instanceof JsonNode j) || !j.isObject()) {
          continue;
        }
        int g = groups[i];
        if (bags[g] == null) {
          bags[g] = Values.NODES.objectNode();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = j.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!bags[g].has(e.getKey())) {
            bags[g].set(e.getKey(), e.getValue());
          }
        }
      }
    }

    @Override
    List<Column> results(int groupCount) {
      ColumnBuilder.Dynamics b =
          (ColumnBuilder.Dynamics) ColumnBuilder.forType(ScalarType.DYNAMIC, groupCount);
      for (int g = 0; g < groupCount; g++) {
        ObjectNode o = bags == null || g >= bags.length ? null : bags[g];
        b.append(o == null ? Values.NODES.objectNode() : o);
      }
      return List.of(b.build());
    }
  }

  // ---- arg_max, arg_min, take_any
  // ----------------------------------------------------------------

  /** Columns taken from one chosen row per group. */
  private abstract static class RowPick extends Aggregator {
    final List<Expr> outputs = new ArrayList<>();
    int[] chosen;

    void addOutput(String name, Expr e) {
      names.add(name);
      types.add(e.type);
      outputs.add(e);
    }

    @Override
    List<Column> results(int groupCount) {
      List<Column> out = new ArrayList<>();
      for (Expr e : outputs) {
        ColumnBuilder b = ColumnBuilder.forType(e.type, groupCount);
        for (int g = 0; g < groupCount; g++) {
          int p = chosen == null || g >= chosen.length ? -1 : chosen[g];
          Values.append(b, p < 0 ? null : e.eval(p));
        }
        out.add(b.build());
      }
      return out;
    }
  }

  private static final class ArgExtreme extends RowPick {
    private final Expr x;
    private final boolean max;

    private ArgExtreme(Expr x, boolean max) {
      this.x = x;
      this.max = max;
    }

    static ArgExtreme create(
        Compiler comp, Relation rel, Expression.FunctionCall f, boolean max, List<String> keys) {
      Expression target = f.arguments().get(0);
      Expr x = comp.compile(target);
      ArgExtreme a = new ArgExtreme(x, max);
      String xName = Evaluator.defaultName(target);
      a.addOutput(xName == null ? (max ? "max_" : "min_") : xName, x);
      for (int i = 1; i < f.arguments().size(); i++) {
        Expression e = f.arguments().get(i);
        if (e instanceof Expression.Star) {
          // *: every column but the maximized one and the by columns, in input order.
          for (int c = 0; c < rel.width(); c++) {
            String n = rel.names.get(c);
            if (n.equals(xName) || keys.contains(n)) {
              continue;
            }
            a.addOutput(n, new Expr.ColumnRef(n, c, rel.columns[c], rel.selections[c]));
          }
        } else {
          String n = Evaluator.defaultName(e);
          a.addOutput(n == null ? "Column" + i : n, comp.compile(e));
        }
      }
      return a;
    }

    @Override
    void accumulate(int[] groups, int count, int groupCount) {
      chosen = bestPositions(x, null, max, groups, count, groupCount, true);
    }
  }

  private static final class TakeAny extends RowPick {
    static TakeAny create(
        Compiler comp, Relation rel, Expression.FunctionCall f, List<String> keys) {
      TakeAny t = new TakeAny();
      for (Expression e : f.arguments()) {
        if (e instanceof Expression.Star) {
          for (int c = 0; c < rel.width(); c++) {
            String n = rel.names.get(c);
            if (!keys.contains(n)) {
              t.addOutput(n, new Expr.ColumnRef(n, c, rel.columns[c], rel.selections[c]));
            }
          }
        } else {
          String n = Evaluator.defaultName(e);
          t.addOutput(n == null ? "any_" : n, comp.compile(e));
        }
      }
      return t;
    }

    @Override
    void accumulate(int[] groups, int count, int groupCount) {
      chosen = new int[groupCount];
      Arrays.fill(chosen, -1);
      for (int i = 0; i < count; i++) {
        if (chosen[groups[i]] < 0) {
          chosen[groups[i]] = i;
        }
      }
    }
  }
}
