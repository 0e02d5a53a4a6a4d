package org.huntboard.connectors.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** KQL.md §5.4: term semantics of has and its family, string operators, lists, regex, between. */
class StringPredicateSemanticsTest {

  private static final String KUSTO =
      "'Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun'";

  @ParameterizedTest(name = "has {0} -> {1}")
  @CsvSource({
    "Kusto, true",
    "ad67d136, true",
    "c1db, true",
    "4f9f, true",
    "d94f3b6b0b5a, true",
    "KustoExplorerQueryRun, true",
    "kustoexplorerqueryrun, true",
    "Explorer, false",
    "ad67, false",
    "d136, false",
  })
  void splitsTheDocumentationExampleIntoTerms(String term, boolean expected) {
    assertThat(Kql.scalar(KUSTO + " has '" + term + "'")).isEqualTo(expected);
  }

  @Test
  void containsFindsWhatHasDoesNot() {
    assertThat(Kql.scalar("'KustoExplorerQueryRun' has 'Explorer'")).isEqualTo(false);
    assertThat(Kql.scalar("'KustoExplorerQueryRun' contains 'Explorer'")).isEqualTo(true);
  }

  @Test
  void acceptsPunctuationInTheRightHandSideAtTermBoundaries() {
    String url =
        "'https://management.azure.com/subscriptions/1/resourcegroups/test.rg000001?api=1'";
    assertThat(Kql.scalar(url + " has 'resourcegroups/test.rg000001'")).isEqualTo(true);
    assertThat(Kql.scalar(url + " has '/resourcegroups/test.rg000001?'")).isEqualTo(true);
    assertThat(Kql.scalar(url + " has 'sourcegroups/test.rg000001'")).isEqualTo(false);
    assertThat(Kql.scalar(url + " has 'resourcegroups/test.rg00000'")).isEqualTo(false);
    assertThat(Kql.scalar("'North America' has 'North America'")).isEqualTo(true);
  }

  @Test
  void hasCsIsCaseSensitiveAndNegationsNegate() {
    assertThat(Kql.scalar("'TigerVNC Server' has_cs 'TigerVNC'")).isEqualTo(true);
    assertThat(Kql.scalar("'TigerVNC Server' has_cs 'tigervnc'")).isEqualTo(false);
    assertThat(Kql.scalar("'TigerVNC Server' !has 'tigervnc'")).isEqualTo(false);
    assertThat(Kql.scalar("'TigerVNC Server' !has_cs 'tigervnc'")).isEqualTo(true);
  }

  @Test
  void hasPrefixAndSuffixMatchPartsOfTerms() {
    assertThat(Kql.scalar("'North America' hassuffix 'ica'")).isEqualTo(true);
    assertThat(Kql.scalar("'North America' hasprefix 'Ame'")).isEqualTo(true);
    assertThat(Kql.scalar("'North America' hasprefix 'ica'")).isEqualTo(false);
    assertThat(Kql.scalar("'North America' hassuffix 'Nor'")).isEqualTo(false);
    assertThat(Kql.scalar("'North America' !hasprefix 'ame'")).isEqualTo(false);
    assertThat(Kql.scalar("'North America' hasprefix_cs 'ame'")).isEqualTo(false);
  }

  @Test
  void substringOperatorsAndTheirCaseSensitiveForms() {
    assertThat(Kql.scalar("'tigervnc.exe' startswith 'TIGER'")).isEqualTo(true);
    assertThat(Kql.scalar("'tigervnc.exe' startswith_cs 'TIGER'")).isEqualTo(false);
    assertThat(Kql.scalar("'tigervnc.exe' endswith '.EXE'")).isEqualTo(true);
    assertThat(Kql.scalar("'tigervnc.exe' endswith_cs '.EXE'")).isEqualTo(false);
    assertThat(Kql.scalar("'tigervnc.exe' !contains 'VNC'")).isEqualTo(false);
    assertThat(Kql.scalar("'tigervnc.exe' contains_cs 'VNC'")).isEqualTo(false);
    assertThat(Kql.scalar("'tigervnc.exe' !startswith 'x'")).isEqualTo(true);
  }

  @Test
  void caseInsensitiveOperatorsFoldAsciiOnly() {
    assertThat(Kql.scalar("'İ' =~ 'i'")).isEqualTo(false);
    assertThat(Kql.scalar("'ABC' =~ 'abc'")).isEqualTo(true);
    assertThat(Kql.scalar("'ABC' !~ 'abc'")).isEqualTo(false);
    assertThat(Kql.scalar("'Straße' =~ 'STRASSE'")).isEqualTo(false);
    assertThat(Kql.scalar("'ÄRGER' has 'ärger'")).isEqualTo(false);
    assertThat(Kql.scalar("'ABC' == 'abc'")).isEqualTo(false);
  }

  @Test
  void inListsAreCaseSensitiveUnlessTilde() {
    assertThat(Kql.scalar("'A' in ('a', 'b')")).isEqualTo(false);
    assertThat(Kql.scalar("'A' in~ ('a', 'b')")).isEqualTo(true);
    assertThat(Kql.scalar("'A' !in ('a', 'b')")).isEqualTo(true);
    assertThat(Kql.scalar("'A' !in~ ('a', 'b')")).isEqualTo(false);
    assertThat(Kql.scalar("2 in (1, 2, 3)")).isEqualTo(true);
  }

