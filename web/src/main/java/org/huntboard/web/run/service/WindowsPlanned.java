package org.huntboard.web.run.service;

import java.util.UUID;

/**
 * A CDI event fired after a firing planned an assignment's due windows; {@code backfill} counts the
 * windows that fell due while nothing ran, the gaps the schedule had.
 *
 * @param assignmentId the assignment
 * @param tenantId its tenant
 * @param ruleId its rule
 * @param scheduled windows planned on schedule (0 or 1)
 * @param backfill windows planned late, as backfill
 */
public record WindowsPlanned(
    UUID assignmentId, UUID tenantId, String ruleId, int scheduled, int backfill) {}
