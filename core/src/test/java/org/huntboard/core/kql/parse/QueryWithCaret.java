package org.huntboard.core.kql.parse;

/**
 * A test query written with a {@code ^} at the place an error is expected, as Calcite's {@code
 * StringAndPos} does: {@link #text} is the query without the caret, {@link #line} and {@link
 * #column} (1-based) the place of the caret.
 */
record QueryWithCaret(String text, int line, int column) {

  static QueryWithCaret of(String marked) {
    int caret = marked.indexOf('^');
    if (caret < 0 || marked.indexOf('^', caret + 1) >= 0) {
      throw new IllegalArgumentException("mark exactly one error place with '^': " + marked);
    }
    String text = marked.substring(0, caret) + marked.substring(caret + 1);
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < caret; i++) {
      if (marked.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new QueryWithCaret(text, line, caret - lineStart + 1);
  }
}
