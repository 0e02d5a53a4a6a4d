package org.huntboard.core.exclusion.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.exclusion.condition.Condition.Comparison;
import org.huntboard.core.exclusion.condition.Condition.Field;
import org.huntboard.core.exclusion.condition.Condition.Value;
import org.huntboard.core.kql.syntax.Span;

/**
 * Parses the exclusion filter language into a {@link Condition}.
 *
 * <pre>
 * filter     = or
 * or         = and { "or" and }
 * and        = unary { "and" unary }
 * unary      = "not" "(" or ")" | "(" or ")" | comparison
 * comparison = field operator value
 *            | field ("in" | "!in" | "in~" | "!in~") "(" value { "," value } ")"
 *            | field "matches" "regex" value
 * operator   = "==" | "!=" | "=~" | "!~" | "contains" | "!contains" | "has" | "!has"
 *            | "startswith" | "!startswith" | "endswith" | "!endswith"
 * field      = name { "." name }          (a generic name or a column name)
 * value      = string | integer           (strings in "..." or '...', backslash escapes)
 * </pre>
 *
 * Keywords are lower case, as in Kusto. Errors are {@link DiagnosticException}s with code {@code
 * EXCL-SYNTAX} located at the offending character of the source (the YAML file when the filter came
 * from one).
 */
public final class FilterParser {

  /** The diagnostic code of every syntax error. */
  public static final String SYNTAX = "EXCL-SYNTAX";

  private final FilterText input;
  private final String text;
  private int pos;

  private FilterParser(FilterText input) {
    this.input = input;
    this.text = input.text();
  }

  /** Parses a filter, throwing a located {@link DiagnosticException} on the first error. */
  public static Condition parse(FilterText input) {
    FilterParser parser = new FilterParser(input);
    parser.skipSpace();
    if (parser.pos >= parser.text.length()) {
      throw parser.error(
          "the filter is empty; write a condition such as process.name == \"x.exe\"", 0);
    }
    Condition condition = parser.parseOr();
    parser.skipSpace();
    if (parser.pos < parser.text.length()) {
      throw parser.error(
          "unexpected "
              + parser.describeHere()
              + " after a complete condition; join conditions with"
              + " 'and' or 'or'",
          parser.pos);
    }
    return condition;
  }

  /** Parses a standalone filter. */
  public static Condition parse(String filter) {
    return parse(FilterText.standalone(filter));
  }

  private Condition parseOr() {
    int start = pos;
    List<Condition> operands = new ArrayList<>();
    operands.add(parseAnd());
    while (acceptKeyword("or")) {
      operands.add(parseAnd());
    }
    return operands.size() == 1 ? operands.get(0) : new Condition.Or(operands, span(start));
  }

  private Condition parseAnd() {
    int start = pos;
    List<Condition> operands = new ArrayList<>();
    operands.add(parseUnary());
    while (acceptKeyword("and")) {
      operands.add(parseUnary());
    }
    return operands.size() == 1 ? operands.get(0) : new Condition.And(operands, span(start));
  }

  private Condition parseUnary() {
    skipSpace();
    int start = pos;
    if (peekKeyword("not")) {
      pos += 3;
      skipSpace();
      if (!peek('(')) {
        throw error("'not' takes its condition in parentheses: not(...)", pos);
      }
      pos++;
      Condition inner = parseOr();
      expectClose(start);
      return new Condition.Not(inner, span(start));
    }
    if (peek('(')) {
      pos++;
      Condition inner = parseOr();
      expectClose(start);
      return inner;
    }
    return parseComparison();
  }

  private void expectClose(int openedAt) {
    skipSpace();
    if (!peek(')')) {
      throw error(
          "expected ')' to close the '(' at column "
              + input.source().column(input.sourceOffset(openedAt))
              + ", found "
              + describeHere(),
          pos);
    }
    pos++;
  }

