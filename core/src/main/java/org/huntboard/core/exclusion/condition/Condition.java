package org.huntboard.core.exclusion.condition;

import java.util.ArrayList;
import java.util.List;
import org.huntboard.core.kql.syntax.Span;

/**
 * The conditions of an exclusion: comparisons of a field with values, combined with {@code and},
 * {@code or} and {@code not}. Values are immutable; spans point into the text the condition was
 * parsed from (offsets of the enclosing file when it came from one) and take no part in equality.
 */
public sealed interface Condition
    permits Condition.Comparison, Condition.And, Condition.Or, Condition.Not {

  /** Where the condition was written ({@link Span#NONE} when built by code). */
  Span span();

  /** Every comparison in the tree, left to right. */
  default List<Comparison> comparisons() {
    List<Comparison> out = new ArrayList<>();
    collect(this, out);
    return out;
  }

  private static void collect(Condition c, List<Comparison> out) {
    if (c instanceof Comparison cmp) {
      out.add(cmp);
    } else if (c instanceof And and) {
      and.operands().forEach(o -> collect(o, out));
    } else if (c instanceof Or or) {
      or.operands().forEach(o -> collect(o, out));
    } else if (c instanceof Not not) {
      collect(not.operand(), out);
    }
  }

  /**
   * {@code field op value} or {@code field in (v1, v2, ...)}. {@code values} has exactly one
   * element unless the operator takes a list.
   */
  record Comparison(Field field, ComparisonOperator operator, List<Value> values, Span span)
      implements Condition {
    public Comparison {
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("a comparison needs at least one value");
      }
      if (!operator.takesList() && values.size() != 1) {
        throw new IllegalArgumentException(operator.text() + " takes exactly one value");
      }
    }

    /** A single-valued comparison built by code. */
    public static Comparison of(String field, ComparisonOperator operator, String value) {
      return new Comparison(
          new Field(field, Span.NONE), operator, List.of(Value.string(value)), Span.NONE);
    }
  }

  /** All operands hold; at least two. */
  record And(List<Condition> operands, Span span) implements Condition {
    public And {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("and needs at least two operands");
      }
    }
  }

  /** At least one operand holds; at least two. */
  record Or(List<Condition> operands, Span span) implements Condition {
    public Or {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("or needs at least two operands");
      }
    }
  }

  /** The operand does not hold. */
  record Not(Condition operand, Span span) implements Condition {}

  /**
   * A field as written: a generic name such as {@code process.command_line}, or a table column such
   * as {@code InitiatingProcessFileName}.
   */
  record Field(String name, Span span) {}

  /**
   * A value: a string, or a whole number written without quotes ({@code destination.port == 443}).
   * {@code text} is the string itself (escapes resolved) or the number's digits.
   */
  record Value(Kind kind, String text, Span span) {

    /** How the value was written. */
    public enum Kind {
      STRING,
      NUMBER
    }

    public static Value string(String text) {
      return new Value(Kind.STRING, text, Span.NONE);
    }

    public static Value number(long number) {
      return new Value(Kind.NUMBER, Long.toString(number), Span.NONE);
    }
  }
}
