/**
 * The KQL binder: {@link org.huntboard.core.kql.analyze.Binder} resolves the names of a parsed
 * query against a {@link org.huntboard.core.schema.SchemaCatalog}, types every expression and
 * computes the schema after every pipeline step with Kusto's naming rules; the result is a {@link
 * org.huntboard.core.kql.analyze.BoundQuery}. Unknown tables, columns and functions are located
 * diagnostics with "did you mean" suggestions.
 */
package org.huntboard.core.kql.analyze;
