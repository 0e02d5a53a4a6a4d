package org.huntboard.core.kql.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.parse.KqlParser;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.kql.syntax.Statement;
import org.huntboard.core.schema.ColumnSchema;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;
import org.junit.jupiter.api.Test;

/** Name resolution, types and Kusto's output naming, one rule per test. */
class BinderTest {

  static final SchemaCatalog CATALOG =
      SchemaCatalog.of(
          List.of(
              new TableSchema(
                  "T",
                  List.of(
                      new ColumnSchema("Timestamp", ScalarType.DATETIME),
                      new ColumnSchema("K", ScalarType.STRING),
                      new ColumnSchema("A", ScalarType.INT),
                      new ColumnSchema("B", ScalarType.LONG),
                      new ColumnSchema("R", ScalarType.REAL),
                      new ColumnSchema("S", ScalarType.STRING),
                      new ColumnSchema("D", ScalarType.DYNAMIC))),
              new TableSchema(
                  "U",
                  List.of(
                      new ColumnSchema("K", ScalarType.STRING),
                      new ColumnSchema("Timestamp", ScalarType.DATETIME),
                      new ColumnSchema("X", ScalarType.LONG))),
              new TableSchema(
                  "V",
                  List.of(
                      new ColumnSchema("K", ScalarType.LONG),
                      new ColumnSchema("Y", ScalarType.STRING)))));

  static BoundQuery bind(String kql) {
    SourceText source = new SourceText("q.kql", kql);
    return Binder.bind(KqlParser.parse(source), CATALOG, source);
  }

  /** The result schema as {@code name:type, ...}, failing with the diagnostics if there is none. */
  static String schema(String kql) {
    BoundQuery b = bind(kql);
    assertThat(b.diagnostics()).as(kql).isEmpty();
    return render(b.resultSchema());
  }

  static String render(TableSchema t) {
    return t.columns().stream().map(ColumnSchema::toString).collect(Collectors.joining(", "));
  }

  static Diagnostic onlyError(String kql) {
    BoundQuery b = bind(kql);
    assertThat(b.errors()).as(kql).hasSize(1);
    assertThat(b.resultSchema()).isNull();
    return b.errors().get(0);
  }

  // --- summarize naming

  @Test
  void countIsNamedCountUnderscoreAndIsLong() {
    assertThat(schema("T | summarize count()")).isEqualTo("count_:long");
  }

  @Test
  void countifIsNamedCountifUnderscore() {
    assertThat(schema("T | summarize countif(A > 1)")).isEqualTo("countif_:long");
  }

  @Test
  void dcountIsNamedAfterItsArgument() {
    assertThat(schema("T | summarize dcount(K)")).isEqualTo("dcount_K:long");
  }

  @Test
  void minMaxSumAvgAreNamedAfterTheirArgument() {
    assertThat(schema("T | summarize min(Timestamp), max(R), sum(A), avg(B)"))
        .isEqualTo("min_Timestamp:datetime, max_R:real, sum_A:long, avg_B:real");
  }

  @Test
  void makeSetAndMakeListGiveDynamicSetAndListColumns() {
    assertThat(schema("T | summarize make_set(K), make_list(A), make_bag(D)"))
        .isEqualTo("set_K:dynamic, list_A:dynamic, bag_D:dynamic");
  }

  @Test
  void otherAggregatesFollowTheirOwnRules() {
    assertThat(
            schema(
                "T | summarize dcountif(K, A > 1), sumif(R, A > 1), take_any(S), any(K),"
                    + " percentile(B, 95), stdev(R), variance(A), make_set_if(K, A > 0)"))
        .isEqualTo(
            "dcountif_K:long, sumif_R:real, S:string, any_K:string, percentile_B_95:long,"
                + " stdev_R:real, variance_A:real, set_K:dynamic");
  }

  @Test
  void summarizePutsByKeysFirstThenAggregatesInOrder() {
    assertThat(schema("T | summarize n = count(), last = max(Timestamp) by K, S"))
        .isEqualTo("K:string, S:string, n:long, last:datetime");
  }

  @Test
  void binByKeyKeepsTheColumnName() {
    assertThat(schema("T | summarize count() by bin(Timestamp, 1h)"))
        .isEqualTo("Timestamp:datetime, count_:long");
  }

