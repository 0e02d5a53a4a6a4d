package org.huntboard.connectors.local.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.junit.jupiter.api.Test;

/** KQL.md §5.2 (types, nulls, arithmetic), §5.5 (time) and §5.9 (scalar functions). */
class ScalarSemanticsTest {

  @Test
  void stringsHaveNoNull() {
    assertThat(Kql.scalar("tostring(int(null))")).isEqualTo("");
    assertThat(Kql.scalar("isempty('')")).isEqualTo(true);
    assertThat(Kql.scalar("isempty(int(null))")).isEqualTo(true);
    assertThat(Kql.scalar("isnull('')")).isEqualTo(false);
    assertThat(Kql.scalar("isnotempty('a')")).isEqualTo(true);
    assertThat(Kql.scalar("isnotnull(int(null))")).isEqualTo(false);
  }

  @Test
  void nullsAreStickyThroughArithmetic() {
    assertThat(Kql.scalar("int(null) + 1")).isNull();
    assertThat(Kql.scalar("datetime(null) + 1d")).isNull();
  }

  @Test
  void equalityWithNullFollowsTheNullValuesPage() {
    assertThat(Kql.scalar("int(null) == 1")).isEqualTo(false);
    assertThat(Kql.scalar("int(null) != 1")).isEqualTo(true);
    assertThat(Kql.scalar("int(null) == int(null)")).isNull();
    assertThat(
            Kql.rows(
                "datatable(val:int) [5, int(null)]"
                    + " | extend IsBiggerThan3 = val > 3, IsEqualToNull = val == int(null),"
                    + " IsNotEqualToNull = val != int(null)"))
        .containsExactly(
            Arrays.asList(5, true, false, true), Arrays.asList(null, null, null, null));
  }

  @Test
  void logicalOperatorsTreatNullAsFalse() {
    assertThat(Kql.scalar("iff(bool(null) and true, true, false)")).isEqualTo(false);
    assertThat(Kql.scalar("bool(null) or true")).isEqualTo(true);
    assertThat(Kql.scalar("false and bool(null)")).isEqualTo(false);
    assertThat(Kql.scalar("not(bool(null))")).isNull();
    assertThat(Kql.scalar("not(false)")).isEqualTo(true);
    assertThat(Kql.rows("datatable(b:bool) [true, bool(null), false] | where b")).hasSize(1);
  }

  @Test
  void integerArithmeticGivesLongAndTruncates() {
    assertThat(Kql.scalar("1 / 2")).isEqualTo(0L);
    assertThat(Kql.scalar("int(7) * int(3)")).isEqualTo(21L);
    assertThat(Kql.run("print v = int(1) + int(2)").column(0).type().kqlName()).isEqualTo("long");
    assertThat(Kql.scalar("1 / 2.0")).isEqualTo(0.5);
    assertThat(Kql.scalar("1 / 0")).isNull();
  }

  @Test
  void moduloIsNeverNegative() {
    assertThat(Kql.scalar("-14 % 12")).isEqualTo(10L);
    assertThat(Kql.scalar("14 % -12")).isEqualTo(2L);
    assertThat(Kql.scalar("-14.0 % 12")).isEqualTo(10.0);
  }

