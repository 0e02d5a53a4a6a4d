package org.huntboard.web.run.service;

import java.time.Instant;
import java.util.UUID;
import org.huntboard.web.tenant.persistence.ConnectorKind;

/**
 * One window of one assignment to run.
 *
 * @param runId the ledger entry of this run
 * @param assignmentId the assignment the window belongs to
 * @param tenantId the tenant whose data is hunted
 * @param ruleId the rule to run
 * @param connector where to run it
 * @param windowStart the start of the window the run accounts for
 * @param windowEnd the end of the window, exclusive; the rule's time range ends here
 * @param queryStart the start of the range the query covers (the end minus the lookback)
 * @param attempt 1 for the first attempt at this window
 */
public record HuntRequest(
    UUID runId,
    UUID assignmentId,
    UUID tenantId,
    String ruleId,
    ConnectorKind connector,
    Instant windowStart,
    Instant windowEnd,
    Instant queryStart,
    int attempt) {}
