package org.huntboard.core.kql.syntax;

import java.util.List;
import java.util.Optional;

/**
 * An expression with optional output names: {@code Name = expr}, {@code (A, B) = expr}, or a bare
 * {@code expr} (empty {@code names}) whose name Kusto derives.
 */
public record NamedExpression(List<String> names, Expression expression, Span span)
    implements SyntaxNode.Part {

  public NamedExpression {
    names = List.copyOf(names);
  }

  /** An unnamed expression. */
  public static NamedExpression of(Expression expression) {
    return new NamedExpression(List.of(), expression, Span.NONE);
  }

  /** {@code name = expression}. */
  public static NamedExpression of(String name, Expression expression) {
    return new NamedExpression(List.of(name), expression, Span.NONE);
  }

  /** The single explicit name, when there is exactly one. */
  public Optional<String> name() {
    return names.size() == 1 ? Optional.of(names.get(0)) : Optional.empty();
  }
}
