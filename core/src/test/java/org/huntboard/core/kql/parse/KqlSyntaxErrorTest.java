package org.huntboard.core.kql.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.junit.jupiter.api.Test;

/** Bad queries are rejected with one KQL-SYNTAX diagnostic placed where the caret marks. */
class KqlSyntaxErrorTest {

  /** Parses the query marked with {@code ^} and checks the error's place and message. */
  static Diagnostic assertError(String marked, String messagePart) {
    QueryWithCaret q = QueryWithCaret.of(marked);
    DiagnosticException e =
        catchThrowableOfType(() -> KqlParser.parse(q.text()), DiagnosticException.class);
    assertThat(e).as("parsing should fail: %s", q.text()).isNotNull();
    assertThat(e.diagnostics()).hasSize(1);
    Diagnostic d = e.first();
    assertThat(d.code()).isEqualTo("KQL-SYNTAX");
    assertThat(d.severity()).isEqualTo(Diagnostic.Severity.ERROR);
    assertThat(d.message()).contains(messagePart);
    assertThat(d.location().line() + ":" + d.location().column())
        .as("error place of: %s (%s)", q.text(), d.message())
        .isEqualTo(q.line() + ":" + q.column());
    return d;
  }

  @Test
  void formatsLineColumnMessageAndCaret() {
    Diagnostic d = assertError("T\n| where x == ^)", "expected an expression");
    assertThat(d.format())
        .isEqualTo(
            "<query>:2:14: expected an expression before ')'\n"
                + "| where x == )\n"
                + "             ^");
  }

  @Test
  void rejectsPipeWithoutOperator() {
    assertError("T\n| ^Sha1 in (S)", "'|' must be followed by a query operator");
    assertError("T | where x == 1 |^", "'|' must be followed by a query operator");
    assertError("T | ^42", "'|' must be followed by a query operator");
  }

  @Test
  void namesCaseMistakesInOperators() {
    assertError("T | ^WHERE x == 1", "KQL is case-sensitive, write 'where'");
  }

  @Test
  void rejectsUnsupportedOperatorsByName() {
    assertError("T | ^render timechart", "'render' is not supported");
    assertError("T | ^make-series count() on Timestamp step 1h", "'make-series' is not supported");
  }

  @Test
  void rejectsUnclosedParenthesisNamingWhereItOpened() {
    assertError("T | where (a == 1\n^", "expected ')' to close the '(' opened at 1:11");
    assertError("T | where x in (1, 2\n| take 1^", "to close the list opened at 1:16");
    assertError("T | where f(1, 2 ^]", "to close the arguments of 'f' opened at 1:12");
  }

  @Test
  void rejectsTrailingCommas() {
    assertError("T | where x in (1, 2^,)", "a trailing ',' before ')' is not allowed");
    assertError(
        "T | where x has_any ('a',\n    'b'^,\n)", "a trailing ',' before ')' is not allowed");
    assertError("T | project a, b^, | take 1", "a trailing ','");
    assertError("T | where f(1^,)", "a trailing ',' before ')' is not allowed");
    assertError("T | summarize count() by a^,", "a trailing ','");
    assertError("print dynamic([1, 2^,])", "a trailing ',' before ']' is not allowed");
  }

  @Test
  void rejectsChainedComparisons() {
    assertError("T | where a < b ^< c", "comparisons do not chain");
    assertError("T | where a == b ^== c", "comparisons do not chain");
    assertError("T | where a in (1) ^== true", "comparisons do not chain");
    assertError("T | where x has \"a\" ^has \"b\"", "string operators do not chain");
  }

  @Test
  void rejectsOperatorKeywordWhereAnExpressionIsExpected() {
    assertError(
        "T | where FolderPath has_all ^has_any ('a')",
        "expected '(' and a list of values after 'has_all', found the operator 'has_any'");
    assertError("T | where ^and", "found the operator 'and'");
    assertError("T | where x == ^has", "write ['has'] if it is a name");
  }

