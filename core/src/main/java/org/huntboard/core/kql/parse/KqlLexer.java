package org.huntboard.core.kql.parse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huntboard.core.diagnostic.SourceText;

/**
 * Splits a KQL text into {@link SyntaxToken}s, decoding literal values as it goes.
 *
 * <p>Token values: strings are {@code String} (escapes resolved; obfuscated {@code h"..."} strings
 * give their plain value); {@code LongLiteralToken} a {@code Long}, {@code RealLiteralToken} a
 * {@code Double}, {@code IntLiteralToken} an {@code Integer}, {@code BooleanLiteralToken} a {@code
 * Boolean}, {@code TimespanLiteralToken} a {@code Duration}, {@code DateTimeLiteralToken} an {@code
 * Instant} (or {@link #NOW} for {@code datetime()}), {@code GuidLiteralToken} a {@code UUID},
 * {@code DecimalLiteralToken} a {@code BigDecimal}; a typed null such as {@code long(null)} has
 * value null. Like Kusto's lexer, the constructor forms {@code datetime(...)}, {@code
 * timespan(...)}, {@code int(...)} and friends are single literal tokens, because their contents
 * (such as {@code 2015-12-31 23:59:59.9}) are not made of tokens.
 *
 * <p>Comments ({@code //} to the end of the line) and whitespace are skipped; every token records
 * whether any preceded it.
 */
public final class KqlLexer {

  /** The value of {@code datetime()}, which means the current time. */
  public static final Object NOW = new Object();

  private static final long TICK_NANOS = 100;

  /** Timespan suffixes and the length of one unit in nanoseconds (Kusto's TimespanSuffixes). */
  private static final Map<String, Long> TIMESPAN_UNITS =
      Map.ofEntries(
          Map.entry("d", 86_400_000_000_000L),
          Map.entry("day", 86_400_000_000_000L),
          Map.entry("days", 86_400_000_000_000L),
          Map.entry("h", 3_600_000_000_000L),
          Map.entry("hr", 3_600_000_000_000L),
          Map.entry("hrs", 3_600_000_000_000L),
          Map.entry("hour", 3_600_000_000_000L),
          Map.entry("hours", 3_600_000_000_000L),
          Map.entry("m", 60_000_000_000L),
          Map.entry("min", 60_000_000_000L),
          Map.entry("minute", 60_000_000_000L),
          Map.entry("minutes", 60_000_000_000L),
          Map.entry("s", 1_000_000_000L),
          Map.entry("sec", 1_000_000_000L),
          Map.entry("second", 1_000_000_000L),
          Map.entry("seconds", 1_000_000_000L),
          Map.entry("ms", 1_000_000L),
          Map.entry("milli", 1_000_000L),
          Map.entry("millis", 1_000_000L),
          Map.entry("millisec", 1_000_000L),
          Map.entry("millisecond", 1_000_000L),
          Map.entry("milliseconds", 1_000_000L),
          Map.entry("micro", 1_000L),
          Map.entry("micros", 1_000L),
          Map.entry("microsec", 1_000L),
          Map.entry("microsecond", 1_000L),
          Map.entry("microseconds", 1_000L),
          Map.entry("nano", 1L),
          Map.entry("nanos", 1L),
          Map.entry("nanosec", 1L),
          Map.entry("nanosecond", 1L),
          Map.entry("nanoseconds", 1L),
          Map.entry("tick", TICK_NANOS),
          Map.entry("ticks", TICK_NANOS));

  /** The words that, directly followed by {@code (}, open a constructor literal. */
  private static final Map<String, SyntaxKind> CONSTRUCTOR_LITERALS =
      Map.ofEntries(
          Map.entry("datetime", SyntaxKind.DateTimeLiteralToken),
          Map.entry("date", SyntaxKind.DateTimeLiteralToken),
          Map.entry("timespan", SyntaxKind.TimespanLiteralToken),
          Map.entry("time", SyntaxKind.TimespanLiteralToken),
          Map.entry("int", SyntaxKind.IntLiteralToken),
          Map.entry("int32", SyntaxKind.IntLiteralToken),
          Map.entry("long", SyntaxKind.LongLiteralToken),
          Map.entry("int64", SyntaxKind.LongLiteralToken),
          Map.entry("real", SyntaxKind.RealLiteralToken),
          Map.entry("double", SyntaxKind.RealLiteralToken),
          Map.entry("bool", SyntaxKind.BooleanLiteralToken),
          Map.entry("boolean", SyntaxKind.BooleanLiteralToken),
          Map.entry("guid", SyntaxKind.GuidLiteralToken),
          Map.entry("uuid", SyntaxKind.GuidLiteralToken),
          Map.entry("uniqueid", SyntaxKind.GuidLiteralToken),
          Map.entry("decimal", SyntaxKind.DecimalLiteralToken));

