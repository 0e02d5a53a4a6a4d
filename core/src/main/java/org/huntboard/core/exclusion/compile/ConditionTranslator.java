package org.huntboard.core.exclusion.compile;

import java.util.ArrayList;
import java.util.List;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.exclusion.ExclusionFilter;
import org.huntboard.core.exclusion.condition.ComparisonOperator;
import org.huntboard.core.exclusion.condition.Condition;
import org.huntboard.core.exclusion.condition.Condition.Comparison;
import org.huntboard.core.exclusion.condition.Condition.Value;
import org.huntboard.core.exclusion.mapping.FieldMappingProfile;
import org.huntboard.core.exclusion.mapping.FieldResolution;
import org.huntboard.core.kql.syntax.BinaryOperator;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.kql.syntax.Span;
import org.huntboard.core.schema.ColumnSchema;

/**
 * Turns an exclusion's conditions into a KQL predicate over one table's columns. Values become
 * {@link Expression.Literal} nodes — the renderer escapes them — so no value can change the shape
 * of the query. Operators keep their Kusto case rules (see {@link ComparisonOperator}); {@code in}
 * stays the case-sensitive {@code in}, as a list of {@code ==}. A number compared with a numeric
 * column is a {@code long} literal; string operators on a non-string column test {@code
 * tostring(column)}. Grouping is explicit ({@link Expression.Parenthesized}) wherever precedence
 * needs it, so the rendered predicate parses back to this very tree.
 */
public final class ConditionTranslator {

  /** Unknown or unmapped field. */
  public static final String UNKNOWN_FIELD = "EXCL-UNKNOWN-FIELD";

  /** A value that the column's type cannot hold. */
  public static final String TYPE = "EXCL-TYPE";

  private final FieldMappingProfile profile;
  private final SourceText source;
  private final List<Diagnostic> problems = new ArrayList<>();

  private ConditionTranslator(FieldMappingProfile profile, SourceText source) {
    this.profile = profile;
    this.source = source;
  }

  /** The predicate of {@code exclusion}, or a {@link DiagnosticException} with every problem. */
  public static Expression translate(ExclusionFilter exclusion, FieldMappingProfile profile) {
    ConditionTranslator t = new ConditionTranslator(profile, exclusion.source());
    Expression e = t.condition(exclusion.conditions());
    if (!t.problems.isEmpty()) {
      throw new DiagnosticException(t.problems);
    }
    return e;
  }

  /** The columns {@code exclusion} tests, resolved; problems are ignored here. */
  public static List<ColumnSchema> columns(ExclusionFilter exclusion, FieldMappingProfile profile) {
    List<ColumnSchema> out = new ArrayList<>();
    for (Comparison c : exclusion.conditions().comparisons()) {
      if (profile.resolve(c.field().name()) instanceof FieldResolution.Resolved r
          && !out.contains(r.column())) {
        out.add(r.column());
      }
    }
    return out;
  }

  /** The located diagnostic for a field that does not resolve, or null when it does. */
  public static Diagnostic fieldProblem(
      FieldResolution resolution, Condition.Field field, SourceText source) {
    String message;
    if (resolution instanceof FieldResolution.Unmapped u) {
      message =
          "the field " + u.field() + " has no column in " + u.table() + hint(u.closeMatches());
    } else if (resolution instanceof FieldResolution.Unknown u) {
      message = "unknown field " + u.field() + " for " + u.table() + hint(u.closeMatches());
    } else {
      return null;
    }
    return located(Diagnostic.Severity.ERROR, UNKNOWN_FIELD, message, field.span(), source);
  }

  private static String hint(List<String> close) {
    return close.isEmpty()
        ? "; use a generic name of the table's field mapping or one of its columns"
        : "; did you mean " + String.join(", ", close) + "?";
  }

  /** A diagnostic at {@code span} of {@code source}, or without a place when either is unknown. */
  public static Diagnostic located(
      Diagnostic.Severity severity, String code, String message, Span span, SourceText source) {
    if (source == null || span == null || !span.isKnown()) {
      return new Diagnostic(severity, code, message, null, null);
    }
    return new Diagnostic(
        severity, code, message, source.location(span.start()), source.caretExcerpt(span.start()));
  }