  @Test
  void datetimeAndTimespanArithmetic() {
    assertThat(Kql.scalar("datetime(2024-01-02) - datetime(2024-01-01)"))
        .isEqualTo(Duration.ofDays(1));
    assertThat(Kql.scalar("datetime(2024-01-01) + 1h"))
        .isEqualTo(Instant.parse("2024-01-01T01:00:00Z"));
    assertThat(Kql.scalar("datetime(2024-01-01) - 1d"))
        .isEqualTo(Instant.parse("2023-12-31T00:00:00Z"));
    assertThat(Kql.scalar("1d / 1s")).isEqualTo(86400.0);
    assertThat(Kql.scalar("3 * 1s")).isEqualTo(Duration.ofSeconds(3));
    assertThat(Kql.scalar("1h / 2")).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void nowAndAgoArePinnedToTheClock() {
    assertThat(Kql.scalar("now()")).isEqualTo(Kql.NOW);
    assertThat(Kql.scalar("ago(1d)")).isEqualTo(Kql.NOW.minus(Duration.ofDays(1)));
    assertThat(Kql.scalar("now(-2d)")).isEqualTo(Kql.NOW.minus(Duration.ofDays(2)));
    assertThat(Kql.rows("range i from 1 to 1000 step 1 | extend t = now() | distinct t"))
        .hasSize(1);
    assertThat(Kql.scalar("now() - ago(5d)")).isEqualTo(Duration.ofDays(5));
  }

  @Test
  void queryNowOptionPinsNow() {
    assertThat(Kql.run("set query_now = datetime(2020-01-01); print v = now()").value(0, 0))
        .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
  }

  @Test
  void binRoundsDownLikeFloor() {
    assertThat(Kql.scalar("bin(datetime(1970-05-11 13:45:07), 1d)"))
        .isEqualTo(Instant.parse("1970-05-11T00:00:00Z"));
    assertThat(Kql.scalar("bin(4.5, 1)")).isEqualTo(4.0);
    assertThat(Kql.scalar("bin(-4, 3)")).isEqualTo(-6L);
    assertThat(Kql.scalar("bin(time(16d), 7d)")).isEqualTo(Duration.ofDays(14));
    assertThat(Kql.scalar("bin(5, -1)")).isNull();
    assertThat(Kql.scalar("bin(int(null), 1)")).isNull();
    // 7-day bins count from 0001-01-01 (a Monday), as Kusto's ticks do.
    assertThat(Kql.scalar("bin(datetime(2024-05-10), 7d)"))
        .isEqualTo(Instant.parse("2024-05-06T00:00:00Z"));
  }

  @Test
  void stringFunctions() {
    assertThat(Kql.scalar("tolower('AbC')")).isEqualTo("abc");
    assertThat(Kql.scalar("toupper('AbC')")).isEqualTo("ABC");
    assertThat(Kql.scalar("strcat('a', 1, 'b', 2.5, true)")).isEqualTo("a1b2.5true");
    assertThat(Kql.scalar("strlen('hello')")).isEqualTo(5L);
    assertThat(Kql.scalar("substring('123456', 1, 2)")).isEqualTo("23");
    assertThat(Kql.scalar("substring('123456', 2)")).isEqualTo("3456");
    assertThat(Kql.scalar("tostring(split('aa_bb_cc', '_'))")).isEqualTo("[\"aa\",\"bb\",\"cc\"]");
    assertThat(Kql.scalar("tostring(split('aa_bb_cc', '_', 1))")).isEqualTo("[\"bb\"]");
    assertThat(Kql.scalar("trim(@'[\\s-]+', '-- abc --')")).isEqualTo("abc");
    assertThat(Kql.scalar("trim_start('x', 'xxabcx')")).isEqualTo("abcx");
    assertThat(Kql.scalar("trim_end('x', 'xxabcx')")).isEqualTo("xxabc");
    assertThat(Kql.scalar("extract(@'port=(\\d+)', 1, 'host port=8443 x')")).isEqualTo("8443");
    assertThat(Kql.scalar("extract(@'port=(\\d+)', 1, 'nothing')")).isEqualTo("");
    assertThat(Kql.scalar("extract(@'port=(\\d+)', 1, 'port=1', typeof(long))")).isEqualTo(1L);
    assertThat(Kql.scalar("replace_string('a.b.c', '.', '/')")).isEqualTo("a/b/c");
  }

  @Test
  void conversions() {
    assertThat(Kql.scalar("toint('42')")).isEqualTo(42);
    assertThat(Kql.scalar("toint('x')")).isNull();
    assertThat(Kql.scalar("tolong('42')")).isEqualTo(42L);
    assertThat(Kql.scalar("todouble('1.5')")).isEqualTo(1.5);
    assertThat(Kql.scalar("todatetime('2024-01-01T10:00:00Z')"))
        .isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
    assertThat(Kql.scalar("todatetime('garbage')")).isNull();
    assertThat(Kql.scalar("totimespan('1.02:03:04')"))
        .isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4));
    assertThat(Kql.scalar("tostring(datetime(2024-01-01))"))
        .isEqualTo("2024-01-01T00:00:00.0000000Z");
    assertThat(Kql.scalar("tostring(time(1.02:03:04.5))")).isEqualTo("1.02:03:04.5000000");
  }

  @Test
  void parseJsonKeepsInvalidJsonAsAString() {
    assertThat(Kql.scalar("tostring(parse_json('{\"a\":{\"b\":[1,2]}}').a.b[1])")).isEqualTo("2");
    assertThat(Kql.scalar("tostring(parse_json('{\"a\":1}')['a'])")).isEqualTo("1");
    assertThat(Kql.scalar("tostring(parse_json('not json'))")).isEqualTo("not json");
    assertThat(Kql.scalar("tostring(todynamic('[1,2,3]')[-1])")).isEqualTo("3");
    assertThat(Kql.scalar("parse_json('{\"a\":\"x\"}').a == 'x'")).isEqualTo(true);
  }

  @Test
  void conditionalFunctions() {
    assertThat(Kql.scalar("iff(1 > 2, 'a', 'b')")).isEqualTo("b");
    assertThat(Kql.scalar("iif(bool(null), 'a', 'b')")).isEqualTo("b");
    assertThat(Kql.scalar("case(1 > 2, 'a', 2 > 1, 'b', 'c')")).isEqualTo("b");
    assertThat(Kql.scalar("case(false, 'a', 'c')")).isEqualTo("c");
    assertThat(Kql.scalar("coalesce(int(null), 2, 3)")).isEqualTo(2L);
    assertThat(Kql.scalar("coalesce('', 'x')")).isEqualTo("x");
  }

  @Test
  void dynamicFunctions() {
    assertThat(Kql.scalar("array_length(dynamic([1,2,3]))")).isEqualTo(3L);
    assertThat(Kql.scalar("array_length(dynamic({}))")).isNull();
    assertThat(Kql.scalar("tostring(pack_array(1, 'a', datetime(2024-01-01)))"))
        .isEqualTo("[1,\"a\",\"2024-01-01T00:00:00.0000000Z\"]");
    assertThat(Kql.scalar("tostring(bag_keys(dynamic({'a':1,'b':2})))")).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void dateFunctions() {
    assertThat(
            Kql.scalar(
                "format_datetime(datetime(2015-12-14 02:03:04.12345), 'yyyy-MM-dd [HH:mm:ss.fff]')"))
        .isEqualTo("2015-12-14 [02:03:04.123]");
    assertThat(
            Kql.scalar("format_datetime(datetime(2017-01-29 09:00:05), 'yy-MM-dd [hh:mm:ss tt]')"))
        .isEqualTo("17-01-29 [09:00:05 AM]");
    assertThat(Kql.scalar("startofday(datetime(2017-01-01 10:10:17))"))
        .isEqualTo(Instant.parse("2017-01-01T00:00:00Z"));
    assertThat(Kql.scalar("startofday(datetime(2017-01-01 10:10:17), 1)"))
        .isEqualTo(Instant.parse("2017-01-02T00:00:00Z"));
    assertThat(Kql.scalar("datetime_diff('year', datetime(2017-01-01), datetime(2000-12-31))"))
        .isEqualTo(17L);
    assertThat(Kql.scalar("datetime_diff('quarter', datetime(2017-07-01), datetime(2017-03-30))"))
        .isEqualTo(2L);
    assertThat(Kql.scalar("datetime_diff('month', datetime(2017-01-01), datetime(2015-12-30))"))
        .isEqualTo(13L);
    assertThat(
            Kql.scalar(
                "datetime_diff('week', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59))"))
        .isEqualTo(5L);
    assertThat(
            Kql.scalar(
                "datetime_diff('day', datetime(2017-10-29 00:00), datetime(2017-09-30 23:59))"))
        .isEqualTo(29L);
    assertThat(
            Kql.scalar(
                "datetime_diff('hour', datetime(2017-10-31 01:00), datetime(2017-10-30 23:59))"))
        .isEqualTo(2L);
    assertThat(
            Kql.scalar(
                "datetime_diff('minute', datetime(2017-10-30 23:05:01), datetime(2017-10-30 23:00:59))"))
        .isEqualTo(5L);
    assertThat(
            Kql.scalar(
                "datetime_diff('second', datetime(2017-10-30 23:00:10.100), datetime(2017-10-30 23:00:00.900))"))
        .isEqualTo(10L);
    assertThat(
            Kql.scalar(
                "datetime_diff('millisecond', datetime(2017-10-30 23:00:00.200100), datetime(2017-10-30 23:00:00.100900))"))
        .isEqualTo(100L);
  }

  @Test
  void ipv4Functions() {
    assertThat(Kql.scalar("ipv4_is_private('192.168.1.1')")).isEqualTo(true);
    assertThat(Kql.scalar("ipv4_is_private('172.31.255.255')")).isEqualTo(true);
    assertThat(Kql.scalar("ipv4_is_private('172.32.0.1')")).isEqualTo(false);
    assertThat(Kql.scalar("ipv4_is_private('8.8.8.8')")).isEqualTo(false);
    assertThat(Kql.scalar("ipv4_is_private('not an ip')")).isNull();
    assertThat(Kql.scalar("ipv4_is_in_range('10.1.2.3', '10.1.0.0/16')")).isEqualTo(true);
    assertThat(Kql.scalar("ipv4_is_in_range('192.168.1.1', '192.168.1.255')")).isEqualTo(false);
    assertThat(Kql.scalar("ipv4_is_in_range('192.168.1.1', '192.168.1.1')")).isEqualTo(true);
  }

  @Test
  void unknownFunctionsAndNamesAreLocatedErrors() {
    assertThatThrownBy(() -> Kql.run("print x = 1\n| extend y = nosuchfn(x)"))
        .isInstanceOf(DiagnosticException.class)
        .satisfies(
            e -> {
              var d = ((DiagnosticException) e).first();
              assertThat(d.code()).isEqualTo("KQL-UNKNOWN-FUNCTION");
              assertThat(d.location().line()).isEqualTo(2);
              assertThat(d.location().column()).isEqualTo(14);
            });
    assertThatThrownBy(() -> Kql.run("print x = 1 | where Bogus == 2"))
        .isInstanceOf(DiagnosticException.class)
        .hasMessageContaining("1:21")
        .hasMessageContaining("'Bogus' does not refer to any known column");
    assertThatThrownBy(() -> Kql.run("print x = 1 | where x > 5 and Bogus == 2"))
        .as("a wrong name fails even when no row reaches it")
        .hasMessageContaining("'Bogus'");
    assertThatThrownBy(() -> Kql.run("NoSuchTable | take 1"))
        .isInstanceOf(DiagnosticException.class)
        .hasMessageContaining("'NoSuchTable'");
  }

  @Test
  void letBindsScalarsTablesAndFunctions() {
    assertThat(
            Kql.rows(
                "let n = 2; let T = range i from 1 to 5 step 1;"
                    + " let f = (x:long, y:long = 10) { x * y };"
                    + " let g = (t:(i:long), k:long) { t | where i > k };"
                    + " g(T, n) | extend p = f(i), q = f(i, 2) | take 1"))
        .containsExactly(List.of(3L, 30L, 6L));
    assertThat(
            Kql.rows(
                "let Recent = datatable(a:long) [1, 2, 3] | where a > 1;"
                    + " Recent | summarize s = sum(a)"))
        .containsExactly(List.of(5L));
    assertThat(Kql.rows("let x = 1; let f = () { let x = 2; x }; print a = x, b = f()"))
        .containsExactly(List.of(1L, 2L));
    assertThat(Kql.rows("let v = toscalar(range i from 1 to 4 step 1 | count); print v"))
        .containsExactly(List.of(4L));
  }
}
