package org.huntboard.core.kql.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.syntax.BinaryOperator;
import org.huntboard.core.kql.syntax.ColumnDeclaration;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.Expression.Binary;
import org.huntboard.core.kql.syntax.Expression.Literal;
import org.huntboard.core.kql.syntax.Expression.NameReference;
import org.huntboard.core.kql.syntax.NamedExpression;
import org.huntboard.core.kql.syntax.OperatorParameter;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.kql.syntax.SortKey;
import org.huntboard.core.kql.syntax.Span;
import org.huntboard.core.kql.syntax.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rendering gives readable KQL that parses back to the same tree. */
class KqlRendererTest {

  private static final Span N = Span.NONE;

  static NameReference name(String n) {
    return new NameReference(n, N);
  }

  static Literal lng(long v) {
    return new Literal(ScalarType.LONG, v, N);
  }

  static Literal str(String v) {
    return new Literal(ScalarType.STRING, v, N);
  }

  static Binary bin(BinaryOperator op, Expression l, Expression r) {
    return new Binary(op, l, r, N);
  }

  static List<String> handWrittenQueries() throws IOException {
    try (InputStream in = KqlRendererTest.class.getResourceAsStream("round-trip.kql")) {
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return List.of(all.split("\n====\n"));
    }
  }

  @Test
  void handWrittenQueriesRoundTrip() throws IOException {
    List<String> queries = handWrittenQueries();
    List<String> failures = new ArrayList<>();
    for (String kql : queries) {
      Query ast = KqlParser.parse(kql);
      String rendered = KqlRenderer.render(ast);
      if (!KqlParser.parse(rendered).equals(ast)) {
        failures.add(kql + "\n--- rendered as ---\n" + rendered);
      }
    }
    System.out.println(
        "hand-written round-trip: " + (queries.size() - failures.size()) + "/" + queries.size());
    assertThat(failures).isEmpty();
    assertThat(queries).hasSizeGreaterThan(20);
  }

  @Test
  void rendersOneOperatorPerLine() {
    assertThat(
            KqlRenderer.render(
                KqlParser.parse("let x = 1; T | where a == x | project a, b=c | take 5")))
        .isEqualTo("let x = 1;\nT\n| where a == x\n| project a, b = c\n| take 5");
  }

  @Test
  void parenthesizesCodeBuiltTreesWherePrecedenceNeedsIt() {
    Expression a = name("a");
    Expression b = name("b");
    Expression c = name("c");
    assertThat(KqlRenderer.render(bin(BinaryOperator.AND, bin(BinaryOperator.OR, a, b), c)))
        .isEqualTo("(a or b) and c");
    assertThat(KqlRenderer.render(bin(BinaryOperator.OR, bin(BinaryOperator.AND, a, b), c)))
        .isEqualTo("a and b or c");
    assertThat(KqlRenderer.render(bin(BinaryOperator.AND, a, bin(BinaryOperator.AND, b, c))))
        .isEqualTo("a and (b and c)");
    assertThat(
            KqlRenderer.render(bin(BinaryOperator.SUBTRACT, a, bin(BinaryOperator.SUBTRACT, b, c))))
        .isEqualTo("a - (b - c)");
    assertThat(KqlRenderer.render(bin(BinaryOperator.MULTIPLY, bin(BinaryOperator.ADD, a, b), c)))
        .isEqualTo("(a + b) * c");
    assertThat(KqlRenderer.render(bin(BinaryOperator.LESS, bin(BinaryOperator.LESS, a, b), c)))
        .isEqualTo("(a < b) < c");
    assertThat(
            KqlRenderer.render(
                bin(BinaryOperator.HAS, bin(BinaryOperator.HAS, a, str("x")), str("y"))))
        .isEqualTo("(a has \"x\") has \"y\"");
    assertThat(
            KqlRenderer.render(
                bin(BinaryOperator.HAS, a, bin(BinaryOperator.ADD, str("x"), str("y")))))
        .isEqualTo("a has (\"x\" + \"y\")");
    assertThat(
            KqlRenderer.render(
                new Expression.Unary(
                    Expression.Unary.UnaryOperator.MINUS, bin(BinaryOperator.ADD, a, b), N)))
        .isEqualTo("-(a + b)");
    assertThat(
            KqlRenderer.render(
                new Expression.Unary(
                    Expression.Unary.UnaryOperator.MINUS,
                    new Expression.Unary(Expression.Unary.UnaryOperator.MINUS, a, N),
                    N)))
        .isEqualTo("-(-a)");
    assertThat(KqlRenderer.render(new Expression.Path(bin(BinaryOperator.ADD, a, b), "m", N)))
        .isEqualTo("(a + b).m");
    assertThat(
            KqlRenderer.render(
                new Expression.In(
                    Expression.In.InOperator.IN,
                    bin(BinaryOperator.EQUAL, a, b),
                    List.of(lng(1)),
                    N)))
        .isEqualTo("(a == b) in (1)");
    assertThat(
            KqlRenderer.render(
                new Expression.Between(false, bin(BinaryOperator.AND, a, b), lng(1), lng(2), N)))
        .isEqualTo("(a and b) between (1 .. 2)");
  }