  private Expression condition(Condition c) {
    if (c instanceof Comparison cmp) {
      return comparison(cmp);
    }
    if (c instanceof Condition.Not not) {
      return new Expression.FunctionCall("not", List.of(condition(not.operand())), Span.NONE);
    }
    if (c instanceof Condition.And and) {
      Expression result = null;
      for (Condition o : and.operands()) {
        Expression e = condition(o);
        // `a or b` under `and` needs its parentheses; a nested and keeps its author's grouping.
        if (o instanceof Condition.Or || o instanceof Condition.And) {
          e = new Expression.Parenthesized(e, Span.NONE);
        }
        result =
            result == null ? e : new Expression.Binary(BinaryOperator.AND, result, e, Span.NONE);
      }
      return result;
    }
    Condition.Or or = (Condition.Or) c;
    Expression result = null;
    for (Condition o : or.operands()) {
      Expression e = condition(o);
      if (o instanceof Condition.Or) {
        e = new Expression.Parenthesized(e, Span.NONE);
      }
      result = result == null ? e : new Expression.Binary(BinaryOperator.OR, result, e, Span.NONE);
    }
    return result;
  }

  private Expression comparison(Comparison cmp) {
    FieldResolution resolution = profile.resolve(cmp.field().name());
    if (!(resolution instanceof FieldResolution.Resolved resolved)) {
      problems.add(fieldProblem(resolution, cmp.field(), source));
      return new Expression.Literal(ScalarType.BOOL, Boolean.FALSE, Span.NONE);
    }
    ColumnSchema column = resolved.column();
    ComparisonOperator op = cmp.operator();
    Expression subject = new Expression.NameReference(column.name(), Span.NONE);
    boolean numericColumn = column.type().isNumeric();
    boolean equality =
        op.positive() == ComparisonOperator.EQUAL
            || op.positive() == ComparisonOperator.EQUAL_IGNORE_CASE
            || op.positive() == ComparisonOperator.IN
            || op.positive() == ComparisonOperator.IN_IGNORE_CASE;
    boolean numeric = numericColumn && equality;
    if (column.type() != ScalarType.STRING && !numeric) {
      subject = new Expression.FunctionCall("tostring", List.of(subject), Span.NONE);
    }
    List<Expression> values = new ArrayList<>();
    for (Value v : cmp.values()) {
      if (numeric) {
        values.add(number(v, column));
      } else {
        values.add(new Expression.Literal(ScalarType.STRING, v.text(), Span.NONE));
      }
    }
    if (op.takesList()) {
      Expression.In.InOperator in;
      if (numeric) {
        // Numbers have no case: in~ on a number is in.
        in = op.negated() ? Expression.In.InOperator.NOT_IN : Expression.In.InOperator.IN;
      } else {
        in =
            switch (op) {
              case IN -> Expression.In.InOperator.IN;
              case NOT_IN -> Expression.In.InOperator.NOT_IN;
              case IN_IGNORE_CASE -> Expression.In.InOperator.IN_CI;
              default -> Expression.In.InOperator.NOT_IN_CI;
            };
      }
      return new Expression.In(in, subject, values, Span.NONE);
    }
    BinaryOperator binary =
        switch (op) {
          case EQUAL -> BinaryOperator.EQUAL;
          case NOT_EQUAL -> BinaryOperator.NOT_EQUAL;
          case EQUAL_IGNORE_CASE -> numeric ? BinaryOperator.EQUAL : BinaryOperator.EQUAL_TILDE;
          case NOT_EQUAL_IGNORE_CASE ->
              numeric ? BinaryOperator.NOT_EQUAL : BinaryOperator.BANG_TILDE;
          case CONTAINS -> BinaryOperator.CONTAINS;
          case NOT_CONTAINS -> BinaryOperator.NOT_CONTAINS;
          case HAS -> BinaryOperator.HAS;
          case NOT_HAS -> BinaryOperator.NOT_HAS;
          case STARTSWITH -> BinaryOperator.STARTSWITH;
          case NOT_STARTSWITH -> BinaryOperator.NOT_STARTSWITH;
          case ENDSWITH -> BinaryOperator.ENDSWITH;
          case NOT_ENDSWITH -> BinaryOperator.NOT_ENDSWITH;
          case MATCHES_REGEX -> BinaryOperator.MATCHES_REGEX;
          default -> throw new IllegalStateException("list operator " + op);
        };
    return new Expression.Binary(binary, subject, values.get(0), Span.NONE);
  }

  private Expression number(Value v, ColumnSchema column) {
    String text = v.text().strip();
    try {
      if (column.type() == ScalarType.REAL) {
        double d = Double.parseDouble(text);
        if (!Double.isFinite(d)) {
          throw new NumberFormatException(text);
        }
        return new Expression.Literal(ScalarType.REAL, d, Span.NONE);
      }
      return new Expression.Literal(ScalarType.LONG, Long.parseLong(text), Span.NONE);
    } catch (NumberFormatException e) {
      problems.add(
          located(
              Diagnostic.Severity.ERROR,
              TYPE,
              column.name()
                  + " holds numbers ("
                  + column.type().kqlName()
                  + "), and \""
                  + v.text()
                  + "\" is not one",
              v.span(),
              source));
      return new Expression.Literal(ScalarType.LONG, 0L, Span.NONE);
    }
  }
}
