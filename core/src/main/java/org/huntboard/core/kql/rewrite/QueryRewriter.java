package org.huntboard.core.kql.rewrite;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.diagnostic.SourceText;
import org.huntboard.core.kql.analyze.Binder;
import org.huntboard.core.kql.analyze.BoundQuery;
import org.huntboard.core.kql.analyze.PipelineStep;
import org.huntboard.core.kql.syntax.BinaryOperator;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.NamedExpression;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.kql.syntax.Span;
import org.huntboard.core.kql.syntax.Statement;
import org.huntboard.core.schema.Dialect;
import org.huntboard.core.schema.SchemaCatalog;
import org.huntboard.core.schema.TableSchema;

/**
 * Pure rewrites of a query, the ones a hunt run needs: fix its time window, insert a step (an
 * exclusion's tagging {@code extend}) before the columns it tests are gone, and keep a column
 * through {@code summarize}. Every method returns a new {@link Query} and leaves its argument as it
 * was; nodes that are not touched are the same objects with their spans, new nodes carry {@link
 * Span#NONE}, and a node rebuilt around a changed child keeps its span.
 *
 * <p>A query that cannot be rewritten as asked is a {@link DiagnosticException} with code {@value
 * #CODE} (or the binder's diagnostics when the query does not bind); nothing is guessed.
 */
public final class QueryRewriter {

  /** The diagnostic code of a query that cannot be rewritten as asked. */
  public static final String CODE = "KQL-REWRITE";

  private QueryRewriter() {}

  // ---------------------------------------------------------------------------------------------
  // Time window

  /** Which end of the window a time parameter stands for. */
  public enum TimeRole {
    START,
    END
  }

  /** A top-level {@code let} whose value is recognised as the start or the end of the window. */
  public record TimeParameter(String name, TimeRole role, Statement.LetStatement let) {}

  /**
   * The time parameters of a query, and every use of {@code now()} or {@code ago()} that is not one
   * of them ({@code unrecognised}, the calls themselves).
   */
  public record TimeParameters(
      List<TimeParameter> parameters, List<Expression.FunctionCall> unrecognised) {

    public TimeParameters {
      parameters = List.copyOf(parameters);
      unrecognised = List.copyOf(unrecognised);
    }

    /** Whether the query refers to the current time at all. */
    public boolean usesCurrentTime() {
      return !parameters.isEmpty() || !unrecognised.isEmpty();
    }

    public boolean has(TimeRole role) {
      return parameters.stream().anyMatch(p -> p.role() == role);
    }
  }

  /**
   * Finds the time parameters. Recognised, as the whole value of a top-level {@code let} (extra
   * parentheses allowed):
   *
   * <ul>
   *   <li>{@code now()} — the end of the window;
   *   <li>{@code now(-X)} and {@code ago(X)} with {@code X} a timespan literal of zero or more —
   *       the start of the window.
   * </ul>
   *
   * Any other call of {@code now} or {@code ago} (inside an expression, in the body such as {@code
   * where Timestamp > ago(1d)}, inside a function, {@code now(1h)}, {@code ago(span)} with a
   * computed span) is listed as unrecognised.
   */
  public static TimeParameters timeParameters(Query query) {
    List<TimeParameter> parameters = new ArrayList<>();
    Map<Expression, Boolean> recognisedCalls = new IdentityHashMap<>();
    for (Statement s : query.statements()) {
      if (s instanceof Statement.LetStatement let) {
        Expression value = unwrap(let.value());
        Optional<TimeRole> role = roleOf(value);
        if (role.isPresent()) {
          parameters.add(new TimeParameter(let.name(), role.get(), let));
          recognisedCalls.put(value, Boolean.TRUE);
        }
      }
    }
    List<Expression.FunctionCall> unrecognised = new ArrayList<>();
    TreeMapper.visit(
        query,
        e -> {
          if (e instanceof Expression.FunctionCall f
              && (f.name().equals("now") || f.name().equals("ago"))
              && !recognisedCalls.containsKey(f)) {
            unrecognised.add(f);
          }
        });
    return new TimeParameters(parameters, unrecognised);
  }

