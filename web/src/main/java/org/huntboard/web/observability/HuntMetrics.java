package org.huntboard.web.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Locale;
import org.huntboard.web.run.service.FailureClass;
import org.huntboard.web.run.service.RunFinished;
import org.huntboard.web.run.service.WindowsPlanned;

/**
 * Turns the run path's events into Prometheus metrics (see docs/operations.md, "Monitoring").
 *
 * <p>Cardinality: run counters carry the tenant id and the rule id, so their series grow with
 * tenants × assigned rules; that is fine up to a few thousand tenants with tens of rules each.
 * Timers, whose histograms multiply series by their buckets, carry only the connector and outcome.
 */
@ApplicationScoped
public class HuntMetrics {

  /** Runs finished, by outcome, failure class, tenant, rule and connector. */
  public static final String RUNS = "huntboard.runs";

  /** Executor time per run (the connector's round trip included), by connector and outcome. */
  public static final String RUN_DURATION = "huntboard.run.duration";

  /** Runs the connector throttled (HTTP 429 or quota), by connector and tenant. */
  public static final String THROTTLED = "huntboard.connector.throttled";

  /** Rows hidden by approved exclusions, by tenant and rule. */
  public static final String EXCLUSION_HITS = "huntboard.exclusion.hits";

  /** Windows planned, by trigger ({@code schedule} or {@code backfill}) and tenant. */
  public static final String WINDOWS_PLANNED = "huntboard.windows.planned";

  /** Windows found missed (planned as backfill), by tenant: the gaps of the schedule. */
  public static final String GAPS = "huntboard.schedule.gaps";

  /** Windows waiting in the ledger, by state ({@code due}, {@code claimed}). */
  public static final String QUEUE = "huntboard.runs.queue";

  /** Age of the oldest due window's end, in seconds. */
  public static final String QUEUE_OLDEST = "huntboard.runs.queue.oldest.seconds";

  private static final Duration[] RUN_BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(15),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(3),
    Duration.ofMinutes(10)
  };

  private final MeterRegistry registry;
  // Gauges hold their object weakly: this field keeps it alive.
  private final RunQueue queue;

  HuntMetrics(MeterRegistry registry, RunQueue queue) {
    this.registry = registry;
    this.queue = queue;
  }

  /** Registers the queue gauges when the application starts, before the first scrape. */
  void registerGauges(@Observes StartupEvent event) {
    Gauge.builder(QUEUE, queue, q -> q.depthOrLast().due())
        .tag("state", "due")
        .description("Windows planned or waiting for a retry")
        .register(registry);
    Gauge.builder(QUEUE, queue, q -> q.depthOrLast().claimed())
        .tag("state", "claimed")
        .description("Windows claimed by a node and running")
        .register(registry);
    Gauge.builder(QUEUE_OLDEST, queue, q -> q.depthOrLast().oldestDueAge().toSeconds())
        .description("Seconds since the end of the oldest window still due")
        .register(registry);
  }

  void runFinished(@Observes RunFinished run) {
    String outcome = lower(run.outcome().name());
    String failure = run.failureClass() == null ? "none" : lower(run.failureClass().name());
    String tenant = run.tenantId().toString();
    String connector = lower(run.connector().name());
    Counter.builder(RUNS)
        .description("Hunt runs finished")
        .tags(
            Tags.of(
                "outcome", outcome,
                "failure", failure,
                "tenant", tenant,
                "rule", run.ruleId(),
                "connector", connector))
        .register(registry)
        .increment();
    Timer.builder(RUN_DURATION)
        .description("Time a run took, connector round trip included")
        .tags("connector", connector, "outcome", outcome)
        // A few buckets around Microsoft's limits (3 min per Graph query, 10 min per Log Analytics
        // query) instead of Micrometer's ~70 default buckets per series.
        .serviceLevelObjectives(RUN_BUCKETS)
        .register(registry)
        .record(run.duration());
    if (run.failureClass() == FailureClass.THROTTLED) {
      Counter.builder(THROTTLED)
          .description("Runs the connector throttled (HTTP 429 or quota)")
          .tags("connector", connector, "tenant", tenant)
          .register(registry)
          .increment();
    }
    if (run.suppressedRows() > 0) {
      Counter.builder(EXCLUSION_HITS)
          .description("Rows hidden by approved exclusions")
          .tags("tenant", tenant, "rule", run.ruleId())
          .register(registry)
          .increment(run.suppressedRows());
    }
  }

  void windowsPlanned(@Observes WindowsPlanned planned) {
    String tenant = planned.tenantId().toString();
    if (planned.scheduled() > 0) {
      Counter.builder(WINDOWS_PLANNED)
          .description("Windows planned")
          .tags("trigger", "schedule", "tenant", tenant)
          .register(registry)
          .increment(planned.scheduled());
    }
    if (planned.backfill() > 0) {
      Counter.builder(WINDOWS_PLANNED)
          .description("Windows planned")
          .tags("trigger", "backfill", "tenant", tenant)
          .register(registry)
          .increment(planned.backfill());
      Counter.builder(GAPS)
          .description("Windows that fell due while nothing ran")
          .tags("tenant", tenant)
          .register(registry)
          .increment(planned.backfill());
    }
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
