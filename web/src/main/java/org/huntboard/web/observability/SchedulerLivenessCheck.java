package org.huntboard.web.observability;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.quartz.SchedulerException;

/**
 * Liveness of scheduling: only what a restart repairs, a Quartz scheduler that stopped inside this
 * process. A database or identity provider outage is left to readiness, so it does not restart
 * every replica at once.
 */
@Liveness
@ApplicationScoped
public class SchedulerLivenessCheck implements HealthCheck {

  /** The name of the check in {@code /q/health}. */
  public static final String NAME = "huntboard-scheduler-alive";

  private final SchedulerState state;

  SchedulerLivenessCheck(SchedulerState state) {
    this.state = state;
  }

  @Override
  public HealthCheckResponse call() {
    try {
      SchedulerState.Snapshot snapshot = state.snapshot();
      boolean alive = snapshot.present() && snapshot.started() && !snapshot.shutdown();
      return HealthCheckResponse.named(NAME).status(alive).build();
    } catch (SchedulerException e) {
      return HealthCheckResponse.named(NAME).down().withData("error", e.getMessage()).build();
    } catch (SQLException e) {
      // The cluster table could not be read: a database matter, which readiness reports.
      return HealthCheckResponse.named(NAME).up().build();
    }
  }
}
