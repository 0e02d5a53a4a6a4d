package org.huntboard.core.kql.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.kql.syntax.Span;
import org.huntboard.core.kql.syntax.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lexical forms of KQL (KQL.md section 5.1) give the right tokens and literal values. */
class KqlLexerTest {

  /** The expression of {@code print <kql>}. */
  static Expression value(String kql) {
    Statement.ExpressionStatement body = KqlParser.parse("print " + kql).body().orElseThrow();
    QueryOperator.Print print =
        (QueryOperator.Print) ((Expression.OperatorSource) body.expression()).operator();
    return print.columns().get(0).expression();
  }

  static Object literal(String kql, ScalarType type) {
    Expression e = value(kql);
    assertThat(e).isInstanceOf(Expression.Literal.class);
    Expression.Literal l = (Expression.Literal) e;
    assertThat(l.type()).as(kql).isEqualTo(type);
    return l.value();
  }

  static List<SyntaxKind> kinds(String text) {
    return KqlLexer.tokenize(new SourceText("<t>", text)).stream().map(SyntaxToken::kind).toList();
  }

  @Test
  void tokensCarrySpansAndKustoKinds() {
    List<SyntaxToken> tokens =
        KqlLexer.tokenize(new SourceText("<t>", "T | project-away a // note\n| where x !in~ (1)"));
    assertThat(tokens)
        .extracting(SyntaxToken::kind)
        .containsExactly(
            SyntaxKind.IdentifierToken,
            SyntaxKind.BarToken,
            SyntaxKind.ProjectAwayKeyword,
            SyntaxKind.IdentifierToken,
            SyntaxKind.BarToken,
            SyntaxKind.WhereKeyword,
            SyntaxKind.IdentifierToken,
            SyntaxKind.NotInCiKeyword,
            SyntaxKind.OpenParenToken,
            SyntaxKind.LongLiteralToken,
            SyntaxKind.CloseParenToken,
            SyntaxKind.EndOfTextToken);
    SyntaxToken away = tokens.get(2);
    assertThat(away.start()).isEqualTo(4);
    assertThat(away.end()).isEqualTo(16);
    assertThat(tokens.get(4).spaceBefore()).isTrue();
  }

  @Test
  void lexesOperatorsLongestFirst() {
    assertThat(kinds("a==b!=c<>d<=e>=f=~g!~h..i=>j"))
        .containsSubsequence(
            SyntaxKind.EqualEqualToken,
            SyntaxKind.BangEqualToken,
            SyntaxKind.LessThanGreaterThanToken,
            SyntaxKind.LessThanOrEqualToken,
            SyntaxKind.GreaterThanOrEqualToken,
            SyntaxKind.EqualTildeToken,
            SyntaxKind.BangTildeToken,
            SyntaxKind.DotDotToken,
            SyntaxKind.FatArrowToken);
    assertThat(kinds("x in~ y !in z !between !has_cs in"))
        .containsSubsequence(
            SyntaxKind.InCiKeyword,
            SyntaxKind.NotInKeyword,
            SyntaxKind.NotBetweenKeyword,
            SyntaxKind.NotHasCsKeyword,
            SyntaxKind.InKeyword);
    assertThat(kinds("1..2"))
        .startsWith(
            SyntaxKind.LongLiteralToken, SyntaxKind.DotDotToken, SyntaxKind.LongLiteralToken);
  }

  @Test
  void decodesBothQuoteStylesWithEscapes() {
    assertThat(literal("\"a\\\"b\\\\c\\td\\ne\"", ScalarType.STRING)).isEqualTo("a\"b\\c\td\ne");
    assertThat(literal("'it\\'s \"fine\"'", ScalarType.STRING)).isEqualTo("it's \"fine\"");
    assertThat(literal("'\\u00e9\\u4e2d'", ScalarType.STRING)).isEqualTo("é中");
    assertThat(literal("'// not a comment'", ScalarType.STRING)).isEqualTo("// not a comment");
  }

