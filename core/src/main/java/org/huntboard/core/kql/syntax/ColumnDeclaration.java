package org.huntboard.core.kql.syntax;

/** {@code name:type}, in a {@code datatable} header or a tabular parameter's schema. */
public record ColumnDeclaration(String name, ScalarType type, Span span)
    implements SyntaxNode.Part {}
