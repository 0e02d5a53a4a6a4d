package org.huntboard.web.portal;

import java.util.ArrayList;
import java.util.List;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.parse.KqlLexer;
import org.huntboard.core.kql.parse.SyntaxKind;
import org.huntboard.core.kql.parse.SyntaxToken;

/**
 * Splits KQL into spans of one token class each (keyword, string, number, operator, name, comment
 * or space), so the page can colour it with CSS classes while the template escapes every span's
 * text. No HTML is built here: the spans are data.
 */
public final class KqlHighlighter {

  /** A run of text of one class; {@code kind} is the CSS class suffix. */
  public record Span(String kind, String text) {}

  private KqlHighlighter() {}

  /** The spans of the text; text the lexer cannot read is one plain span. */
  public static List<Span> spans(String kql) {
    List<SyntaxToken> tokens;
    try {
      tokens = KqlLexer.tokenize(new SourceText("query", kql));
    } catch (RuntimeException e) {
      return List.of(new Span("name", kql));
    }
    List<Span> spans = new ArrayList<>();
    int at = 0;
    for (SyntaxToken token : tokens) {
      if (token.start() > at) {
        String gap = kql.substring(at, token.start());
        spans.add(new Span(gap.contains("//") ? "comment" : "space", gap));
      }
      if (token.kind() == SyntaxKind.EndOfTextToken) {
        break;
      }
      spans.add(new Span(kind(token.kind()), kql.substring(token.start(), token.end())));
      at = token.end();
    }
    if (at < kql.length() && (spans.isEmpty() || tokens.isEmpty())) {
      spans.add(new Span("space", kql.substring(at)));
    }
    return spans;
  }

  private static String kind(SyntaxKind kind) {
    if (kind.isKeyword()) {
      return "keyword";
    }
    return switch (kind) {
      case StringLiteralToken -> "string";
      case LongLiteralToken,
          RealLiteralToken,
          BooleanLiteralToken,
          IntLiteralToken,
          DateTimeLiteralToken,
          TimespanLiteralToken,
          GuidLiteralToken,
          DecimalLiteralToken ->
          "number";
      case IdentifierToken -> "name";
      default -> "operator";
    };
  }
}
