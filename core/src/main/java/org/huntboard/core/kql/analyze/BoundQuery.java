package org.huntboard.core.kql.analyze;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huntboard.core.diagnostic.Diagnostic;
import org.huntboard.core.kql.syntax.Expression;
import org.huntboard.core.kql.syntax.Query;
import org.huntboard.core.kql.syntax.QueryOperator;
import org.huntboard.core.kql.syntax.ScalarType;
import org.huntboard.core.schema.TableSchema;

/**
 * A query after name resolution: its problems, the schema it returns, the schema before and after
 * every operator, and the type of every scalar expression.
 *
 * <p>Lookups are by node identity, not by equality: syntax nodes compare equal regardless of where
 * they are, so two identical {@code | where} steps are still two steps here.
 */
public final class BoundQuery {

  private final Query query;
  private final List<Diagnostic> diagnostics;
  private final TableSchema resultSchema;
  private final Map<Expression, ScalarType> types;
  private final Map<Expression, TableSchema> tabularSchemas;
  private final Map<QueryOperator, TableSchema> inputs;
  private final Map<QueryOperator, TableSchema> outputs;
  private final List<PipelineStep> steps;
  private final List<Expression.NameReference> tableReferences;

  BoundQuery(
      Query query,
      List<Diagnostic> diagnostics,
      TableSchema resultSchema,
      IdentityHashMap<Expression, ScalarType> types,
      IdentityHashMap<Expression, TableSchema> tabularSchemas,
      IdentityHashMap<QueryOperator, TableSchema> inputs,
      IdentityHashMap<QueryOperator, TableSchema> outputs,
      List<PipelineStep> steps,
      List<Expression.NameReference> tableReferences) {
    this.query = query;
    this.diagnostics = List.copyOf(diagnostics);
    this.resultSchema = resultSchema;
    this.types = types;
    this.tabularSchemas = tabularSchemas;
    this.inputs = inputs;
    this.outputs = outputs;
    this.steps = List.copyOf(steps);
    this.tableReferences = List.copyOf(tableReferences);
  }

  /** The query that was bound. */
  public Query query() {
    return query;
  }

  /** Every problem found, in source order of discovery. */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /** The problems of severity error. */
  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /** The columns the query returns; null when binding found an error or the body is not tabular. */
  public TableSchema resultSchema() {
    return resultSchema;
  }

  /** The scalar type of an expression of this query (by identity), when it is known. */
  public Optional<ScalarType> typeOf(Expression expression) {
    return Optional.ofNullable(types.get(expression));
  }

  /** The schema of a tabular expression of this query (by identity), when it is known. */
  public Optional<TableSchema> schemaOf(Expression expression) {
    return Optional.ofNullable(tabularSchemas.get(expression));
  }

  /** The schema an operator receives. */
  public Optional<TableSchema> schemaBefore(QueryOperator operator) {
    return Optional.ofNullable(inputs.get(operator));
  }

  /** The schema an operator produces. */
  public Optional<TableSchema> schemaAfter(QueryOperator operator) {
    return Optional.ofNullable(outputs.get(operator));
  }

  /**
   * The pipeline of the query's body, source first: {@code T | where ... | summarize ...} gives
   * three steps.
   */
  public List<PipelineStep> steps() {
    return steps;
  }

  /** Every name in the query that resolved to a table of the catalog, in binding order. */
  public List<Expression.NameReference> tableReferences() {
    return tableReferences;
  }
}
