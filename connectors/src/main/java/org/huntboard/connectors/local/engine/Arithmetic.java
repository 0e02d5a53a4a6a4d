package org.huntboard.connectors.local.engine;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import org.huntboard.core.kql.syntax.BinaryOperator;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.kql.syntax.Span;

/**
 * Kusto's arithmetic ({@code numerical-operators.md}): int op int gives long, a real operand gives
 * real, integer division truncates, {@code %} lies in [0, |divisor|), and datetime/timespan combine
 * as Kusto allows. A null operand gives null; so does division by zero of integers.
 */
final class Arithmetic {

  private Arithmetic() {}

  private enum Kind {
    LONG,
    REAL,
    DYNAMIC
  }

  static Expr compile(Compiler c, BinaryOperator op, Expr l, Expr r, Span span) {
    ScalarType lt = l.type;
    ScalarType rt = r.type;
    ScalarType result = resultType(op, lt, rt);
    if (result == null) {
      throw c.ctx.error(
          "KQL-TYPE",
          "operator '" + op.text() + "' cannot be applied to " + lt + " and " + rt,
          span);
    }
    Kind kind =
        result == ScalarType.DYNAMIC
            ? Kind.DYNAMIC
            : result == ScalarType.REAL ? Kind.REAL : Kind.LONG;
    boolean spanRatio =
        op == BinaryOperator.DIVIDE && lt == ScalarType.TIMESPAN && rt == ScalarType.TIMESPAN;
    Expr.RowFunction fn =
        (a, pos) -> {
          Object x = Values.unwrap(a[0].eval(pos));
          Object y = Values.unwrap(a[1].eval(pos));
          if (x == null || y == null) {
            return null;
          }
          if (spanRatio) {
            long d = (Long) y;
            return d == 0 ? null : (double) (Long) x / d;
          }
          if (kind == Kind.DYNAMIC) {
            Object v =
                x instanceof Long p && y instanceof Long q
                    ? longOp(op, p, q)
                    : x instanceof Number p && y instanceof Number q
                        ? (Object) realOp(op, p.doubleValue(), q.doubleValue())
                        : null;
            return v instanceof Long p
                ? LongNode.valueOf(p)
                : v instanceof Double d ? DoubleNode.valueOf(d) : null;
          }
          if (kind == Kind.REAL) {
            if (!(x instanceof Number p) || !(y instanceof Number q)) {
              return null;
            }
            return realOp(op, p.doubleValue(), q.doubleValue());
          }
          if (x instanceof Long p && y instanceof Long q) {
            return longOp(op, p, q);
          }
          if (x instanceof Number p && y instanceof Number q) {
            // a timespan scaled by a real
            Double d = realOp(op, p.doubleValue(), q.doubleValue());
            return d == null || d.isNaN() || d.isInfinite() ? null : (long) (double) d;
          }
          return null;
        };
    return Compiler.fold(new Expr.Call(op.text(), result, new Expr[] {l, r}, fn));
  }

  static Long longOp(BinaryOperator op, long x, long y) {
    return switch (op) {
      case ADD -> x + y;
      case SUBTRACT -> x - y;
      case MULTIPLY -> x * y;
      case DIVIDE -> y == 0 ? null : x / y;
      case MODULO -> y == 0 ? null : Math.floorMod(x, Math.abs(y));
      default -> null;
    };
  }

  static Double realOp(BinaryOperator op, double x, double y) {
    return switch (op) {
      case ADD -> x + y;
      case SUBTRACT -> x - y;
      case MULTIPLY -> x * y;
      case DIVIDE -> x / y;
      case MODULO -> {
        double m = Math.abs(y);
        double r = x % m;
        yield r < 0 ? r + m : r;
      }
      default -> null;
    };
  }

  /** The type of {@code l op r}, or null when Kusto does not allow it. */
  static ScalarType resultType(BinaryOperator op, ScalarType l, ScalarType r) {
    boolean ln = l == ScalarType.INT || l == ScalarType.LONG || l == ScalarType.REAL;
    boolean rn = r == ScalarType.INT || r == ScalarType.LONG || r == ScalarType.REAL;
    if (l == ScalarType.DYNAMIC || r == ScalarType.DYNAMIC) {
      return ScalarType.DYNAMIC;
    }
    if (ln && rn) {
      return l == ScalarType.REAL || r == ScalarType.REAL ? ScalarType.REAL : ScalarType.LONG;
    }
    ScalarType dt = ScalarType.DATETIME;
    ScalarType ts = ScalarType.TIMESPAN;
    return switch (op) {
      case ADD -> l == dt && r == ts || l == ts && r == dt ? dt : l == ts && r == ts ? ts : null;
      case SUBTRACT ->
          l == dt && r == dt ? ts : l == dt && r == ts ? dt : l == ts && r == ts ? ts : null;
      case MULTIPLY -> l == ts && rn || ln && r == ts ? ts : null;
      case DIVIDE -> l == ts && r == ts ? ScalarType.REAL : l == ts && rn ? ts : null;
      case MODULO -> l == ts && r == ts ? ts : null;
      default -> null;
    };
  }
}
