package org.huntboard.core.kql.parse;

import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;

/** Builds the located {@code KQL-SYNTAX} error that the lexer and parser throw. */
final class KqlSyntaxError {

  static final String CODE = "KQL-SYNTAX";

  private KqlSyntaxError() {}

  static DiagnosticException at(SourceText source, int offset, String message) {
    return new DiagnosticException(
        new Diagnostic(
            Diagnostic.Severity.ERROR,
            CODE,
            message,
            source.location(offset),
            source.caretExcerpt(offset)));
  }

  /**
   * A character as it can be quoted in a message: printable ones as they are, others as \\uXXXX.
   */
  static String describe(char c) {
    if (c >= 0x20 && c < 0x7f || Character.isLetterOrDigit(c)) {
      return "'" + c + "'";
    }
    return String.format("'\\u%04x'", (int) c);
  }
}