  @Test
  void inFlattensDynamicArraysAndTakesTheFirstColumnOfATable() {
    assertThat(Kql.scalar("'c' in (dynamic(['a', 'b']), 'c')")).isEqualTo(true);
    assertThat(Kql.scalar("'b' in (dynamic(['a', 'b']))")).isEqualTo(true);
    assertThat(
            Kql.rows(
                "let Allowed = datatable(name:string, other:long) ['x', 1, 'z', 2];"
                    + " datatable(n:string) ['x', 'y', 'z'] | where n in (Allowed) | sort by n asc"))
        .containsExactly(List.of("x"), List.of("z"));
    assertThat(
            Kql.rows(
                "datatable(n:string) ['x', 'y', 'z']"
                    + " | where n !in ((datatable(m:string) ['y'] | project m))"
                    + " | sort by n asc"))
        .containsExactly(List.of("x"), List.of("z"));
  }

  @Test
  void nullLeftHandSideIsNeverInAListAndAlwaysNotInIt() {
    assertThat(Kql.scalar("int(null) in (1, 2)")).isEqualTo(false);
    assertThat(Kql.scalar("int(null) !in (1, 2)")).isEqualTo(true);
  }

  @Test
  void hasAnyAndHasAllUseTermSemantics() {
    assertThat(Kql.scalar("'connect to relay.anydesk.com:443' has_any ('anydesk.com', 'x')"))
        .isEqualTo(true);
    assertThat(Kql.scalar("'myanydesk.com' has_any ('anydesk.com')")).isEqualTo(false);
    assertThat(Kql.scalar("'a b c' has_all ('a', 'c')")).isEqualTo(true);
    assertThat(Kql.scalar("'a b c' has_all ('a', 'd')")).isEqualTo(false);
    assertThat(Kql.scalar("'A B' has_any (dynamic(['x', 'b']))")).isEqualTo(true);
  }

  @Test
  void matchesRegexFindsAnywhereAndIsCaseSensitive() {
    assertThat(Kql.scalar("'abc123def' matches regex @'\\d+'")).isEqualTo(true);
    assertThat(Kql.scalar("'abc' matches regex 'B'")).isEqualTo(false);
    assertThat(Kql.scalar("'abc' matches regex '(?i)B'")).isEqualTo(true);
  }

  @Test
  void betweenIsInclusiveForNumbersDatetimesAndTimespans() {
    assertThat(Kql.scalar("5 between (1 .. 5)")).isEqualTo(true);
    assertThat(Kql.scalar("1 between (1 .. 5)")).isEqualTo(true);
    assertThat(Kql.scalar("6 between (1 .. 5)")).isEqualTo(false);
    assertThat(Kql.scalar("6 !between (1 .. 5)")).isEqualTo(true);
    assertThat(Kql.scalar("1.5 between (1 .. 2)")).isEqualTo(true);
    assertThat(Kql.scalar("2h between (1h .. 2h)")).isEqualTo(true);
    assertThat(Kql.scalar("datetime(2024-01-04) between (datetime(2024-01-01) .. 3d)"))
        .isEqualTo(true);
    assertThat(
            Kql.scalar(
                "datetime(2024-01-04 00:00:00.0000001) between (datetime(2024-01-01) .. 3d)"))
        .isEqualTo(false);
  }

  @Test
  void vectorisedAndRowWiseFiltersAgree() {
    String data =
        "range i from 1 to 3000 step 1"
            + " | extend s = strcat('host-', i % 37, '.Contoso.com'), t = i % 7";
    String[] predicates = {
      "s has 'contoso'",
      "s has '5.contoso'",
      "s hasprefix 'Cont'",
      "s hassuffix 'com'",
      "s contains '-1'",
      "s startswith 'HOST-2'",
      "s endswith '3.contoso.com'",
      "s =~ 'HOST-1.CONTOSO.COM'",
      "s in~ ('host-1.contoso.com', 'host-2.contoso.com')",
      "s has_any ('host', 'x')",
      "s matches regex '-[12]\\\\.'",
      "s !has 'host-3'",
      "isnotempty(s) and s !contains '9'"
    };
    for (String p : predicates) {
      // strcat with an empty substring of another column defeats the per-dictionary path.
      String rowWise = p.replaceFirst("^s |\\(s\\)", "strcat(s, substring(tostring(t), 0, 0)) ");
      if (p.startsWith("isnotempty")) {
        rowWise =
            "isnotempty(strcat(s, substring(tostring(t), 0, 0)))"
                + " and strcat(s, substring(tostring(t), 0, 0)) !contains '9'";
      }
      long fast = (Long) Kql.run(data + " | where " + p + " | count").value(0, 0);
      long slow = (Long) Kql.run(data + " | where " + rowWise + " | count").value(0, 0);
      assertThat(fast).as(p).isEqualTo(slow).isPositive();
    }
  }
}
