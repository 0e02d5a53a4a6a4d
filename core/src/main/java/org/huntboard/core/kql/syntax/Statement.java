package org.huntboard.core.kql.syntax;

/** A statement of a query, ended by {@code ;} unless it is the last. */
public sealed interface Statement extends SyntaxNode
    permits Statement.LetStatement, Statement.ExpressionStatement, Statement.SetOptionStatement {

  /**
   * {@code let Name = value;} where the value is a scalar expression, a tabular expression, a
   * {@code datatable}, or a {@link Expression.FunctionDefinition} (function or view).
   */
  record LetStatement(String name, Expression value, Span span) implements Statement {}

  /** A query expression, usually the tabular body of the query. */
  record ExpressionStatement(Expression expression, Span span) implements Statement {}

  /** {@code set name;} or {@code set name = value;}, a request option such as notruncation. */
  record SetOptionStatement(String name, Expression value, Span span) implements Statement {
    /** {@code value} is null when the option is set without a value. */
    public SetOptionStatement {}
  }
}
