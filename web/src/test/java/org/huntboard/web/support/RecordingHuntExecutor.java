package org.huntboard.web.support;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.huntboard.web.run.service.ConnectorHuntExecutor;
import org.huntboard.web.run.service.FailureClass;
import org.huntboard.web.run.service.HuntExecutor;
import org.huntboard.web.run.service.HuntRequest;
import org.huntboard.web.run.service.HuntResult;

/**
 * Test-scope executor: answers two rows per window (one suppressed by an exclusion) and counts how
 * often each (assignment, window) was executed, so tests can prove exactly-once. Assignments marked
 * with {@link #useRealExecutor} run through the application's own executor instead.
 */
@Singleton
public class RecordingHuntExecutor implements HuntExecutor {

  /** An executed window. */
  public record Execution(UUID assignmentId, Instant windowStart) {}

  private final Map<Execution, AtomicInteger> executions = new ConcurrentHashMap<>();
  private final Set<UUID> throttleFirstAttempt = ConcurrentHashMap.newKeySet();
  private final Map<UUID, Function<HuntRequest, List<Map<String, Object>>>> rowsByAssignment =
      new ConcurrentHashMap<>();
  private final Set<UUID> realExecutor = ConcurrentHashMap.newKeySet();
  private final Set<UUID> connectorDown = ConcurrentHashMap.newKeySet();
  private final ConnectorHuntExecutor real;
  private volatile long delayMillis;

  RecordingHuntExecutor(ConnectorHuntExecutor real) {
    this.real = real;
  }

  @Override
  public HuntResult execute(HuntRequest request) {
    if (connectorDown.contains(request.assignmentId())) {
      return new HuntResult.Failed(
          FailureClass.UNAVAILABLE, "connection refused: the service is down", null, null);
    }
    if (realExecutor.contains(request.assignmentId())) {
      executions
          .computeIfAbsent(
              new Execution(request.assignmentId(), request.windowStart()),
              k -> new AtomicInteger())
          .incrementAndGet();
      return real.execute(request);
    }
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    UUID assignment = request.assignmentId();
    if (throttleFirstAttempt.contains(assignment) && request.attempt() == 1) {
      return new HuntResult.Failed(
          FailureClass.THROTTLED, "429: API calls quota exceeded", "a".repeat(64), null);
    }
    executions
        .computeIfAbsent(new Execution(assignment, request.windowStart()), k -> new AtomicInteger())
        .incrementAndGet();
    return new HuntResult.Completed(
        "a".repeat(64),
        "b".repeat(64),
        "exclusions-v1",
        2,
        1,
        Map.of("ex-1", 1L),
        List.of("DeviceId", "DeviceName", "RemoteUrl"),
        rowsByAssignment
            .getOrDefault(
                assignment,
                r ->
                    List.of(
                        Map.of(
                            "DeviceId", "d-1", "DeviceName", "host-1", "RemoteUrl", "example.org")))
            .apply(request),
        null);
  }

  /** How often each window of the assignment was executed. */
  public Map<Instant, Integer> executionsOf(UUID assignmentId) {
    Map<Instant, Integer> out = new java.util.TreeMap<>();
    executions.forEach(
        (execution, count) -> {
          if (execution.assignmentId().equals(assignmentId)) {
            out.put(execution.windowStart(), count.get());
          }
        });
    return out;
  }

  /** Makes the first attempt at every window of the assignment fail as throttled. */
  public void throttleFirstAttempt(UUID assignmentId) {
    throttleFirstAttempt.add(assignmentId);
  }

  /** Sets the rows (after exclusions) the assignment's runs answer. */
  public void rows(UUID assignmentId, Function<HuntRequest, List<Map<String, Object>>> rows) {
    rowsByAssignment.put(assignmentId, rows);
  }

  /** Runs the assignment's windows through {@link ConnectorHuntExecutor}, counting them. */
  public void useRealExecutor(UUID assignmentId) {
    realExecutor.add(assignmentId);
  }

  /**
   * Makes the assignment's connector unreachable (every run fails as unavailable, and is not
   * counted as an execution) or reachable again.
   */
  public void connectorDown(UUID assignmentId, boolean down) {
    if (down) {
      connectorDown.add(assignmentId);
    } else {
      connectorDown.remove(assignmentId);
    }
  }

  /** Makes every execution take this long, to widen races. */
  public void delay(long millis) {
    this.delayMillis = millis;
  }
}
