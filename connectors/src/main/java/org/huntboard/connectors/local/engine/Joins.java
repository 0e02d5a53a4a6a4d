package org.huntboard.connectors.local.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.huntboard.core.kql.syntax.BinaryOperator;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.OperatorParameter;
import org.huntboard.core.kql.syntax.Span;

/**
 * {@code join} and {@code lookup}: hash joins on key ids shared by both sides. The default kind is
 * {@code innerunique}, made deterministic: the first left row of each key (in input order) is
 * joined with every matching right row. Null keys never match. Right columns whose names collide
 * with left ones get the suffix {@code 1} (then {@code 2}, ...).
 */
final class Joins {

  private Joins() {}

  private enum Kind {
    INNERUNIQUE,
    INNER,
    LEFTOUTER,
    RIGHTOUTER,
    FULLOUTER,
    LEFTSEMI,
    LEFTANTI,
    RIGHTSEMI,
    RIGHTANTI
  }

  static Relation join(
      Evaluator ev,
      Env env,
      Relation left,
      Relation right,
      List<OperatorParameter> parameters,
      List<Expression> on,
      boolean lookup,
      Span span) {
    QueryContext ctx = ev.ctx;
    Kind kind = lookup ? Kind.LEFTOUTER : Kind.INNERUNIQUE;
    for (OperatorParameter p : parameters) {
      if (p.name().equals("kind")) {
        kind = kindOf(ctx, p, lookup);
      }
    }
    List<String[]> pairs = new ArrayList<>();
    for (Expression e : on) {
      keyPairs(ctx, e, pairs, left, right);
    }
    if (pairs.isEmpty()) {
      throw ctx.error("KQL-SYNTAX", "join needs at least one key in its 'on' clause", span);
    }
    Expr[] lk = new Expr[pairs.size()];
    Expr[] rk = new Expr[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      lk[i] = column(ctx, left, pairs.get(i)[0], span, "left");
      rk[i] = column(ctx, right, pairs.get(i)[1], span, "right");
    }
    KeyEncoder enc = new KeyEncoder(pairs.size(), false, ctx);
    int[] lids = enc.encode(lk, left.count);
    int[] rids = enc.encode(rk, right.count);
    int ids = enc.size();
    ctx.reserve(4L * (ids + right.count));
    int[] head = new int[ids];
    Arrays.fill(head, -1);
    int[] next = new int[right.count];
    for (int r = right.count - 1; r >= 0; r--) {
      int id = rids[r];
      if (id >= 0) {
        next[r] = head[id];
        head[id] = r;
      }
    }
    IntList lp = new IntList();
    IntList rp = new IntList();
    boolean[] rightMatched =
        kind == Kind.RIGHTOUTER
                || kind == Kind.FULLOUTER
                || kind == Kind.RIGHTSEMI
                || kind == Kind.RIGHTANTI
            ? new boolean[right.count]
            : null;
    boolean[] leftSeen = kind == Kind.INNERUNIQUE ? new boolean[ids] : null;
    for (int l = 0; l < left.count; l++) {
      if ((l & 0xFFF) == 0) {
        ctx.check();
      }
      int id = lids[l];
      int first = id >= 0 ? head[id] : -1;
      switch (kind) {
        case INNERUNIQUE -> {
          if (first >= 0 && !leftSeen[id]) {
            leftSeen[id] = true;
            for (int r = first; r >= 0; r = next[r]) {
              lp.add(l);
              rp.add(r);
            }
          }
        }
        case INNER, RIGHTOUTER, FULLOUTER, LEFTOUTER, RIGHTSEMI, RIGHTANTI -> {
          for (int r = first; r >= 0; r = next[r]) {
            if (rightMatched != null) {
              rightMatched[r] = true;
            }
            if (kind != Kind.RIGHTSEMI && kind != Kind.RIGHTANTI) {
              lp.add(l);
              rp.add(r);
            }
          }
          if (first < 0 && (kind == Kind.LEFTOUTER || kind == Kind.FULLOUTER)) {
            lp.add(l);
            rp.add(-1);
          }
        }
        case LEFTSEMI -> {
          if (first >= 0) {
            lp.add(l);
          }
        }
        case LEFTANTI -> {
          if (first < 0) {
            lp.add(l);
          }
        }
      }
      if (lp.size > 0 && (lp.size & 0xFFFF) == 0) {
        ctx.reserve(8L * 0x10000 * (left.width() + right.width()));
      }
    }
    if (kind == Kind.RIGHTOUTER || kind == Kind.FULLOUTER) {
      for (int r = 0; r < right.count; r++) {
        if (!rightMatched[r]) {
          lp.add(-1);
          rp.add(r);
        }
      }
    }
    if (kind == Kind.LEFTSEMI || kind == Kind.LEFTANTI) {
      return left.select(lp.toArray(), lp.size, ctx);
    }
    if (kind == Kind.RIGHTSEMI || kind == Kind.RIGHTANTI) {
      IntList keep = new IntList();
      for (int r = 0; r < right.count; r++) {
        if (rightMatched[r] == (kind == Kind.RIGHTSEMI)) {
          keep.add(r);
        }
      }
      return right.select(keep.toArray(), keep.size, ctx);
    }
    int n = lp.size;
    Relation l = left.select(lp.toArray(), n, ctx);
    Relation r = right.select(rp.toArray(), n, ctx);
    Relation.Builder out = new Relation.Builder();
    Set<String> taken = new HashSet<>();
    for (int c = 0; c < l.width(); c++) {
      out.addFrom(l, c, l.names.get(c));
      taken.add(l.names.get(c));
    }
    Set<String> rightKeys = new HashSet<>();
    for (String[] p : pairs) {
      if (p[0].equals(p[1])) {
        rightKeys.add(p[1]);
      }
    }
    for (int c = 0; c < r.width(); c++) {
      String name = r.names.get(c);
      if (lookup && rightKeys.contains(name)) {
        continue;
      }
      out.addFrom(r, c, Summarizer.unique(name, taken));
    }
    return out.build(n);
  }