  private static final Pattern DAYS = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
  private static final Pattern NUMBER_AND_UNIT =
      Pattern.compile("([+-]?)(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]+)");
  private static final Pattern CLOCK =
      Pattern.compile("([+-]?)(?:(\\d+)\\.)?(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,7}))?)?");
  private static final Pattern DATETIME =
      Pattern.compile(
          "(\\d{4})-(\\d{1,2})-(\\d{1,2})"
              + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,7}))?)?)?"
              + "\\s*(Z|[+-]\\d{2}:?\\d{2})?");
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

  private final SourceText source;
  private final String text;
  private int pos;

  private KqlLexer(SourceText source) {
    this.source = source;
    this.text = source.text();
  }

  /** The tokens of {@code source}, ending with one {@code EndOfTextToken}. */
  public static List<SyntaxToken> tokenize(SourceText source) {
    return new KqlLexer(source).run();
  }

  private List<SyntaxToken> run() {
    List<SyntaxToken> tokens = new ArrayList<>();
    while (true) {
      int before = pos;
      skipTrivia();
      boolean space = pos > before;
      if (pos >= text.length()) {
        tokens.add(new SyntaxToken(SyntaxKind.EndOfTextToken, "", null, pos, pos, space));
        return tokens;
      }
      tokens.add(next(space));
    }
  }

  private void skipTrivia() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (isWhitespace(c)) {
        pos++;
      } else if (c == '/' && peek(1) == '/') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private static boolean isWhitespace(char c) {
    return c == ' '
        || c == '\t'
        || c == '\n'
        || c == '\r'
        || c == '\f'
        || c == '\u000b'
        || c == '\u00a0'
        || c == '\ufeff'
        || Character.isSpaceChar(c);
  }

  private char peek(int ahead) {
    int i = pos + ahead;
    return i < text.length() ? text.charAt(i) : '\0';
  }

  private SyntaxToken token(SyntaxKind kind, int start, Object value, boolean space) {
    return new SyntaxToken(kind, text.substring(start, pos), value, start, pos, space);
  }

  private SyntaxToken punct(SyntaxKind kind, int length, boolean space) {
    int start = pos;
    pos += length;
    return token(kind, start, null, space);
  }

  static boolean isIdentifierStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$';
  }

  static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) && c != '$' || c >= '0' && c <= '9';
  }

  private SyntaxToken next(boolean space) {
    int start = pos;
    char c = text.charAt(pos);
    char c1 = peek(1);
    if (c == '"' || c == '\'') {
      String value = scanQuoted(start);
      return token(SyntaxKind.StringLiteralToken, start, value, space);
    }
    if (c == '@' && (c1 == '"' || c1 == '\'')) {
      pos++;
      String value = scanVerbatim(start);
      return token(SyntaxKind.StringLiteralToken, start, value, space);
    }
    if ((c == 'h' || c == 'H') && (c1 == '"' || c1 == '\'' || c1 == '@' && isQuote(peek(2)))) {
      // An obfuscated string: the same value, hidden from query logs by Kusto.
      pos++;
      String value;
      if (text.charAt(pos) == '@') {
        pos++;
        value = scanVerbatim(start);
      } else {
        value = scanQuoted(start);
      }
      return token(SyntaxKind.StringLiteralToken, start, value, space);
    }
    if (c == '`' && c1 == '`' && peek(2) == '`') {
      int close = text.indexOf("```", pos + 3);
      if (close < 0) {
        throw KqlSyntaxError.at(
            source, start, "unterminated multi-line string literal: '```' is never closed");
      }
      String value = text.substring(pos + 3, close);
      pos = close + 3;
      return token(SyntaxKind.StringLiteralToken, start, value, space);
    }
    if (c >= '0' && c <= '9') {
      return scanNumber(space);
    }
    if (isIdentifierStart(c)) {
      return scanWord(space);
    }
    if (c == '!') {
      if (isIdentifierStart(c1)) {
        int end = pos + 1;
        while (end < text.length() && isIdentifierPart(text.charAt(end))) {
          end++;
        }
        String word = text.substring(pos, end);
        if (word.equals("!in") && end < text.length() && text.charAt(end) == '~') {
          pos = end + 1;
          return token(SyntaxKind.NotInCiKeyword, start, null, space);
        }
        SyntaxKind kind = SyntaxKind.keyword(word);
        if (kind != null) {
          pos = end;
          return token(kind, start, null, space);
        }
        throw KqlSyntaxError.at(
            source,
            start,
            "'" + word + "' is not an operator: '!' negates only string, in and between operators");
      }
      if (c1 == '=') {
        return punct(SyntaxKind.BangEqualToken, 2, space);
      }
      if (c1 == '~') {
        return punct(SyntaxKind.BangTildeToken, 2, space);
      }
      throw KqlSyntaxError.at(
          source, start, "unexpected '!': KQL has no '!' operator; use not(...) to negate");
    }
    switch (c) {
      case '(':
        return punct(SyntaxKind.OpenParenToken, 1, space);
      case ')':
        return punct(SyntaxKind.CloseParenToken, 1, space);
      case '[':
        return punct(SyntaxKind.OpenBracketToken, 1, space);
      case ']':
        return punct(SyntaxKind.CloseBracketToken, 1, space);
      case '{':
        return punct(SyntaxKind.OpenBraceToken, 1, space);
      case '}':
        return punct(SyntaxKind.CloseBraceToken, 1, space);
      case '|':
        return punct(SyntaxKind.BarToken, 1, space);
      case '.':
        return c1 == '.'
            ? punct(SyntaxKind.DotDotToken, 2, space)
            : punct(SyntaxKind.DotToken, 1, space);
      case ',':
        return punct(SyntaxKind.CommaToken, 1, space);
      case ';':
        return punct(SyntaxKind.SemicolonToken, 1, space);
      case ':':
        return punct(SyntaxKind.ColonToken, 1, space);
      case '=':
        if (c1 == '=') {
          return punct(SyntaxKind.EqualEqualToken, 2, space);
        }
        if (c1 == '~') {
          return punct(SyntaxKind.EqualTildeToken, 2, space);
        }
        if (c1 == '>') {
          return punct(SyntaxKind.FatArrowToken, 2, space);
        }
        return punct(SyntaxKind.EqualToken, 1, space);
      case '<':
        if (c1 == '=') {
          return punct(SyntaxKind.LessThanOrEqualToken, 2, space);
        }
        if (c1 == '>') {
          return punct(SyntaxKind.LessThanGreaterThanToken, 2, space);
        }
        return punct(SyntaxKind.LessThanToken, 1, space);
      case '>':
        return c1 == '='
            ? punct(SyntaxKind.GreaterThanOrEqualToken, 2, space)
            : punct(SyntaxKind.GreaterThanToken, 1, space);
      case '+':
        return punct(SyntaxKind.PlusToken, 1, space);
      case '-':
        return punct(SyntaxKind.MinusToken, 1, space);
      case '*':
        return punct(SyntaxKind.AsteriskToken, 1, space);
      case '/':
        return punct(SyntaxKind.SlashToken, 1, space);
      case '%':
        return punct(SyntaxKind.PercentToken, 1, space);
      case '?':
        return punct(SyntaxKind.QuestionToken, 1, space);
      default:
        throw KqlSyntaxError.at(
            source, start, "unexpected character " + KqlSyntaxError.describe(c));
    }
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'';
  }

  /** Scans {@code "..."} or {@code '...'} at {@code pos} with backslash escapes. */
  private String scanQuoted(int tokenStart) {
    char quote = text.charAt(pos);
    pos++;
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '\r') {
        throw KqlSyntaxError.at(
            source,
            tokenStart,
            "unterminated string literal: the closing " + quote + " is missing on this line");
      }
      char c = text.charAt(pos);
      if (c == quote) {
        pos++;
        return value.toString();
      }
      if (c != '\\') {
        value.append(c);
        pos++;
        continue;
      }
      int escapeStart = pos;
      char e = peek(1);
      pos += 2;
      switch (e) {
        case '\\' -> value.append('\\');
        case '\'' -> value.append('\'');
        case '"' -> value.append('"');
        case 'n' -> value.append('\n');
        case 't' -> value.append('\t');
        case 'r' -> value.append('\r');
        case '0' -> value.append('\0');
        case 'a' -> value.append('\u0007');
        case 'b' -> value.append('\b');
        case 'f' -> value.append('\f');
        case 'v' -> value.append('\u000b');
        case 'u' -> {
          if (pos + 4 > text.length() || !isHex(text.substring(pos, pos + 4))) {
            throw KqlSyntaxError.at(
                source, escapeStart, "'\\u' must be followed by four hexadecimal digits");
          }
          value.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          pos += 4;
        }
        case 'x' -> {
          if (pos + 2 > text.length() || !isHex(text.substring(pos, pos + 2))) {
            throw KqlSyntaxError.at(
                source, escapeStart, "'\\x' must be followed by two hexadecimal digits");
          }
          value.append((char) Integer.parseInt(text.substring(pos, pos + 2), 16));
          pos += 2;
        }
        default -> {
          if (e == '\0' && escapeStart + 1 >= text.length() || e == '\n' || e == '\r') {
            throw KqlSyntaxError.at(
                source,
                tokenStart,
                "unterminated string literal: the closing " + quote + " is missing on this line");
          }
          throw KqlSyntaxError.at(
              source,
              escapeStart,
              "unknown escape sequence '\\"
                  + e
                  + "' in a string literal; use a verbatim string @'...' for backslashes");
        }
      }
    }
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Scans a verbatim string whose opening quote is at {@code pos}; a doubled quote is one quote.
   */
  private String scanVerbatim(int tokenStart) {
    char quote = text.charAt(pos);
    pos++;
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '\r') {
        throw KqlSyntaxError.at(
            source,
            tokenStart,
            "unterminated string literal: the closing " + quote + " is missing on this line");
      }
      char c = text.charAt(pos);
      if (c == quote) {
        if (peek(1) == quote) {
          value.append(quote);
          pos += 2;
          continue;
        }
        pos++;
        return value.toString();
      }
      value.append(c);
      pos++;
    }
  }

  private SyntaxToken scanNumber(boolean space) {
    int start = pos;
    if (text.charAt(pos) == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      pos += 2;
      int digits = pos;
      while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
        pos++;
      }
      if (pos == digits || pos < text.length() && isIdentifierPart(text.charAt(pos))) {
        while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
          pos++;
        }
        throw KqlSyntaxError.at(
            source, start, "'" + text.substring(start, pos) + "' is not a hexadecimal number");
      }
      BigInteger v = new BigInteger(text.substring(digits, pos), 16);
      if (v.bitLength() > 64) {
        throw KqlSyntaxError.at(
            source, start, "'" + text.substring(start, pos) + "' does not fit in a long");
      }
      return token(SyntaxKind.LongLiteralToken, start, v.longValue(), space);
    }
    while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
      pos++;
    }
    boolean real = false;
    // "1." is a real, "1..2" a range: a dot makes a fraction unless another dot follows.
    if (pos < text.length() && text.charAt(pos) == '.' && peek(1) != '.') {
      real = true;
      pos++;
      while (pos < text.length() && isAsciiDigit(text.charAt(pos))) {
        pos++;
      }
    }
    int numberEnd = pos;
    if (pos < text.length()
        && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')
        && (isAsciiDigit(peek(1)) || (peek(1) == '+' || peek(1) == '-') && isAsciiDigit(peek(2)))) {
      pos += 2;
      while (pos < text.length() && isAsciiDigit(text.charAt(pos))) {
        pos++;
      }
      numberEnd = pos;
      real = true;
    }
    String number = text.substring(start, numberEnd);
    if (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
      int suffixStart = pos;
      while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
        pos++;
      }
      String suffix = text.substring(suffixStart, pos);
      Long unit = TIMESPAN_UNITS.get(suffix);
      String written = text.substring(start, pos);
      if (unit == null || number.indexOf('e') >= 0 || number.indexOf('E') >= 0) {
        if (suffix.equals("w") || suffix.startsWith("week")) {
          throw KqlSyntaxError.at(
              source,
              start,
              "'" + written + "' is not a timespan: weeks are not a KQL unit; write days, e.g. 7d");
        }
        throw KqlSyntaxError.at(
            source,
            start,
            "'"
                + written
                + "' is not a number or timespan: '"
                + suffix
                + "' is not a timespan unit");
      }
      Duration d = timespanOf(new BigDecimal(number), unit, start, written);
      return token(SyntaxKind.TimespanLiteralToken, start, d, space);
    }
    if (real) {
      return token(SyntaxKind.RealLiteralToken, start, Double.parseDouble(number), space);
    }
    try {
      return token(SyntaxKind.LongLiteralToken, start, Long.parseLong(number), space);
    } catch (NumberFormatException e) {
      throw KqlSyntaxError.at(source, start, "'" + number + "' does not fit in a long");
    }
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private Duration timespanOf(BigDecimal amount, long unitNanos, int at, String written) {
    // Kusto keeps timespans in ticks of 100 ns.
    BigDecimal nanos =
        amount
            .multiply(BigDecimal.valueOf(unitNanos))
            .divide(BigDecimal.valueOf(TICK_NANOS), 0, RoundingMode.DOWN)
            .multiply(BigDecimal.valueOf(TICK_NANOS));
    try {
      return Duration.ofNanos(nanos.longValueExact());
    } catch (ArithmeticException e) {
      throw KqlSyntaxError.at(source, at, "'" + written + "' is out of the timespan range");
    }
  }

  private SyntaxToken scanWord(boolean space) {
    int start = pos;
    pos++;
    while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
      pos++;
    }
    String word = text.substring(start, pos);
    // Dashed operator names such as project-away are single keywords, as in Kusto.
    if (pos < text.length()
        && text.charAt(pos) == '-'
        && pos + 1 < text.length()
        && isIdentifierStart(text.charAt(pos + 1))) {
      int end = pos + 1;
      while (end < text.length() && isIdentifierPart(text.charAt(end))) {
        end++;
      }
      SyntaxKind dashed = SyntaxKind.keyword(text.substring(start, end));
      if (dashed != null) {
        pos = end;
        return token(dashed, start, null, space);
      }
    }
    if (word.equals("in") && pos < text.length() && text.charAt(pos) == '~') {
      pos++;
      return token(SyntaxKind.InCiKeyword, start, null, space);
    }
    if (word.equals("true") || word.equals("false")) {
      return token(SyntaxKind.BooleanLiteralToken, start, Boolean.valueOf(word), space);
    }
    SyntaxKind literal = CONSTRUCTOR_LITERALS.get(word);
    if (literal != null) {
      int open = pos;
      if (open < text.length() && text.charAt(open) == '(') {
        return scanConstructorLiteral(literal, word, start, open, space);
      }
    }
    SyntaxKind keyword = SyntaxKind.keyword(word);
    return token(keyword == null ? SyntaxKind.IdentifierToken : keyword, start, null, space);
  }

  private SyntaxToken scanConstructorLiteral(
      SyntaxKind kind, String word, int start, int open, boolean space) {
    int close = open + 1;
    while (close < text.length() && text.charAt(close) != ')' && text.charAt(close) != '\n') {
      close++;
    }
    if (close >= text.length() || text.charAt(close) != ')') {
      throw KqlSyntaxError.at(
          source, open, "expected ')' to close the " + word + "(...) literal opened here");
    }
    String content = text.substring(open + 1, close).trim();
    int contentAt = open + 1;
    pos = close + 1;
    Object value = literalValue(kind, word, content, contentAt);
    return token(kind, start, value, space);
  }

  private Object literalValue(SyntaxKind kind, String word, String content, int at) {
    if (content.equals("null")) {
      return null;
    }
    String written = word + "(" + content + ")";
    switch (kind) {
      case DateTimeLiteralToken:
        return content.isEmpty() ? NOW : parseDateTime(content, at, written);
      case TimespanLiteralToken:
        return parseTimespan(content, at, written);
      case IntLiteralToken:
        if (INTEGER.matcher(content).matches()) {
          try {
            return Integer.parseInt(content);
          } catch (NumberFormatException e) {
            throw KqlSyntaxError.at(source, at, "'" + written + "' does not fit in an int");
          }
        }
        throw KqlSyntaxError.at(source, at, "'" + written + "' is not an int literal");
      case LongLiteralToken:
        if (INTEGER.matcher(content).matches()) {
          try {
            return Long.parseLong(content);
          } catch (NumberFormatException e) {
            throw KqlSyntaxError.at(source, at, "'" + written + "' does not fit in a long");
          }
        }
        throw KqlSyntaxError.at(source, at, "'" + written + "' is not a long literal");
      case RealLiteralToken:
        switch (content) {
          case "nan":
            return Double.NaN;
          case "inf":
          case "+inf":
            return Double.POSITIVE_INFINITY;
          case "-inf":
            return Double.NEGATIVE_INFINITY;
          default:
            if (DECIMAL.matcher(content).matches()) {
              return Double.parseDouble(content);
            }
            throw KqlSyntaxError.at(source, at, "'" + written + "' is not a real literal");
        }
      case BooleanLiteralToken:
        switch (content) {
          case "true":
          case "1":
            return Boolean.TRUE;
          case "false":
          case "0":
            return Boolean.FALSE;
          default:
            throw KqlSyntaxError.at(
                source, at, "'" + written + "' is not a bool literal: use true or false");
        }
      case GuidLiteralToken:
        if (GUID.matcher(content).matches()) {
          return UUID.fromString(content);
        }
        if (content.length() == 32 && isHex(content)) {
          return UUID.fromString(
              content.substring(0, 8)
                  + "-"
                  + content.substring(8, 12)
                  + "-"
                  + content.substring(12, 16)
                  + "-"
                  + content.substring(16, 20)
                  + "-"
                  + content.substring(20));
        }
        throw KqlSyntaxError.at(source, at, "'" + written + "' is not a guid literal");
      case DecimalLiteralToken:
        if (DECIMAL.matcher(content).matches() && content.length() < 64) {
          BigDecimal d = new BigDecimal(content);
          // An exponent gives a negative scale; keep the plain form so the value renders back.
          return d.scale() < 0 ? d.setScale(0) : d;
        }
        throw KqlSyntaxError.at(source, at, "'" + written + "' is not a decimal literal");
      default:
        throw new IllegalStateException(kind.toString());
    }
  }

  private Instant parseDateTime(String content, int at, String written) {
    Matcher m = DATETIME.matcher(content);
    if (!m.matches()) {
      throw KqlSyntaxError.at(
          source,
          at,
          "'"
              + written
              + "' is not a datetime: write ISO 8601, e.g. datetime(2024-01-31T13:45:00Z)");
    }
    try {
      int nanos = 0;
      if (m.group(7) != null) {
        nanos = Integer.parseInt((m.group(7) + "000000000").substring(0, 9));
      }
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
              m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
              m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
              nanos);
      if (local.getYear() < 1) {
        throw new DateTimeException("year 0");
      }
      ZoneOffset offset = ZoneOffset.UTC;
      String zone = m.group(8);
      if (zone != null && !zone.equals("Z")) {
        String digits = zone.replace(":", "");
        int hours = Integer.parseInt(digits.substring(1, 3));
        int minutes = Integer.parseInt(digits.substring(3, 5));
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
      }
      return local.toInstant(offset);
    } catch (DateTimeException e) {
      throw KqlSyntaxError.at(
          source, at, "'" + written + "' is not a valid date and time (years 0001-9999)");
    }
  }

  private Duration parseTimespan(String content, int at, String written) {
    if (DAYS.matcher(content).matches()) {
      return timespanOf(new BigDecimal(content), TIMESPAN_UNITS.get("d"), at, written);
    }
    Matcher unit = NUMBER_AND_UNIT.matcher(content);
    if (unit.matches() && TIMESPAN_UNITS.containsKey(unit.group(3))) {
      BigDecimal amount = new BigDecimal(unit.group(2));
      if (unit.group(1).equals("-")) {
        amount = amount.negate();
      }
      return timespanOf(amount, TIMESPAN_UNITS.get(unit.group(3)), at, written);
    }
    Matcher clock = CLOCK.matcher(content);
    if (clock.matches()) {
      long days = clock.group(2) == null ? 0 : parseBounded(clock.group(2), at, written);
      int hours = Integer.parseInt(clock.group(3));
      int minutes = Integer.parseInt(clock.group(4));
      int seconds = clock.group(5) == null ? 0 : Integer.parseInt(clock.group(5));
      long fraction =
          clock.group(6) == null
              ? 0
              : Long.parseLong((clock.group(6) + "000000000").substring(0, 9));
      if (hours > 23 || minutes > 59 || seconds > 59) {
        throw KqlSyntaxError.at(
            source,
            at,
            "'" + written + "' is not a timespan: hours, minutes or seconds out of range");
      }
      try {
        Duration d =
            Duration.ofDays(days)
                .plusHours(hours)
                .plusMinutes(minutes)
                .plusSeconds(seconds)
                .plusNanos(fraction);
        d.toNanos();
        return clock.group(1).equals("-") ? d.negated() : d;
      } catch (ArithmeticException e) {
        throw KqlSyntaxError.at(source, at, "'" + written + "' is out of the timespan range");
      }
    }
    throw KqlSyntaxError.at(
        source,
        at,
        "'"
            + written
            + "' is not a timespan: write e.g. timespan(2) for days, timespan(15 seconds)"
            + " or time(1.12:30:00)");
  }

  private long parseBounded(String digits, int at, String written) {
    if (digits.length() > 8) {
      throw KqlSyntaxError.at(source, at, "'" + written + "' is out of the timespan range");
    }
    return Long.parseLong(digits);
  }
}
