package org.huntboard.web.run.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.huntboard.web.assignment.persistence.Assignment;
import org.huntboard.web.assignment.persistence.AssignmentRepository;
import org.huntboard.web.assignment.persistence.AssignmentState;
import org.huntboard.web.config.HuntboardConfig;
import org.huntboard.web.run.persistence.HuntRunRepository;
import org.huntboard.web.run.persistence.RunOutcome;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs an assignment's due windows, oldest first: plans them, then claims, executes and finishes
 * one at a time, up to a bound per firing so that a long gap is backfilled over several firings
 * instead of one endless run.
 */
@ApplicationScoped
public class HuntRunner {

  private static final Logger LOG = Logger.getLogger(HuntRunner.class);

  /** What one firing did. */
  public record Firing(int planned, int backfillPlanned, int finished, int lost) {}

  private final RunLedger ledger;
  private final AssignmentRepository assignments;
  private final Instance<HuntExecutor> executors;
  private final HuntboardConfig config;
  private final Event<RunFinished> finishedEvents;
  private final Event<WindowsPlanned> plannedEvents;

  HuntRunner(
      RunLedger ledger,
      AssignmentRepository assignments,
      Instance<HuntExecutor> executors,
      HuntboardConfig config,
      Event<RunFinished> finishedEvents,
      Event<WindowsPlanned> plannedEvents) {
    this.ledger = ledger;
    this.assignments = assignments;
    this.executors = executors;
    this.config = config;
    this.finishedEvents = finishedEvents;
    this.plannedEvents = plannedEvents;
  }

  /**
   * Plans and runs the assignment's due windows as {@code node}; a paused or deleted assignment
   * does nothing.
   */
  public Firing runDue(UUID assignmentId, String node) {
    Optional<Assignment> assignment =
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
            .call(() -> assignments.findByIdOptional(assignmentId));
    if (assignment.isEmpty() || assignment.get().state != AssignmentState.ACTIVE) {
      return new Firing(0, 0, 0, 0);
    }
    RunLedger.Planned planned = ledger.planDue(assignmentId);
    if (planned.scheduled() + planned.backfill() > 0) {
      plannedEvents.fire(
          new WindowsPlanned(
              assignmentId,
              assignment.get().tenantId,
              assignment.get().ruleId,
              planned.scheduled(),
              planned.backfill()));
    }
    if (!executors.isResolvable()) {
      LOG.warnf(
          "No hunt executor is installed; %d window(s) of assignment %s stay planned",
          planned.scheduled() + planned.backfill(), assignmentId);
      return new Firing(planned.scheduled(), planned.backfill(), 0, 0);
    }
    HuntExecutor executor = executors.get();
    HuntboardConfig.Scheduling scheduling = config.scheduling();
    Set<UUID> attempted = new HashSet<>();
    int finished = 0;
    int lost = 0;
    while (attempted.size() < scheduling.maxWindowsPerFiring()) {
      Optional<HuntRunRepository.Claim> claim =
          ledger.claimOldest(assignmentId, node, scheduling.runLease(), attempted);
      if (claim.isEmpty()) {
        break;
      }
      attempted.add(claim.get().runId());
      HuntRequest request = ledger.request(claim.get());
      // Every log line of the run carries its ids (JSON logs in production show the MDC).
      MDC.put("runId", request.runId().toString());
      MDC.put("tenantId", request.tenantId().toString());
      MDC.put("ruleId", request.ruleId());
      HuntResult result;
      try {
        long started = System.nanoTime();
        try {
          result = executor.execute(request);
        } catch (RuntimeException e) {
          LOG.errorf(e, "The hunt executor failed on run %s", request.runId());
          result =
              new HuntResult.Failed(
                  FailureClass.INTERNAL, "The hunt executor failed unexpectedly", null, null);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        if (ledger.finish(claim.get(), result, duration, scheduling.maxAttempts())) {
          finished++;
          finishedEvents.fire(finishedEvent(request, result, duration));
        } else {
          lost++;
          LOG.warnf(
              "Run %s was taken over by another node; its result is dropped", request.runId());
        }
      } finally {
        MDC.remove("runId");
        MDC.remove("tenantId");
        MDC.remove("ruleId");
      }
      if (result instanceof HuntResult.Failed failed && failed.failureClass().outage()) {
        // The service is down or throttling: newer windows would fail alike (and a throttled
        // service should not be asked again at once). They wait, in order, for the next firing.
        break;
      }
    }
    return new Firing(planned.scheduled(), planned.backfill(), finished, lost);
  }

  private static RunFinished finishedEvent(
      HuntRequest request, HuntResult result, Duration duration) {
    if (result instanceof HuntResult.Completed completed) {
      long suppressed = completed.suppressions().values().stream().mapToLong(Long::longValue).sum();
      return new RunFinished(
          request.runId(),
          request.tenantId(),
          request.ruleId(),
          request.connector(),
          completed.partial() == null ? RunOutcome.SUCCEEDED : RunOutcome.PARTIAL,
          completed.partial(),
          duration,
          completed.rowsBefore(),
          suppressed);
    }
    HuntResult.Failed failed = (HuntResult.Failed) result;
    return new RunFinished(
        request.runId(),
        request.tenantId(),
        request.ruleId(),
        request.connector(),
        RunOutcome.FAILED,
        failed.failureClass(),
        duration,
        0,
        0);
  }
}
