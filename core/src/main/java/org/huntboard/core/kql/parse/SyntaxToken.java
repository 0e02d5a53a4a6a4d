package org.huntboard.core.kql.parse;

/**
 * One token of a KQL text: its kind, its text as written, the value of a literal (see {@link
 * KqlLexer} for the value types), and where it is. {@code spaceBefore} tells whether whitespace or
 * a comment separates it from the previous token, which name patterns such as {@code Col*} need.
 */
public record SyntaxToken(
    SyntaxKind kind, String text, Object value, int start, int end, boolean spaceBefore) {

  /** Whether the token is an identifier or a keyword, i.e. a word. */
  public boolean isWord() {
    return kind == SyntaxKind.IdentifierToken || kind.isKeyword();
  }

  @Override
  public String toString() {
    return kind + "(" + text + ")@" + start;
  }
}
