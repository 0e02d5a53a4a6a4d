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

/**
 * Name resolution, types and Kusto's output naming, one rule per test. The expected schemas and
 * verdicts are those of Microsoft's binder ({@code @kusto/language-service-next} 12.4.1) for the
 * same queries over the same tables, except where KQL.md follows the documentation instead (an
 * {@code extend} of an existing column moves it to the end; an inner union keeps only the common
 * columns).
 */
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
    assertThat(schema("T | summarize n = count(), latest = max(Timestamp) by K, S"))
        .isEqualTo("K:string, S:string, n:long, latest:datetime");
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
    assertThat(schema("T | project A + 1, tolower(S), K"))
        .isEqualTo("Column1:long, Column2:string, K:string");
    assertThat(schema("U | extend X * 2, tolower(K)"))
        .isEqualTo("K:string, Timestamp:datetime, X:long, Column1:long, Column2:string");
  }

  @Test
  void extendOfAnExistingColumnMovesItToTheEnd() {
    assertThat(schema("U | extend K = strlen(K)")).isEqualTo("Timestamp:datetime, X:long, K:long");
  }

  @Test
  void extendExpressionsSeeTheInputNotTheirSiblings() {
    Diagnostic d = onlyError("U | extend a = X + 1, b = a * 2.0");
    assertThat(d.code()).isEqualTo(Binder.UNKNOWN_COLUMN);
    assertThat(d.location().column()).isEqualTo(27);
  }

  @Test
  void scalarFunctionsNameTheirResultAfterTheArgumentOrWithAPrefix() {
    assertThat(schema("T | project tostring(S), strlen(K), gettype(A), bin(R, 0.5), tolower(K)"))
        .isEqualTo("S:string, strlen_K:long, type_A:string, R:real, Column1:string");
    assertThat(schema("T | project tostring(D.host), ingestion_time()"))
        .isEqualTo("D_host:string, $IngestionTime:datetime");
    assertThat(schema("T | summarize max(strlen(K)), dcount(tolower(K))"))
        .isEqualTo("max_strlen_K:long, dcount_:long");
  }

  @Test
  void generatedNamesThatCollideGetANumber() {
    assertThat(schema("T | project strlen(S), strlen(S)"))
        .isEqualTo("strlen_S:long, strlen_S1:long");
    assertThat(schema("T | summarize count(), count() by A, Column1 = 1, 2"))
        .isEqualTo("A:int, Column1:long, Column11:long, count_:long, count_1:long");
    assertThat(schema("T | summarize arg_min(A, S), arg_max(A, S)"))
        .isEqualTo("A:int, S:string, A1:int, S1:string");
  }

  @Test
  void declaredNamesThatCollideAreAnError() {
    assertThat(onlyError("T | project K, K").code()).isEqualTo(Binder.DUPLICATE_COLUMN);
    assertThat(onlyError("T | project tostring(S), S").code()).isEqualTo(Binder.DUPLICATE_COLUMN);
    assertThat(onlyError("T | summarize x = count() by K, x = S").code())
        .isEqualTo(Binder.DUPLICATE_COLUMN);
    assertThat(onlyError("T | extend A = 1, A = 2").code()).isEqualTo(Binder.DUPLICATE_COLUMN);
  }

  @Test
  void summarizeAggregatesMayNotUseBareColumns() {
    assertThat(onlyError("T | summarize max(A) + A").message())
        .contains("'A'")
        .contains("outside an aggregate");
    assertThat(schema("let k = 2; T | summarize n = count() * k")).isEqualTo("n:long");
  }

  @Test
  void argMaxWithStarAndAListedColumnGivesItOnce() {
    assertThat(schema("T | summarize arg_max(Timestamp, *, K) by K"))
        .isEqualTo("K:string, Timestamp:datetime, A:int, B:long, R:real, S:string, D:dynamic");
    assertThat(schema("T | summarize arg_max(Timestamp, K) by K"))
        .isEqualTo("K:string, Timestamp:datetime, K1:string");
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
            let certs = T | distinct Sha;
            U | where K in (certs)
            """);
    assertThat(d.code()).isEqualTo(Binder.UNKNOWN_COLUMN);
    assertThat(d.location().line()).isEqualTo(1);
    assertThat(d.location().column()).isEqualTo(26);
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
                + " scaled:timespan, neg:long");
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
    assertThat(onlyError("T | where D").code()).isEqualTo(Binder.TYPE);
    assertThat(onlyError("U | extend K + 1").code()).isEqualTo(Binder.TYPE);
    assertThat(onlyError("U | extend K + K").code()).isEqualTo(Binder.TYPE);
    assertThat(onlyError("T | where A and true").code()).isEqualTo(Binder.TYPE);
  }

  @Test
  void relationalOperatorsNeedComparableOperands() {
    assertThat(onlyError("T | where K < 'b'").message())
        .isEqualTo("the operator '<' is not defined for string and string");
    assertThat(onlyError("T | where Timestamp > 1").code()).isEqualTo(Binder.TYPE);
    assertThat(schema("T | where B < R and A >= 1.5 and D > 1 and Timestamp > ago(1h) | count"))
        .isEqualTo("Count:long");
  }

  @Test
  void stringPredicatesNeedStrings() {
    assertThat(onlyError("T | where A has '1'").code()).isEqualTo(Binder.TYPE);
    assertThat(onlyError("T | where K startswith 1").code()).isEqualTo(Binder.TYPE);
    assertThat(onlyError("T | where A has_any ('a')").code()).isEqualTo(Binder.TYPE);
    assertThat(onlyError("T | where S between ('a' .. 'b')").code()).isEqualTo(Binder.TYPE);
    assertThat(schema("T | where D has '1' and K contains S and K in (1, 2) | count"))
        .isEqualTo("Count:long");
  }

  @Test
  void argumentTypesThatKustoInsistsOn() {
    assertThat(onlyError("T | extend x = ago('1d')").message())
        .isEqualTo("function 'ago' needs a timespan as argument 1, not string");
    assertThat(onlyError("T | extend x = iff(K, 1, 2)").code()).isEqualTo(Binder.TYPE);
    assertThat(onlyError("T | extend x = case(A > 1, 1, K, 2, 3)").code()).isEqualTo(Binder.TYPE);
    assertThat(onlyError("T | extend x = array_length(K)").code()).isEqualTo(Binder.TYPE);
    assertThat(onlyError("T | summarize min(D)").code()).isEqualTo(Binder.TYPE);
    assertThat(schema("T | project x = iff(A > 1, 1, 'a'), y = case(A > 1, 1, A > 2, 2.5, 3)"))
        .isEqualTo("x:dynamic, y:real");
  }

  @Test
  void patternsThatMatchNothingAreUnknownColumns() {
    assertThat(onlyError("U | project-away Nope*").code()).isEqualTo(Binder.UNKNOWN_COLUMN);
    assertThat(onlyError("U | project-keep Nope*").code()).isEqualTo(Binder.UNKNOWN_COLUMN);
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
