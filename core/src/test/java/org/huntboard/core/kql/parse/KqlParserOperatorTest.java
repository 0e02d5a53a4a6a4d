package org.huntboard.core.kql.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.huntboard.core.kql.syntax.BinaryOperator;
import org.huntboard.core.kql.syntax.ColumnDeclaration;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.Expression.FunctionCall;
import org.huntboard.core.kql.syntax.Expression.Literal;
import org.huntboard.core.kql.syntax.Expression.NameReference;
import org.huntboard.core.kql.syntax.FunctionParameter;
import org.huntboard.core.kql.syntax.MvExpandItem;
import org.huntboard.core.kql.syntax.NamedExpression;
import org.huntboard.core.kql.syntax.OperatorParameter;
import org.huntboard.core.kql.syntax.ParsePatternPart;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.kql.syntax.SortKey;
import org.huntboard.core.kql.syntax.Span;
import org.huntboard.core.kql.syntax.Statement;
import org.junit.jupiter.api.Test;

/** Statements and every tabular operator parse into the expected nodes. */
class KqlParserOperatorTest {

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

  static FunctionCall call(String n, Expression... args) {
    return new FunctionCall(n, List.of(args), N);
  }

  static OperatorParameter param(String n, String word) {
    return new OperatorParameter(n, name(word), N);
  }

  /** The operator of the last step of the body of {@code kql}. */
  static QueryOperator lastOperator(String kql) {
    Expression body = KqlParser.parse(kql).body().orElseThrow().expression();
    if (body instanceof Expression.Pipe p) {
      return p.operator();
    }
    return ((Expression.OperatorSource) body).operator();
  }

  @Test
  void parsesStatementsSeparatedBySemicolons() {
    Query q = KqlParser.parse("set notruncation;\nlet x = 1;\n\nlet T2 = T | take 1;\n\nT2;");
    assertThat(q.statements())
        .containsExactly(
            new Statement.SetOptionStatement("notruncation", null, N),
            new Statement.LetStatement("x", lng(1), N),
            new Statement.LetStatement(
                "T2",
                new Expression.Pipe(name("T"), new QueryOperator.Take("take", lng(1), N), N),
                N),
            new Statement.ExpressionStatement(name("T2"), N));
    assertThat(KqlParser.parse("set querytrace = true; T").statements().get(0))
        .isEqualTo(
            new Statement.SetOptionStatement(
                "querytrace", new Literal(ScalarType.BOOL, true, N), N));
    assertThat(KqlParser.parse("").statements()).isEmpty();
    assertThat(KqlParser.parse("  // only a comment\n").statements()).isEmpty();
  }

  @Test
  void parsesLetOfDatatable() {
    Statement.LetStatement let =
        KqlParser.parse("let D = datatable(a:string, b:long)['x', 1, 'y', 2,];").lets().get(0);
    assertThat(let.value())
        .isEqualTo(
            new Expression.DataTable(
                List.of(
                    new ColumnDeclaration("a", ScalarType.STRING, N),
                    new ColumnDeclaration("b", ScalarType.LONG, N)),
                List.of(str("x"), lng(1), str("y"), lng(2)),
                N));
  }

  @Test
  void parsesFunctionsWithTypedScalarAndTabularParameters() {
    Statement.LetStatement let =
        KqlParser.parse(
                "let f = (t:(x:string, y:long), u:(*), n:long, s:string = 'd') {"
                    + " let k = 1; t | where y > n };")
            .lets()
            .get(0);
    Expression.FunctionDefinition f = (Expression.FunctionDefinition) let.value();
    assertThat(f.view()).isFalse();
    assertThat(f.parameters())
        .containsExactly(
            new FunctionParameter(
                "t",
                null,
                List.of(
                    new ColumnDeclaration("x", ScalarType.STRING, N),
                    new ColumnDeclaration("y", ScalarType.LONG, N)),
                null,
                N),
            new FunctionParameter("u", null, List.of(), null, N),
            new FunctionParameter("n", ScalarType.LONG, null, null, N),
            new FunctionParameter("s", ScalarType.STRING, null, str("d"), N));
    assertThat(f.body()).hasSize(2);
    Expression.FunctionDefinition view =
        (Expression.FunctionDefinition)
            KqlParser.parse("let v = view () { T | take 5 };").lets().get(0).value();
    assertThat(view.view()).isTrue();
    assertThat(view.parameters()).isEmpty();
    assertThat(KqlParser.parse("let f = () { 1 }; print f()").lets()).hasSize(1);
  }

  @Test
  void letOfParenthesizedExpressionIsNotAFunction() {
    assertThat(KqlParser.parse("let x = (1 + 2);").lets().get(0).value())
        .isInstanceOf(Expression.Parenthesized.class);
  }

