package org.huntboard.web.run.service;

import jakarta.enterprise.context.ApplicationScoped;
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
import org.jboss.logging.Logger;

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

  HuntRunner(
      RunLedger ledger,
      AssignmentRepository assignments,
      Instance<HuntExecutor> executors,
      HuntboardConfig config) {
    this.ledger = ledger;
    this.assignments = assignments;
    this.executors = executors;
    this.config = config;
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
      long started = System.nanoTime();
      HuntResult result;
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
      } else {
        lost++;
        LOG.warnf("Run %s was taken over by another node; its result is dropped", request.runId());
      }
      if (result instanceof HuntResult.Failed failed && failed.failureClass().outage()) {
        // The service is down or throttling: newer windows would fail alike (and a throttled
        // service should not be asked again at once). They wait, in order, for the next firing.
        break;
      }
    }
    return new Firing(planned.scheduled(), planned.backfill(), finished, lost);
  }
}
