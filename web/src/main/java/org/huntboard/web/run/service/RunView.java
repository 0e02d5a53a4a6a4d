package org.huntboard.web.run.service;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.huntboard.web.run.persistence.HuntRun;
import org.huntboard.web.run.persistence.RunOutcome;
import org.huntboard.web.run.persistence.RunState;
import org.huntboard.web.run.persistence.RunTrigger;
import org.huntboard.web.tenant.persistence.ConnectorKind;

/** One entry of the run ledger as the API shows it. */
public record RunView(
    UUID id,
    UUID tenantId,
    UUID assignmentId,
    String ruleId,
    ConnectorKind connector,
    Instant windowStart,
    Instant windowEnd,
    Instant queryStart,
    RunTrigger trigger,
    RunState state,
    int attempts,
    Instant plannedAt,
    Instant startedAt,
    Instant finishedAt,
    Long durationMs,
    RunOutcome outcome,
    String failureClass,
    String failureMessage,
    Boolean retryable,
    String ruleVersionHash,
    String queryHash,
    String exclusionSetVersion,
    Long rowsBefore,
    Long rowsAfter,
    Map<String, Long> suppressions) {

  public static RunView of(HuntRun run, Map<String, Long> suppressions) {
    return new RunView(
        run.id,
        run.tenantId,
        run.assignmentId,
        run.ruleId,
        run.connector,
        run.windowStart,
        run.windowEnd,
        run.queryStart,
        run.trigger,
        run.state,
        run.attempts,
        run.plannedAt,
        run.startedAt,
        run.finishedAt,
        run.durationMs,
        run.outcome,
        run.failureClass,
        run.failureMessage,
        run.retryable,
        trim(run.ruleVersionHash),
        trim(run.queryHash),
        run.exclusionSetVersion,
        run.rowsBefore,
        run.rowsAfter,
        suppressions);
  }

  private static String trim(String hash) {
    return hash == null ? null : hash.trim();
  }
}
