package org.huntboard.core.kql.syntax;

/**
 * One key of {@code sort by} or {@code top ... by}: {@code expr [asc|desc] [nulls first|last]}.
 * {@code direction} and {@code nulls} are null when not written (Kusto then sorts descending, nulls
 * last for desc and first for asc).
 */
public record SortKey(Expression expression, Direction direction, Nulls nulls, Span span)
    implements SyntaxNode.Part {

  /** Sort direction. */
  public enum Direction {
    ASC,
    DESC
  }

  /** Placement of nulls. */
  public enum Nulls {
    FIRST,
    LAST
  }

  /** The direction in effect: the written one, or Kusto's default (desc). */
  public Direction effectiveDirection() {
    return direction == null ? Direction.DESC : direction;
  }

  /** The nulls placement in effect: written, or first for asc and last for desc. */
  public Nulls effectiveNulls() {
    if (nulls != null) {
      return nulls;
    }
    return effectiveDirection() == Direction.ASC ? Nulls.FIRST : Nulls.LAST;
  }
}