  @Test
  void decodesVerbatimStringsWithDoubledQuotes() {
    assertThat(literal("@'C:\\Program Files\\'", ScalarType.STRING))
        .isEqualTo("C:\\Program Files\\");
    assertThat(literal("@\"say \"\"hi\"\"\"", ScalarType.STRING)).isEqualTo("say \"hi\"");
    assertThat(literal("@'it''s'", ScalarType.STRING)).isEqualTo("it's");
  }

  @Test
  void decodesMultiLineAndObfuscatedStrings() {
    assertThat(literal("```line 1\n'line' \"2\"\\n```", ScalarType.STRING))
        .isEqualTo("line 1\n'line' \"2\"\\n");
    assertThat(literal("h\"secret\"", ScalarType.STRING)).isEqualTo("secret");
    assertThat(literal("H'secret'", ScalarType.STRING)).isEqualTo("secret");
    assertThat(literal("h@'C:\\x'", ScalarType.STRING)).isEqualTo("C:\\x");
  }

  @Test
  void concatenatesAdjacentLiteralsAcrossWhitespaceAndComments() {
    assertThat(literal("'a' \"b\"\n  // comment\n\t@'c\\' ```d```", ScalarType.STRING))
        .isEqualTo("abc\\d");
  }

  @Test
  void keepsTabsAndNonAsciiText() {
    assertThat(literal("'DWSNET OÜ\t中文 🎉'", ScalarType.STRING)).isEqualTo("DWSNET OÜ\t中文 🎉");
    assertThat(KqlParser.parse("T\t|\twhere\tx == 'ü'").body()).isPresent();
  }

