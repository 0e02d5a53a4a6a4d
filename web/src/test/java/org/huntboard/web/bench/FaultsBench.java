package org.huntboard.web.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.huntboard.web.audit.service.AuditVerifier;
import org.huntboard.web.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;

/**
 * The faults benchmark, a command ({@code bench/faults.sh}): a sustained simulated run on two nodes
 * during which one node dies, PostgreSQL restarts, the fake Defender answers 500s, 429s and
 * malformed bodies for 40 simulated minutes each (a twelfth of the default 8-hour day), and the
 * database's filesystem fills up, each then restored. Afterwards it asserts that no window was lost
 * or run twice, that every attempt's end is in the ledger with its failure class (or was taken over
 * by a later attempt), and that the audit chain verifies — and fails, so the command exits
 * non-zero, if any check does not hold.
 *
 * <p>Settings: {@code bench.tenants} (100), {@code bench.hours} (8), {@code bench.speedup} (72);
 * the faults come at the same fractions of the day whatever its length; the embedded database's
 * folder is {@code bench.pgdata} (the script mounts a small loop filesystem there).
 */
@QuarkusTest
@TestProfile(FaultsBench.Profile.class)
class FaultsBench {

  /** The bench profile with a persistent embedded database in {@code bench.pgdata}. */
  public static class Profile implements QuarkusTestProfile {
    @Override
    public java.util.Set<Class<?>> getEnabledAlternatives() {
      return new BenchProfile().getEnabledAlternatives();
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>(new BenchProfile().getConfigOverrides());
      config.put("huntboard.database.embedded.ephemeral", "false");
      config.put(
          "huntboard.database.embedded.data-dir",
          System.getProperty("bench.pgdata", "target/bench/faults/pgdata"));
      return config;
    }
  }

  @Inject AgroalDataSource dataSource;
  @Inject MutableClock clock;
  @Inject BenchDefenderExecutor executor;
  @Inject AuditVerifier audit;

  private final List<String> events = new CopyOnWriteArrayList<>();