  @Test
  void computedByKeyIsColumn1() {
    assertThat(schema("T | summarize count() by tolower(K)"))
        .isEqualTo("Column1:string, count_:long");
  }

  @Test
  void argMaxWithStarGivesKeysThenTheMaximisedColumnThenTheRest() {
    assertThat(schema("U | summarize arg_max(Timestamp, *) by K"))
        .isEqualTo("K:string, Timestamp:datetime, X:long");
    assertThat(schema("T | summarize arg_max(Timestamp, *) by S"))
        .isEqualTo("S:string, Timestamp:datetime, K:string, A:int, B:long, R:real, D:dynamic");
  }

  @Test
  void argMaxWithColumnsGivesThoseColumns() {
    assertThat(schema("T | summarize arg_max(Timestamp, S) by K"))
        .isEqualTo("K:string, Timestamp:datetime, S:string");
    assertThat(schema("T | summarize arg_min(A, S, R)")).isEqualTo("A:int, S:string, R:real");
  }

  @Test
  void aggregateOutsideSummarizeIsAnError() {
    assertThat(onlyError("T | extend n = count()").code()).isEqualTo(Binder.TYPE);
  }

  // --- extend and project

  @Test
  void unnamedExpressionsAreColumn1Column2() {
    assertThat(schema("T | project A + 1, strlen(S), K"))
        .isEqualTo("Column1:long, Column2:long, K:string");
    assertThat(schema("U | extend X * 2, tolower(K)"))
        .isEqualTo("K:string, Timestamp:datetime, X:long, Column1:long, Column2:string");
  }

  @Test
  void extendOfAnExistingColumnMovesItToTheEnd() {
    assertThat(schema("U | extend K = strlen(K)")).isEqualTo("Timestamp:datetime, X:long, K:long");
  }

  @Test
  void extendSeesColumnsDefinedEarlierInTheSameOperator() {
    assertThat(schema("U | extend a = X + 1, b = a * 2.0"))
        .isEqualTo("K:string, Timestamp:datetime, X:long, a:long, b:real");
  }

  @Test
  void projectRenameRenamesInPlace() {
    assertThat(schema("U | project-rename Key = K, When = Timestamp"))
        .isEqualTo("Key:string, When:datetime, X:long");
  }

  @Test
  void projectAwayAcceptsWildcards() {
    assertThat(schema("T | project-away Time*, *S, R"))
        .isEqualTo("K:string, A:int, B:long, D:dynamic");
  }

  @Test
  void projectKeepAndReorder() {
    assertThat(schema("T | project-keep K, Tim*")).isEqualTo("Timestamp:datetime, K:string");
    assertThat(schema("U | project-reorder X, K"))
        .isEqualTo("X:long, K:string, Timestamp:datetime");
  }

  @Test
  void dynamicMemberAccessIsNamedWithUnderscore() {
    assertThat(schema("T | project D.host, D['port']")).isEqualTo("D_host:dynamic, D_port:dynamic");
  }

  // --- other operators

  @Test
  void countOperatorGivesCountLong() {
    assertThat(schema("T | where A > 1 | count")).isEqualTo("Count:long");
  }

  @Test
  void distinctTopSortTakeKeepColumns() {
    assertThat(schema("T | distinct K, S")).isEqualTo("K:string, S:string");
    assertThat(schema("U | top 3 by X | sort by K asc | take 2"))
        .isEqualTo("K:string, Timestamp:datetime, X:long");
    assertThat(schema("U | distinct *")).isEqualTo("K:string, Timestamp:datetime, X:long");
  }

  @Test
  void joinSuffixesCollidingRightColumnsWith1() {
    assertThat(schema("U | join kind=inner (U | project K, X) on K"))
        .isEqualTo("K:string, Timestamp:datetime, X:long, K1:string, X1:long");
    assertThat(schema("U | join (T | project K, Timestamp) on $left.K == $right.K"))
        .isEqualTo("K:string, Timestamp:datetime, X:long, K1:string, Timestamp1:datetime");
  }

  @Test
  void semiAndAntiJoinsReturnOneSide() {
    assertThat(schema("U | join kind=leftsemi (T) on K"))
        .isEqualTo("K:string, Timestamp:datetime, X:long");
    assertThat(schema("U | join kind=rightanti (V | project K = tostring(K), Y) on K"))
        .isEqualTo("K:string, Y:string");
  }