  @Test
  void parsesPipelineSources() {
    assertThat(lastOperator("union kind=outer withsource=Src isfuzzy=true T, (U | take 1), V*"))
        .isEqualTo(
            new QueryOperator.Union(
                List.of(
                    param("kind", "outer"),
                    param("withsource", "Src"),
                    new OperatorParameter("isfuzzy", new Literal(ScalarType.BOOL, true, N), N)),
                List.of(
                    name("T"),
                    new Expression.Pipe(name("U"), new QueryOperator.Take("take", lng(1), N), N),
                    new Expression.NamePattern("V*", N)),
                N));
    assertThat(lastOperator("print a = 1, 'b'"))
        .isEqualTo(
            new QueryOperator.Print(
                List.of(NamedExpression.of("a", lng(1)), NamedExpression.of(str("b"))), N));
    assertThat(lastOperator("range x from 1 to 10 step 2"))
        .isEqualTo(new QueryOperator.Range("x", lng(1), lng(10), lng(2), N));
    assertThat(KqlParser.parse("datatable(a:long)[1] | count").body().orElseThrow().expression())
        .isInstanceOf(Expression.Pipe.class);
  }

  @Test
  void parsesFilteringAndProjection() {
    assertThat(lastOperator("T | filter x"))
        .isEqualTo(new QueryOperator.Where("filter", name("x"), N));
    assertThat(lastOperator("T | project a, b = c + 1, (x, y) = f(z)"))
        .isEqualTo(
            new QueryOperator.Project(
                List.of(
                    NamedExpression.of(name("a")),
                    NamedExpression.of(
                        "b", new Expression.Binary(BinaryOperator.ADD, name("c"), lng(1), N)),
                    new NamedExpression(List.of("x", "y"), call("f", name("z")), N)),
                N));
    assertThat(lastOperator("T | project-away Initiating*, *Id, Report"))
        .isEqualTo(
            new QueryOperator.ProjectAway(
                List.of(
                    new Expression.NamePattern("Initiating*", N),
                    new Expression.NamePattern("*Id", N),
                    name("Report")),
                N));
    assertThat(lastOperator("T | project-keep A*, ['b c']"))
        .isEqualTo(
            new QueryOperator.ProjectKeep(
                List.of(new Expression.NamePattern("A*", N), name("b c")), N));
    assertThat(lastOperator("T | project-rename New = Old, ['x y'] = z"))
        .isEqualTo(
            new QueryOperator.ProjectRename(
                List.of(
                    NamedExpression.of("New", name("Old")), NamedExpression.of("x y", name("z"))),
                N));
    assertThat(lastOperator("T | project-reorder B desc, A*, C asc"))
        .isEqualTo(
            new QueryOperator.ProjectReorder(
                List.of(
                    new SortKey(name("B"), SortKey.Direction.DESC, null, N),
                    new SortKey(new Expression.NamePattern("A*", N), null, null, N),
                    new SortKey(name("C"), SortKey.Direction.ASC, null, N)),
                N));
    assertThat(lastOperator("T | extend x = 1, strlen(s)"))
        .isEqualTo(
            new QueryOperator.Extend(
                List.of(
                    NamedExpression.of("x", lng(1)), NamedExpression.of(call("strlen", name("s")))),
                N));
  }

  @Test
  void parsesSummarize() {
    assertThat(
            lastOperator(
                "T | summarize hint.strategy=shuffle Count = count(), dcount(x) by k, bin(t, 1h)"))
        .isEqualTo(
            new QueryOperator.Summarize(
                List.of(param("hint.strategy", "shuffle")),
                List.of(
                    NamedExpression.of("Count", call("count")),
                    NamedExpression.of(call("dcount", name("x")))),
                List.of(
                    NamedExpression.of(name("k")),
                    NamedExpression.of(
                        call(
                            "bin",
                            name("t"),
                            new Literal(ScalarType.TIMESPAN, Duration.ofHours(1), N)))),
                N));
    assertThat(lastOperator("T | summarize by k"))
        .isEqualTo(
            new QueryOperator.Summarize(
                List.of(), List.of(), List.of(NamedExpression.of(name("k"))), N));
    assertThat(lastOperator("T | summarize arg_max(t, *) by k"))
        .isEqualTo(
            new QueryOperator.Summarize(
                List.of(),
                List.of(NamedExpression.of(call("arg_max", name("t"), new Expression.Star(N)))),
                List.of(NamedExpression.of(name("k"))),
                N));
  }

