package org.huntboard.core.kql.syntax;

import java.util.List;
import java.util.Optional;

/**
 * A whole query text: statements separated by {@code ;}. Typically some {@code let} statements and
 * one final tabular expression statement, the query's body.
 */
public record Query(List<Statement> statements, Span span) implements SyntaxNode {

  public Query {
    statements = List.copyOf(statements);
  }

  /** The last expression statement, whose result is the query's result. */
  public Optional<Statement.ExpressionStatement> body() {
    for (int i = statements.size() - 1; i >= 0; i--) {
      if (statements.get(i) instanceof Statement.ExpressionStatement e) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** The let statements, in order. */
  public List<Statement.LetStatement> lets() {
    return statements.stream()
        .filter(Statement.LetStatement.class::isInstance)
        .map(Statement.LetStatement.class::cast)
        .toList();
  }
}
