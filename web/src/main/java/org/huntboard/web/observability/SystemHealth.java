package org.huntboard.web.observability;

import io.agroal.api.AgroalDataSource;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The platform's state for administrators in one answer, for the portal's health page and for
 * {@code GET /api/v1/system/health-summary}: every health check, the scheduler cluster, the run
 * queue, the last day's runs with the latest failures, and the gaps of the schedule (missed windows
 * planned as backfill), across all tenants.
 */
@ApplicationScoped
public class SystemHealth {

  /** How far back the run figures look. */
  static final Duration RECENT = Duration.ofHours(24);

  /** How many of the latest failures are listed. */
  static final int LATEST_FAILURES = 10;

  /** How many tenants the gaps list by name, those with the most windows waiting first. */
  static final int GAP_TENANTS = 20;

  /** A health check's answer. */
  public record Check(String name, String kind, String status, Map<String, Object> data) {}

  /** A scheduler node as the job store shows it. */
  public record Node(
      String instanceId, Instant lastCheckin, long checkinIntervalMs, boolean stale) {}

  /** The scheduler of this node and the cluster. */
  public record Scheduler(
      String instanceId,
      boolean running,
      boolean standby,
      boolean clustered,
      String jobStore,
      List<Node> nodes) {}

  /** The ledger's queue. */
  public record Queue(long due, long claimed, long oldestDueSeconds) {}

  /** A failed run. */
  public record Failure(
      UUID runId,
      UUID tenantId,
      String tenantName,
      String ruleId,
      String connector,
      String failureClass,
      String message,
      Instant finishedAt) {}

  /** Runs that finished within the last {@link #RECENT}. */
  public record Runs(
      Instant since,
      Map<String, Long> byOutcome,
      Map<String, Long> byFailureClass,
      List<Failure> latestFailures) {}

  /**
   * A tenant's missed windows.
   *
   * @param waiting backfill windows not run yet (planned, running, or failed and to be retried)
   * @param found backfill windows planned within the last {@link #RECENT}
   * @param oldestWaiting the start of the oldest waiting window, or null when none waits
   */
  public record TenantGaps(
      UUID tenantId, String tenantName, long waiting, long found, Instant oldestWaiting) {}

  /**
   * The gaps of the schedule: windows that fell due while nothing ran (downtime, pauses,
   * throttling), which the ledger plans as backfill.
   *
   * @param waiting backfill windows not run yet, in all tenants
   * @param found backfill windows planned since {@code since}
   * @param filled backfill windows that succeeded since {@code since}
   * @param failed backfill windows that failed for good since {@code since}
   * @param tenants the tenants with gaps, most waiting first, at most {@link #GAP_TENANTS}
   * @param tenantsWithGaps how many tenants have gaps in all
   */
  public record Gaps(
      Instant since,
      long waiting,
      long found,
      long filled,
      long failed,
      List<TenantGaps> tenants,
      long tenantsWithGaps) {}

  /** The whole summary. */
  public record Summary(
      String status,
      Instant generatedAt,
      List<Check> checks,
      Scheduler scheduler,
      Queue queue,
      Runs runs,
      Gaps gaps) {}

  private static final String OUTCOMES =
      "select outcome, failure_class, count(*) from hunt_run"
          + " where finished_at >= ? group by outcome, failure_class";

  private static final String FAILURES =
      "select r.id, r.tenant_id, t.display_name, r.rule_id, r.connector, r.failure_class,"
          + " r.failure_message, r.finished_at from hunt_run r join tenant t on t.id = r.tenant_id"
          + " where r.outcome = 'FAILED' and r.finished_at >= ?"
          + " order by r.finished_at desc limit ?";

  private static final String WAITING =
      "r.state in ('PLANNED', 'RUNNING') or (r.state = 'FAILED' and r.retryable)";

  private static final String GAPS =
      "select r.tenant_id, t.display_name,"
          + " count(*) filter (where "
          + WAITING
          + "), count(*) filter (where r.planned_at >= ?),"
          + " count(*) filter (where r.state = 'SUCCEEDED' and r.finished_at >= ?),"
          + " count(*) filter (where r.state = 'FAILED' and not coalesce(r.retryable, false)"
          + " and r.finished_at >= ?),"
          + " min(r.window_start) filter (where "
          + WAITING
          + ") from hunt_run r join tenant t on t.id = r.tenant_id"
          + " where r.trigger = 'BACKFILL' and ("
          + WAITING
          + " or r.planned_at >= ? or r.finished_at >= ?)"
          + " group by r.tenant_id, t.display_name";

  private final SmallRyeHealthReporter health;
  private final SchedulerState scheduler;
  private final RunQueue queue;
  private final AgroalDataSource dataSource;
  private final Clock clock;

