package org.huntboard.core.kql.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.analyze.Binder;
import org.huntboard.core.kql.analyze.BoundQuery;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.render.KqlRenderer;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.kql.syntax.Statement;
import org.huntboard.core.schema.ColumnSchema;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class QueryRewriterTest {

  static final SchemaCatalog DEFENDER = SchemaCatalog.builtIn(Dialect.DEFENDER);
  static final Instant START = Instant.parse("2026-11-28T00:00:00Z");
  static final Instant END = Instant.parse("2026-12-03T00:00:00Z");

  static String seedQuery() throws IOException {
    String shared = System.getProperty("huntboard.shared.dir");
    Path file =
        shared == null ? null : Path.of(shared, "data", "seed", "tigervnc-network-connection.yaml");
    Assumptions.assumeTrue(
        file != null && Files.exists(file),
        "the seed rule (huntboard.shared.dir/data/seed) is absent, so it cannot be rewritten");
    Map<String, Object> rule = new Yaml().load(Files.readString(file));
    return (String) rule.get("query");
  }

  /** Renders, parses again and binds: what a connector would send must be valid KQL. */
  static Query roundTrip(Query q) {
    Query again = KqlParser.parse(KqlRenderer.render(q));
    assertThat(again).isEqualTo(q);
    assertThat(Binder.bind(again, DEFENDER).diagnostics()).isEmpty();
    return again;
  }

  // --- time window

  @Test
  void seedWithAWindowBecomesTheDatetimeForm() throws IOException {
    String seed = seedQuery();
    Query original = KqlParser.parse(seed);
    Query bound = QueryRewriter.bindTimeWindow(original, START, END);
    String expected =
        seed.replace("now(-5d)", "datetime(2026-11-28T00:00:00Z)")
            .replace("now()", "datetime(2026-12-03T00:00:00Z)");
    assertThat(bound).isEqualTo(KqlParser.parse(expected));
    assertThat(KqlRenderer.render(bound))
        .contains("let Time_start = datetime(2026-11-28")
        .contains("let Time_end = datetime(2026-12-03")
        .doesNotContain("now(");
    roundTrip(bound);
    // The input is left as it was, and the untouched body is the very same node.
    assertThat(original).isEqualTo(KqlParser.parse(seed));
    assertThat(bound.statements().get(2)).isSameAs(original.statements().get(2));
    assertThat(bound.statements().get(0).span().start())
        .isEqualTo(original.statements().get(0).span().start());
  }

  @Test
  void agoAndNowMinusBindTheStartAndNowTheEnd() {
    Query q =
        KqlParser.parse(
            "let from = ago(7d);\nlet back = now(-(1h));\nlet until = now();\n"
                + "DeviceNetworkEvents | where Timestamp between (from .. until) and Timestamp > back");
    QueryRewriter.TimeParameters found = QueryRewriter.timeParameters(q);
    assertThat(found.parameters())
        .extracting(QueryRewriter.TimeParameter::name, QueryRewriter.TimeParameter::role)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("from", QueryRewriter.TimeRole.START),
            org.assertj.core.groups.Tuple.tuple("back", QueryRewriter.TimeRole.START),
            org.assertj.core.groups.Tuple.tuple("until", QueryRewriter.TimeRole.END));
    Query bound = QueryRewriter.bindTimeWindow(q, START, END);
    assertThat(KqlRenderer.render(bound)).doesNotContain("ago(").doesNotContain("now(");
    roundTrip(bound);
  }

  @Test
  void otherUsesOfTheCurrentTimeAreReportedWithTheirPlace() {
    String text = "let Time_end = now();\nDeviceNetworkEvents\n| where Timestamp > ago(1d)";
    SourceText source = new SourceText("q.kql", text);
    DiagnosticException e =
        catchThrowableOfType(
            () -> QueryRewriter.bindTimeWindow(KqlParser.parse(source), START, END, source),
            DiagnosticException.class);
    assertThat(e.diagnostics()).hasSize(1);
    assertThat(e.first().code()).isEqualTo(QueryRewriter.CODE);
    assertThat(e.first().message()).contains("ago(...)");
    assertThat(e.first().location().toString()).isEqualTo("q.kql:3:21");
  }

  @Test
  void computedOffsetsAreNotGuessed() {
    Query q = KqlParser.parse("let lookback = 5d; let s = now(-lookback); DeviceNetworkEvents");
    assertThat(QueryRewriter.timeParameters(q).unrecognised()).hasSize(1);
    assertThatThrownBy(() -> QueryRewriter.bindTimeWindow(q, START, END))
        .isInstanceOf(DiagnosticException.class);
  }

  @Test
  void queryWithoutTimeParametersGetsAFilterAfterEveryTable() {
    Query q =
        KqlParser.parse(
            "let certs = DeviceFileCertificateInfo | where Signer has 'X' | distinct SHA1;\n"
                + "DeviceNetworkEvents | where InitiatingProcessSHA1 in (certs) | summarize count()");
    Query filtered = QueryRewriter.restrictToWindow(q, DEFENDER, Dialect.DEFENDER, START, END);
    String window =
        "| where Timestamp >= datetime(2026-11-28T00:00:00Z)"
            + " and Timestamp < datetime(2026-12-03T00:00:00Z) ";
    assertThat(filtered)
        .isEqualTo(
            KqlParser.parse(
                "let certs = DeviceFileCertificateInfo "
                    + window
                    + "| where Signer has 'X' | distinct SHA1;\n"
                    + "DeviceNetworkEvents "
                    + window
                    + "| where InitiatingProcessSHA1 in (certs) | summarize count()"));
    roundTrip(filtered);
  }

  @Test
  void sentinelFilterUsesTimeGenerated() {
    Query q = KqlParser.parse("DeviceProcessEvents | take 10");
    Query filtered =
        QueryRewriter.addTimeFilter(
            q, SchemaCatalog.builtIn(Dialect.SENTINEL), Dialect.SENTINEL, START, END);
    assertThat(KqlRenderer.render(filtered))
        .contains("TimeGenerated >= datetime(2026-11-28")
        .contains("TimeGenerated < datetime(2026-12-03");
  }

  @Test
  void startWithoutEndIsReportedNotGuessed() {
    Query q = KqlParser.parse("let s = ago(1d); DeviceNetworkEvents | where Timestamp > s");
    assertThatThrownBy(
            () -> QueryRewriter.restrictToWindow(q, DEFENDER, Dialect.DEFENDER, START, END))
        .isInstanceOf(DiagnosticException.class)
        .hasMessageContaining("no end");
  }

  // --- insert before, summarize key

  static QueryOperator whereNotHas(String column, String value) {
    return ((Expression.Pipe) body(KqlParser.parse("T | where " + column + " !has " + value)))
        .operator();
  }

  static Expression body(Query q) {
    return ((Statement.ExpressionStatement) q.body().orElseThrow()).expression();
  }

  @Test
  void insertsRightBeforeTheSummarizeThatDropsTheColumn() throws IOException {
    String seed = seedQuery();
    Query q = KqlParser.parse(seed);
    QueryOperator step = whereNotHas("InitiatingProcessCommandLine", "'-service'");
    Query inserted =
        QueryRewriter.insertBeforeFirstDropping(
            q, DEFENDER, List.of("InitiatingProcessCommandLine"), step);
    String expected =
        seed.replace(
            "| summarize", "| where InitiatingProcessCommandLine !has '-service'\n| summarize");
    assertThat(inserted).isEqualTo(KqlParser.parse(expected));
    roundTrip(inserted);
    Expression.Pipe summarize = (Expression.Pipe) body(inserted);
    assertThat(summarize.operator()).isInstanceOf(QueryOperator.Summarize.class);
    assertThat(((Expression.Pipe) summarize.source()).operator()).isSameAs(step);
    // The summarize itself is untouched: same node, same span.
    assertThat(summarize.operator()).isSameAs(((Expression.Pipe) body(q)).operator());
  }

  @Test
  void appendsAtTheEndWhenEveryStepKeepsTheColumns() throws IOException {
    Query q = KqlParser.parse(seedQuery());
    QueryOperator step = whereNotHas("DeviceName", "'lab'");
    Query inserted =
        QueryRewriter.insertBeforeFirstDropping(q, DEFENDER, List.of("DeviceName"), step);
    Expression.Pipe last = (Expression.Pipe) body(inserted);
    assertThat(last.operator()).isSameAs(step);
    assertThat(last.source()).isSameAs(body(q));
  }

  @Test
  void insertingAColumnTheSourceLacksIsAnError() {
    Query q = KqlParser.parse("DeviceNetworkEvents | take 1");
    assertThatThrownBy(
            () ->
                QueryRewriter.insertBeforeFirstDropping(
                    q, DEFENDER, List.of("AccountUpn"), whereNotHas("AccountUpn", "'x'")))
        .isInstanceOf(DiagnosticException.class)
        .hasMessageContaining("AccountUpn");
  }

  @Test
  void addsAKeyToTheFirstSummarize() {
    Query q =
        KqlParser.parse(
            "DeviceNetworkEvents | summarize n = count() by DeviceName, RemoteUrl"
                + " | summarize sum(n) by DeviceName");
    Query keyed = QueryRewriter.addSummarizeKey(q, "RemotePort");
    assertThat(keyed)
        .isEqualTo(
            KqlParser.parse(
                "DeviceNetworkEvents | summarize n = count() by DeviceName, RemoteUrl, RemotePort"
                    + " | summarize sum(n) by DeviceName"));
    assertThat(QueryRewriter.addSummarizeKey(keyed, "RemotePort")).isSameAs(keyed);
    assertThatThrownBy(
            () -> QueryRewriter.addSummarizeKey(KqlParser.parse("DeviceNetworkEvents"), "X"))
        .isInstanceOf(DiagnosticException.class);
  }

  @Test
  void exclusionTagFlowsThroughTheSeedQuery() throws IOException {
    Query q = QueryRewriter.bindTimeWindow(KqlParser.parse(seedQuery()), START, END);
    QueryOperator tag =
        ((Expression.Pipe)
                body(
                    KqlParser.parse(
                        "T | extend HuntboardExclusion = case("
                            + "InitiatingProcessParentFileName =~ 'taskeng.exe', 'ex-1',"
                            + " InitiatingProcessCommandLine contains 'schtasks', 'ex-2', '')")))
            .operator();
    Query tagged =
        QueryRewriter.insertBeforeFirstDropping(
            q,
            DEFENDER,
            List.of("InitiatingProcessParentFileName", "InitiatingProcessCommandLine"),
            tag);
    Query grouped = QueryRewriter.addSummarizeKey(tagged, "HuntboardExclusion");
    BoundQuery bound = Binder.bind(roundTrip(grouped), DEFENDER);
    assertThat(bound.resultSchema().columns())
        .startsWith(
            new ColumnSchema("DeviceId", ScalarType.STRING),
            new ColumnSchema("DeviceName", ScalarType.STRING),
            new ColumnSchema("RemoteUrl", ScalarType.STRING),
            new ColumnSchema("HuntboardExclusion", ScalarType.STRING));
  }
}
