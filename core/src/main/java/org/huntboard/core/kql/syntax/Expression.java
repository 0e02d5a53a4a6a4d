package org.huntboard.core.kql.syntax;

import java.util.List;

/**
 * A KQL expression, scalar or tabular. Tabular expressions (a table name, a pipeline, a {@code
 * datatable}) are expressions too, because KQL lets them stand where values do: {@code x in (T |
 * project c)}, {@code toscalar(...)}, {@code let T = ...;}.
 */
public sealed interface Expression extends SyntaxNode
    permits Expression.Literal,
        Expression.NameReference,
        Expression.NamePattern,
        Expression.Star,
        Expression.Path,
        Expression.Element,
        Expression.FunctionCall,
        Expression.Parenthesized,
        Expression.Unary,
        Expression.Binary,
        Expression.In,
        Expression.HasAny,
        Expression.Between,
        Expression.Pipe,
        Expression.DataTable,
        Expression.OperatorSource,
        Expression.FunctionDefinition {

  /**
   * A literal of a scalar type. The {@code value} is, by type: {@code String} (string), {@code
   * Long} (long), {@code Integer} (int), {@code Double} (real), {@code Boolean} (bool), {@code
   * java.time.Instant} (datetime), {@code java.time.Duration} (timespan), {@code java.util.UUID}
   * (guid), {@code java.math.BigDecimal} (decimal), {@code com.fasterxml.jackson.databind.JsonNode}
   * (dynamic); {@code null} for a typed null such as {@code int(null)} (a dynamic null is a {@code
   * NullNode}). Adjacent string literals are one literal with the concatenated value.
   */
  record Literal(ScalarType type, Object value, Span span) implements Expression {}

  /** A name: a column, table, let-bound name or parameter; {@code ['a b']} is the name "a b". */
  record NameReference(String name, Span span) implements Expression {}

  /**
   * A name with {@code *} wildcards, as in {@code project-away Initiating*} or {@code union T*}.
   */
  record NamePattern(String pattern, Span span) implements Expression {}

  /**
   * {@code *} standing for all columns, as in {@code arg_max(Timestamp, *)} or {@code distinct *}.
   */
  record Star(Span span) implements Expression {}

  /** Member access {@code target.member}, including {@code $left.Key}. */
  record Path(Expression target, String member, Span span) implements Expression {}

  /** Element access {@code target[index]} on a dynamic value: {@code d["key"]}, {@code a[0]}. */
  record Element(Expression target, Expression index, Span span) implements Expression {}

  /** A call {@code name(args...)}: built-in scalar or aggregate function, or a let-bound one. */
  record FunctionCall(String name, List<Expression> arguments, Span span) implements Expression {
    public FunctionCall {
      arguments = List.copyOf(arguments);
    }
  }

  /** {@code (inner)}, kept so that rendering gives back the author's grouping. */
  record Parenthesized(Expression inner, Span span) implements Expression {}

  /** Prefix {@code -x} or {@code +x}. */
  record Unary(UnaryOperator operator, Expression operand, Span span) implements Expression {

    /** The prefix operators. */
    public enum UnaryOperator {
      MINUS("-"),
      PLUS("+");

      private final String text;

      UnaryOperator(String text) {
        this.text = text;
      }

      public String text() {
        return text;
      }
    }
  }

  /** {@code left op right} for every operator of {@link BinaryOperator}. */
  record Binary(BinaryOperator operator, Expression left, Expression right, Span span)
      implements Expression {}

  /**
   * {@code left in (values)} and its variants. {@code values} are scalar expressions, a dynamic
   * array, or a single tabular expression whose first column gives the values.
   */
  record In(InOperator operator, Expression left, List<Expression> values, Span span)
      implements Expression {
    public In {
      values = List.copyOf(values);
    }

    /** {@code in}, {@code in~}, {@code !in}, {@code !in~}. */
    public enum InOperator {
      IN("in", false, true),
      IN_CI("in~", false, false),
      NOT_IN("!in", true, true),
      NOT_IN_CI("!in~", true, false);

      private final String text;
      private final boolean negated;
      private final boolean caseSensitive;

      InOperator(String text, boolean negated, boolean caseSensitive) {
        this.text = text;
        this.negated = negated;
        this.caseSensitive = caseSensitive;
      }

      public String text() {
        return text;
      }

      public boolean negated() {
        return negated;
      }

      public boolean caseSensitive() {
        return caseSensitive;
      }
    }
  }

  /**
   * {@code left has_any (values)} ({@code all == false}) or {@code left has_all (values)}; values
   * as for {@link In}.
   */
  record HasAny(boolean all, Expression left, List<Expression> values, Span span)
      implements Expression {
    public HasAny {
      values = List.copyOf(values);
    }

    public String operatorText() {
      return all ? "has_all" : "has_any";
    }
  }

  /** {@code left between (low .. high)}, inclusive; {@code negated} for {@code !between}. */
  record Between(boolean negated, Expression left, Expression low, Expression high, Span span)
      implements Expression {}

  /** {@code source | operator}: one step of a pipeline. Pipelines nest to the left. */
  record Pipe(Expression source, QueryOperator operator, Span span) implements Expression {}

  /** {@code datatable(col:type, ...) [v1, v2, ...]}; values fill the rows column by column. */
  record DataTable(List<ColumnDeclaration> columns, List<Expression> values, Span span)
      implements Expression {
    public DataTable {
      columns = List.copyOf(columns);
      values = List.copyOf(values);
    }
  }

  /**
   * An operator that starts a pipeline without an input: {@code union T1, T2}, {@code print x = 1},
   * {@code range x from 1 to 10 step 1}.
   */
  record OperatorSource(QueryOperator operator, Span span) implements Expression {}

  /**
   * The value of {@code let f = (params) { body };} or {@code let v = view () { body };}. The body
   * is a sequence of statements whose last expression statement is the result.
   */
  record FunctionDefinition(
      boolean view, List<FunctionParameter> parameters, List<Statement> body, Span span)
      implements Expression {
    public FunctionDefinition {
      parameters = List.copyOf(parameters);
      body = List.copyOf(body);
    }
  }
}
