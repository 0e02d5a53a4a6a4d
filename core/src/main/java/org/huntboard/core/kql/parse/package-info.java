/**
 * Turns KQL text into the syntax tree of {@link org.huntboard.core.kql.syntax}: {@link
 * org.huntboard.core.kql.parse.KqlLexer} makes tokens (kinds named as Kusto names them in {@link
 * org.huntboard.core.kql.parse.SyntaxKind}), {@link org.huntboard.core.kql.parse.KqlParser} is a
 * hand-written recursive-descent parser over them. The first problem is a located {@code
 * KQL-SYNTAX} {@link org.huntboard.core.diagnostic.Diagnostic}; no other exception escapes.
 *
 * <p>Where Kusto's documentation and Microsoft's language service differ on what is valid, the
 * parser follows the service ({@code @kusto/language-service-next} 12.4.1), except that it checks
 * the contents of literals ({@code 1w}, {@code datetime(yesterday)}, {@code kind=cross}), which the
 * service leaves to the server.
 */
package org.huntboard.core.kql.parse;
