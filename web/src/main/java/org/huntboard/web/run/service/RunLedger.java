package org.huntboard.web.run.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.huntboard.web.assignment.persistence.Assignment;
import org.huntboard.web.assignment.persistence.AssignmentRepository;
import org.huntboard.web.assignment.service.WindowPlan;
import org.huntboard.web.audit.service.AuditLog;
import org.huntboard.web.detection.service.DetectionIngest;
import org.huntboard.web.exclusion.service.ExclusionHits;
import org.huntboard.web.run.persistence.HuntRun;
import org.huntboard.web.run.persistence.HuntRunRepository;
import org.huntboard.web.run.persistence.RunOutcome;
import org.huntboard.web.run.persistence.RunState;
import org.huntboard.web.run.persistence.RunTrigger;

/**
 * The transactions of the run ledger: plan due windows, claim one, record its end. Each is its own
 * transaction, so a crash between them leaves a state the next firing continues from: a planned
 * window is claimed later, a claimed window whose node died is taken over when its lease ends, and
 * a result is only counted together with its window's end.
 */
@ApplicationScoped
public class RunLedger {

  /** The actor of audit events written by the scheduler. */
  public static final String SCHEDULER = "huntboard-scheduler";

  /** How many windows one planning call adds at most; a longer gap is planned over several. */
  static final int MAX_PLANNED_PER_CALL = 10_000;

  private final HuntRunRepository runs;
  private final AssignmentRepository assignments;
  private final AuditLog audit;
  private final DetectionIngest detections;
  private final ExclusionHits exclusionHits;
  private final Clock clock;

  RunLedger(
      HuntRunRepository runs,
      AssignmentRepository assignments,
      AuditLog audit,
      DetectionIngest detections,
      ExclusionHits exclusionHits,
      Clock clock) {
    this.runs = runs;
    this.assignments = assignments;
    this.audit = audit;
    this.detections = detections;
    this.exclusionHits = exclusionHits;
    this.clock = clock;
  }

  /** What one planning call found. */
  public record Planned(int scheduled, int backfill) {}

  /**
   * Plans every due window of the assignment that is not planned yet, oldest first. All but the
   * newest are backfill: they fell due while nothing ran (downtime, pause, a long run).
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Planned planDue(UUID assignmentId) {
    Assignment assignment = assignments.findById(assignmentId);
    if (assignment == null) {
      return new Planned(0, 0);
    }
    Instant now = Instant.now(clock);
    List<WindowPlan.Window> due =
        WindowPlan.due(
            assignment.firstWindowEnd,
            runs.lastPlannedEnd(assignmentId).orElse(null),
            now,
            assignment.frequency(),
            assignment.lookback(),
            MAX_PLANNED_PER_CALL);
    int scheduled = 0;
    int backfill = 0;
    for (int i = 0; i < due.size(); i++) {
      WindowPlan.Window window = due.get(i);
      // The newest window due at this firing is on schedule; anything older was missed.
      boolean newest = window.end().plus(assignment.frequency()).isAfter(now);
      HuntRun run = new HuntRun();
      run.id = UUID.randomUUID();
      run.tenantId = assignment.tenantId;
      run.assignmentId = assignment.id;
      run.ruleId = assignment.ruleId;
      run.connector = assignment.connector;
      run.windowStart = window.start();
      run.windowEnd = window.end();
      run.queryStart = window.queryStart();
      run.trigger = newest ? RunTrigger.SCHEDULE : RunTrigger.BACKFILL;
      run.plannedAt = now;
      if (runs.planIfAbsent(run)) {
        if (newest) {
          scheduled++;
        } else {
          backfill++;
        }
      }
    }
    return new Planned(scheduled, backfill);
  }

  /** Claims the oldest window this node may run now, writing the run's start to the audit log. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<HuntRunRepository.Claim> claimOldest(
      UUID assignmentId, String node, Duration lease, Collection<UUID> skip) {
    Instant now = Instant.now(clock);
    Optional<HuntRunRepository.Claim> claim =
        runs.claimOldest(assignmentId, node, now, now.plus(lease), skip);
    claim.ifPresent(
        c -> {
          HuntRun run = runs.findById(c.runId());
          audit.append(
              SCHEDULER,
              "run.started",
              "run",
              run.id.toString(),
              run.tenantId,
              null,
              Map.of(
                  "assignmentId", run.assignmentId.toString(),
                  "windowStart", run.windowStart.toString(),
                  "windowEnd", run.windowEnd.toString(),
                  "attempt", c.attempt(),
                  "node", node));
        });
    return claim;
  }

  /** The request for the executor of a claimed run. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public HuntRequest request(HuntRunRepository.Claim claim) {
    HuntRun run = runs.findById(claim.runId());
    return new HuntRequest(
        run.id,
        run.assignmentId,
        run.tenantId,
        run.ruleId,
        run.connector,
        run.windowStart,
        run.windowEnd,
        run.queryStart,
        claim.attempt());
  }

  /**
   * Records how a claimed run ended, in one transaction with everything the run produced; does
   * nothing and returns false if this node lost the claim meanwhile (its lease ran out and another
   * node took the window over), so a result is never counted twice.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public boolean finish(
      HuntRunRepository.Claim claim, HuntResult result, Duration duration, int maxAttempts) {
    Optional<HuntRun> claimed = runs.lockClaimed(claim);
    if (claimed.isEmpty()) {
      return false;
    }
    HuntRun run = claimed.get();
    run.finishedAt = Instant.now(clock);
    run.durationMs = duration.toMillis();
    run.leaseUntil = null;
    if (result instanceof HuntResult.Completed completed) {
      run.state = RunState.SUCCEEDED;
      run.outcome = completed.partial() == null ? RunOutcome.SUCCEEDED : RunOutcome.PARTIAL;
      run.failureClass = completed.partial() == null ? null : completed.partial().name();
      run.failureMessage = null;
      run.retryable = false;
      run.ruleVersionHash = completed.ruleVersionHash();
      run.queryHash = completed.queryHash();
      run.exclusionSetVersion = completed.exclusionSetVersion();
      run.rowsBefore = completed.rowsBefore();
      run.rowsAfter = completed.rowsAfter();
      runs.recordSuppressions(run.id, completed.suppressions());
      exclusionHits.record(run, completed.suppressions(), run.finishedAt);
      detections.ingest(run, completed.groupBy(), completed.rows(), SCHEDULER);
    } else if (result instanceof HuntResult.Failed failed) {
      run.state = RunState.FAILED;
      run.outcome = RunOutcome.FAILED;
      run.failureClass = failed.failureClass().name();
      run.failureMessage = truncate(failed.message(), 2000);
      // An outage (service down, throttling) says nothing about the window: it is retried at
      // every later firing until the service answers, so a long outage loses no window.
      run.retryable =
          failed.failureClass().retryable()
              && (failed.failureClass().outage() || run.attempts < maxAttempts);
      run.ruleVersionHash = failed.ruleVersionHash();
      run.queryHash = failed.queryHash();
    }
    runs.flush();
    audit.append(
        SCHEDULER,
        "run.finished",
        "run",
        run.id.toString(),
        run.tenantId,
        null,
        Map.of(
            "state", run.state.name(),
            "outcome", run.outcome.name(),
            "failureClass", String.valueOf(run.failureClass),
            "attempt", run.attempts,
            "rowsAfter", String.valueOf(run.rowsAfter)));
    return true;
  }

  private static String truncate(String text, int max) {
    if (text == null) {
      return null;
    }
    return text.length() <= max ? text : text.substring(0, max);
  }
}
