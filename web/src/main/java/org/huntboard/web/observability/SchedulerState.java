package org.huntboard.web.observability;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerMetaData;

/**
 * What the Quartz scheduler of this node reports and what the cluster's nodes last wrote to the job
 * store ({@code qrtz_scheduler_state}): which nodes checked in, when, and whether that is recent
 * enough.
 */
@ApplicationScoped
public class SchedulerState {

  /** One node of the cluster as the job store shows it. */
  public record Node(
      String instanceId, Instant lastCheckin, Duration checkinInterval, boolean stale) {}

  /** This node's scheduler and the cluster. */
  public record Snapshot(
      boolean present,
      String schedulerName,
      String instanceId,
      boolean started,
      boolean standby,
      boolean shutdown,
      boolean clustered,
      String jobStore,
      List<Node> nodes) {

    /** This node as the job store shows it, if it checked in. */
    public java.util.Optional<Node> self() {
      return nodes.stream().filter(n -> n.instanceId().equals(instanceId)).findFirst();
    }
  }

  private static final String NODES =
      "select instance_name, last_checkin_time, checkin_interval from qrtz_scheduler_state"
          + " where sched_name = ? order by instance_name";

  private final Instance<Scheduler> scheduler;
  private final AgroalDataSource dataSource;
  private final int missedCheckins;

  SchedulerState(
      Instance<Scheduler> scheduler, AgroalDataSource dataSource, ObservabilityConfig config) {
    this.scheduler = scheduler;
    this.dataSource = dataSource;
    this.missedCheckins = config.missedCheckins();
  }

  /** Reads this node's scheduler and the cluster's check-ins. */
  public Snapshot snapshot() throws SchedulerException, SQLException {
    if (!scheduler.isResolvable()) {
      return new Snapshot(false, null, null, false, false, true, false, null, List.of());
    }
    Scheduler quartz = scheduler.get();
    SchedulerMetaData meta = quartz.getMetaData();
    List<Node> nodes = new ArrayList<>();
    if (meta.isJobStoreClustered()) {
      // Quartz stamps check-ins with the wall clock of each node, so compare with the wall clock.
      long now = System.currentTimeMillis();
      try (Connection connection = dataSource.getConnection();
          PreparedStatement statement = connection.prepareStatement(NODES)) {
        statement.setString(1, meta.getSchedulerName());
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            long last = rows.getLong(2);
            long interval = rows.getLong(3);
            nodes.add(
                new Node(
                    rows.getString(1),
                    Instant.ofEpochMilli(last),
                    Duration.ofMillis(interval),
                    now - last > interval * missedCheckins));
          }
        }
      }
    }
    return new Snapshot(
        true,
        meta.getSchedulerName(),
        meta.getSchedulerInstanceId(),
        meta.isStarted(),
        meta.isInStandbyMode(),
        meta.isShutdown(),
        meta.isJobStoreClustered(),
        meta.getJobStoreClass() == null ? null : meta.getJobStoreClass().getSimpleName(),
        List.copyOf(nodes));
  }
}