  private static Kind kindOf(QueryContext ctx, OperatorParameter p, boolean lookup) {
    String k = p.valueText();
    if (lookup) {
      return switch (k) {
        case "leftouter" -> Kind.LEFTOUTER;
        case "inner" -> Kind.INNER;
        default ->
            throw ctx.error("KQL-SYNTAX", "lookup kind must be leftouter or inner", p.span());
      };
    }
    return switch (k) {
      case "innerunique" -> Kind.INNERUNIQUE;
      case "inner" -> Kind.INNER;
      case "leftouter" -> Kind.LEFTOUTER;
      case "rightouter" -> Kind.RIGHTOUTER;
      case "fullouter", "outer" -> Kind.FULLOUTER;
      case "leftsemi" -> Kind.LEFTSEMI;
      case "leftanti", "anti", "leftantisemi" -> Kind.LEFTANTI;
      case "rightsemi" -> Kind.RIGHTSEMI;
      case "rightanti", "rightantisemi" -> Kind.RIGHTANTI;
      default -> throw ctx.error("KQL-SYNTAX", "unknown join kind '" + k + "'", p.span());
    };
  }

  private static void keyPairs(
      QueryContext ctx, Expression e, List<String[]> out, Relation left, Relation right) {
    Expression x = Filters.strip(e);
    if (x instanceof Expression.NameReference n) {
      out.add(new String[] {n.name(), n.name()});
      return;
    }
    if (x instanceof Expression.Binary b && b.operator() == BinaryOperator.AND) {
      keyPairs(ctx, b.left(), out, left, right);
      keyPairs(ctx, b.right(), out, left, right);
      return;
    }
    if (x instanceof Expression.Binary b && b.operator() == BinaryOperator.EQUAL) {
      String[] l = side(b.left());
      String[] r = side(b.right());
      if (l != null && r != null && !l[0].equals(r[0])) {
        out.add(l[0].equals("$left") ? new String[] {l[1], r[1]} : new String[] {r[1], l[1]});
        return;
      }
    }
    throw ctx.error(
        "KQL-SYNTAX",
        "a join condition is a column name or $left.Column == $right.Column",
        e.span());
  }

  private static String[] side(Expression e) {
    Expression x = Filters.strip(e);
    if (x instanceof Expression.Path p
        && p.target() instanceof Expression.NameReference n
        && (n.name().equals("$left") || n.name().equals("$right"))) {
      return new String[] {n.name(), p.member()};
    }
    return null;
  }

  private static Expr column(QueryContext ctx, Relation r, String name, Span span, String side) {
    int c = r.indexOf(name);
    if (c < 0) {
      throw ctx.error(
          "KQL-UNKNOWN-NAME",
          "the " + side + " side of the join has no column '" + name + "'",
          span);
    }
    return new Expr.ColumnRef(name, c, r.columns[c], r.selections[c]);
  }

  /** A growable int array. */
  static final class IntList {
    int[] values = new int[16];
    int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