  private Comparison parseComparison() {
    skipSpace();
    int start = pos;
    Field field = parseField();
    skipSpace();
    int opStart = pos;
    ComparisonOperator op = parseOperator();
    List<Value> values = new ArrayList<>();
    if (op.takesList()) {
      skipSpace();
      if (!peek('(')) {
        throw error(
            "'" + op.text() + "' takes a list in parentheses: " + op.text() + " (\"a\", \"b\")",
            pos);
      }
      pos++;
      values.add(parseValue(op));
      skipSpace();
      while (peek(',')) {
        pos++;
        values.add(parseValue(op));
        skipSpace();
      }
      if (!peek(')')) {
        throw error(
            "expected ',' or ')' in the list of '" + op.text() + "', found " + describeHere(), pos);
      }
      pos++;
    } else {
      values.add(parseValue(op));
    }
    if (op == ComparisonOperator.MATCHES_REGEX && values.get(0).kind() != Value.Kind.STRING) {
      throw error("'matches regex' needs a string pattern", opStart);
    }
    return new Comparison(field, op, values, span(start));
  }

  private Field parseField() {
    int start = pos;
    if (pos >= text.length() || !isNameStart(text.charAt(pos))) {
      throw error(
          "expected a field name such as process.command_line, found " + describeHere(), pos);
    }
    while (true) {
      while (pos < text.length() && isNamePart(text.charAt(pos))) {
        pos++;
      }
      if (pos < text.length() && text.charAt(pos) == '.') {
        pos++;
        if (pos >= text.length() || !isNameStart(text.charAt(pos))) {
          throw error("a field name cannot end with '.'; expected a name after it", pos);
        }
        continue;
      }
      break;
    }
    String name = text.substring(start, pos);
    if (isKeyword(name)) {
      throw error("expected a field name, found the keyword '" + name + "'", start);
    }
    return new Field(name, span(start));
  }

  private ComparisonOperator parseOperator() {
    int start = pos;
    if (pos >= text.length()) {
      throw error(
          "expected an operator such as ==, contains or in after the field, found the end"
              + " of the filter",
          pos);
    }
    char c = text.charAt(pos);
    String symbolic = null;
    if (text.startsWith("==", pos)) {
      symbolic = "==";
    } else if (text.startsWith("!=", pos)) {
      symbolic = "!=";
    } else if (text.startsWith("=~", pos)) {
      symbolic = "=~";
    } else if (text.startsWith("!~", pos)) {
      symbolic = "!~";
    }
    if (symbolic != null) {
      pos += 2;
      return ComparisonOperator.fromText(symbolic).orElseThrow();
    }
    if (c == '=') {
      throw error(
          "'=' is not a comparison; write '==' (case-sensitive) or '=~' (ignoring case)", pos);
    }
    boolean bang = c == '!';
    int wordStart = bang ? pos + 1 : pos;
    int end = wordStart;
    while (end < text.length() && Character.isLetter(text.charAt(end))) {
      end++;
    }
    String word = text.substring(wordStart, end);
    if (word.isEmpty()) {
      throw error(
          "expected an operator such as ==, contains or in after the field, found "
              + describeHere(),
          pos);
    }
    if (!bang && word.equals("matches")) {
      pos = end;
      skipSpace();
      if (!peekKeyword("regex")) {
        throw error("expected 'regex' after 'matches'", pos);
      }
      pos += 5;
      return ComparisonOperator.MATCHES_REGEX;
    }
    if (end < text.length() && text.charAt(end) == '~' && word.equals("in")) {
      end++;
      word = "in~";
    }
    Optional<ComparisonOperator> op = ComparisonOperator.fromText((bang ? "!" : "") + word);
    if (op.isEmpty() || op.get() == ComparisonOperator.MATCHES_REGEX) {
      String written = text.substring(start, end);
      Optional<ComparisonOperator> lower =
          ComparisonOperator.fromText(written.toLowerCase(java.util.Locale.ROOT));
      throw error(
          "unknown operator '"
              + written
              + "'"
              + (lower.isPresent()
                  ? "; operators are lower case: '" + lower.get().text() + "'"
                  : "; expected one of ==, !=, =~, !~, contains, !contains, has, !has, startswith,"
                      + " !startswith, endswith, !endswith, in, !in, in~, !in~, matches regex"),
          start);
    }
    pos = end;
    return op.get();
  }

