package org.huntboard.web.exclusion.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.huntboard.web.config.HuntboardConfig;
import org.huntboard.web.exclusion.persistence.ExclusionRecord;
import org.huntboard.web.exclusion.persistence.ExclusionRepository;
import org.jboss.logging.Logger;

/**
 * Expires approved exclusions once their expiry has passed. The job runs on the clustered Quartz
 * scheduler; each batch locks its rows with {@code for update skip locked} and expires them through
 * the core model, so two nodes never expire the same exclusion, and running it again finds nothing
 * to do. With {@code huntboard.scheduling.enabled=false} the job does not fire, and tests call
 * {@link #expireDue()} themselves.
 */
@ApplicationScoped
public class ExclusionExpiry {

  private static final Logger LOG = Logger.getLogger(ExclusionExpiry.class);

  /** Exclusions expired per transaction. */
  static final int BATCH = 200;

  private final ExclusionRepository exclusions;
  private final ExclusionService service;
  private final Clock clock;

  ExclusionExpiry(ExclusionRepository exclusions, ExclusionService service, Clock clock) {
    this.exclusions = exclusions;
    this.service = service;
    this.clock = clock;
  }

  /** Fires the expiry on the configured interval. */
  @Scheduled(
      identity = "exclusion-expiry",
      every = "${huntboard.exclusions.expiry-check:1m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = SchedulingDisabled.class)
  void fire() {
    int expired = expireDue();
    if (expired > 0) {
      LOG.infof("Expired %d exclusion(s)", expired);
    }
  }

  /** Expires every approved exclusion whose expiry has passed; returns how many. */
  public int expireDue() {
    int expired = 0;
    int batch;
    do {
      batch = expireBatch();
      expired += batch;
    } while (batch == BATCH);
    return expired;
  }

  private int expireBatch() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
              List<ExclusionRecord> due = exclusions.lockDueForExpiry(now, BATCH);
              for (ExclusionRecord r : due) {
                service.expire(r, now);
              }
              return due.size();
            });
  }

  /** Skips the job while this node does not schedule (tests, nodes that only serve the API). */
  @Singleton
  static class SchedulingDisabled implements Scheduled.SkipPredicate {

    private final HuntboardConfig config;

    SchedulingDisabled(HuntboardConfig config) {
      this.config = config;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
      return !config.scheduling().enabled();
    }
  }
}
