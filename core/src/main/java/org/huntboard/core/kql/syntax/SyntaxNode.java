package org.huntboard.core.kql.syntax;

/**
 * A node of a parsed KQL query. Nodes are immutable values; each carries the {@link Span} of text
 * it was parsed from, which does not take part in equality.
 */
public sealed interface SyntaxNode
    permits Query, Statement, Expression, QueryOperator, SyntaxNode.Part {

  /** Where the node came from in the query text ({@link Span#NONE} when built by code). */
  Span span();

  /**
   * The pieces of syntax that are neither expressions nor operators: named expressions, sort keys,
   * parameters, column declarations.
   */
  sealed interface Part extends SyntaxNode
      permits NamedExpression,
          SortKey,
          OperatorParameter,
          ColumnDeclaration,
          FunctionParameter,
          MvExpandItem,
          ParsePatternPart {}
}
