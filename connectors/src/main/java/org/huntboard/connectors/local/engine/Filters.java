package org.huntboard.connectors.local.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.huntboard.connectors.table.Column;
import org.huntboard.connectors.table.IntColumn;
import org.huntboard.connectors.table.LongColumn;
import org.huntboard.connectors.table.RealColumn;
import org.huntboard.connectors.table.StringColumn;
import org.huntboard.core.kql.syntax.BinaryOperator;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * Evaluates {@code where} predicates into selections, vectorised where the shape allows:
 *
 * <ul>
 *   <li>{@code and} narrows the candidates before the right side runs; {@code or} runs the right
 *       side only on rows the left rejected;
 *   <li>a predicate that reads a single dictionary-encoded string column (and constants) is
 *       evaluated once per distinct dictionary value, then rows are kept by their code;
 *   <li>a comparison or {@code between} of a numeric or datetime column with constants is a
 *       primitive loop, and on a stored datetime column skips whole chunks by their min/max.
 * </ul>
 *
 * Everything else is compiled and evaluated per row; the results are the same either way.
 */
final class Filters {

  private Filters() {}

  static Selection select(
      Evaluator ev, Env env, Relation rel, Expression pred, Selection candidates) {
    ev.ctx.check();
    if (candidates.count() == 0) {
      // Nothing to filter, but a wrong name must still fail as it would on other data.
      new Compiler(ev, env, rel).compile(pred);
      return candidates;
    }
    Expression p = strip(pred);
    if (p instanceof Expression.Binary b && b.operator() == BinaryOperator.AND) {
      Selection left = select(ev, env, rel, b.left(), candidates);
      return select(ev, env, rel, b.right(), left);
    }
    if (p instanceof Expression.Binary b && b.operator() == BinaryOperator.OR) {
      Selection left = select(ev, env, rel, b.left(), candidates);
      if (left.count() == candidates.count()) {
        return left;
      }
      Selection rest = candidates.minus(left);
      Selection right = select(ev, env, rel, b.right(), rest);
      return left.union(right);
    }
    Selection s = dictionaryFilter(ev, env, rel, p, candidates);
    if (s != null) {
      return s;
    }
    s = rangeFilter(ev, env, rel, p, candidates);
    if (s != null) {
      return s;
    }
    Expr e = new Compiler(ev, env, rel).compile(p);
    if (e.type != ScalarType.BOOL && e.type != ScalarType.DYNAMIC) {
      throw ev.ctx.error("KQL-TYPE", "a where predicate must be bool, not " + e.type, pred.span());
    }
    int n = candidates.count();
    ev.ctx.reserve(4L * n);
    int[] out = new int[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if ((i & 0xFFF) == 0) {
        ev.ctx.check();
      }
      int pos = candidates.get(i);
      Object v = e.eval(pos);
      if (Boolean.TRUE.equals(v)
          || (v instanceof com.fasterxml.jackson.databind.JsonNode j
              && j.isBoolean()
              && j.booleanValue())) {
        out[k++] = pos;
      }
    }
    return new Selection(out, k);
  }

  static Expression strip(Expression e) {
    Expression x = e;
    while (x instanceof Expression.Parenthesized p) {
      x = p.inner();
    }
    return x;
  }

  // ---- once per dictionary value ----------------------------------------------------------

