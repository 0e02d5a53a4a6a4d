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
        // Microsoft's binder also accepts timespan - datetime, as a datetime.
        if (left == TIMESPAN && right == DATETIME) {
          return Result.of(DATETIME);
        }
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
        // Accepted by Microsoft's binder (typed datetime), so not reported here either.
        if (left == DATETIME && right.isNumeric() || left.isNumeric() && right == DATETIME) {
          return Result.of(DATETIME);
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
    // Microsoft's binder types iff(p, 1, "a") as dynamic.
    return DYNAMIC;
  }

  /** Whether a value of this type may stand where a bool is required (dynamic may not). */
  static boolean isBoolLike(ScalarType t) {
    return t == null || t == ScalarType.BOOL;
  }

  /**
   * Whether {@code < <= > >=} is defined: numbers with numbers, and datetime, timespan or bool with
   * their own kind; dynamic with anything but a string. Strings do not compare in KQL.
   */
  static boolean comparable(ScalarType a, ScalarType b) {
    if (a == null || b == null) {
      return true;
    }
    if (a == DYNAMIC || b == DYNAMIC) {
      return a != ScalarType.STRING && b != ScalarType.STRING;
    }
    if (a.isNumeric() && b.isNumeric()) {
      return true;
    }
    return a == b && (a == DATETIME || a == TIMESPAN || a == ScalarType.BOOL);
  }

  /** Whether a string predicate ({@code has}, {@code =~}, {@code contains}...) takes this type. */
  static boolean stringLike(ScalarType t) {
    return t == null || t == ScalarType.STRING || t == DYNAMIC;
  }

  /** Whether {@code value between (low .. high)} is defined for these types. */
  static boolean betweenDefined(ScalarType value, ScalarType low, ScalarType high) {
    if (value == null || value == DYNAMIC) {
      return true;
    }
    if (value.isNumeric()) {
      return (low == null || low.isNumeric() || low == DYNAMIC)
          && (high == null || high.isNumeric() || high == DYNAMIC);
    }
    if (value == DATETIME) {
      return (low == null || low == DATETIME || low == DYNAMIC)
          && (high == null || high == DATETIME || high == TIMESPAN || high == DYNAMIC);
    }
    if (value == TIMESPAN) {
      return (low == null || low == TIMESPAN || low == DYNAMIC)
          && (high == null || high == TIMESPAN || high == DYNAMIC);
    }
    return false;
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
