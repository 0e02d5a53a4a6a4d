package org.huntboard.core.kql.analyze;

import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.schema.TableSchema;

/**
 * One step of a query body's pipeline: its source ({@code operator} null, {@code input} null) or
 * one operator with the schema it receives and the schema it produces. {@code expression} is the
 * pipeline up to and including this step ({@link Expression.Pipe} for an operator). A schema is
 * null where it could not be computed (an unknown table upstream).
 */
public record PipelineStep(
    QueryOperator operator, Expression expression, TableSchema input, TableSchema output) {

  /** Whether this is the pipeline's source (a table, let-bound name, datatable...). */
  public boolean isSource() {
    return operator == null;
  }
}