  private static Selection dictionaryFilter(
      Evaluator ev, Env env, Relation rel, Expression p, Selection candidates) {
    Set<String> refs = new HashSet<>();
    if (!collectColumns(p, rel, env, refs) || refs.size() != 1) {
      return null;
    }
    String name = refs.iterator().next();
    int c = rel.indexOf(name);
    if (!(rel.columns[c] instanceof StringColumn sc)) {
      return null;
    }
    String[] dict = sc.dictionary();
    // Evaluating every dictionary value only pays when there are at least as many rows.
    if (dict.length > candidates.count()) {
      return null;
    }
    int[] identity = new int[dict.length];
    for (int i = 0; i < identity.length; i++) {
      identity[i] = i;
    }
    Relation values =
        Relation.dense(
            List.of(name), List.of(new StringColumn(identity, dict, dict.length)), dict.length);
    Expr e = new Compiler(ev, env, values).compile(p);
    if (e.type != ScalarType.BOOL) {
      return null;
    }
    boolean[] match = new boolean[dict.length];
    for (int i = 0; i < dict.length; i++) {
      if ((i & 0xFFF) == 0) {
        ev.ctx.check();
      }
      match[i] = Boolean.TRUE.equals(e.eval(i));
    }
    int[] codes = sc.codes();
    int[] sel = rel.selections[c];
    int n = candidates.count();
    ev.ctx.reserve(4L * n);
    int[] out = new int[n];
    int k = 0;
    if (candidates.isAll() && sel == null) {
      for (int i = 0; i < n; i++) {
        if (match[codes[i]]) {
          out[k++] = i;
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        int pos = candidates.get(i);
        int row = sel == null ? pos : sel[pos];
        if (row >= 0 ? match[codes[row]] : matchesEmpty(dict, match)) {
          out[k++] = pos;
        }
      }
    }
    return new Selection(out, k);
  }

  private static boolean matchesEmpty(String[] dict, boolean[] match) {
    for (int i = 0; i < dict.length; i++) {
      if (dict[i].isEmpty()) {
        return match[i];
      }
    }
    return false;
  }

  /**
   * Collects the relation columns an expression reads; false when it cannot be evaluated per
   * dictionary value (it calls a let-bound function, a random function, or has a subquery that
   * reads the row).
   */
  static boolean collectColumns(Expression e, Relation rel, Env env, Set<String> out) {
    if (e == null || e instanceof Expression.Literal) {
      return true;
    }
    if (e instanceof Expression.NameReference n) {
      Env.Binding b = env.lookup(n.name());
      if (b instanceof Env.Inline) {
        return false;
      }
      if (rel.indexOf(n.name()) >= 0) {
        out.add(n.name());
      }
      return true;
    }
    if (e instanceof Expression.Parenthesized p) {
      return collectColumns(p.inner(), rel, env, out);
    }
    if (e instanceof Expression.Path p) {
      return collectColumns(p.target(), rel, env, out);
    }
    if (e instanceof Expression.Element el) {
      return collectColumns(el.target(), rel, env, out)
          && collectColumns(el.index(), rel, env, out);
    }
    if (e instanceof Expression.Unary u) {
      return collectColumns(u.operand(), rel, env, out);
    }
    if (e instanceof Expression.Binary b) {
      return collectColumns(b.left(), rel, env, out) && collectColumns(b.right(), rel, env, out);
    }
    if (e instanceof Expression.Between b) {
      return collectColumns(b.left(), rel, env, out)
          && collectColumns(b.low(), rel, env, out)
          && collectColumns(b.high(), rel, env, out);
    }
    if (e instanceof Expression.In in) {
      return collectColumns(in.left(), rel, env, out) && constantList(in.values(), rel, env);
    }
    if (e instanceof Expression.HasAny h) {
      return collectColumns(h.left(), rel, env, out) && constantList(h.values(), rel, env);
    }
    if (e instanceof Expression.FunctionCall f) {
      if (env.lookup(f.name()) != null
          || !Builtins.isDeterministic(f.name())
          || f.name().equals("toscalar")) {
        return false;
      }
      for (Expression a : f.arguments()) {
        if (!collectColumns(a, rel, env, out)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean constantList(List<Expression> values, Relation rel, Env env) {
    for (Expression v : values) {
      Expression s = strip(v);
      if (s instanceof Expression.Pipe || s instanceof Expression.DataTable) {
        continue;
      }
      Set<String> refs = new HashSet<>();
      if (!collectColumns(s, rel, env, refs) || !refs.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  // ---- numeric and time ranges -------------------------------------------------------------

  private static Selection rangeFilter(
      Evaluator ev, Env env, Relation rel, Expression p, Selection candidates) {
    Expression colExpr;
    long lo;
    long hi;
    double dlo;
    double dhi;
    Compiler comp = new Compiler(ev, env, rel);
    if (p instanceof Expression.Between b && !b.negated()) {
      colExpr = strip(b.left());
      if (!isColumn(colExpr, rel, env)) {
        return null;
      }
      Expr c = comp.compile(colExpr);
      Expr low = comp.compile(b.low());
      Expr high = comp.compile(b.high());
      if (!low.isConstant() || !high.isConstant()) {
        return null;
      }
      if (low.eval(0) == null || high.eval(0) == null) {
        return new Selection(new int[0], 0);
      }
      if (c.type == ScalarType.REAL) {
        Double x = Values.toDouble(low.eval(0));
        Double y = Values.toDouble(high.eval(0));
        if (x == null || y == null) {
          return null;
        }
        return realRange(ev, rel, (Expr.ColumnRef) c, x, y, candidates);
      }
      if (!(low.eval(0) instanceof Long) || !(high.eval(0) instanceof Long)) {
        return null;
      }
      long[] bounds = Compiler.betweenBounds(c, low, high);
      return longRange(ev, rel, (Expr.ColumnRef) c, bounds[0], bounds[1], candidates);
    }
    if (!(p instanceof Expression.Binary b)) {
      return null;
    }
    BinaryOperator op = b.operator();
    if (op != BinaryOperator.LESS
        && op != BinaryOperator.LESS_OR_EQUAL
        && op != BinaryOperator.GREATER
        && op != BinaryOperator.GREATER_OR_EQUAL
        && op != BinaryOperator.EQUAL) {
      return null;
    }
    Expression l = strip(b.left());
    Expression r = strip(b.right());
    boolean flipped = false;
    if (!isColumn(l, rel, env)) {
      if (!isColumn(r, rel, env)) {
        return null;
      }
      Expression t = l;
      l = r;
      r = t;
      flipped = true;
    }
    Expr c = comp.compile(l);
    Expr k = comp.compile(r);
    if (!k.isConstant() || !(c instanceof Expr.ColumnRef ref)) {
      return null;
    }
    Object v = k.eval(0);
    if (v == null) {
      return new Selection(new int[0], 0);
    }
    if (flipped) {
      op =
          switch (op) {
            case LESS -> BinaryOperator.GREATER;
            case LESS_OR_EQUAL -> BinaryOperator.GREATER_OR_EQUAL;
            case GREATER -> BinaryOperator.LESS;
            case GREATER_OR_EQUAL -> BinaryOperator.LESS_OR_EQUAL;
            default -> op;
          };
    }
    if (c.type == ScalarType.REAL || v instanceof Double) {
      if (!(v instanceof Number num)
          || !(ref.column instanceof RealColumn
              || ref.column instanceof LongColumn && c.type == ScalarType.LONG
              || ref.column instanceof IntColumn)) {
        return null;
      }
      double x = num.doubleValue();
      dlo = Double.NEGATIVE_INFINITY;
      dhi = Double.POSITIVE_INFINITY;
      switch (op) {
        case LESS -> dhi = Math.nextDown(x);
        case LESS_OR_EQUAL -> dhi = x;
        case GREATER -> dlo = Math.nextUp(x);
        case GREATER_OR_EQUAL -> dlo = x;
        default -> {
          dlo = x;
          dhi = x;
        }
      }
      return realRange(ev, rel, ref, dlo, dhi, candidates);
    }
    if (!(v instanceof Long x) || c.type == ScalarType.DYNAMIC) {
      return null;
    }
    lo = Long.MIN_VALUE;
    hi = Long.MAX_VALUE;
    switch (op) {
      case LESS -> hi = x == Long.MIN_VALUE ? x : x - 1;
      case LESS_OR_EQUAL -> hi = x;
      case GREATER -> {
        if (x == Long.MAX_VALUE) {
          return new Selection(new int[0], 0);
        }
        lo = x + 1;
      }
      case GREATER_OR_EQUAL -> lo = x;
      default -> {
        lo = x;
        hi = x;
      }
    }
    return longRange(ev, rel, ref, lo, hi, candidates);
  }

  private static boolean isColumn(Expression e, Relation rel, Env env) {
    return e instanceof Expression.NameReference n
        && rel.indexOf(n.name()) >= 0
        && !(env.lookup(n.name()) instanceof Env.Inline);
  }

  private static Selection longRange(
      Evaluator ev, Relation rel, Expr.ColumnRef ref, long lo, long hi, Selection candidates) {
    Column col = ref.column;
    int[] sel = ref.selection;
    int n = candidates.count();
    if (col instanceof IntColumn ic) {
      int[] v = ic.values();
      ev.ctx.reserve(4L * n);
      int[] out = new int[n];
      int k = 0;
      for (int i = 0; i < n; i++) {
        int pos = candidates.get(i);
        int row = sel == null ? pos : sel[pos];
        if (row >= 0 && !ic.isNull(row) && v[row] >= lo && v[row] <= hi) {
          out[k++] = pos;
        }
      }
      return new Selection(out, k);
    }
    if (!(col instanceof LongColumn lc)) {
      return null;
    }
    long[] v = lc.values();
    boolean nulls = lc.hasNulls();
    ev.ctx.reserve(4L * n);
    int[] out = new int[n];
    int k = 0;
    if (candidates.isAll() && sel == null) {
      long[][] ranges = lc.chunkRanges();
      long[] mins = ranges[0];
      long[] maxs = ranges[1];
      long skipped = 0;
      for (int chunk = 0; chunk < mins.length; chunk++) {
        int from = chunk * LongColumn.CHUNK;
        int to = Math.min(n, from + LongColumn.CHUNK);
        if (mins[chunk] > hi || maxs[chunk] < lo) {
          skipped += to - from;
          continue;
        }
        if ((chunk & 0xF) == 0) {
          ev.ctx.check();
        }
        if (!nulls && mins[chunk] >= lo && maxs[chunk] <= hi) {
          for (int i = from; i < to; i++) {
            out[k++] = i;
          }
          continue;
        }
        for (int i = from; i < to; i++) {
          long x = v[i];
          if (x >= lo && x <= hi && !(nulls && lc.isNull(i))) {
            out[k++] = i;
          }
        }
      }
      if (rel.isStored) {
        ev.ctx.rowsScanned -= skipped;
      }
      return new Selection(out, k);
    }
    if (sel == null) {
      long[][] ranges = lc.chunkRanges();
      for (int i = 0; i < n; i++) {
        int pos = candidates.get(i);
        int chunk = pos / LongColumn.CHUNK;
        if (ranges[0][chunk] > hi || ranges[1][chunk] < lo) {
          continue;
        }
        long x = v[pos];
        if (x >= lo && x <= hi && !(nulls && lc.isNull(pos))) {
          out[k++] = pos;
        }
      }
      return new Selection(out, k);
    }
    for (int i = 0; i < n; i++) {
      if ((i & 0xFFFF) == 0) {
        ev.ctx.check();
      }
      int pos = candidates.get(i);
      int row = sel[pos];
      if (row < 0) {
        continue;
      }
      long x = v[row];
      if (x >= lo && x <= hi && !(nulls && lc.isNull(row))) {
        out[k++] = pos;
      }
    }
    return new Selection(out, k);
  }

  private static Selection realRange(
      Evaluator ev, Relation rel, Expr.ColumnRef ref, double lo, double hi, Selection candidates) {
    int n = candidates.count();
    int[] sel = ref.selection;
    Column col = ref.column;
    ev.ctx.reserve(4L * n);
    int[] out = new int[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if ((i & 0xFFFF) == 0) {
        ev.ctx.check();
      }
      int pos = candidates.get(i);
      int row = sel == null ? pos : sel[pos];
      if (row < 0 || col.isNull(row)) {
        continue;
      }
      double x =
          col instanceof RealColumn rc
              ? rc.getDouble(row)
              : col instanceof LongColumn lc ? lc.getLong(row) : ((IntColumn) col).getInt(row);
      if (x >= lo && x <= hi) {
        out[k++] = pos;
      }
    }
    return new Selection(out, k);
  }
}