  @Test
  void rejectsEmptyValueLists() {
    assertError("T | where x in (^)", "needs at least one value");
  }

  @Test
  void rejectsBadLiterals() {
    assertError("T | where x > ago(^1w)", "'1w' is not a timespan: weeks are not a KQL unit");
    assertError("T | where x > ago(^3weeks)", "weeks are not a KQL unit");
    assertError("T | where x > ago(^3parsecs)", "'parsecs' is not a timespan unit");
    assertError("print ^\"abc", "unterminated string literal");
    assertError("print ^'abc\n'", "unterminated string literal");
    assertError("print ^@'abc", "unterminated string literal");
    assertError("print ^```abc", "unterminated multi-line string literal");
    assertError("print 'a^\\qb'", "unknown escape sequence '\\q'");
    assertError("print '^\\u12g4'", "four hexadecimal digits");
    assertError("print datetime(^2024-13-01)", "not a valid date and time");
    assertError("print datetime(^yesterday)", "is not a datetime");
    assertError("print timespan(^soon)", "is not a timespan");
    assertError("print int(^1.5)", "is not an int literal");
    assertError("print ^99999999999999999999", "does not fit in a long");
    assertError("print guid(^xyz)", "is not a guid literal");
    assertError("print bool(^maybe)", "is not a bool literal");
    assertError("print ^0xZZ", "is not a hexadecimal number");
  }

  @Test
  void rejectsStrayCharacters() {
    assertError("T | where x == 1 ^#", "unexpected character '#'");
    assertError("T | where ^!x", "'!x' is not an operator");
    assertError("T | where x ^! y", "KQL has no '!' operator");
    assertError("print x = ^\u0001", "unexpected character '\\u0001'");
  }

  @Test
  void rejectsMissingSeparators() {
    assertError("let x = 1\n^T", "expected '|', ';' or the end of the query");
    assertError("T | where a ^b", "expected '|', ';' or the end of the query");
    assertError("T ^)", "no '(' is open here");
    assertError("^;T", "expected a statement before ';'");
    assertError("T;^;", "expected a statement before ';'");
  }

  @Test
  void rejectsDoublePrefixOperators() {
    assertError("print - ^-1", "cannot follow another prefix");
  }

  @Test
  void rejectsBadOperatorParameters() {
    assertError("T | join kind=^cross (U) on A", "'cross' is not a join kind");
    assertError("T | lookup kind=^rightouter (U) on A", "'rightouter' is not a lookup kind");
    assertError("union kind=^left T, U", "'left' is not a union kind");
    assertError("T | parse kind=^fancy x with * \"a\" y", "'fancy' is not a parse kind");
    assertError("T | join (U) ^", "expected 'on'");
  }

  @Test
  void rejectsBadTypesAndDefinitions() {
    assertError("print datatable(a:^int64x)[1]", "'int64x' is not a KQL type");
    assertError("let f = (a:long) ^T;", "expected '{' to open the function body");
    assertError(
        "let f = (a:long) { T ;^", "expected '}' to close the function body opened at 1:18");
    assertError("print datatable(a:long, b:string)^[1]", "do not fill whole rows");
    assertError(
        "let f = (p:long) { p in (1, 2);\nT\n| where f(x)\n^",
        "expected '}' to close the function body opened at 1:18");
    assertError(
        "print datatable^[1]", "expected '(' and the column declarations after 'datatable'");
    assertError("print datatable(a:long)[^f(x)]", "a datatable value must be a literal");
  }

  @Test
  void rejectsDeepNestingWithoutOverflowingTheStack() {
    String deep = "print " + "(".repeat(5000) + "1" + ")".repeat(5000);
    DiagnosticException e =
        catchThrowableOfType(() -> KqlParser.parse(deep), DiagnosticException.class);
    assertThat(e.first().message()).contains("nested too deeply");
  }
}