  SystemHealth(
      SmallRyeHealthReporter health,
      SchedulerState scheduler,
      RunQueue queue,
      AgroalDataSource dataSource,
      Clock clock) {
    this.health = health;
    this.scheduler = scheduler;
    this.queue = queue;
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /** Gathers the summary; parts that cannot be read show up as a failed check, not an error. */
  public Summary summary() {
    Instant now = Instant.now(clock);
    List<Check> checks = new ArrayList<>();
    checks.addAll(checks("liveness", health.getLiveness()));
    checks.addAll(checks("readiness", health.getReadiness()));
    Scheduler schedulerPart = null;
    try {
      schedulerPart = scheduler(scheduler.snapshot());
    } catch (Exception e) {
      checks.add(
          new Check(
              "summary-scheduler",
              "summary",
              "DOWN",
              Map.of("error", String.valueOf(e.getMessage()))));
    }
    Queue queuePart = null;
    try {
      RunQueue.Depth depth = queue.depth();
      queuePart = new Queue(depth.due(), depth.claimed(), depth.oldestDueAge().toSeconds());
    } catch (SQLException e) {
      checks.add(
          new Check(
              "summary-queue", "summary", "DOWN", Map.of("error", String.valueOf(e.getMessage()))));
    }
    Runs runs = null;
    try {
      runs = runs(now.minus(RECENT));
    } catch (SQLException e) {
      checks.add(
          new Check(
              "summary-runs", "summary", "DOWN", Map.of("error", String.valueOf(e.getMessage()))));
    }
    Gaps gaps = null;
    try {
      gaps = gaps(now.minus(RECENT));
    } catch (SQLException e) {
      checks.add(
          new Check(
              "summary-gaps", "summary", "DOWN", Map.of("error", String.valueOf(e.getMessage()))));
    }
    boolean up = checks.stream().allMatch(c -> "UP".equals(c.status()));
    return new Summary(up ? "UP" : "DOWN", now, checks, schedulerPart, queuePart, runs, gaps);
  }

  private static Scheduler scheduler(SchedulerState.Snapshot snapshot) {
    return new Scheduler(
        snapshot.instanceId(),
        snapshot.started() && !snapshot.shutdown(),
        snapshot.standby(),
        snapshot.clustered(),
        snapshot.jobStore(),
        snapshot.nodes().stream()
            .map(
                n ->
                    new Node(
                        n.instanceId(), n.lastCheckin(), n.checkinInterval().toMillis(), n.stale()))
            .toList());
  }

  private Runs runs(Instant since) throws SQLException {
    Map<String, Long> byOutcome = new LinkedHashMap<>();
    Map<String, Long> byFailure = new LinkedHashMap<>();
    List<Failure> failures = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement statement = connection.prepareStatement(OUTCOMES)) {
        statement.setTimestamp(1, Timestamp.from(since));
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            String outcome = rows.getString(1);
            String failureClass = rows.getString(2);
            long count = rows.getLong(3);
            byOutcome.merge(outcome == null ? "UNKNOWN" : outcome, count, Long::sum);
            if (failureClass != null) {
              byFailure.merge(failureClass, count, Long::sum);
            }
          }
        }
      }
      try (PreparedStatement statement = connection.prepareStatement(FAILURES)) {
        statement.setTimestamp(1, Timestamp.from(since));
        statement.setInt(2, LATEST_FAILURES);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            failures.add(
                new Failure(
                    rows.getObject(1, UUID.class),
                    rows.getObject(2, UUID.class),
                    rows.getString(3),
                    rows.getString(4),
                    rows.getString(5),
                    rows.getString(6),
                    rows.getString(7),
                    rows.getTimestamp(8).toInstant()));
          }
        }
      }
    }
    return new Runs(since, byOutcome, byFailure, failures);
  }

  private Gaps gaps(Instant since) throws SQLException {
    List<TenantGaps> tenants = new ArrayList<>();
    long found = 0;
    long filled = 0;
    long failed = 0;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(GAPS)) {
      Timestamp from = Timestamp.from(since);
      for (int i = 1; i <= 5; i++) {
        statement.setTimestamp(i, from);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          Timestamp oldest = rows.getTimestamp(7);
          tenants.add(
              new TenantGaps(
                  rows.getObject(1, UUID.class),
                  rows.getString(2),
                  rows.getLong(3),
                  rows.getLong(4),
                  oldest == null ? null : oldest.toInstant()));
          found += rows.getLong(4);
          filled += rows.getLong(5);
          failed += rows.getLong(6);
        }
      }
    }
    long waiting = tenants.stream().mapToLong(TenantGaps::waiting).sum();
    List<TenantGaps> listed =
        tenants.stream()
            .filter(t -> t.waiting() > 0 || t.found() > 0)
            .sorted(
                java.util.Comparator.comparingLong(TenantGaps::waiting)
                    .thenComparingLong(TenantGaps::found)
                    .reversed()
                    .thenComparing(TenantGaps::tenantName))
            .toList();
    return new Gaps(
        since,
        waiting,
        found,
        filled,
        failed,
        listed.stream().limit(GAP_TENANTS).toList(),
        listed.size());
  }

  private static List<Check> checks(String kind, SmallRyeHealth report) {
    List<Check> out = new ArrayList<>();
    JsonObject payload = report.getPayload();
    for (JsonValue value : payload.getJsonArray("checks")) {
      JsonObject check = value.asJsonObject();
      Map<String, Object> data = new LinkedHashMap<>();
      JsonObject json = check.getJsonObject("data");
      if (json != null) {
        json.forEach((key, v) -> data.put(key, plain(v)));
      }
      out.add(new Check(check.getString("name"), kind, check.getString("status"), data));
    }
    return out;
  }

  private static Object plain(JsonValue value) {
    return switch (value.getValueType()) {
      case STRING -> ((JsonString) value).getString();
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case NULL -> null;
      default -> value.toString();
    };
  }
}
