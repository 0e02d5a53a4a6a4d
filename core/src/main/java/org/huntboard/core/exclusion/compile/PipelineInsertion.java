package org.huntboard.core.exclusion.compile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.diagnostic.DiagnosticException;
import org.huntboard.core.kql.analyze.BoundQuery;
import org.huntboard.core.kql.analyze.PipelineStep;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.NamedExpression;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.Span;
import org.huntboard.core.kql.syntax.Statement;

/**
 * The pipeline surgery the exclusion compiler needs, on the body of a bound query: insert one
 * operator before the first step that no longer carries given columns, and carry a new column
 * through the later steps that would drop it ({@code summarize} by-keys, {@code project}, {@code
 * distinct}). It works on the binder's per-step schemas and does only what exclusions need; the
 * query rewriter's general forms of the same operations can replace it one for one.
 */
final class PipelineInsertion {

  /** The body's pipeline does not have a shape exclusions can be inserted into. */
  static final String SHAPE = "EXCL-QUERY-SHAPE";

  private PipelineInsertion() {}

  /** Where the step went, and the query with it. */
  record Result(Query query, int insertedBefore) {}

  /**
   * Puts {@code step} before the first operator of the body's pipeline whose output lacks one of
   * {@code columns} (after the last operator when none does), then, when {@code carried} is not
   * null, adds that column to every later {@code summarize ... by}, {@code project} and {@code
   * distinct}.
   */
  static Result insert(
      BoundQuery bound, QueryOperator step, Collection<String> columns, String carried) {
    List<PipelineStep> steps = bound.steps();
    if (steps.isEmpty() || bound.query().body().isEmpty()) {
      throw shape("the query has no tabular body to apply exclusions to");
    }
    int at = steps.size();
    for (int i = 1; i < steps.size(); i++) {
      PipelineStep s = steps.get(i);
      if (s.output() == null || s.input() == null) {
        throw shape(
            "the query's columns could not be worked out at step "
                + i
                + "; fix the query's own errors first");
      }
      boolean drops =
          columns.stream().anyMatch(c -> s.input().hasColumn(c) && !s.output().hasColumn(c));
      if (drops) {
        at = i;
        break;
      }
    }
    for (String c : columns) {
      PipelineStep before = steps.get(at - 1);
      org.huntboard.core.schema.TableSchema schema =
          before.output() != null
              ? before.output()
              : bound.schemaOf(before.expression()).orElse(null);
      if (schema != null && !schema.hasColumn(c)) {
        throw shape(
            "the column "
                + c
                + " an exclusion tests is not in the query's rows at the"
                + " point where the exclusions go");
      }
    }
    List<QueryOperator> operators = new ArrayList<>();
    for (int i = 1; i < steps.size(); i++) {
      operators.add(steps.get(i).operator());
    }
    List<QueryOperator> rewritten = new ArrayList<>(operators.subList(0, at - 1));
    rewritten.add(step);
    for (QueryOperator op : operators.subList(at - 1, operators.size())) {
      rewritten.add(carried == null ? op : carry(op, carried));
    }
    Expression pipeline = sourceOf(steps.get(0).expression());
    for (QueryOperator op : rewritten) {
      pipeline = new Expression.Pipe(pipeline, op, Span.NONE);
    }
    Statement.ExpressionStatement body = bound.query().body().orElseThrow();
    List<Statement> statements = new ArrayList<>();
    for (Statement s : bound.query().statements()) {
      statements.add(s == body ? new Statement.ExpressionStatement(pipeline, body.span()) : s);
    }
    return new Result(new Query(statements, bound.query().span()), at);
  }

  private static Expression sourceOf(Expression e) {
    // The source step's expression is the pipeline's head; unwrap pipes if the binder gave more.
    while (e instanceof Expression.Pipe p) {
      e = p.source();
    }
    return e;
  }

  private static QueryOperator carry(QueryOperator op, String column) {
    NamedExpression named = NamedExpression.of(new Expression.NameReference(column, Span.NONE));
    if (op instanceof QueryOperator.Summarize s) {
      List<NamedExpression> by = new ArrayList<>(s.by());
      by.add(named);
      return new QueryOperator.Summarize(s.parameters(), s.aggregates(), by, s.span());
    }
    if (op instanceof QueryOperator.Project p) {
      List<NamedExpression> cols = new ArrayList<>(p.columns());
      cols.add(named);
      return new QueryOperator.Project(cols, p.span());
    }
    if (op instanceof QueryOperator.Distinct d
        && d.columns().stream().noneMatch(c -> c instanceof Expression.Star)) {
      List<Expression> cols = new ArrayList<>(d.columns());
      cols.add(new Expression.NameReference(column, Span.NONE));
      return new QueryOperator.Distinct(cols, d.span());
    }
    return op;
  }

  private static DiagnosticException shape(String message) {
    return new DiagnosticException(
        new Diagnostic(Diagnostic.Severity.ERROR, SHAPE, message, null, null));
  }
}
