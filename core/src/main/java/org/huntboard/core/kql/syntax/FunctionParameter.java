package org.huntboard.core.kql.syntax;

import java.util.List;

/**
 * A parameter of a let-bound function: scalar {@code name:type [= default]}, or tabular {@code
 * name:(col:type, ...)} / {@code name:(*)}. For a scalar parameter {@code tabularColumns} is null;
 * for a tabular one {@code type} is null and {@code tabularColumns} lists the required columns
 * (empty for {@code (*)}).
 */
public record FunctionParameter(
    String name,
    ScalarType type,
    List<ColumnDeclaration> tabularColumns,
    Expression defaultValue,
    Span span)
    implements SyntaxNode.Part {

  public FunctionParameter {
    tabularColumns = tabularColumns == null ? null : List.copyOf(tabularColumns);
  }

  public boolean isTabular() {
    return tabularColumns != null;
  }
}
