package org.huntboard.web.run.service;

import java.time.Duration;
import java.util.UUID;
import org.huntboard.web.run.persistence.RunOutcome;
import org.huntboard.web.tenant.persistence.ConnectorKind;

/**
 * A CDI event fired after a run's end was recorded in the ledger (its transaction committed), so
 * that observers such as metrics count each finished attempt exactly once.
 *
 * @param runId the ledger entry
 * @param tenantId the tenant it ran in
 * @param ruleId the rule that ran
 * @param connector the connector it ran on
 * @param outcome how the attempt ended
 * @param failureClass why it failed or is partial, or null when it succeeded completely
 * @param duration how long the executor took, connector round trip included
 * @param rowsBefore rows before exclusions, or 0 when it failed
 * @param suppressedRows rows hidden by exclusions in this run
 */
public record RunFinished(
    UUID runId,
    UUID tenantId,
    String ruleId,
    ConnectorKind connector,
    RunOutcome outcome,
    FailureClass failureClass,
    Duration duration,
    long rowsBefore,
    long suppressedRows) {}