  private static Optional<TimeRole> roleOf(Expression value) {
    if (!(value instanceof Expression.FunctionCall f)) {
      return Optional.empty();
    }
    List<Expression> args = f.arguments();
    if (f.name().equals("now")) {
      if (args.isEmpty()) {
        return Optional.of(TimeRole.END);
      }
      if (args.size() == 1) {
        Expression a = unwrap(args.get(0));
        if (a instanceof Expression.Unary u
            && u.operator() == Expression.Unary.UnaryOperator.MINUS
            && timespan(unwrap(u.operand())).filter(d -> !d.isNegative()).isPresent()) {
          return Optional.of(TimeRole.START);
        }
        if (timespan(a).filter(Duration::isNegative).isPresent()) {
          return Optional.of(TimeRole.START);
        }
      }
      return Optional.empty();
    }
    if (f.name().equals("ago") && args.size() == 1) {
      if (timespan(unwrap(args.get(0))).filter(d -> !d.isNegative()).isPresent()) {
        return Optional.of(TimeRole.START);
      }
    }
    return Optional.empty();
  }

  private static Optional<Duration> timespan(Expression e) {
    return e instanceof Expression.Literal l
            && l.type() == ScalarType.TIMESPAN
            && l.value() instanceof Duration d
        ? Optional.of(d)
        : Optional.empty();
  }

  private static Expression unwrap(Expression e) {
    while (e instanceof Expression.Parenthesized p) {
      e = p.inner();
    }
    return e;
  }

  /**
   * Replaces the value of each time parameter ({@link #timeParameters}) with a {@code
   * datetime(...)} literal: start parameters become {@code start}, end parameters {@code end}. The
   * seed's {@code let Time_start = now(-5d); let Time_end = now();} becomes {@code let Time_start =
   * datetime(2026-...); let Time_end = datetime(2026-...);}.
   *
   * @throws DiagnosticException if the query uses {@code now()} or {@code ago()} in any other way
   *     (its result would then not depend on the window alone), or has no time parameter at all
   * @throws IllegalArgumentException unless {@code start} is before {@code end}
   */
  public static Query bindTimeWindow(Query query, Instant start, Instant end) {
    return bindTimeWindow(query, start, end, null);
  }

  /** {@link #bindTimeWindow(Query, Instant, Instant)}, with problems located in {@code source}. */
  public static Query bindTimeWindow(Query query, Instant start, Instant end, SourceText source) {
    checkWindow(start, end);
    TimeParameters found = timeParameters(query);
    if (!found.unrecognised().isEmpty()) {
      List<Diagnostic> problems = new ArrayList<>();
      for (Expression.FunctionCall f : found.unrecognised()) {
        problems.add(
            problem(
                "cannot bind the time window: "
                    + f.name()
                    + "(...) is used outside 'let Name = now();', 'let Name = now(-X);' or"
                    + " 'let Name = ago(X);'",
                f.span(),
                source));
      }
      throw new DiagnosticException(problems);
    }
    if (found.parameters().isEmpty()) {
      throw new DiagnosticException(
          problem(
              "the query has no time parameters (let Name = now(-X); / now();); add a time filter"
                  + " instead",
              Span.NONE,
              source));
    }
    Map<Statement, TimeRole> roles = new IdentityHashMap<>();
    found.parameters().forEach(p -> roles.put(p.let(), p.role()));
    List<Statement> statements = new ArrayList<>();
    for (Statement s : query.statements()) {
      TimeRole role = roles.get(s);
      if (role == null) {
        statements.add(s);
      } else {
        Statement.LetStatement let = (Statement.LetStatement) s;
        statements.add(
            new Statement.LetStatement(
                let.name(), datetime(role == TimeRole.START ? start : end), let.span()));
      }
    }
    return new Query(statements, query.span());
  }