  @Test
  void doesNotDoubleParenthesesTheTreeAlreadyHas() {
    Expression grouped =
        new Expression.Parenthesized(bin(BinaryOperator.OR, name("a"), name("b")), N);
    assertThat(KqlRenderer.render(bin(BinaryOperator.AND, grouped, name("c"))))
        .isEqualTo("(a or b) and c");
    Query parsed = KqlParser.parse("T | where ((a or b)) and c");
    assertThat(KqlRenderer.render(parsed)).isEqualTo("T\n| where ((a or b)) and c");
  }

  @Test
  void codeBuiltTreesWithRequiredParenthesesParseBackEquivalently() {
    Expression built =
        bin(BinaryOperator.AND, bin(BinaryOperator.OR, name("a"), name("b")), name("c"));
    Expression parsed =
        ((QueryOperator.Where)
                ((Expression.Pipe)
                        KqlParser.parse("T | where " + KqlRenderer.render(built))
                            .body()
                            .orElseThrow()
                            .expression())
                    .operator())
            .predicate();
    assertThat(parsed)
        .isEqualTo(
            bin(
                BinaryOperator.AND,
                new Expression.Parenthesized(bin(BinaryOperator.OR, name("a"), name("b")), N),
                name("c")));
  }

  @Test
  void wrapsPipelinesWhereOnlyScalarsMayStand() {
    Expression sub = new Expression.Pipe(name("S"), new QueryOperator.Count(N), N);
    QueryOperator where =
        new QueryOperator.Where("where", bin(BinaryOperator.GREATER, name("x"), sub), N);
    assertThat(KqlRenderer.render(new Expression.Pipe(name("T"), where, N)))
        .isEqualTo("T\n| where x > (S | count)");
  }

  @Test
  void escapesStringsAsDoubleQuotedLiterals() {
    assertThat(KqlRenderer.render(str("a\"b\\c\nd\te\r'f")))
        .isEqualTo("\"a\\\"b\\\\c\\nd\\te\\r'f\"");
    assertThat(KqlRenderer.render(str("\u0001\u007f\u200b\u2028x\u00e9中🎉")))
        .isEqualTo("\"\\u0001\\u007f\\u200b\\u2028xé中🎉\"");
    assertThat(KqlRenderer.render(str("\ud800"))).isEqualTo("\"\\ud800\"");
    String attacker = "x\" or 1==1 //\n| take 1";
    Query q = KqlParser.parse("T | where a == " + KqlRenderer.render(str(attacker)));
    Expression.Binary eq =
        (Expression.Binary)
            ((QueryOperator.Where)
                    ((Expression.Pipe) q.body().orElseThrow().expression()).operator())
                .predicate();
    assertThat(eq.right()).isEqualTo(str(attacker));
  }

