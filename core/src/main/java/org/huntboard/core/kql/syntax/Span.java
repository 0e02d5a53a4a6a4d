package org.huntboard.core.kql.syntax;

/**
 * A half-open range {@code [start, end)} of character offsets into the query text a node was parsed
 * from.
 *
 * <p>A span says where a node came from; it is not part of what the node means. Two nodes that
 * differ only in their spans are equal, which is what lets {@code parse(render(ast)).equals(ast)}
 * hold although rendering moves every node. Nodes built by code rather than parsed carry {@link
 * #NONE}.
 */
public record Span(int start, int end) {

  /** The span of a node that was not parsed from text. */
  public static final Span NONE = new Span(-1, -1);

  public Span {
    if (start > end) {
      throw new IllegalArgumentException("span start " + start + " is after its end " + end);
    }
  }

  /** Whether this span points into real text. */
  public boolean isKnown() {
    return start >= 0;
  }

  /** Number of characters covered. */
  public int length() {
    return end - start;
  }

  /** The smallest span covering both; unknown spans are ignored. */
  public Span union(Span other) {
    if (!isKnown()) {
      return other;
    }
    if (!other.isKnown()) {
      return this;
    }
    return new Span(Math.min(start, other.start), Math.max(end, other.end));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Span;
  }

  @Override
  public int hashCode() {
    return 0;
  }
}
