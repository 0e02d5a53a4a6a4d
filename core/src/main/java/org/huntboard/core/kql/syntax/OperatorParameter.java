package org.huntboard.core.kql.syntax;

/**
 * A {@code name=value} parameter of a query operator: {@code kind=leftouter}, {@code
 * withsource=Source}, {@code isfuzzy=true}, {@code hint.strategy=shuffle}. A bare word value is a
 * {@link Expression.NameReference}; otherwise a literal.
 */
public record OperatorParameter(String name, Expression value, Span span)
    implements SyntaxNode.Part {

  /** The value as text: the name of a bare word, or the literal's value. */
  public String valueText() {
    if (value instanceof Expression.NameReference n) {
      return n.name();
    }
    if (value instanceof Expression.Literal l) {
      return String.valueOf(l.value());
    }
    return value.toString();
  }
}
