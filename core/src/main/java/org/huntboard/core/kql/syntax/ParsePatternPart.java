package org.huntboard.core.kql.syntax;

/**
 * One element of a {@code parse} pattern: a string literal to match, a column to extract ({@code
 * Name} or {@code Name:type}; {@code type} null means string), or {@code *} (skip anything).
 */
public record ParsePatternPart(Kind kind, String text, ScalarType type, Span span)
    implements SyntaxNode.Part {

  /** What the element is. */
  public enum Kind {
    /** {@code text} is the literal's value. */
    LITERAL,
    /** {@code text} is the column name. */
    COLUMN,
    /** {@code *}; {@code text} is null. */
    STAR
  }
}
