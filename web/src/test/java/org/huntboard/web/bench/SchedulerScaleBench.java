package org.huntboard.web.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.huntboard.web.support.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * The scheduler at MSSP scale, as a command ({@code bench/scheduler.sh}), not a unit test: a
 * thousand tenants with the TigerVNC rule hourly, against {@link FakeDefender}, over a simulated
 * day on one node and on two nodes sharing the database. It prints the windows planned and run, the
 * 429s, duplicate runs, the CPU time per run, and how the nodes split the load, and fails if a
 * window is missing, failed, or ran twice.
 *
 * <p>Settings (system properties): {@code bench.tenants} (1000), {@code bench.hours} (24), {@code
 * bench.nodes} (the node counts to run, {@code 1,2}), {@code bench.speedup} (simulated seconds per
 * real second, 24: a day in an hour), {@code bench.out} (the report file).
 */
@QuarkusTest
@TestProfile(BenchProfile.class)
class SchedulerScaleBench {

  @Inject AgroalDataSource dataSource;
  @Inject MutableClock clock;
  @Inject BenchDefenderExecutor executor;

  @Test
  void runsEveryWindowOnceAtMsspScale() throws Exception {
    int tenants = Integer.getInteger("bench.tenants", 1000);
    int hours = Integer.getInteger("bench.hours", 24);
    double speedup = Double.parseDouble(System.getProperty("bench.speedup", "24"));
    List<Integer> nodeCounts = new ArrayList<>();
    for (String n : System.getProperty("bench.nodes", "1,2").split(",")) {
      nodeCounts.add(Integer.parseInt(n.trim()));
    }
    Path out = Path.of(System.getProperty("bench.out", "target/bench/scheduler.md"));
    Files.createDirectories(out.toAbsolutePath().getParent());

    BenchRig rig = new BenchRig(dataSource, clock, executor, speedup);
    StringBuilder report = new StringBuilder();
    report
        .append("## Scheduler benchmark\n\n")
        .append("- machine: ")
        .append(BenchRig.machine())
        .append("\n- tenants: ")
        .append(tenants)
        .append(", TigerVNC hourly (lookback 1 h), ")
        .append(hours)
        .append(" simulated hours, speed-up ")
        .append(speedup)
        .append(" (Defender answer times of 200–2,000 ms are slept for real divided by it)\n\n");
    List<BenchRig.Result> results = new ArrayList<>();
    try (rig) {
      Instant day = Instant.parse("2026-06-01T00:00:00Z");
      for (int nodes : nodeCounts) {
        BenchRig.Result result = rig.scenario(nodes, tenants, hours, day, false, null);
        results.add(result);
        report.append(result.markdown());
        day = day.plus(Duration.ofDays(3));
      }
    }
    System.out.println(report);
    Files.writeString(out, report);
    for (BenchRig.Result r : results) {
      assertThat(r.planned()).as("windows planned (%d nodes)", r.nodes()).isEqualTo(r.expected());
      assertThat(r.succeeded()).as("windows run (%d nodes)", r.nodes()).isEqualTo(r.planned());
      assertThat(r.duplicates()).as("duplicate runs (%d nodes)", r.nodes()).isZero();
      assertThat(r.misplannedAssignments())
          .as("assignments without exactly their windows (%d nodes)", r.nodes())
          .isZero();
    }
  }

  /** Rows of a query as maps, for the report. */
  static Map<String, Long> counts(Connection c, String sql, List<UUID> ids) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (PreparedStatement q = c.prepareStatement(sql)) {
      q.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.put(String.valueOf(r.getString(1)), r.getLong(2));
        }
      }
    }
    return out;
  }

  static String format(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
