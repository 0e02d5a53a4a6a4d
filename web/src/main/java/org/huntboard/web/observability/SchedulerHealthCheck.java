package org.huntboard.web.observability;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.huntboard.web.config.HuntboardConfig;
import org.quartz.SchedulerException;

/**
 * Readiness of scheduling: Quartz runs (or is deliberately in standby when {@code
 * huntboard.scheduling.enabled=false}), its job store is clustered, and this node's last check-in
 * in the job store is recent, which is what lets other nodes know it is alive and not take its
 * windows over.
 */
@Readiness
@ApplicationScoped
public class SchedulerHealthCheck implements HealthCheck {

  /** The name of the check in {@code /q/health}. */
  public static final String NAME = "huntboard-scheduler";

  private final SchedulerState state;
  private final boolean schedulingEnabled;

  SchedulerHealthCheck(SchedulerState state, HuntboardConfig config) {
    this.state = state;
    this.schedulingEnabled = config.scheduling().enabled();
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
    SchedulerState.Snapshot snapshot;
    try {
      snapshot = state.snapshot();
    } catch (SchedulerException | SQLException e) {
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
    if (!snapshot.present()) {
      return response.down().withData("error", "no Quartz scheduler in this application").build();
    }
    response
        .withData("instanceId", snapshot.instanceId())
        .withData("clustered", snapshot.clustered())
        .withData("schedulingEnabled", schedulingEnabled)
        .withData("nodes", snapshot.nodes().size());
    Optional<SchedulerState.Node> self = snapshot.self();
    self.ifPresent(n -> response.withData("lastCheckin", n.lastCheckin().toString()));
    String problem = problem(snapshot, self);
    return problem == null
        ? response.up().build()
        : response.down().withData("error", problem).build();
  }

  private String problem(SchedulerState.Snapshot snapshot, Optional<SchedulerState.Node> self) {
    if (snapshot.shutdown() || !snapshot.started()) {
      return "the scheduler is not running";
    }
    if (schedulingEnabled && snapshot.standby()) {
      return "the scheduler is in standby although scheduling is enabled";
    }
    if (!snapshot.clustered()) {
      return "the job store is not clustered: several nodes would run the same windows";
    }
    if (schedulingEnabled && self.isEmpty()) {
      return "this node has not checked in to the cluster";
    }
    if (schedulingEnabled && self.get().stale()) {
      return "this node's last check-in is older than allowed";
    }
    return null;
  }
}