  @Test
  void joinKeyMissingOnOneSideIsLocated() {
    Diagnostic d = onlyError("U | join (V) on $left.K == $right.Z");
    assertThat(d.code()).isEqualTo(Binder.UNKNOWN_COLUMN);
    assertThat(d.message()).contains("'Z'").contains("right side");
    assertThat(d.location().column()).isEqualTo(35);
  }

  @Test
  void lookupDropsTheRightKeys() {
    assertThat(schema("U | lookup (T | project K, S) on K"))
        .isEqualTo("K:string, Timestamp:datetime, X:long, S:string");
  }

  @Test
  void outerUnionSuffixesColumnsWhoseTypesDiffer() {
    assertThat(schema("U | union V"))
        .isEqualTo("K_string:string, K_long:long, Timestamp:datetime, X:long, Y:string");
    assertThat(schema("union withsource=Source U, (U | extend Z = 1)"))
        .isEqualTo("Source:string, K:string, Timestamp:datetime, X:long, Z:long");
  }

  @Test
  void innerUnionKeepsOnlyCommonColumns() {
    assertThat(schema("union kind=inner U, (T | project K, Timestamp, S)"))
        .isEqualTo("K:string, Timestamp:datetime");
  }

  @Test
  void datatableDeclaresItsColumns() {
    assertThat(schema("datatable(URI:string, N:long)['a', 1, 'b', 2] | where N > 1"))
        .isEqualTo("URI:string, N:long");
  }

  @Test
  void mvExpandKeepsTheColumnInPlaceWithItsNewType() {
    assertThat(schema("T | project K, D | mv-expand D to typeof(string)"))
        .isEqualTo("K:string, D:string");
    assertThat(schema("T | project K, D | mv-expand with_itemindex=i e = D"))
        .isEqualTo("K:string, D:dynamic, e:dynamic, i:long");
  }

  @Test
  void parseAddsItsColumns() {
    assertThat(schema("U | parse K with 'id=' Id:long ',' Rest"))
        .isEqualTo("K:string, Timestamp:datetime, X:long, Id:long, Rest:string");
  }

  @Test
  void printNamesUnnamedColumnsPrintN() {
    assertThat(schema("print 1, x = 'a'")).isEqualTo("print_0:long, x:string");
  }

  // --- lets and functions

  @Test
  void letBoundScalarsTablesAndFunctionsResolve() {
    assertThat(
            schema(
                """
                let threshold = 5;
                let recent = U | where X > threshold;
                let scaled = (v:long, factor:real) { v * factor };
                let keys = (t:(K:string)) { t | distinct K };
                recent
                | extend y = scaled(X, 2.5)
                | join kind=leftsemi (keys(T)) on K
                """))
        .isEqualTo("K:string, Timestamp:datetime, X:long, y:real");
  }

  @Test
  void columnsFromATabularLetAreChecked() {
    Diagnostic d =
        onlyError(
            """
            let set = T | distinct Sha;
            U | where K in (set)
            """);
    assertThat(d.code()).isEqualTo(Binder.UNKNOWN_COLUMN);
    assertThat(d.location().line()).isEqualTo(1);
    assertThat(d.location().column()).isEqualTo(24);
  }

  @Test
  void functionCalledWithTheWrongNumberOfArgumentsIsAnError() {
    assertThat(onlyError("let f = (a:long) { a + 1 }; U | extend f(1, 2)").code())
        .isEqualTo(Binder.ARGUMENTS);
    assertThat(onlyError("U | extend strlen(K, K)").code()).isEqualTo(Binder.ARGUMENTS);
  }

  // --- unknown names

  @Test
  void unknownColumnIsLocatedWithASuggestion() {
    Diagnostic d = onlyError("U\n| where Timestamp > ago(1d)\n| project k, X");
    assertThat(d.code()).isEqualTo(Binder.UNKNOWN_COLUMN);
    assertThat(d.message()).contains("'k'").contains("did you mean 'K'?");
    assertThat(d.location().line()).isEqualTo(3);
    assertThat(d.location().column()).isEqualTo(11);
    assertThat(d.format()).endsWith("| project k, X\n          ^");
  }

