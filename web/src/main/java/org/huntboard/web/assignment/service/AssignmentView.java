package org.huntboard.web.assignment.service;

import java.time.Instant;
import java.util.UUID;
import org.huntboard.web.assignment.persistence.AssignmentState;
import org.huntboard.web.tenant.persistence.ConnectorKind;

/**
 * An assignment as the API and the audit log show it.
 *
 * @param frequency ISO-8601 duration
 * @param lookback ISO-8601 duration
 * @param jitterSeconds the delay after each window's end before it fires
 * @param nextFire when the schedule fires next, or null while paused
 */
public record AssignmentView(
    UUID id,
    UUID tenantId,
    String ruleId,
    ConnectorKind connector,
    String frequency,
    String lookback,
    int jitterSeconds,
    AssignmentState state,
    Instant firstWindowEnd,
    Instant nextFire,
    Instant createdAt,
    Instant updatedAt) {}
