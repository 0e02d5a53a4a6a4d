package org.huntboard.web.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.huntboard.web.run.service.HuntJob;
import org.huntboard.web.support.MutableClock;
import org.huntboard.web.support.RecordingHuntExecutor;
import org.huntboard.web.support.TestTenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Two Quartz nodes clustered on the application's database, firing the same assignment at once
 * through two jobs, never run one window twice.
 */
@QuarkusTest
class ClusteredSchedulingTest {

  private static final String CLUSTER = "huntboard-cluster-test";

  @Inject AgroalDataSource dataSource;
  @Inject MutableClock clock;
  @Inject RecordingHuntExecutor executor;

  private final List<Scheduler> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() throws Exception {
    for (Scheduler node : nodes) {
      node.clear();
      node.shutdown(true);
    }
    executor.delay(0);
    clock.reset();
  }

  @Test
  void twoNodesNeverRunTheSameWindowTwice() throws Exception {
    clock.set(Instant.parse("2026-05-01T00:01:00Z"));
    UUID tenant = TestTenants.localTenant("Clustered");
    UUID assignment = TestTenants.assign(tenant, "tigervnc", "PT5M", "PT1H");
    // The first window is [00:00, 00:05); at 06:05:30 the windows up to [06:00, 06:05) are due:
    // 73 of them, 24 at most per firing, so several firings on both nodes share the work.
    clock.set(Instant.parse("2026-05-01T06:05:30Z"));
    executor.delay(15);

    Scheduler a = node("node-a");
    Scheduler b = node("node-b");
    for (int job = 1; job <= 2; job++) {
      JobDetail detail =
          JobBuilder.newJob(ClusterProbeJob.class)
              .withIdentity("probe-" + job, "cluster-test")
              .usingJobData(HuntJob.ASSIGNMENT_ID, assignment.toString())
              .build();
      a.scheduleJob(
          detail,
          TriggerBuilder.newTrigger()
              .withIdentity("probe-" + job, "cluster-test")
              .startNow()
              .withSchedule(
                  SimpleScheduleBuilder.simpleSchedule()
                      .withIntervalInMilliseconds(150)
                      .withRepeatCount(40))
              .build());
    }
    a.start();
    b.start();

    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (succeeded(assignment) < 73 && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    for (Scheduler node : nodes) {
      node.standby();
    }

    Map<Instant, Integer> executions = executor.executionsOf(assignment);
    assertThat(succeeded(assignment)).isEqualTo(73);
    assertThat(executions).hasSize(73);
    assertThat(executions.values()).containsOnly(1);
    Map<String, Integer> byNode = windowsByNode(assignment);
    System.out.printf("Windows run per node: %s%n", byNode);
    assertThat(nodesCheckedIn()).as("both nodes joined the cluster").isEqualTo(2);
    assertThat(byNode.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(73);
  }

  private Scheduler node(String id) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("org.quartz.scheduler.instanceName", CLUSTER);
    properties.setProperty("org.quartz.scheduler.instanceId", id);
    properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    properties.setProperty("org.quartz.threadPool.threadCount", "3");
    properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    properties.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    properties.setProperty("org.quartz.jobStore.isClustered", "true");
    properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", "1000");
    properties.setProperty("org.quartz.jobStore.dataSource", "huntboard");
    properties.setProperty(
        "org.quartz.dataSource.huntboard.connectionProvider.class",
        AgroalConnectionProvider.class.getName());
    StdSchedulerFactory factory = new StdSchedulerFactory(properties);
    Scheduler scheduler = factory.getScheduler();
    // Quartz keeps one scheduler per name in a JVM-wide registry; taking this one out of it lets
    // the next call build a second, independent node of the same cluster.
    SchedulerRepository.getInstance().remove(CLUSTER);
    nodes.add(scheduler);
    return scheduler;
  }

  private int succeeded(UUID assignment) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "select count(*) from hunt_run where assignment_id = ? and state = 'SUCCEEDED'")) {
      query.setObject(1, assignment);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    }
  }

  private Map<String, Integer> windowsByNode(UUID assignment) throws SQLException {
    Map<String, Integer> out = new TreeMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "select claimed_by, count(*) from hunt_run where assignment_id = ?"
                    + " group by claimed_by")) {
      query.setObject(1, assignment);
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          out.put(result.getString(1), result.getInt(2));
        }
      }
    }
    return out;
  }

  private int nodesCheckedIn() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "select count(*) from qrtz_scheduler_state where sched_name = ?")) {
      query.setString(1, CLUSTER);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    }
  }
}
