package org.huntboard.web.exclusion.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;
import org.huntboard.web.tenant.persistence.ConnectorKind;

/**
 * A backtest as the API shows it.
 *
 * @param id the backtest's id
 * @param exclusionId the exclusion backtested
 * @param requestedBy who ran it
 * @param createdAt when
 * @param days how many days back from {@code windowEnd} it covered
 * @param windowStart the start of the range the rule ran over
 * @param windowEnd its end (exclusive)
 * @param filterVersion the filter version backtested
 * @param current whether that is still the exclusion's filter version
 * @param connector the tenant's connector it ran on
 * @param queryHash SHA-256 of the KQL sent
 * @param rowsBefore rows the rule produced without the exclusion
 * @param rowsAfter rows left with it
 * @param rowsHidden rows it would hide
 * @param partial the failure class when the connector answered only part, or null
 * @param detectionsClosed the open detections every row of which it would hide: {id, grouping}
 * @param sampleRows some of the rows it would hide
 * @param sampleComplete whether {@code sampleRows} holds all of them
 */
public record BacktestView(
    UUID id,
    UUID exclusionId,
    String requestedBy,
    Instant createdAt,
    int days,
    Instant windowStart,
    Instant windowEnd,
    int filterVersion,
    boolean current,
    ConnectorKind connector,
    String queryHash,
    long rowsBefore,
    long rowsAfter,
    long rowsHidden,
    String partial,
    JsonNode detectionsClosed,
    JsonNode sampleRows,
    boolean sampleComplete) {}
