package org.huntboard.core.kql.analyze;

import static org.huntboard.core.kql.syntax.ScalarType.DATETIME;
import static org.huntboard.core.kql.syntax.ScalarType.DECIMAL;
import static org.huntboard.core.kql.syntax.ScalarType.DYNAMIC;
import static org.huntboard.core.kql.syntax.ScalarType.INT;
import static org.huntboard.core.kql.syntax.ScalarType.LONG;
import static org.huntboard.core.kql.syntax.ScalarType.REAL;
import static org.huntboard.core.kql.syntax.ScalarType.TIMESPAN;

import org.huntboard.core.kql.syntax.BinaryOperator;
import org.huntboard.core.kql.syntax.ScalarType;

/**
 * Kusto's typing of arithmetic ({@code numerical-operators.md}): int op int is long, a real operand
 * makes real, datetime - datetime is timespan, datetime +/- timespan is datetime, timespan /
 * timespan is real, a number times a timespan is a timespan. A null type means "unknown" (an
 * earlier error), which propagates without further complaint.
 */
final class Types {

  private Types() {}

  /** The result of {@code left op right} for + - * / %, or empty when Kusto defines none. */
  static Result arithmetic(BinaryOperator op, ScalarType left, ScalarType right) {
    if (left == null || right == null) {
      return Result.unknown();
    }
    if (left == DYNAMIC || right == DYNAMIC) {
      return Result.of(DYNAMIC);
    }
    if (left.isNumeric() && right.isNumeric()) {
      return Result.of(numeric(left, right));
    }
    switch (op) {
      case ADD:
        if (left == DATETIME && right == TIMESPAN || left == TIMESPAN && right == DATETIME) {
          return Result.of(DATETIME);
        }
        if (left == TIMESPAN && right == TIMESPAN) {
          return Result.of(TIMESPAN);
        }
        break;
      case SUBTRACT:
        if (left == DATETIME && right == DATETIME) {
          return Result.of(TIMESPAN);
        }
        if (left == DATETIME && right == TIMESPAN) {
          return Result.of(DATETIME);
        }
        if (left == TIMESPAN && right == TIMESPAN) {
          return Result.of(TIMESPAN);
        }
        break;
      case MULTIPLY:
        if (left == TIMESPAN && right.isNumeric() || left.isNumeric() && right == TIMESPAN) {
          return Result.of(TIMESPAN);
        }
        break;
      case DIVIDE:
        if (left == TIMESPAN && right == TIMESPAN) {
          return Result.of(REAL);
        }
        if (left == TIMESPAN && right.isNumeric()) {
          return Result.of(TIMESPAN);
        }
        break;
      case MODULO:
        if (left == TIMESPAN && (right == TIMESPAN || right.isNumeric())) {
          return Result.of(TIMESPAN);
        }
        break;
      default:
        break;
    }
    return Result.undefined();
  }

  private static ScalarType numeric(ScalarType a, ScalarType b) {
    if (a == REAL || b == REAL) {
      return REAL;
    }
    if (a == DECIMAL || b == DECIMAL) {
      return DECIMAL;
    }
    return LONG;
  }

  /**
   * The type two branches of {@code iff}/{@code case}/{@code coalesce} share: equal types stay,
   * numbers widen, an unknown side gives the other; otherwise the first.
   */
  static ScalarType common(ScalarType a, ScalarType b) {
    if (a == null) {
      return b;
    }
    if (b == null || a == b) {
      return a;
    }
    if (a.isNumeric() && b.isNumeric()) {
      return a == INT && b == INT ? INT : numeric(a, b);
    }
    return a;
  }

  /** Whether a value of this type may stand where a bool is required. */
  static boolean isBoolLike(ScalarType t) {
    return t == null || t == ScalarType.BOOL || t == DYNAMIC;
  }

  /** An arithmetic result: a type, unknown (earlier error), or undefined (a type error). */
  record Result(ScalarType type, boolean defined) {
    static Result of(ScalarType t) {
      return new Result(t, true);
    }

    static Result unknown() {
      return new Result(null, true);
    }

    static Result undefined() {
      return new Result(null, false);
    }
  }
}