  /**
   * Puts {@code | where <time> >= datetime(start) and <time> < datetime(end)} right after every
   * reference to a table of the catalog (the body's source and tables in lets, joins, unions and
   * sub-queries alike), {@code <time>} being the dialect's time column.
   *
   * @throws DiagnosticException if the query does not bind, a table lacks the time column, or a
   *     union names tables by a wildcard (those legs cannot be filtered one by one)
   */
  public static Query addTimeFilter(
      Query query, SchemaCatalog catalog, Dialect dialect, Instant start, Instant end) {
    checkWindow(start, end);
    BoundQuery bound = bindOrThrow(query, catalog);
    TreeMapper.visit(
        query,
        e -> {
          if (e instanceof Expression.Pipe p
              && p.operator() instanceof QueryOperator.Union u
              && u.legs().stream().anyMatch(Expression.NamePattern.class::isInstance)) {
            throw new DiagnosticException(
                problem(
                    "cannot add a time filter to a union over a table name pattern",
                    u.span(),
                    null));
          }
          if (e instanceof Expression.OperatorSource o
              && o.operator() instanceof QueryOperator.Union u
              && u.legs().stream().anyMatch(Expression.NamePattern.class::isInstance)) {
            throw new DiagnosticException(
                problem(
                    "cannot add a time filter to a union over a table name pattern",
                    u.span(),
                    null));
          }
        });
    String time = dialect.timeColumn();
    Map<Expression, Boolean> references = new IdentityHashMap<>();
    for (Expression.NameReference ref : bound.tableReferences()) {
      TableSchema table = catalog.table(ref.name()).orElseThrow();
      if (!table.hasColumn(time)) {
        throw new DiagnosticException(
            problem(
                "table " + ref.name() + " has no column " + time + " to filter the window on",
                ref.span(),
                null));
      }
      references.put(ref, Boolean.TRUE);
    }
    return new TreeMapper(
            e ->
                references.containsKey(e)
                    ? new Expression.Pipe(
                        e,
                        new QueryOperator.Where("where", window(time, start, end), Span.NONE),
                        Span.NONE)
                    : e)
        .query(query);
  }

  /**
   * Restricts a query to {@code [start, end)}: binds its time parameters when it has a start and an
   * end parameter, or adds the time filter when it does not use the current time at all.
   *
   * @throws DiagnosticException in every other case (a start without an end, {@code ago()} in the
   *     body...), rather than guess what the author meant
   */
  public static Query restrictToWindow(
      Query query, SchemaCatalog catalog, Dialect dialect, Instant start, Instant end) {
    TimeParameters found = timeParameters(query);
    if (!found.usesCurrentTime()) {
      return addTimeFilter(query, catalog, dialect, start, end);
    }
    if (found.unrecognised().isEmpty() && !(found.has(TimeRole.START) && found.has(TimeRole.END))) {
      throw new DiagnosticException(
          problem(
              "the query has a "
                  + (found.has(TimeRole.START) ? "start" : "end")
                  + " time parameter but no "
                  + (found.has(TimeRole.START) ? "end" : "start")
                  + "; its window cannot be bound exactly",
              found.parameters().get(0).let().span(),
              null));
    }
    return bindTimeWindow(query, start, end);
  }

  private static Expression window(String column, Instant start, Instant end) {
    return new Expression.Binary(
        BinaryOperator.AND,
        new Expression.Binary(
            BinaryOperator.GREATER_OR_EQUAL,
            new Expression.NameReference(column, Span.NONE),
            datetime(start),
            Span.NONE),
        new Expression.Binary(
            BinaryOperator.LESS,
            new Expression.NameReference(column, Span.NONE),
            datetime(end),
            Span.NONE),
        Span.NONE);
  }

  private static Expression.Literal datetime(Instant instant) {
    return new Expression.Literal(ScalarType.DATETIME, instant, Span.NONE);
  }

