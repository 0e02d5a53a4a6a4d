package org.huntboard.web.observability;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.huntboard.web.run.service.RunFinished;
import org.jboss.logging.MDC;

/**
 * Test-scope observer: records the logging MDC as it stands when a run's end is announced, which is
 * still inside the run, so a test can check that log lines of a run carry its ids.
 */
@Singleton
public class RunMdcProbe {

  /** The MDC values seen for a run. */
  public record Seen(Object runId, Object tenantId, Object ruleId) {}

  private final Map<UUID, Seen> seen = new ConcurrentHashMap<>();

  void record(@Observes RunFinished run) {
    seen.put(run.runId(), new Seen(MDC.get("runId"), MDC.get("tenantId"), MDC.get("ruleId")));
  }

  /** What the MDC held during the run, or null if the run was not seen. */
  public Seen of(UUID runId) {
    return seen.get(runId);
  }

  /** Every run seen, by id. */
  public Map<UUID, Seen> all() {
    return Map.copyOf(seen);
  }
}
