package org.huntboard.core.kql.syntax;

/**
 * One column of {@code mv-expand}: {@code [Name =] expr [to typeof(type)]}; {@code toType} is null
 * when not given (the expanded values stay dynamic).
 */
public record MvExpandItem(NamedExpression column, ScalarType toType, Span span)
    implements SyntaxNode.Part {}