  private Value parseValue(ComparisonOperator op) {
    skipSpace();
    int start = pos;
    if (pos >= text.length()) {
      throw error("expected a value after '" + op.text() + "', found the end of the filter", pos);
    }
    char c = text.charAt(pos);
    if (c == '"' || c == '\'') {
      return new Value(Value.Kind.STRING, parseString(c), span(start));
    }
    if (Character.isDigit(c)
        || (c == '-' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
      pos++;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (pos < text.length() && (isNamePart(text.charAt(pos)) || text.charAt(pos) == '.')) {
        throw error(
            "a number is whole digits only; quote other values: \""
                + text.substring(start, Math.min(text.length(), pos + 1))
                + "...\"",
            pos);
      }
      String digits = text.substring(start, pos);
      try {
        Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw error("the number " + digits + " is too large", start);
      }
      return new Value(Value.Kind.NUMBER, digits, span(start));
    }
    throw error(
        "expected a quoted string or a number after '"
            + op.text()
            + "', found "
            + describeHere()
            + (isNameStart(c) ? "; quote the value: \"...\"" : ""),
        pos);
  }

  private String parseString(char quote) {
    int open = pos;
    pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error(
            "this string is not closed: expected " + quote + " before the end of the filter", open);
      }
      char c = text.charAt(pos);
      if (c == quote) {
        pos++;
        return out.toString();
      }
      if (c == '\n' || c == '\r') {
        throw error(
            "this string is not closed before the end of the line; write a line break as \\n",
            open);
      }
      if (c == '\\') {
        if (pos + 1 >= text.length()) {
          throw error("a backslash at the end of the filter escapes nothing", pos);
        }
        char e = text.charAt(pos + 1);
        switch (e) {
          case '\\', '"', '\'' -> out.append(e);
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case '0' -> out.append('\0');
          case 'u' -> {
            if (pos + 6 > text.length()
                || !text.substring(pos + 2, pos + 6).chars().allMatch(FilterParser::isHex)) {
              throw error("\\u needs four hex digits, as in \\u00e9", pos);
            }
            out.append((char) Integer.parseInt(text.substring(pos + 2, pos + 6), 16));
            pos += 6;
            continue;
          }
          default ->
              throw error(
                  "unknown escape \\"
                      + e
                      + "; a backslash is written \\\\ and the"
                      + " escapes are \\\\ \\\" \\' \\n \\r \\t \\0 \\uXXXX",
                  pos);
        }
        pos += 2;
        continue;
      }
      out.append(c);
      pos++;
    }
  }

  private static boolean isHex(int c) {
    return Character.digit(c, 16) >= 0;
  }

  private boolean acceptKeyword(String keyword) {
    skipSpace();
    if (peekKeyword(keyword)) {
      pos += keyword.length();
      return true;
    }
    return false;
  }

  private boolean peekKeyword(String keyword) {
    if (!text.startsWith(keyword, pos)) {
      return false;
    }
    int end = pos + keyword.length();
    return end >= text.length() || !(isNamePart(text.charAt(end)) || text.charAt(end) == '.');
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isKeyword(String name) {
    return name.equals("and") || name.equals("or") || name.equals("not");
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private String describeHere() {
    if (pos >= text.length()) {
      return "the end of the filter";
    }
    int end = pos;
    if (isNamePart(text.charAt(pos))) {
      while (end < text.length() && (isNamePart(text.charAt(end)) || text.charAt(end) == '.')) {
        end++;
      }
    } else {
      end = pos + 1;
    }
    return "'" + text.substring(pos, end) + "'";
  }

  private Span span(int start) {
    return new Span(
        input.sourceOffset(start), Math.max(input.sourceOffset(start), input.sourceOffset(pos)));
  }

  private DiagnosticException error(String message, int index) {
    return new DiagnosticException(
        input.diagnostic(Diagnostic.Severity.ERROR, SYNTAX, message, index));
  }
}