  @Test
  void parsesDistinctSortTopTakeCount() {
    assertThat(lastOperator("T | distinct *"))
        .isEqualTo(new QueryOperator.Distinct(List.of(new Expression.Star(N)), N));
    assertThat(lastOperator("T | distinct a, b"))
        .isEqualTo(new QueryOperator.Distinct(List.of(name("a"), name("b")), N));
    assertThat(lastOperator("T | order by a asc nulls last, b nulls first, c"))
        .isEqualTo(
            new QueryOperator.Sort(
                "order",
                List.of(
                    new SortKey(name("a"), SortKey.Direction.ASC, SortKey.Nulls.LAST, N),
                    new SortKey(name("b"), null, SortKey.Nulls.FIRST, N),
                    new SortKey(name("c"), null, null, N)),
                N));
    assertThat(lastOperator("T | sort by a desc"))
        .isEqualTo(
            new QueryOperator.Sort(
                "sort", List.of(new SortKey(name("a"), SortKey.Direction.DESC, null, N)), N));
    assertThat(lastOperator("T | top 5 by a asc"))
        .isEqualTo(
            new QueryOperator.Top(
                lng(5), new SortKey(name("a"), SortKey.Direction.ASC, null, N), N));
    assertThat(lastOperator("T | limit 3")).isEqualTo(new QueryOperator.Take("limit", lng(3), N));
    assertThat(lastOperator("T | count")).isEqualTo(new QueryOperator.Count(N));
  }

  @Test
  void parsesJoinAndLookup() {
    for (String kind :
        List.of(
            "innerunique",
            "inner",
            "leftouter",
            "rightouter",
            "fullouter",
            "leftsemi",
            "leftanti",
            "anti",
            "leftantisemi",
            "rightsemi",
            "rightanti",
            "rightantisemi")) {
      QueryOperator.Join join =
          (QueryOperator.Join) lastOperator("T | join kind=" + kind + " (U) on Key");
      assertThat(join.parameters()).containsExactly(param("kind", kind));
      assertThat(join.right()).isEqualTo(name("U"));
      assertThat(join.on()).containsExactly(name("Key"));
    }
    assertThat(
            lastOperator(
                "T | join hint.strategy=broadcast (U | where x) on $left.A == $right.B, C"))
        .isEqualTo(
            new QueryOperator.Join(
                List.of(param("hint.strategy", "broadcast")),
                new Expression.Pipe(name("U"), new QueryOperator.Where("where", name("x"), N), N),
                List.of(
                    new Expression.Binary(
                        BinaryOperator.EQUAL,
                        new Expression.Path(name("$left"), "A", N),
                        new Expression.Path(name("$right"), "B", N),
                        N),
                    name("C")),
                N));
    assertThat(lastOperator("T | join U on A")).isInstanceOf(QueryOperator.Join.class);
    assertThat(lastOperator("T | lookup kind=inner (U) on A"))
        .isEqualTo(
            new QueryOperator.Lookup(
                List.of(param("kind", "inner")), name("U"), List.of(name("A")), N));
  }

  @Test
  void parsesMvExpandParseAndAs() {
    assertThat(
            lastOperator(
                "T | mv-expand kind=array with_itemindex=i x to typeof(long), y = d.arr limit 10"))
        .isEqualTo(
            new QueryOperator.MvExpand(
                List.of(param("kind", "array"), param("with_itemindex", "i")),
                List.of(
                    new MvExpandItem(NamedExpression.of(name("x")), ScalarType.LONG, N),
                    new MvExpandItem(
                        NamedExpression.of("y", new Expression.Path(name("d"), "arr", N)),
                        null,
                        N)),
                lng(10),
                N));
    assertThat(lastOperator("T | parse kind=regex flags=Ui Text with * \"id=\" Id:long ', ' Rest"))
        .isEqualTo(
            new QueryOperator.Parse(
                false,
                List.of(param("kind", "regex"), param("flags", "Ui")),
                name("Text"),
                List.of(
                    new ParsePatternPart(ParsePatternPart.Kind.STAR, null, null, N),
                    new ParsePatternPart(ParsePatternPart.Kind.LITERAL, "id=", null, N),
                    new ParsePatternPart(ParsePatternPart.Kind.COLUMN, "Id", ScalarType.LONG, N),
                    new ParsePatternPart(ParsePatternPart.Kind.LITERAL, ", ", null, N),
                    new ParsePatternPart(ParsePatternPart.Kind.COLUMN, "Rest", null, N)),
                N));
    QueryOperator.Parse pw =
        (QueryOperator.Parse) lastOperator("T | parse-where kind=relaxed s with 'a' x");
    assertThat(pw.where()).isTrue();
    assertThat(lastOperator("T | parse kind=simple s with 'a' x | take 1"))
        .isInstanceOf(QueryOperator.Take.class);
    assertThat(lastOperator("T | as hint.materialized=true Saved"))
        .isEqualTo(
            new QueryOperator.As(
                List.of(
                    new OperatorParameter(
                        "hint.materialized", new Literal(ScalarType.BOOL, true, N), N)),
                "Saved",
                N));
  }