  @Test
  void unknownTableIsLocatedWithASuggestion() {
    SourceText source = new SourceText("q.kql", "DeviceNetworkEvent | take 1");
    BoundQuery b =
        Binder.bind(KqlParser.parse(source), SchemaCatalog.builtIn(Dialect.DEFENDER), source);
    assertThat(b.errors()).hasSize(1);
    Diagnostic d = b.errors().get(0);
    assertThat(d.code()).isEqualTo(Binder.UNKNOWN_TABLE);
    assertThat(d.message()).contains("did you mean 'DeviceNetworkEvents'?");
    assertThat(d.location().column()).isEqualTo(1);
  }

  @Test
  void unknownFunctionIsLocatedWithASuggestion() {
    Diagnostic d = onlyError("U | extend n = tolowr(K)");
    assertThat(d.code()).isEqualTo(Binder.UNKNOWN_FUNCTION);
    assertThat(d.message()).contains("'tolowr'").contains("did you mean 'tolower'?");
    assertThat(d.location().column()).isEqualTo(16);
  }

  @Test
  void namesAreCaseSensitive() {
    assertThat(onlyError("u | take 1").code()).isEqualTo(Binder.UNKNOWN_TABLE);
    assertThat(onlyError("U | extend ToLower(K)").code()).isEqualTo(Binder.UNKNOWN_FUNCTION);
  }

  @Test
  void namesDependingOnAnUnknownTableAreNotReportedAgain() {
    BoundQuery b = bind("Nope | where a > 1 | summarize count() by b");
    assertThat(b.errors()).extracting(Diagnostic::code).containsExactly(Binder.UNKNOWN_TABLE);
  }

  // --- types

  @Test
  void arithmeticFollowsKustoTyping() {
    assertThat(
            schema(
                "T | project i = A + A, l = A * B, r = B / R, span = Timestamp - Timestamp,"
                    + " later = Timestamp + 1h, ratio = 1d / 1s, scaled = 3 * 1m, neg = -A"))
        .isEqualTo(
            "i:long, l:long, r:real, span:timespan, later:datetime, ratio:real,"
                + " scaled:timespan, neg:int");
  }

  @Test
  void comparingMismatchedTypesIsTolerated() {
    SourceText source =
        new SourceText("q.kql", "DeviceNetworkEvents | where RemotePort == \"443\"");
    BoundQuery b =
        Binder.bind(KqlParser.parse(source), SchemaCatalog.builtIn(Dialect.DEFENDER), source);
    assertThat(b.diagnostics()).isEmpty();
  }

  @Test
  void typeErrorsWhereKustoDefinesNoMeaning() {
    assertThat(onlyError("U | where K").code()).isEqualTo(Binder.TYPE);
    assertThat(onlyError("U | extend K + 1").code()).isEqualTo(Binder.TYPE);
  }

  @Test
  void everyExpressionHasAType() {
    BoundQuery b = bind("U | where X > 1 and K has 'a' | extend n = strlen(K)");
    Expression.Pipe extend = (Expression.Pipe) body(b.query());
    QueryOperator.Extend ext = (QueryOperator.Extend) extend.operator();
    assertThat(b.typeOf(ext.columns().get(0).expression())).contains(ScalarType.LONG);
    QueryOperator.Where where =
        (QueryOperator.Where) ((Expression.Pipe) extend.source()).operator();
    Expression.Binary and = (Expression.Binary) where.predicate();
    assertThat(b.typeOf(and)).contains(ScalarType.BOOL);
    assertThat(b.typeOf(((Expression.Binary) and.left()).left())).contains(ScalarType.LONG);
  }

  @Test
  void schemaAfterEveryStep() {
    BoundQuery b = bind("U | where X > 1 | summarize n = count() by K | extend m = n * 2");
    List<PipelineStep> steps = b.steps();
    assertThat(steps).hasSize(4);
    assertThat(steps.get(0).isSource()).isTrue();
    assertThat(render(steps.get(0).output())).isEqualTo("K:string, Timestamp:datetime, X:long");
    assertThat(render(steps.get(1).output())).isEqualTo("K:string, Timestamp:datetime, X:long");
    assertThat(render(steps.get(2).output())).isEqualTo("K:string, n:long");
    assertThat(render(steps.get(3).input())).isEqualTo("K:string, n:long");
    assertThat(render(b.schemaAfter(steps.get(3).operator()).orElseThrow()))
        .isEqualTo("K:string, n:long, m:long");
  }

  static Expression body(Query q) {
    return ((Statement.ExpressionStatement) q.body().orElseThrow()).expression();
  }
}
