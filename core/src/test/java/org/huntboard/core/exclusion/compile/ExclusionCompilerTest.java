package org.huntboard.core.exclusion.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.exclusion.ExclusionFilter;
import org.huntboard.core.exclusion.condition.Condition;
import org.huntboard.core.exclusion.condition.FilterParser;
import org.huntboard.core.exclusion.file.ExclusionFile;
import org.huntboard.core.exclusion.file.ExclusionFileLoader;
import org.huntboard.core.exclusion.testing.SeedScenarios;
import org.huntboard.core.exclusion.testing.TigerVnc;
import org.huntboard.core.kql.analyze.Binder;
import org.huntboard.core.kql.analyze.BoundQuery;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.junit.jupiter.api.Test;

class ExclusionCompilerTest {

  private record Filter(String id, Condition conditions) implements ExclusionFilter {}

  private static Filter ex(String id, String filter) {
    return new Filter(id, FilterParser.parse(filter));
  }

  @Test
  void tagsRowsBeforeTheSummarizeAndKeepsTheTagAsAKey() {
    CompiledQuery c =
        ExclusionCompiler.compile(
            TigerVnc.QUERY,
            List.of(
                ex("ex-1", "process.parent_process_name == \"backupsvc\""),
                ex("ex-2", "process.command_line contains \"schtasks\" or user.name =~ 'svc'")),
            Dialect.DEFENDER,
            CompileForm.TAGGED);
    String text = c.text();
    assertThat(text)
        .contains(
            "| extend HuntboardExclusion = case(InitiatingProcessParentFileName == \"backupsvc\","
                + " \"ex-1\", InitiatingProcessCommandLine contains \"schtasks\" or"
                + " InitiatingProcessAccountName =~ \"svc\", \"ex-2\", \"\")");
    assertThat(text.indexOf("HuntboardExclusion = case")).isLessThan(text.indexOf("summarize"));
    assertThat(text).containsPattern("by DeviceId, DeviceName, RemoteUrl, HuntboardExclusion\\s*$");
    BoundQuery bound = Binder.bind(KqlParser.parse(text), SchemaCatalog.builtIn(Dialect.DEFENDER));
    assertThat(bound.errors()).isEmpty();
    assertThat(bound.resultSchema().columnNames())
        .containsExactly(
            "DeviceId",
            "DeviceName",
            "RemoteUrl",
            "HuntboardExclusion",
            "FirstSeen",
            "LastSeen",
            "Report",
            "Count");
  }

  @Test
  void tagsRowsBeforeTheSummarizeWhenTheExclusionTestsOnlyItsKeys() {
    // What an exclusion made from a detection looks like: its grouping values, which the
    // summarize keeps, so no step before it drops a tested column.
    CompiledQuery c =
        ExclusionCompiler.compile(
            TigerVnc.QUERY,
            List.of(ex("ex-1", "DeviceName == \"ws-1\" and RemoteUrl == \"a.example\"")),
            Dialect.DEFENDER,
            CompileForm.TAGGED);
    String text = c.text();
    assertThat(text.indexOf("HuntboardExclusion = case")).isLessThan(text.indexOf("summarize"));
    assertThat(text).containsPattern("by DeviceId, DeviceName, RemoteUrl, HuntboardExclusion\\s*$");
    BoundQuery bound = Binder.bind(KqlParser.parse(text), SchemaCatalog.builtIn(Dialect.DEFENDER));
    assertThat(bound.errors()).isEmpty();
    assertThat(bound.resultSchema().hasColumn("HuntboardExclusion")).isTrue();
  }

  @Test
  void plainFormFiltersTheExcludedRowsOut() {
    CompiledQuery c =
        ExclusionCompiler.compile(
            TigerVnc.QUERY,
            List.of(
                ex(
                    "ex-1",
                    "process.parent_process_name == \"mstsc.exe\" or process.command_line contains \"mstsc\""),
                ex("ex-2", "destination.port == 5900 and destination.ip startswith '10.'")),
            Dialect.SENTINEL,
            CompileForm.PLAIN);
    assertThat(c.text())
        .contains(
            "| where not((InitiatingProcessParentFileName == \"mstsc.exe\" or"
                + " InitiatingProcessCommandLine contains \"mstsc\") or RemotePort == 5900 and"
                + " RemoteIP startswith \"10.\")")
        .doesNotContain("HuntboardExclusion");
  }

  @Test
  void compilesEverySeedScenarioIntoTheTigerVncQueryInBothDialectsAndForms() {
    ExclusionFile seed = SeedScenarios.load();
    for (Dialect dialect : Dialect.values()) {
      for (CompileForm form : CompileForm.values()) {
        CompiledQuery c =
            ExclusionCompiler.compile(TigerVnc.QUERY, seed.exclusions(), dialect, form);
        Query reparsed = KqlParser.parse(c.text());
        assertThat(reparsed).isEqualTo(c.query());
        assertThat(Binder.bind(reparsed, SchemaCatalog.builtIn(dialect)).errors())
            .as(dialect + " " + form + "\n" + c.text())
            .isEmpty();
      }
    }
  }