  @Test
  void keepsEveryWindowThroughFaults() throws Exception {
    int tenants = Integer.getInteger("bench.tenants", 100);
    int hours = Integer.getInteger("bench.hours", 8);
    double speedup = Double.parseDouble(System.getProperty("bench.speedup", "72"));
    Path out = Path.of(System.getProperty("bench.out", "target/bench/faults.md"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    EmbeddedServerControl server =
        EmbeddedServerControl.of(
            dataSource, out.toAbsolutePath().getParent().resolve("faults-postgres.log"));
    boolean diskFault = !Boolean.getBoolean("bench.no-disk-fault");

    BenchRig rig = new BenchRig(dataSource, clock, executor, speedup);
    Instant day = Instant.parse("2026-07-01T00:00:00Z");
    BenchRig.Result result;
    Thread faults;
    List<Thread> started = new ArrayList<>();
    try (rig) {
      result =
          rig.scenario(
              2,
              tenants,
              hours,
              day,
              true,
              timeline -> {
                Thread t =
                    new Thread(
                        () -> inject(hours, timeline, rig, server, speedup, diskFault),
                        "bench-faults");
                t.setDaemon(true);
                t.start();
                started.add(t);
              });
      faults = started.get(0);
      faults.join(Duration.ofMinutes(5).toMillis());

      // The frozen node's threads come back now: whatever they try to record must be refused.
      long lostBefore = lost();
      Freeze.thaw();
      Thread.sleep(3000);
      long refused = lost() - lostBefore;
      BenchRig.Result after =
          rig.verdict(2, tenants, hours, rig.lastFleet, day, 0, 0, 0, 0, 0, 0, 0, 0, 0, "");
      AuditVerifier.Verification chain = audit.verify();
      lastFleet = rig.lastFleet;
      Attempts attempts = attempts(result);
      // A hunt whose answer could not be recorded (its node frozen, the database gone or full)
      // is asked again by a later attempt: Defender may see a window's query twice, the ledger
      // and the detections must not. Each repeat must follow an attempt that started and never
      // ended.
      Map<String, Long> repeats = repeatedHuntCalls();
      long unexplained = unexplainedRepeats(repeats);
      long recordedTwice = recordedTwice();

      StringBuilder report = new StringBuilder();
      report
          .append("## Faults benchmark\n\n- machine: ")
          .append(BenchRig.machine())
          .append("\n- ")
          .append(tenants)
          .append(" tenants, TigerVNC hourly, ")
          .append(hours)
          .append(" simulated hours on 2 nodes, speed-up ")
          .append(speedup)
          .append("\n\nFaults, in simulated time:\n\n");
      events.forEach(e -> report.append("- ").append(e).append('\n'));
      report.append('\n').append(result.markdown());
      report.append("| check | value | |\n|---|---|---|\n");
      check(
          report, "windows lost (expected − succeeded)", result.expected() - result.succeeded(), 0);
      check(report, "assignments without exactly their windows", result.misplannedAssignments(), 0);
      check(report, "windows recorded twice (ledger rows or successful ends)", recordedTwice, 0);
      report
          .append("| windows whose hunt call answered more than once (executor) | ")
          .append(repeats.size())
          .append(" | |\n");
      check(
          report,
          "of those, without an interrupted earlier attempt in the audit log",
          unexplained,
          0);
      report
          .append("| fake Defender: hunting calls / 500s / fault 429s / quota 429s / malformed | ")
          .append(rig.fake.huntCalls.get())
          .append(" / ")
          .append(rig.fake.serverErrors.get())
          .append(" / ")
          .append(rig.fake.faultThrottled.get())
          .append(" / ")
          .append(rig.fake.throttled.get())
          .append(" / ")
          .append(rig.fake.malformed.get())
          .append(" | |\n");
      check(
          report,
          "results recorded after the frozen node came back",
          after.succeeded() - result.succeeded(),
          0);
      report
          .append("| results of the frozen node refused by the ledger | ")
          .append(refused)
          .append(" | |\n");
      report
          .append("| attempts claimed / ended in the ledger / taken over after their node or")
          .append(" the database went away | ")
          .append(attempts.started)
          .append(" / ")
          .append(attempts.finished)
          .append(" / ")
          .append(attempts.abandoned)
          .append(" | |\n");
      check(
          report, "failed attempts in the ledger without a class", attempts.failedWithoutClass, 0);
      check(
          report,
          "attempts without an end that no later attempt took over",
          attempts.abandonedLast,
          0);
      report
          .append("| failed attempts by class (ledger) | ")
          .append(attempts.failedByClass)
          .append(" | |\n");
      check(
          report,
          "audit chain intact (" + chain.eventsChecked() + " events)",
          chain.intact() ? 0 : 1,
          0);
      System.out.println(report);
      Files.writeString(out, report);

      assertThat(result.succeeded()).as("windows run").isEqualTo(result.expected());
      assertThat(result.misplannedAssignments()).as("assignments missing windows").isZero();
      assertThat(recordedTwice).as("windows recorded twice").isZero();
      assertThat(unexplained).as("hunt calls repeated without an interrupted attempt").isZero();
      assertThat(after.succeeded()).as("results after thaw").isEqualTo(result.succeeded());
      assertThat(attempts.failedWithoutClass).as("failed attempts without class").isZero();
      assertThat(attempts.abandonedLast).as("abandoned attempts not taken over").isZero();
      assertThat(chain.intact()).as("audit chain: %s", chain.problem()).isTrue();
    }
  }

  private static void check(StringBuilder report, String name, long value, long want) {
    report
        .append("| ")
        .append(name)
        .append(" | ")
        .append(value)
        .append(" | ")
        .append(value == want ? "ok" : "**FAILED**")
        .append(" |\n");
  }

  private static long lost() {
    return BenchHuntJob.NODES.values().stream().mapToLong(n -> n.lost.get()).sum();
  }

  private volatile BenchRig.Fleet lastFleet;

  /** The fault timeline, on the simulated clock of the running day. */
  private void inject(
      int hours,
      BenchRig.Timeline timeline,
      BenchRig rig,
      EmbeddedServerControl server,
      double speedup,
      boolean diskFault) {
    try {
      // The fractions put each fault on a firing band (the first ten minutes of an hour, where
      // the assignments' jitter puts the firings) of the default 8-hour day: 1/12 is 40 minutes.
      at(timeline, speedup, hours * 1.55 / 12);
      Freeze.freeze("node-2");
      // Stops its scheduler thread and cluster check-ins without waiting for its jobs.
      Scheduler dead = timeline.nodes().get(1);
      dead.shutdown(false);
      log("node-2 frozen: its Quartz node stopped without waiting, its running hunts never answer");

      at(timeline, speedup, hours * 3.0 / 12);
      rig.fake.mode(FakeDefender.Mode.SERVER_ERROR);
      log("fake Defender answers 500");
      at(timeline, speedup, hours * 4.0 / 12);
      rig.fake.mode(FakeDefender.Mode.NORMAL);
      log("fake Defender answers normally");

      at(timeline, speedup, hours * 4.55 / 12);
      server.stop();
      log("PostgreSQL stopped (pg_ctl stop -m fast)");
      at(timeline, speedup, hours * 4.85 / 12);
      server.start();
      log("PostgreSQL started again on the same data folder");

      at(timeline, speedup, hours * 6.0 / 12);
      rig.fake.mode(FakeDefender.Mode.THROTTLE);
      log("fake Defender answers 429 with Retry-After: 30");
      at(timeline, speedup, hours * 7.0 / 12);
      rig.fake.mode(FakeDefender.Mode.NORMAL);
      log("fake Defender answers normally");
      at(timeline, speedup, hours * 7.5 / 12);
      rig.fake.mode(FakeDefender.Mode.MALFORMED);
      log("fake Defender answers malformed JSON bodies");
      at(timeline, speedup, hours * 8.5 / 12);
      rig.fake.mode(FakeDefender.Mode.NORMAL);
      log("fake Defender answers normally");

      if (diskFault) {
        at(timeline, speedup, hours * 9.0 / 12);
        long bytes = server.fillDisk();
        log(
            String.format(
                Locale.ROOT,
                "database filesystem filled (%d MB written next to the data folder)",
                bytes >> 20));
        at(timeline, speedup, hours * 9.75 / 12);
        server.freeDisk();
        boolean restarted = server.ensureRunning();
        log(
            "filler removed"
                + (restarted
                    ? "; PostgreSQL had stopped and was started again"
                    : "; PostgreSQL still running"));
      } else {
        log("disk fault skipped (bench.no-disk-fault)");
      }
    } catch (Exception e) {
      log("fault injection failed: " + e);
    }
  }

  private void log(String event) {
    events.add(clock.instant().toString().substring(11, 19) + " " + event);
  }

  private static void at(BenchRig.Timeline timeline, double speedup, double hour)
      throws InterruptedException {
    long real = timeline.realStart() + (long) (hour * 3_600_000 / speedup);
    long wait = real - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  /** Windows of the fleet whose hunt call completed more than once, by run id: how often. */
  private Map<String, Long> repeatedHuntCalls() throws Exception {
    Map<String, Long> out = new java.util.TreeMap<>();
    java.util.Set<UUID> fleet = new java.util.HashSet<>(lastFleet.assignments());
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "select id::text from hunt_run where assignment_id = ? and window_start = ?")) {
      for (var e : executor.succeeded().entrySet()) {
        if (e.getValue().get() < 2 || !fleet.contains(e.getKey().assignmentId())) {
          continue;
        }
        q.setObject(1, e.getKey().assignmentId());
        q.setTimestamp(2, java.sql.Timestamp.from(e.getKey().windowStart()));
        try (ResultSet r = q.executeQuery()) {
          out.put(r.next() ? r.getString(1) : "no run " + e.getKey(), (long) e.getValue().get());
        }
      }
    }
    return out;
  }

  /** Repeats not preceded by as many attempts that started and have no end in the audit log. */
  private long unexplainedRepeats(Map<String, Long> repeats) throws Exception {
    long unexplained = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "select count(*) from audit_event s where s.action = 'run.started'"
                    + " and s.object_id = ? and not exists (select 1 from audit_event f"
                    + " where f.action = 'run.finished' and f.object_id = s.object_id"
                    + " and f.after_state->>'attempt' = s.after_state->>'attempt')")) {
      for (var e : repeats.entrySet()) {
        q.setString(1, e.getKey());
        try (ResultSet r = q.executeQuery()) {
          r.next();
          if (r.getLong(1) < e.getValue() - 1) {
            unexplained++;
          }
        }
      }
    }
    return unexplained;
  }

  /** Windows with two ledger rows, or whose run ended successfully twice in the audit log. */
  private long recordedTwice() throws Exception {
    List<UUID> ids = lastFleet.assignments();
    try (Connection c = dataSource.getConnection()) {
      return BenchRig.single(
              c,
              "select count(*) - count(distinct (assignment_id, window_start)) from hunt_run"
                  + " where assignment_id = any(?)",
              ids)
          + BenchRig.single(
              c,
              "select count(*) from (select object_id from audit_event where action ="
                  + " 'run.finished' and after_state->>'state' = 'SUCCEEDED' and object_id in"
                  + " (select id::text from hunt_run where assignment_id = any(?))"
                  + " group by object_id having count(*) > 1) x",
              ids);
    }
  }

  /** The fleet's attempts as the audit log records them. */
  private record Attempts(
      long started,
      long finished,
      long abandoned,
      long abandonedLast,
      long failedWithoutClass,
      Map<String, Long> failedByClass) {}

  private Attempts attempts(BenchRig.Result result) throws Exception {
    List<UUID> ids = lastFleet.assignments();
    try (Connection c = dataSource.getConnection()) {
      String runs = "(select id::text from hunt_run where assignment_id = any(?))";
      String started =
          "select object_id, (after_state->>'attempt')::int a from audit_event"
              + " where action = 'run.started' and object_id in "
              + runs;
      String finished =
          "select object_id, (after_state->>'attempt')::int a, after_state->>'state' st,"
              + " after_state->>'failureClass' fc from audit_event"
              + " where action = 'run.finished' and object_id in "
              + runs;
      long s = BenchRig.single(c, "select count(*) from (" + started + ") x", ids);
      long f = BenchRig.single(c, "select count(*) from (" + finished + ") x", ids);
      long abandoned =
          BenchRig.single(
              c,
              "select count(*) from ("
                  + started
                  + ") s where not exists (select 1 from ("
                  + finished
                  + ") f where f.object_id = s.object_id and f.a = s.a)",
              ids,
              ids);
      long abandonedLast =
          BenchRig.single(
              c,
              "select count(*) from ("
                  + started
                  + ") s join hunt_run r on r.id::text = s.object_id"
                  + " where s.a = r.attempts and r.state <> 'SUCCEEDED'",
              ids);
      long noClass =
          BenchRig.single(
              c,
              "select count(*) from ("
                  + finished
                  + ") f where f.st = 'FAILED'"
                  + " and (f.fc is null or f.fc = 'null')",
              ids);
      Map<String, Long> byClass = new java.util.TreeMap<>();
      try (PreparedStatement q =
          c.prepareStatement(
              "select fc, count(*) from (" + finished + ") f where f.st = 'FAILED' group by fc")) {
        q.setArray(1, c.createArrayOf("uuid", ids.toArray()));
        try (ResultSet r = q.executeQuery()) {
          while (r.next()) {
            byClass.put(r.getString(1), r.getLong(2));
          }
        }
      }
      return new Attempts(s, f, abandoned, abandonedLast, noClass, byClass);
    }
  }
}
