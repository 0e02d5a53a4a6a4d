package org.huntboard.web.exclusion.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.huntboard.web.exclusion.persistence.ExclusionRepository;
import org.huntboard.web.run.persistence.HuntRun;

/**
 * Accumulates a run's suppressions onto the exclusions it applied (hit count, rows seen, last hit),
 * inside the transaction that finishes the run: the counts change exactly when the run's window is
 * counted, so a crash or a lost claim cannot count a run twice.
 */
@ApplicationScoped
public class ExclusionHits {

  private final ExclusionRepository exclusions;

  ExclusionHits(ExclusionRepository exclusions) {
    this.exclusions = exclusions;
  }

  /**
   * Adds {@code suppressions} (rows per exclusion id, zero for an exclusion that hid nothing) of
   * the finished {@code run}; ids that are not exclusions of the run's tenant are ignored.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void record(HuntRun run, Map<String, Long> suppressions, Instant finishedAt) {
    Map<UUID, Long> byId = new LinkedHashMap<>();
    suppressions.forEach(
        (id, rows) -> {
          try {
            byId.put(UUID.fromString(id), rows);
          } catch (IllegalArgumentException e) {
            // Not a stored exclusion's tag; nothing to accumulate onto.
          }
        });
    if (!byId.isEmpty()) {
      long before = run.rowsBefore == null ? 0 : run.rowsBefore;
      exclusions.addHits(run.tenantId, byId, before, finishedAt);
    }
  }
}