  @Test
  void bracketsNamesThatAreNotPlainIdentifiers() {
    assertThat(KqlRenderer.name("Account")).isEqualTo("Account");
    assertThat(KqlRenderer.name("_x1")).isEqualTo("_x1");
    assertThat(KqlRenderer.name("$left")).isEqualTo("$left");
    assertThat(KqlRenderer.name("a b")).isEqualTo("['a b']");
    assertThat(KqlRenderer.name("where")).isEqualTo("['where']");
    assertThat(KqlRenderer.name("has_any")).isEqualTo("['has_any']");
    assertThat(KqlRenderer.name("true")).isEqualTo("['true']");
    assertThat(KqlRenderer.name("1st")).isEqualTo("['1st']");
    assertThat(KqlRenderer.name("it's \\")).isEqualTo("['it\\'s \\\\']");
    assertThat(KqlRenderer.name("")).isEqualTo("['']");
    Query q =
        new Query(
            List.of(
                new Statement.ExpressionStatement(
                    new Expression.Pipe(
                        name("my table"),
                        new QueryOperator.Extend(
                            List.of(NamedExpression.of("by", name("it's"))), N),
                        N),
                    N)),
            N);
    assertThat(KqlParser.parse(KqlRenderer.render(q))).isEqualTo(q);
  }

  @ParameterizedTest
  @CsvSource({
    "P5D, 5d",
    "PT90M, 90m",
    "PT1H, 1h",
    "PT1.5S, 1500ms",
    "PT0.0000001S, 1tick",
    "PT0.0000003S, 3ticks",
    "PT0.000003S, 3micros",
    "PT0.000000007S, 7nanos",
    "PT0S, 0s",
    "PT26H3M4.5S, time(1.02:03:04.5000000)",
    "PT-3H, time(-03:00:00)",
  })
  void rendersTimespansInTheShortestExactUnit(String iso, String kql) {
    Literal l = new Literal(ScalarType.TIMESPAN, Duration.parse(iso), N);
    assertThat(KqlRenderer.render(l)).isEqualTo(kql);
  }

  @Test
  void rendersTypedLiterals() {
    assertThat(
            KqlRenderer.render(
                new Literal(ScalarType.DATETIME, Instant.parse("2024-01-01T00:00:00Z"), N)))
        .isEqualTo("datetime(2024-01-01T00:00:00.0000000Z)");
    assertThat(KqlRenderer.render(new Literal(ScalarType.DATETIME, null, N)))
        .isEqualTo("datetime(null)");
    assertThat(KqlRenderer.render(lng(-5))).isEqualTo("long(-5)");
    assertThat(KqlRenderer.render(new Literal(ScalarType.REAL, -1.5, N))).isEqualTo("real(-1.5)");
    assertThat(KqlRenderer.render(new Literal(ScalarType.REAL, 1e20, N))).isEqualTo("1.0e20");
    assertThat(KqlRenderer.render(new Literal(ScalarType.INT, 7, N))).isEqualTo("int(7)");
    assertThat(KqlRenderer.render(new Literal(ScalarType.BOOL, true, N))).isEqualTo("true");
    for (Literal l :
        List.of(
            lng(-5),
            new Literal(ScalarType.REAL, -1.5, N),
            new Literal(ScalarType.REAL, 1e20, N),
            new Literal(ScalarType.REAL, 1e-7, N),
            new Literal(ScalarType.TIMESPAN, Duration.ofNanos(123_456_789_000L), N),
            new Literal(ScalarType.DATETIME, Instant.parse("2024-02-29T23:59:59.1234567Z"), N))) {
      String rendered = KqlRenderer.render(l);
      assertThat(KqlParser.parse("print " + rendered).body().orElseThrow().expression())
          .as(rendered)
          .isEqualTo(
              new Expression.OperatorSource(
                  new QueryOperator.Print(List.of(NamedExpression.of(l)), N), N));
    }
  }

  @Test
  void rendersEveryPart() {
    assertThat(
            KqlRenderer.render(
                new SortKey(name("a"), SortKey.Direction.ASC, SortKey.Nulls.LAST, N)))
        .isEqualTo("a asc nulls last");
    assertThat(KqlRenderer.render(new OperatorParameter("kind", name("inner"), N)))
        .isEqualTo("kind=inner");
    assertThat(KqlRenderer.render(new ColumnDeclaration("a b", ScalarType.DATETIME, N)))
        .isEqualTo("['a b']:datetime");
    assertThat(KqlRenderer.render(new NamedExpression(List.of("x", "y"), name("z"), N)))
        .isEqualTo("(x, y) = z");
    assertThat(KqlRenderer.render(new QueryOperator.Count(N))).isEqualTo("count");
    assertThat(KqlRenderer.render(new Statement.SetOptionStatement("notruncation", null, N)))
        .isEqualTo("set notruncation");
  }
}