  @Test
  void readsNumbers() {
    assertThat(literal("42", ScalarType.LONG)).isEqualTo(42L);
    assertThat(literal("0x1F", ScalarType.LONG)).isEqualTo(31L);
    assertThat(literal("1.5", ScalarType.REAL)).isEqualTo(1.5);
    assertThat(literal("1e3", ScalarType.REAL)).isEqualTo(1000.0);
    assertThat(literal("2.5E-2", ScalarType.REAL)).isEqualTo(0.025);
    assertThat(literal("int(1)", ScalarType.INT)).isEqualTo(1);
    assertThat(literal("int(-7)", ScalarType.INT)).isEqualTo(-7);
    assertThat(literal("long(null)", ScalarType.LONG)).isNull();
    assertThat(literal("real(1.5)", ScalarType.REAL)).isEqualTo(1.5);
    assertThat(literal("double(nan)", ScalarType.REAL)).isEqualTo(Double.NaN);
    assertThat(literal("real(-inf)", ScalarType.REAL)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(literal("decimal(1.10)", ScalarType.DECIMAL)).isEqualTo(new BigDecimal("1.10"));
    assertThat(literal("bool(true)", ScalarType.BOOL)).isEqualTo(true);
    assertThat(literal("false", ScalarType.BOOL)).isEqualTo(false);
    assertThat(literal("guid(74be27de-1e4e-49d9-b579-fe0b331d3642)", ScalarType.GUID))
        .isEqualTo(UUID.fromString("74be27de-1e4e-49d9-b579-fe0b331d3642"));
    assertThat(value("-5")).isInstanceOf(Expression.Unary.class);
  }

  @ParameterizedTest
  @CsvSource({
    "2d, PT48H",
    "1day, PT24H",
    "3days, PT72H",
    "1.5h, PT1H30M",
    "2hr, PT2H",
    "2hrs, PT2H",
    "1hour, PT1H",
    "4hours, PT4H",
    "5m, PT5M",
    "5min, PT5M",
    "1minute, PT1M",
    "10minutes, PT10M",
    "30s, PT30S",
    "1sec, PT1S",
    "1second, PT1S",
    "2seconds, PT2S",
    "1500ms, PT1.5S",
    "1milli, PT0.001S",
    "2millis, PT0.002S",
    "3millisec, PT0.003S",
    "1millisecond, PT0.001S",
    "4milliseconds, PT0.004S",
    "1micro, PT0.000001S",
    "2micros, PT0.000002S",
    "3microsec, PT0.000003S",
    "1microsecond, PT0.000001S",
    "5microseconds, PT0.000005S",
    "100nano, PT0.0000001S",
    "200nanos, PT0.0000002S",
    "300nanosec, PT0.0000003S",
    "100nanosecond, PT0.0000001S",
    "500nanoseconds, PT0.0000005S",
    "1tick, PT0.0000001S",
    "10ticks, PT0.000001S",
    "0.5d, PT12H",
    "'timespan(2)', PT48H",
    "'timespan(15 seconds)', PT15S",
    "'time(0.12:34:56.7)', PT12H34M56.7S",
    "'time(1.02:00:00)', PT26H",
    "'timespan(10:30)', PT10H30M",
    "'timespan(-5d)', PT-120H",
  })
  void readsEveryTimespanForm(String kql, String iso) {
    assertThat(literal(kql, ScalarType.TIMESPAN)).isEqualTo(Duration.parse(iso));
  }

  @Test
  void timespanSuffixesTakeTheLongestMatch() {
    // "5ms" is five milliseconds, not five minutes followed by "s".
    assertThat(literal("5ms", ScalarType.TIMESPAN)).isEqualTo(Duration.ofMillis(5));
    assertThat(literal("5min", ScalarType.TIMESPAN)).isEqualTo(Duration.ofMinutes(5));
    assertThat(literal("timespan(null)", ScalarType.TIMESPAN)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "'datetime(2024-01-31)', 2024-01-31T00:00:00Z",
    "'datetime(2015-12-31 23:59:59.9)', 2015-12-31T23:59:59.900Z",
    "'datetime(2024-01-31T13:45:00Z)', 2024-01-31T13:45:00Z",
    "'datetime(2024-01-31T13:45:00.1234567Z)', 2024-01-31T13:45:00.1234567Z",
    "'datetime(2024-01-31T13:45)', 2024-01-31T13:45:00Z",
    "'datetime(2024-01-31T13:45:00+02:00)', 2024-01-31T11:45:00Z",
    "'date(0001-01-01)', 0001-01-01T00:00:00Z",
  })
  void readsDatetimes(String kql, String instant) {
    assertThat(literal(kql, ScalarType.DATETIME)).isEqualTo(Instant.parse(instant));
  }

  @Test
  void readsDatetimeNullAndNow() {
    assertThat(literal("datetime(null)", ScalarType.DATETIME)).isNull();
    assertThat(value("datetime()"))
        .isEqualTo(new Expression.FunctionCall("now", List.of(), Span.NONE));
  }

  @Test
  void readsDynamicLiterals() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode array =
        (JsonNode) literal("dynamic([1, 'a', \"b\", 1.5, true, null, -2])", ScalarType.DYNAMIC);
    assertThat(array).isEqualTo(json.readTree("[1, \"a\", \"b\", 1.5, true, null, -2]"));
    JsonNode object =
        (JsonNode)
            literal("dynamic({'a': 1, \"b\": {\"c\": [[], {}]}, 'd': null})", ScalarType.DYNAMIC);
    assertThat(object).isEqualTo(json.readTree("{\"a\":1,\"b\":{\"c\":[[],{}]},\"d\":null}"));
    assertThat(literal("dynamic(null)", ScalarType.DYNAMIC)).isEqualTo(json.nullNode());
    JsonNode times = (JsonNode) literal("dynamic([datetime(2024-01-01), 1h])", ScalarType.DYNAMIC);
    assertThat(times).isEqualTo(json.readTree("[\"2024-01-01T00:00:00.0000000Z\", \"01:00:00\"]"));
  }

  @Test
  void readsBracketedNames() {
    assertThat(value("['a b']")).isEqualTo(new Expression.NameReference("a b", Span.NONE));
    assertThat(value("[\"it's\"]")).isEqualTo(new Expression.NameReference("it's", Span.NONE));
    assertThat(value("['where']")).isEqualTo(new Expression.NameReference("where", Span.NONE));
  }

  @Test
  void skipsCommentsAnywhere() {
    assertThat(
            KqlParser.parse(
                "// header\nlet x = // value\n 1; // end\nT // table\n| where // pred\n x == 1 //"))
        .isEqualTo(KqlParser.parse("let x = 1; T | where x == 1"));
  }
}