  @Test
  void keepsKustoCaseRulesForEachOperator() {
    String[][] cases = {
      {"process.name == 'A.exe'", "InitiatingProcessFileName == \"A.exe\""},
      {"process.name =~ 'A.exe'", "InitiatingProcessFileName =~ \"A.exe\""},
      {"process.name !~ 'A.exe'", "InitiatingProcessFileName !~ \"A.exe\""},
      {"process.name in ('a', 'B')", "InitiatingProcessFileName in (\"a\", \"B\")"},
      {"process.name in~ ('a', 'B')", "InitiatingProcessFileName in~ (\"a\", \"B\")"},
      {"process.name !in ('a')", "InitiatingProcessFileName !in (\"a\")"},
      {"process.command_line has 'x'", "InitiatingProcessCommandLine has \"x\""},
      {"process.command_line !contains 'x'", "InitiatingProcessCommandLine !contains \"x\""},
      {
        "process.command_line matches regex '^a\\\\d+'",
        "InitiatingProcessCommandLine matches regex \"^a\\\\d+\""
      },
      {"destination.port in (80, 443)", "RemotePort in (80, 443)"},
      {"destination.port contains '44'", "tostring(RemotePort) contains \"44\""},
      {"not(host.name endswith '.lab')", "not(DeviceName endswith \".lab\")"},
    };
    for (String[] c : cases) {
      CompiledQuery q =
          ExclusionCompiler.compile(
              TigerVnc.QUERY, List.of(ex("e", c[0])), Dialect.DEFENDER, CompileForm.PLAIN);
      assertThat(q.text()).as(c[0]).contains("| where not(" + c[1] + ")");
    }
  }

  @Test
  void aValueCannotChangeTheShapeOfTheQuery() {
    String hostile = "x\" or 1==1 | project-away * //\n; let y = 1";
    CompiledQuery q =
        ExclusionCompiler.compile(
            TigerVnc.QUERY,
            List.of(
                new Filter(
                    "e",
                    Condition.Comparison.of(
                        "process.command_line",
                        org.huntboard.core.exclusion.condition.ComparisonOperator.CONTAINS,
                        hostile))),
            Dialect.DEFENDER,
            CompileForm.TAGGED);
    Query reparsed = KqlParser.parse(q.text());
    assertThat(reparsed.statements()).hasSize(3);
    Expression.FunctionCall kase = caseCall(reparsed);
    Expression.Binary predicate = (Expression.Binary) kase.arguments().get(0);
    assertThat(((Expression.Literal) predicate.right()).value()).isEqualTo(hostile);
  }

  @Test
  void refusesAnUnknownFieldWithItsPlaceInTheExclusionsFile() {
    String yaml = "- name: Typo\n  description: d\n  filter: process.comandline contains 'x'\n";
    ExclusionFile file = ExclusionFileLoader.load(new SourceText("exclusions.yaml", yaml));
    Throwable t =
        catchThrowable(
            () ->
                ExclusionCompiler.compile(
                    TigerVnc.QUERY, file.exclusions(), Dialect.DEFENDER, CompileForm.TAGGED));
    Diagnostic d = ((DiagnosticException) t).first();
    assertThat(d.code()).isEqualTo(ConditionTranslator.UNKNOWN_FIELD);
    assertThat(d.headline())
        .isEqualTo(
            "exclusions.yaml:3:11: unknown field process.comandline for DeviceNetworkEvents; did"
                + " you mean process.command_line?");
  }

  @Test
  void refusesANumberColumnComparedWithText() {
    Throwable t =
        catchThrowable(
            () ->
                ExclusionCompiler.compile(
                    TigerVnc.QUERY,
                    List.of(ex("e", "destination.port == 'vnc'")),
                    Dialect.DEFENDER,
                    CompileForm.TAGGED));
    assertThat(((DiagnosticException) t).first().message())
        .isEqualTo("RemotePort holds numbers (int), and \"vnc\" is not one");
  }

  @Test
  void refusesAQueryThatDropsTheTagAfterwards() {
    for (String query :
        List.of(
            "DeviceNetworkEvents | summarize c = count() by DeviceName | project c",
            "DeviceNetworkEvents | summarize c = count() by DeviceName | count")) {
      Throwable t =
          catchThrowable(
              () ->
                  ExclusionCompiler.compile(
                      query,
                      List.of(ex("e", "host.name == 'x'")),
                      Dialect.DEFENDER,
                      CompileForm.TAGGED));
      assertThat(((DiagnosticException) t).first().code()).as(query).isEqualTo("EXCL-QUERY-SHAPE");
      // The plain form has no tag to keep.
      assertThat(
              ExclusionCompiler.compile(
                      query,
                      List.of(ex("e", "host.name == 'x'")),
                      Dialect.DEFENDER,
                      CompileForm.PLAIN)
                  .text())
          .contains("| where not(DeviceName == \"x\")");
    }
  }

  @Test
  void appendsWhenNoStepDropsTheTestedColumns() {
    CompiledQuery q =
        ExclusionCompiler.compile(
            "DeviceNetworkEvents | where RemotePort == 5900",
            List.of(ex("e", "host.name == 'x'")),
            Dialect.DEFENDER,
            CompileForm.PLAIN);
    assertThat(q.text()).endsWith("| where not(DeviceName == \"x\")");
  }

  @Test
  void withoutExclusionsTheQueryIsUnchanged() {
    Query query = KqlParser.parse(TigerVnc.QUERY);
    assertThat(
            ExclusionCompiler.compile(query, List.of(), Dialect.DEFENDER, CompileForm.TAGGED)
                .query())
        .isSameAs(query);
  }

  static Expression.FunctionCall caseCall(Query q) {
    Expression e = q.body().orElseThrow().expression();
    while (e instanceof Expression.Pipe p) {
      if (p.operator() instanceof QueryOperator.Extend x
          && x.columns().get(0).name().orElse("").equals(CompiledQuery.TAG_COLUMN)) {
        return (Expression.FunctionCall) x.columns().get(0).expression();
      }
      e = p.source();
    }
    throw new AssertionError("no HuntboardExclusion step in " + q);
  }
}
