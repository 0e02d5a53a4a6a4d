package org.huntboard.connectors.local.engine;

import java.time.Duration;
import org.huntboard.connectors.table.Table;

/**
 * The result of one query: the table, whether Kusto's truncation limits cut it (and why, in Kusto's
 * words), and statistics.
 *
 * @param table the result rows (at most the limits when truncated)
 * @param truncated whether rows were dropped to respect the row or size limit
 * @param truncationReason why, or null when not truncated
 * @param rowsScanned rows read from database tables (after time-range pruning)
 * @param elapsed wall-clock time of the query
 */
public record QueryResult(
    Table table, boolean truncated, String truncationReason, long rowsScanned, Duration elapsed) {}