  private static void checkWindow(Instant start, Instant end) {
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("window start " + start + " is not before its end " + end);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Pipeline steps

  /**
   * Inserts {@code step} into the body's pipeline right before the first operator after which one
   * of {@code columns} is gone (for the seed query and {@code InitiatingProcessCommandLine}: right
   * before {@code summarize}); when every step keeps them all, appends it at the end. Schemas come
   * from {@link Binder}.
   *
   * @throws DiagnosticException if the query does not bind, or its source lacks one of the columns
   */
  public static Query insertBeforeFirstDropping(
      Query query, SchemaCatalog catalog, Collection<String> columns, QueryOperator step) {
    return insertBefore(query, catalog, columns, step, false);
  }

  /**
   * As {@link #insertBeforeFirstDropping}, but never later than the first {@code summarize}: a
   * column computed on the source's rows (an exclusion's tag) must exist where the rows are
   * grouped, even when it tests only columns the {@code summarize} keeps as its keys.
   */
  public static Query insertBeforeFirstDroppingOrGrouping(
      Query query, SchemaCatalog catalog, Collection<String> columns, QueryOperator step) {
    return insertBefore(query, catalog, columns, step, true);
  }

  private static Query insertBefore(
      Query query,
      SchemaCatalog catalog,
      Collection<String> columns,
      QueryOperator step,
      boolean beforeGrouping) {
    BoundQuery bound = bindOrThrow(query, catalog);
    List<PipelineStep> steps = bound.steps();
    if (steps.isEmpty()) {
      throw new DiagnosticException(
          problem("the query has no body to insert into", Span.NONE, null));
    }
    PipelineStep source = steps.get(0);
    Set<String> missing = missing(source.output(), columns);
    if (!missing.isEmpty()) {
      throw new DiagnosticException(
          problem(
              "the query's source does not have the column(s) " + String.join(", ", missing),
              source.expression().span(),
              null));
    }
    Expression.Pipe before = null;
    for (PipelineStep s : steps.subList(1, steps.size())) {
      boolean grouping = beforeGrouping && s.operator() instanceof QueryOperator.Summarize;
      if (grouping || !missing(s.output(), columns).isEmpty()) {
        before = (Expression.Pipe) s.expression();
        break;
      }
    }
    Statement.ExpressionStatement body = bound.query().body().orElseThrow();
    if (before == null) {
      Expression whole = body.expression();
      return replaceBody(query, body, new Expression.Pipe(whole, step, Span.NONE));
    }
    Expression.Pipe target = before;
    return new TreeMapper(
            e ->
                e == target
                    ? new Expression.Pipe(
                        new Expression.Pipe(target.source(), step, Span.NONE),
                        target.operator(),
                        target.span())
                    : e)
        .query(query);
  }

  private static Set<String> missing(TableSchema schema, Collection<String> columns) {
    Set<String> missing = new LinkedHashSet<>();
    for (String c : columns) {
      if (schema == null || !schema.hasColumn(c)) {
        missing.add(c);
      }
    }
    return missing;
  }

  /**
   * Adds {@code column} to the {@code by} keys of the <em>first</em> {@code summarize} of the
   * body's pipeline (the one closest to the source). The first, because that is where the rows that
   * carry the column are grouped: a step inserted by {@link #insertBeforeFirstDropping} stands
   * right before it, and a later summarize only sees the first one's output. A query that already
   * groups by the column is returned as it is.
   *
   * @throws DiagnosticException if the body's pipeline has no {@code summarize}
   */
  public static Query addSummarizeKey(Query query, String column) {
    Statement.ExpressionStatement body =
        query
            .body()
            .orElseThrow(
                () -> new DiagnosticException(problem("the query has no body", Span.NONE, null)));
    List<Expression.Pipe> chain = new ArrayList<>();
    Expression e = unwrap(body.expression());
    while (e instanceof Expression.Pipe p) {
      chain.add(0, p);
      e = p.source();
    }
    for (Expression.Pipe p : chain) {
      if (p.operator() instanceof QueryOperator.Summarize s) {
        for (NamedExpression key : s.by()) {
          boolean same =
              key.name().map(column::equals).orElse(false)
                  || key.names().isEmpty()
                      && key.expression() instanceof Expression.NameReference n
                      && n.name().equals(column);
          if (same) {
            return query;
          }
        }
        List<NamedExpression> by = new ArrayList<>(s.by());
        by.add(
            new NamedExpression(
                List.of(), new Expression.NameReference(column, Span.NONE), Span.NONE));
        QueryOperator.Summarize grouped =
            new QueryOperator.Summarize(s.parameters(), s.aggregates(), by, s.span());
        return new TreeMapper(x -> x == p ? new Expression.Pipe(p.source(), grouped, p.span()) : x)
            .query(query);
      }
    }
    throw new DiagnosticException(
        problem(
            "the query's pipeline has no summarize to add '" + column + "' to", Span.NONE, null));
  }

  private static Query replaceBody(
      Query query, Statement.ExpressionStatement body, Expression replacement) {
    List<Statement> statements = new ArrayList<>();
    for (Statement s : query.statements()) {
      statements.add(s == body ? new Statement.ExpressionStatement(replacement, body.span()) : s);
    }
    return new Query(statements, query.span());
  }

  private static BoundQuery bindOrThrow(Query query, SchemaCatalog catalog) {
    BoundQuery bound = Binder.bind(query, catalog);
    if (bound.hasErrors()) {
      throw new DiagnosticException(bound.errors());
    }
    return bound;
  }

  private static Diagnostic problem(String message, Span span, SourceText source) {
    if (source != null && span.isKnown()) {
      return new Diagnostic(
          Diagnostic.Severity.ERROR,
          CODE,
          message,
          source.location(span.start()),
          source.caretExcerpt(span.start()));
    }
    return new Diagnostic(Diagnostic.Severity.ERROR, CODE, message, null, null);
  }
}