  @Test
  void parsesListOperandsAndSubqueries() {
    Expression in =
        ((QueryOperator.Where) lastOperator("T | where x in (S | project c)")).predicate();
    assertThat(in)
        .isEqualTo(
            new Expression.In(
                Expression.In.InOperator.IN,
                name("x"),
                List.of(
                    new Expression.Pipe(
                        name("S"),
                        new QueryOperator.Project(List.of(NamedExpression.of(name("c"))), N),
                        N)),
                N));
    Expression dyn =
        ((QueryOperator.Where) lastOperator("T | where x !in (dynamic([1, 2]))")).predicate();
    assertThat(((Expression.In) dyn).values().get(0)).isInstanceOf(Literal.class);
    Expression hasAny =
        ((QueryOperator.Where) lastOperator("T | where x has_any ((S | distinct u))")).predicate();
    assertThat(((Expression.HasAny) hasAny).values().get(0))
        .isInstanceOf(Expression.Parenthesized.class);
    Expression scalar =
        ((QueryOperator.Where) lastOperator("T | where x > toscalar(S | summarize max(y))"))
            .predicate();
    assertThat(((Expression.Binary) scalar).right()).isInstanceOf(FunctionCall.class);
    assertThat(KqlParser.parse("let m = materialize(T | take 1); m").lets()).hasSize(1);
  }

  @Test
  void keywordsAreContextualNames() {
    assertThat(lastOperator("T | project count, kind, by = 1, on, with, from"))
        .isEqualTo(
            new QueryOperator.Project(
                List.of(
                    NamedExpression.of(name("count")),
                    NamedExpression.of(name("kind")),
                    NamedExpression.of("by", lng(1)),
                    NamedExpression.of(name("on")),
                    NamedExpression.of(name("with")),
                    NamedExpression.of(name("from"))),
                N));
    assertThat(lastOperator("T | summarize count() by kind"))
        .isEqualTo(
            new QueryOperator.Summarize(
                List.of(),
                List.of(NamedExpression.of(call("count"))),
                List.of(NamedExpression.of(name("kind"))),
                N));
    assertThat(lastOperator("T | where filter == 'x' and d.where > 1 and let < 2"))
        .isInstanceOf(QueryOperator.Where.class);
    // As in Microsoft's parser, some keywords need brackets as references or as declared names.
    assertThat(KqlSyntaxErrorTest.assertError("T | where ^by == 1", "write ['by']")).isNotNull();
    assertThat(KqlSyntaxErrorTest.assertError("T | project ^asc", "write ['asc']")).isNotNull();
    assertThat(KqlSyntaxErrorTest.assertError("T | extend ^kind = 1", "write ['kind']"))
        .isNotNull();
    assertThat(KqlSyntaxErrorTest.assertError("T | where ^string == 1", "write ['string']"))
        .isNotNull();
    assertThat(lastOperator("T | extend by = 1, in = 2, has = 3"))
        .isInstanceOf(QueryOperator.Extend.class);
    assertThat(KqlParser.parse("let count = 5; print count").lets().get(0).name())
        .isEqualTo("count");
    assertThat(lastOperator("T | parse kind with 'a' x")).isInstanceOf(QueryOperator.Parse.class);
  }

  @Test
  void nodesCarryTheSpansOfTheirText() {
    String text = "let x = 1;\nT | where a == 'b' | project c = x";
    Query q = KqlParser.parse(text);
    Statement.LetStatement let = q.lets().get(0);
    assertThat(text.substring(let.span().start(), let.span().end())).isEqualTo("let x = 1");
    Expression.Pipe body = (Expression.Pipe) q.body().orElseThrow().expression();
    QueryOperator.Project project = (QueryOperator.Project) body.operator();
    assertThat(text.substring(project.span().start(), project.span().end()))
        .isEqualTo("project c = x");
    NamedExpression column = project.columns().get(0);
    assertThat(text.substring(column.span().start(), column.span().end())).isEqualTo("c = x");
    QueryOperator.Where where = (QueryOperator.Where) ((Expression.Pipe) body.source()).operator();
    Expression predicate = where.predicate();
    assertThat(text.substring(predicate.span().start(), predicate.span().end()))
        .isEqualTo("a == 'b'");
    Expression right = ((Expression.Binary) predicate).right();
    assertThat(text.substring(right.span().start(), right.span().end())).isEqualTo("'b'");
    assertThat(text.substring(body.span().start(), body.span().end()))
        .isEqualTo("T | where a == 'b' | project c = x");
  }

  @Test
  void windowsLineEndsParseLikeUnixOnes() {
    String unix = "let x = 1;\n// note\nT\n| where a == x\n| project a\n";
    assertThat(KqlParser.parse(unix.replace("\n", "\r\n"))).isEqualTo(KqlParser.parse(unix));
  }
}
