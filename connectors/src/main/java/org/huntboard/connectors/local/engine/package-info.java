/**
 * The embedded KQL engine: {@link org.huntboard.connectors.local.engine.KqlEngine} runs a parsed
 * query over a {@link org.huntboard.connectors.local.engine.Database} with the semantics written
 * down in Huntboard's {@code KQL.md}.
 *
 * <p>How it is fast: operators pass relations of stored columns read through selection vectors, so
 * {@code where}, {@code sort} and {@code take} copy no data; a predicate on one dictionary-encoded
 * string column is evaluated once per distinct value; comparisons of a datetime column with
 * constants skip whole chunks by their min/max; {@code summarize} encodes its keys into dense ids
 * (dictionary codes, unboxed longs, directly indexed time bins) and aggregates over whole columns.
 *
 * <p>Decisions where Kusto leaves a choice or cannot be matched exactly:
 *
 * <ul>
 *   <li>{@code join} defaults to {@code innerunique}, keeping the first left row per key in input
 *       order; null keys never match.
 *   <li>{@code dcount} is exact, which equals Kusto's estimate up to 1,000 distinct values.
 *   <li>{@code take} and groups keep input order (first appearance).
 *   <li>A name resolves to a function parameter, then a column, then a let-bound value.
 *   <li>The memory bound counts the bytes a query allocates for intermediate results (a budget, not
 *       live memory); an {@code OutOfMemoryError} inside a query is reported the same way.
 * </ul>
 */
package org.huntboard.connectors.local.engine;
