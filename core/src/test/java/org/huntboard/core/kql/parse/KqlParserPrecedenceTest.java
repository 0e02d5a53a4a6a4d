package org.huntboard.core.kql.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The precedence ladder of KQL.md section 5.3, checked on the shape of the parsed tree. */
class KqlParserPrecedenceTest {

  /** A Lisp-like picture of an expression tree: {@code (or (== a 1) b)}. */
  static String shape(Expression e) {
    if (e instanceof Expression.Binary b) {
      return "(" + b.operator().text() + " " + shape(b.left()) + " " + shape(b.right()) + ")";
    }
    if (e instanceof Expression.Unary u) {
      return "(" + u.operator().text() + shape(u.operand()) + ")";
    }
    if (e instanceof Expression.Parenthesized p) {
      return "[" + shape(p.inner()) + "]";
    }
    if (e instanceof Expression.In in) {
      return "("
          + in.operator().text()
          + " "
          + shape(in.left())
          + " "
          + in.values().stream()
              .map(KqlParserPrecedenceTest::shape)
              .collect(Collectors.joining(" "))
          + ")";
    }
    if (e instanceof Expression.HasAny h) {
      return "("
          + h.operatorText()
          + " "
          + shape(h.left())
          + " "
          + h.values().stream().map(KqlParserPrecedenceTest::shape).collect(Collectors.joining(" "))
          + ")";
    }
    if (e instanceof Expression.Between b) {
      return "("
          + (b.negated() ? "!between " : "between ")
          + shape(b.left())
          + " "
          + shape(b.low())
          + " "
          + shape(b.high())
          + ")";
    }
    if (e instanceof Expression.NameReference n) {
      return n.name();
    }
    if (e instanceof Expression.Literal l) {
      return l.value() instanceof String s ? "'" + s + "'" : String.valueOf(l.value());
    }
    if (e instanceof Expression.FunctionCall c) {
      return c.name()
          + "("
          + c.arguments().stream()
              .map(KqlParserPrecedenceTest::shape)
              .collect(Collectors.joining(" "))
          + ")";
    }
    if (e instanceof Expression.Path p) {
      return shape(p.target()) + "." + p.member();
    }
    if (e instanceof Expression.Element el) {
      return shape(el.target()) + "{" + shape(el.index()) + "}";
    }
    return e.getClass().getSimpleName();
  }

  static String predicate(String kql) {
    Expression body = KqlParser.parse("T | where " + kql).body().orElseThrow().expression();
    return shape(((QueryOperator.Where) ((Expression.Pipe) body).operator()).predicate());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a == 1 or b has 'x' and c =~ 'y' | (or (== a 1) (and (has b 'x') (=~ c 'y')))",
        "x + 1 < y | (< (+ x 1) y)",
        "s has 'a' + 'b' | (+ (has s 'a') 'b')",
        "a or b or c | (or (or a b) c)",
        "a and b and c | (and (and a b) c)",
        "a - b - c | (- (- a b) c)",
        "a * b / c % d | (% (/ (* a b) c) d)",
        "a + b * c | (+ a (* b c))",
        "-a * b | (* (-a) b)",
        "-a.b[0] | (-a.b{0})",
        "a * b has c | (* a (has b c))",
        "a < b == c > d | (== (< a b) (> c d))",
        "a == b and c != d or e <> f | (or (and (== a b) (!= c d)) (<> e f))",
        "x in (1, 2) and y !in~ ('a') | (and (in x 1 2) (!in~ y 'a'))",
        "x + 1 in (2) | (in (+ x 1) 2)",
        "t between (a .. b + 1) or u !between (1 .. 2) | (or (between t a (+ b 1)) (!between u 1 2))",
        "s has_any ('a', 'b') and s has_all ('c') | (and (has_any s 'a' 'b') (has_all s 'c'))",
        "(a or b) and c | (and [(or a b)] c)",
        "x matches regex '[0-9]' and y !contains_cs 'q' | (and (matches regex x '[0-9]') (!contains_cs y 'q'))",
        "a like 'x%' or b notlikecs 'y' | (or (like a 'x%') (notlikecs b 'y'))",
        "not(a == 1) | not((== a 1))",
        "d['k'].m[-1] > 0 | (> d{'k'}.m{(-1)} 0)",
        "$left.A == $right.B | (== $left.A $right.B)",
      })
  void parsesWithKustosPrecedence(String kql, String expectedShape) {
    assertThat(predicate(kql)).isEqualTo(expectedShape);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "has | has_cs | hasprefix | hasprefix_cs | hassuffix | hassuffix_cs",
        "contains | contains_cs | startswith | startswith_cs | endswith | endswith_cs",
        "!has | !has_cs | !hasprefix | !hasprefix_cs | !hassuffix | !hassuffix_cs",
        "!contains | !contains_cs | !startswith | !startswith_cs | !endswith | !endswith_cs",
        "=~ | !~ | like | notlike | likecs | notlikecs",
      })
  void parsesEveryStringOperatorAtTheStringLevel(
      String a, String b, String c, String d, String e, String f) {
    for (String op : new String[] {a, b, c, d, e, f}) {
      assertThat(predicate("x " + op + " 'v' and y == 1"))
          .isEqualTo("(and (" + op + " x 'v') (== y 1))");
    }
  }
}
