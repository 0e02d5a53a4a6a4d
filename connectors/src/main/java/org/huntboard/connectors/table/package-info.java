/**
 * Typed, columnar, in-memory tables: the storage of the embedded KQL engine and the result type
 * every connector returns.
 *
 * <p>Choices:
 *
 * <ul>
 *   <li>{@code string} columns are dictionary-encoded (int codes into distinct values) and have no
 *       null, as in Kusto: a missing string is {@code ""}.
 *   <li>{@code long}, {@code int}, {@code real}, {@code bool}: primitive arrays and a null bitmap
 *       that is absent when no cell is null.
 *   <li>{@code datetime}: ticks of 100 ns since the Unix epoch, UTC ({@link
 *       org.huntboard.connectors.table.Ticks}); {@code timespan}: ticks. Both are {@link
 *       org.huntboard.connectors.table.LongColumn}s; datetime columns keep per-chunk min/max so
 *       time filters skip chunks.
 *   <li>{@code dynamic}: Jackson trees; {@code guid}: {@link java.util.UUID}; {@code decimal} is
 *       held as {@code real}.
 *   <li>Formatting follows Kusto: {@code 2024-05-01T10:00:00.0000000Z}, {@code 1.02:03:04.5000000}.
 * </ul>
 */
package org.huntboard.connectors.table;
